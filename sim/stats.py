"""Summaries of replications: mean, standard deviation, 95 % confidence intervals.

A number (a KPI such as ``relief_secured_share``) gets its mean, its sample standard
deviation and a Student-t 95 % confidence interval of the mean. A yes/no outcome (such
as ``relief_target_met``) gets the share of replications where it was true and a
Wilson score interval, which stays inside [0, 1] and behaves at 0 and 1 (Wilson 1927;
Brown, Cai & DasGupta 2001 recommend it for small samples).
"""
import math
from statistics import NormalDist

LEVEL = 0.95
"""Confidence level of every interval."""


def wilson(successes, n, level=LEVEL):
    """(low, high) Wilson score interval for a probability seen *successes* times in *n*."""
    if n <= 0:
        return math.nan, math.nan
    z = NormalDist().inv_cdf(0.5 + level / 2)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def mean_ci(values, level=LEVEL):
    """(mean, sd, low, high) of *values*: sample sd, t interval of the mean (nan if n < 2)."""
    n = len(values)
    if n == 0:
        return math.nan, math.nan, math.nan, math.nan
    mean = math.fsum(values) / n
    if n < 2:
        return mean, math.nan, math.nan, math.nan
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1))
    from scipy.special import stdtrit  # Student t quantile; imported late, scipy.stats is slow to import

    half = float(stdtrit(n - 1, 0.5 + level / 2)) * sd / math.sqrt(n)
    return mean, sd, mean - half, mean + half


def summarise(name, values):
    """Flat summary entries for one KPI over replications.

    Booleans: ``name_p``, ``name_low``, ``name_high``. Numbers: ``name_mean``,
    ``name_sd``, ``name_low``, ``name_high`` over the finite values; when some
    values are infinite ("never", e.g. no stock-out), ``name_finite_share`` says
    how many were finite and the other entries describe those only.
    """
    if all(isinstance(v, bool) for v in values):
        hits = sum(values)
        low, high = wilson(hits, len(values))
        return {f"{name}_p": hits / len(values) if values else math.nan, f"{name}_low": low, f"{name}_high": high}
    finite = [float(v) for v in values if math.isfinite(v)]
    mean, sd, low, high = mean_ci(finite)
    out = {f"{name}_mean": mean, f"{name}_sd": sd, f"{name}_low": low, f"{name}_high": high}
    if len(finite) < len(values):
        out[f"{name}_finite_share"] = len(finite) / len(values)
    return out
