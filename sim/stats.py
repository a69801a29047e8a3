"""Summaries of replications: mean, standard deviation, 95 % confidence intervals.

Every interval stays inside the range its KPI can take. A yes/no outcome (such as
``relief_target_met``) gets the share of replications where it was true and a Wilson
score interval, which stays inside [0, 1] and behaves at 0 and 1 (Wilson 1927; Brown,
Cai & DasGupta 2001 recommend it for small samples). A number (a share such as
``relief_secured_share``, a count such as ``shelter_overflow``, hours such as
``relief_max_h``) gets its mean, its sample standard deviation and a percentile
bootstrap interval of the mean (Efron & Tibshirani 1993, ch. 13): the means of
resamples of the replications lie between the smallest and the largest value seen, so
a share's interval stays in [0, 1] and a count's or an hour's never goes below 0, where
a Student-t interval (mean ± t·sd/√n) crosses zero for skewed KPIs that are mostly 0.
"""
import functools
import math
from statistics import NormalDist

LEVEL = 0.95
"""Confidence level of every interval."""
RESAMPLES = 2000
"""Bootstrap resamples per interval (the interval's ends move by well under 1 % of the sd)."""
BOOTSTRAP_SEED = 20261201
"""Fixed seed of the resampling: the same runs always give the same summary."""


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
    """(mean, sd, low, high) of *values*: sample sd, percentile bootstrap interval of the mean
    (nan if n < 2). The interval lies within [min(values), max(values)]."""
    n = len(values)
    if n == 0:
        return math.nan, math.nan, math.nan, math.nan
    mean = math.fsum(values) / n
    if n < 2:
        return mean, math.nan, math.nan, math.nan
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1))
    low, high = bootstrap_mean(values, level)
    return mean, sd, low, high


def bootstrap_mean(values, level=LEVEL):
    """(low, high): the percentile bootstrap interval of the mean of *values* (a value that
    never varies has that value at both ends)."""
    import numpy as np

    data = np.asarray(values, dtype=float)
    low_seen, high_seen = float(data.min()), float(data.max())
    if low_seen == high_seen:
        return low_seen, high_seen
    means = data[_resamples(len(data))].mean(axis=1)
    low, high = np.quantile(means, [(1 - level) / 2, (1 + level) / 2])
    return max(float(low), low_seen), min(float(high), high_seen)


CACHED_UP_TO = 2000
"""Replications up to which the resample indices are kept between calls (2000 x 2000 int64: 32 MB)."""


def _resamples(n):
    """RESAMPLES x *n* indices from the fixed seed: the same for every KPI of a sweep, so
    they are drawn once per size (a sweep summary asks for some forty intervals)."""
    if n <= CACHED_UP_TO:
        return _cached_resamples(n)
    return _draw_resamples(n)


def _draw_resamples(n):
    import numpy as np

    return np.random.default_rng(BOOTSTRAP_SEED).integers(0, n, size=(RESAMPLES, n))


@functools.lru_cache(maxsize=4)
def _cached_resamples(n):
    indices = _draw_resamples(n)
    indices.setflags(write=False)
    return indices


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
