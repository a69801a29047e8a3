"""Which lever moves the verdict most: a tornado of the relief kept share and the verdict share.

Each *lever* is something a planner can change, moved down and up over a stated range
(``LEVERS``); every setting plays the same replications as the baseline (common random
numbers), so each bar is a paired difference with its interval (planning/compare.py):

* compliance with an order: the scenario's value (and every zone's own) -0.15 / +0.10, in [0, 1];
* share of evacuees going to public shelters: -0.10 / +0.10, in [0, 1];
* assistance teams per zone (grid workers, vehicles): halved / doubled (every zone's own too);
* every shelter's stock of every item: halved / x 1.5;
* every depot's trucks: halved (at least 0) / doubled;
* the hazard's onset — the moment relief is counted from — 3 h earlier / 3 h later, the
  storm and its warnings unchanged: less or more time between the warnings and the deadline.

The tornado sorts the levers by the width of their swing; ``tornado`` returns the bars.
"""
import math
from dataclasses import dataclass

from messages import N_

from .compare import Variant, compare

KPIS = ("relief_kept_share", "verdict_pass")
"""What the tornado shows."""


@dataclass(frozen=True)
class Lever:
    """One lever: a key, its name (a catalogue key), and what low and high mean in words."""

    key: str
    name: str
    low: str
    high: str


LEVERS = (
    Lever("compliance", N_("compliance with the order"), "-0.15", "+0.10"),
    Lever("public_share", N_("share going to public shelters"), "-0.10", "+0.10"),
    Lever("teams", N_("assistance teams per zone"), "× 0.5", "× 2"),
    Lever("stock", N_("shelter stocks"), "× 0.5", "× 1.5"),
    Lever("trucks", N_("depot trucks"), "× 0.5", "× 2"),
    Lever("onset", N_("onset, the storm unchanged"), "-3 h", "+3 h"),
)
"""The levers and their stated ranges (the module says how each is applied)."""


def _shift(value, by):
    return min(1.0, max(0.0, round(value + by, 6)))


def overrides(scenario, key, side):
    """The overrides that move lever *key* to its *side* ("low" or "high")."""
    spec = scenario.spec
    low = side == "low"
    if key in ("compliance", "public_share"):
        by = (-0.15 if low else 0.10) if key == "compliance" else (-0.10 if low else 0.10)
        out = {f"behaviour.{key}": _shift(getattr(spec.behaviour, key), by)}
        out.update({f"zones.{z.id}.{key}": _shift(getattr(z, key), by) for z in spec.zones
                    if getattr(z, key) is not None})
        return out
    if key == "teams":
        scale = 0.5 if low else 2.0
        out = {"behaviour.assistance.teams_per_zone": _scaled(spec.behaviour.assistance.teams_per_zone, scale)}
        out.update({f"zones.{z.id}.assist_teams": _scaled(z.assist_teams, scale) for z in spec.zones
                    if z.assist_teams is not None})
        return out
    if key == "stock":
        scale = 0.5 if low else 1.5
        return {f"shelters.{s.id}.stock.{n}": round(v * scale, 3) for s in spec.shelters for n, v in s.stock.items()}
    if key == "trucks":
        return {f"depots.{d.id}.trucks": _scaled(d.trucks, 0.5 if low else 2.0) for d in spec.depots}
    if key == "onset":
        return {"hazard.onset": onset_h(scenario) + (-3.0 if low else 3.0)}
    raise ValueError(f"unknown lever {key!r}; the levers are {', '.join(lv.key for lv in LEVERS)}")


def onset_h(scenario):
    """The hazard's onset (h after the start): as given, or the storm's impact (sim/hazard.py)."""
    from sim.template import template

    return float(template(scenario).hazard.onset_h)


def _scaled(count, scale):
    return int(math.floor(count * scale)) if scale < 1 else int(math.ceil(count * scale))


@dataclass(frozen=True)
class Bar:
    """One lever's two paired differences (low, high) of one KPI against the baseline."""

    lever: Lever
    kpi: str
    low: object  # compare.Difference
    high: object

    @property
    def swing(self):
        vals = [d.diff for d in (self.low, self.high) if not math.isnan(d.diff)]
        return max(vals) - min(vals + [0.0]) if vals else 0.0


def variants(scenario, levers=LEVERS):
    """The baseline and a low and a high variant per lever (levers that change nothing are left out)."""
    out = [Variant("baseline", scenario)]
    for lever in levers:
        for side in ("low", "high"):
            moved = overrides(scenario, lever.key, side)
            if moved:
                out.append(Variant(f"{lever.key}:{side}", scenario, moved))
    return out


def tornado(scenario, replications=40, seed=0, workers=None, levers=LEVERS, progress=False, on_variant=None):
    """(Comparison, bars): every lever low and high against the baseline, the widest swing first."""
    result = compare(variants(scenario, levers), replications, seed, workers, KPIS, progress=progress,
                     on_variant=on_variant)
    found = {(d.variant, d.kpi): d for d in result.differences}
    bars = []
    for lever in levers:
        for kpi in KPIS:
            low, high = found.get((f"{lever.key}:low", kpi)), found.get((f"{lever.key}:high", kpi))
            if low is not None and high is not None:
                bars.append(Bar(lever, kpi, low, high))
    bars.sort(key=lambda b: (-b.swing, b.lever.key))
    return result, bars
