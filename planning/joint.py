"""Stock levels chosen together, and the interval of a verified probability.

``joint_levels``: given what every (shelter, item) drew in each of R replications, pick one
level per pair so that in at least a share *p* of the replications every pair's draw fits
under its level at once. All pairs take the same order statistic k (their k-th smallest
draw), the smallest k that reaches the joint share: a common quantile level, found by a
bounded scan over the R order statistics. Nothing depends on the order of the pairs.
"""
import math

import numpy as np


def joint_levels(draws, p):
    """draws: array (replications x pairs). Return (levels per pair, k, share covered).

    ``levels[j]`` is pair j's k-th smallest draw (k counted from 0); ``share`` is the share of
    replications in which every pair's draw is at or below its level. With no pairs, no
    levels and share 1."""
    draws = np.asarray(draws, dtype=float)
    reps = draws.shape[0]
    if draws.ndim != 2 or reps == 0:
        raise ValueError("draws must be a (replications x pairs) array with at least one replication")
    if not 0 < p <= 1:
        raise ValueError(f"p must be in (0, 1], not {p}")
    if draws.shape[1] == 0:
        return np.zeros(0), reps - 1, 1.0
    ordered = np.sort(draws, axis=0)
    need = math.ceil(p * reps - 1e-9)
    for k in range(reps):  # covered share grows with k; at k = R-1 every replication fits
        levels = ordered[k]
        covered = int((draws <= levels + 1e-9).all(axis=1).sum())
        if covered >= need:
            return levels, k, covered / reps
    return ordered[-1], reps - 1, 1.0


def wilson(successes, n, z=1.959964):
    """The Wilson score interval (95 % by default) of a probability from *successes* of *n*."""
    if n <= 0:
        return (0.0, 1.0)
    phat = successes / n
    denom = 1 + z * z / n
    centre = (phat + z * z / (2 * n)) / denom
    half = z * math.sqrt(phat * (1 - phat) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))
