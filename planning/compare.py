"""Plans compared on the same storms: paired differences with intervals.

Every variant (the scenario as planned, another plan file, the same plan with some values
changed) plays replications 0 .. R-1 of one seed: replication *k* gets the same engine seed
``replication_seed(seed, k)`` in every variant, so its storm, its people and every other
random stream are the same (common random numbers, sim/streams.py). For each KPI the
difference ``variant - baseline`` is taken run by run, and its mean gets a 95 % percentile
bootstrap interval (sim/stats.py): far narrower than two separate summaries, because the
storm-to-storm spread cancels. A difference whose interval leaves 0 on the good side is
*better*, on the bad side *worse*, else *no clear difference*.

    variants = [Variant("as planned", scenario), Variant("earlier", scenario, {"plan.rules.P4.when.before_onset": "12h"})]
    result = compare(variants, replications=40, seed=0)
    result.differences     # one Difference per (variant, KPI), against the first variant
"""
import math
from dataclasses import dataclass, field

import sim
from sim import stats
from sim.verdict import NOTHING_TO_JUDGE

from .draws import passed

KPIS = ("verdict_pass", "relief_kept_share", "relief_secured_share", "relief_p90_h", "people_left_in_danger",
        "shelter_overflow")
"""KPIs compared unless asked otherwise: the verdict share and the relief KPIs."""
BETTER = {"verdict_pass": 1, "relief_kept_share": 1, "relief_secured_share": 1, "relief_target_met": 1,
          "people_evacuated": 1, "people_to_shelters": 0, "relief_p90_h": -1, "relief_max_h": -1,
          "people_left_in_danger": -1, "people_in_danger_at_peak": -1, "shelter_overflow": -1, "relief_cut_off": -1,
          "ete_90_h": -1, "ete_100_h": -1}
"""+1: more is better; -1: less is better; 0 or absent: neither (the difference is only shown)."""


@dataclass
class Variant:
    """One way to run the scenario: a name (en, zh) and the overrides that make it."""

    name: str
    scenario: object
    overrides: dict = field(default_factory=dict)
    name_zh: str = ""

    def built(self):
        return self.scenario.with_overrides(self.overrides) if self.overrides else self.scenario


@dataclass(frozen=True)
class Difference:
    """One KPI of one variant against the baseline, over the same runs."""

    variant: str
    kpi: str
    base: float  # the baseline's mean over the paired runs
    value: float  # the variant's mean
    diff: float  # mean paired difference (variant - baseline)
    low: float
    high: float
    runs: int  # pairs used (both finite)

    @property
    def verdict(self):
        """"better", "worse" or "unclear" (the interval holds 0, or the KPI has no good side)."""
        side = BETTER.get(self.kpi, 0)
        if side == 0 or math.isnan(self.low) or self.low <= 0 <= self.high:
            return "unclear"
        return "better" if (self.low > 0) == (side > 0) else "worse"


@dataclass
class Comparison:
    """Every variant's runs and the paired differences against the first."""

    variants: list
    rows: dict  # variant name -> rows (one per replication, in order)
    differences: list
    replications: int
    seed: int
    kpis: tuple


def value(row, kpi):
    """A KPI of one run as a number (``verdict_pass``: 1 when the relief verdict passed); NaN,
    left out of the pairs like a share of nobody, for the verdict of a run with nothing to judge."""
    if kpi in ("verdict_pass", "relief_target_met") and row.get("verdict") == NOTHING_TO_JUDGE:
        return math.nan
    if kpi == "verdict_pass":
        return 1.0 if passed(row) else 0.0
    v = row[kpi]
    return float(v) if not isinstance(v, str) else math.nan


def paired(base_rows, rows, kpi, name="variant"):
    """The Difference of *kpi* between *rows* and *base_rows*, replication by replication."""
    pairs = [(value(a, kpi), value(b, kpi)) for a, b in zip(base_rows, rows)]
    pairs = [(a, b) for a, b in pairs if math.isfinite(a) and math.isfinite(b)]
    if not pairs:
        return Difference(name, kpi, math.nan, math.nan, math.nan, math.nan, math.nan, 0)
    diffs = [b - a for a, b in pairs]
    mean = math.fsum(diffs) / len(diffs)
    low, high = stats.bootstrap_mean(diffs) if len(diffs) > 1 else (math.nan, math.nan)
    base = math.fsum(a for a, _ in pairs) / len(pairs)
    return Difference(name, kpi, base, math.fsum(b for _, b in pairs) / len(pairs), mean, low, high, len(pairs))


def check_kpis(kpis, row):
    """Refuse KPI names a run does not have (ValueError naming the known ones)."""
    known = set(row) | {"verdict_pass"}
    unknown = [k for k in kpis if k not in known]
    if unknown:
        raise ValueError(f"unknown KPI {', '.join(unknown)}; known: verdict_pass, {', '.join(sorted(row))}")


def compare(variants, replications=40, seed=0, workers=None, kpis=KPIS, progress=False, backend="process",
            scheduler=None, on_variant=None):
    """Run every variant on replications 0 .. R-1 of *seed* and compare each with the first.

    on_variant: called with each variant's name before its runs (a progress label)."""
    import os

    from sim.sweep_backends import open_backend

    if len(variants) < 2:
        raise ValueError("compare needs at least two variants: the baseline and one to compare with it")
    names = [v.name for v in variants]
    if len(set(names)) < len(names):
        raise ValueError(f"two variants share a name: {', '.join(n for n in names if names.count(n) > 1)}")
    built = [v.built() for v in variants]  # every override checked before any run
    pool = open_backend(backend, workers or os.cpu_count() or 1, scheduler)
    rows = {}
    try:
        for v, scenario in zip(variants, built):
            if on_variant:
                on_variant(v.name)
            rows[v.name] = sim.sweep(scenario, vary={}, replications=replications, seed=seed, pool=pool,
                                     progress=progress).rows
    finally:
        pool.close()
    base = rows[variants[0].name]
    check_kpis(kpis, base[0])
    diffs = [paired(base, rows[v.name], k, v.name) for v in variants[1:] for k in kpis]
    return Comparison(variants, rows, diffs, replications, int(seed), tuple(kpis))
