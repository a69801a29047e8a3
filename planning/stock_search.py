"""The shelter-stock stress test: the smallest stock of each item at each shelter at which
the 10-hour target holds with a given probability.

*The target holds* in a replication when the engine's ``relief_target_met`` KPI is true:
the share of displaced people whose basic needs were secured within ``relief.target``
hours of the onset reached ``relief.target_share`` (the whole scenario's rule, not one
shelter's). It holds *with probability p* at a stock when at least ``ceil(p x R)`` of the
R replications meet it; every stock level is played with the same R seeds (common
random numbers), so two levels differ only by the stock.

The search uses the monotone response (more stock never hurts), one (shelter, item) at
a time, on whole multiples of ``step`` units:

1. Every searched stock starts *ample*: what the shelter, full, could use over the whole
   run, so that no searched stock is the limit. If the target does not hold with
   probability p even then, stock cannot buy it: the search then asks for the
   probability reached with ample stock, and the finding says so (when the target is
   never met even then, there is no answer and the current stock is kept).
2. For each (shelter, item) in turn, the others at their ample or already-found level,
   first a look at zero stock (often enough when trucks come in time), then exponential
   search from the current stock (halving while the target holds, doubling while it
   does not), then bisection down to one step. Under monotonicity a replication
   known to meet the target at some level meets it at every higher one (and one that
   fails, at every lower one), so only replications whose outcome is not yet implied are
   played at a new level.
3. The level found replaces *ample* before the next pair is searched, so at the end all
   recommendations together meet the target with probability p, and one step less of any
   single one does not.

Finally all the recommendations together are played with all R seeds (nothing implied),
and, with ``verify=True``, each recommendation one step lower too.
"""
import math
from dataclasses import dataclass, field

import sim

from .reserve import shelter_capacity


@dataclass
class Finding:
    """The stress test's answer for one item at one shelter (stocks in the item's units)."""

    shelter: str
    shelter_name: str
    township: str
    item: str
    unit: str
    kg_per_unit: float
    current: float
    recommended: float
    ample: float
    p_recommended: float = math.nan  # with all recommendations, this one at its level
    p_step_below: float = math.nan  # the same, this one a step lower
    reachable: bool = True  # False: even ample stock does not reach the asked probability
    probes: dict = field(default_factory=dict)  # stock -> probability, every level looked at

    @property
    def shortfall(self):
        """Units to add to the current stock (0 if it already suffices)."""
        return max(0.0, self.recommended - self.current)

    @property
    def shortfall_kg(self):
        return self.shortfall * self.kg_per_unit


@dataclass
class StockReport:
    """Findings per (shelter, item), the probabilities now and with every recommendation."""

    scenario: object
    confidence: float
    replications: int
    seed: int
    findings: list
    p_current: float
    p_recommended: float
    current_runs: object  # SweepResult at the current stocks, rows with occupancy series
    runs: int  # simulations played in all


def stock_path(shelter, item):
    return f"shelters.{shelter}.stock.{item}"


def ample_stock(shelter, item, relief, horizon):
    """Units a full shelter could hand out and use over the whole run: more cannot help."""
    persons = shelter_capacity(shelter, relief) * item.share
    use = 0.0 if item.durable else persons * item.per_person_per_day / 24.0 * horizon
    return persons * item.first_ration + use


def occupancy_measure(result):
    """Kept from each run at the current stocks: the occupancy series, for the fan chart."""
    return {"occupancy_t": result.series["t"].tolist(), "occupancy": result.series["occupancy"].tolist()}


class _Evaluator:
    """Plays stock levels of one (shelter, item) with the same seeds, reusing implied outcomes."""

    def __init__(self, tester, base, path, known=None, level=None):
        self.tester, self.base, self.path = tester, base, path
        self.passed_at = {}  # replication -> lowest level where it met the target
        self.failed_at = {}  # replication -> highest level where it failed
        self.probes = {}
        if known:  # outcomes already played at *level* (the previous pair's final configuration)
            for k, ok in known.items():
                (self.passed_at if ok else self.failed_at)[k] = level
            self.probes[level] = sum(known.values()) / tester.replications

    def outcomes(self, level):
        """{replication: met?} at *level*, a level already counted."""
        return {k: self.passed_at.get(k, math.inf) <= level for k in range(self.tester.replications)}

    def count(self, level):
        """Replications that meet the target at *level* (playing only those not implied)."""
        reps = range(self.tester.replications)
        todo = [k for k in reps if not self._implied(k, level)]
        met = self.tester.play(self.base, self.path, level, todo) if todo else {}
        for k, ok in met.items():
            if ok:
                self.passed_at[k] = min(level, self.passed_at.get(k, math.inf))
            else:
                self.failed_at[k] = max(level, self.failed_at.get(k, -math.inf))
        n = sum(1 for k in reps if self.passed_at.get(k, math.inf) <= level)
        self.probes[level] = n / self.tester.replications
        if self.tester.on_probe is not None:
            self.tester.on_probe(self.path, level, n / self.tester.replications)
        return n

    def _implied(self, k, level):
        return self.passed_at.get(k, math.inf) <= level or self.failed_at.get(k, -math.inf) >= level


class _Tester:
    def __init__(self, scenario, replications, seed, pool, progress, on_probe=None):
        self.scenario, self.replications, self.seed = scenario, replications, seed
        self.pool, self.progress, self.on_probe = pool, progress, on_probe
        self.runs = 0

    def play(self, base, path, level, reps):
        """{replication: target met?} at *level* of *path*, other stocks as in *base*."""
        scenario = self.scenario.with_overrides({**base, path: level})
        result = sim.sweep(scenario, vary={}, replications=reps, seed=self.seed, pool=self.pool, progress=False)
        self.runs += len(reps)
        return {row["replication"]: bool(row["relief_target_met"]) for row in result.rows}

    def probability(self, overrides, measure=None):
        scenario = self.scenario.with_overrides(overrides)
        result = sim.sweep(scenario, vary={}, replications=self.replications, seed=self.seed, pool=self.pool,
                           progress=self.progress, measure=measure)
        self.runs += self.replications
        return sum(r["relief_target_met"] for r in result.rows) / self.replications, result


def stock_test(scenario, items=None, confidence=0.95, replications=40, seed=0, workers=None, step=1.0,
               backend="process", scheduler=None, progress=False, on_finding=None, on_probe=None, verify=False):
    """Find per shelter and item the smallest stock meeting the target with probability *confidence*.

    items: item names to search (default: every item that counts towards "secured");
    the others stay at their current stocks. step: the unit step of every stock (units).
    on_finding: called with each Finding as it is found (for progress on the terminal);
    on_probe: called with (override path, level, probability) after each level looked at.
    verify: play each recommendation one step lower again with all seeds and every other
    recommendation in place (without it, ``p_step_below`` is the search's own figure,
    measured with the pairs searched later still ample: an upper bound).
    """
    relief = scenario.relief
    items = _items(relief, items)
    if not 0 < confidence <= 1:
        raise ValueError(f"confidence must be in (0, 1], not {confidence}")
    if step <= 0:
        raise ValueError(f"step must be positive, not {step}")
    need = math.ceil(confidence * replications - 1e-9)
    pairs = [(s, name) for s in scenario.shelters for name in items]
    ample = {(s.id, n): _up(ample_stock(s, relief.items[n], relief, scenario.spec.horizon), step) for s, n in pairs}
    pool = _open(backend, workers, scheduler)
    try:
        tester = _Tester(scenario, replications, seed, pool, progress, on_probe)
        base = {stock_path(s.id, n): ample[(s.id, n)] for s, n in pairs}
        findings, known = [], None
        for shelter, name in pairs:
            finding, known = _search(tester, base, shelter, name, relief.items[name], ample[(shelter.id, name)],
                                     step, need, known)
            base[stock_path(shelter.id, name)] = finding.recommended
            findings.append(finding)
            if on_finding is not None:
                on_finding(finding)
        p_rec, _ = tester.probability(base)  # every recommendation in place, all seeds played
        for finding in findings:
            finding.p_recommended = p_rec
            below = finding.recommended - step
            if verify and below >= 0:  # one step lower, all seeds played, the others as recommended
                finding.p_step_below = _fresh(tester, base, stock_path(finding.shelter, finding.item), below)
        p_now, now_runs = tester.probability({}, measure=occupancy_measure)
    finally:
        pool.close()
    return StockReport(scenario, confidence, replications, seed, findings, p_now, p_rec, now_runs, tester.runs)


def _open(backend, workers, scheduler):
    from sim.sweep_backends import open_backend

    return open_backend(backend, workers or _cores(), scheduler)


def _cores():
    import os

    return os.cpu_count() or 1


def _fresh(tester, base, path, level):
    met = tester.play(base, path, level, list(range(tester.replications)))
    return sum(met.values()) / tester.replications


def _items(relief, items):
    if items is None:
        return [n for n, item in relief.items.items() if item.secures and item.share > 0]
    unknown = [n for n in items if n not in relief.items]
    if unknown:
        raise ValueError(f"unknown item {', '.join(unknown)}; the scenario's items are {', '.join(relief.items)}")
    return list(items)


def _up(x, step):
    return math.ceil(x / step - 1e-9) * step


def _search(tester, base, shelter, name, item, ample, step, need, known=None):
    """Exponential search then bisection on multiples of *step* for one (shelter, item); return
    the Finding and the outcomes at the level found. *known*: outcomes of the configuration
    *base* (this pair at ample), when the previous pair's search has played it."""
    ev = _Evaluator(tester, dict(base), stock_path(shelter.id, name), known, ample)
    current = float(shelter.stock.get(name, 0.0))
    reachable = True
    at_ample = ev.count(ample) if known is None else sum(known.values())
    if at_ample < need:
        reachable, need = False, at_ample
    if at_ample == 0:  # never met, whatever this stock: no answer, the stock stays as it is
        return _finding(shelter, name, item, current, current, ample, False, ev, step), ev.outcomes(ample)
    n_top = round(ample / step)
    start = min(max(round(_up(current, step) / step), 0), n_top)
    if n_top == 0 or ev.count(0.0) >= need:  # nothing needed: often so when trucks come in time
        return _finding(shelter, name, item, current, 0.0, ample, reachable, ev, step), ev.outcomes(0.0)
    if ev.count(start * step) >= need:
        hi, lo = start, 0  # zero stock fails: looked at above
        while hi > 1:
            probe = hi // 2
            if ev.count(probe * step) >= need:
                hi = probe
            else:
                lo = probe
                break
    else:
        lo, hi = start, n_top
        probe = max(1, start * 2)
        while probe < n_top:
            if ev.count(probe * step) >= need:
                hi = probe
                break
            lo = probe
            probe *= 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ev.count(mid * step) >= need:
            hi = mid
        else:
            lo = mid
    return _finding(shelter, name, item, current, hi * step, ample, reachable, ev, step), ev.outcomes(hi * step)


def _finding(shelter, name, item, current, level, ample, reachable, ev, step):
    below = ev.probes.get((round(level / step) - 1) * step, math.nan)
    return Finding(shelter.id, shelter.name, shelter.township, name, item.unit, item.kg_per_unit, current,
                   level, ample, p_step_below=below, reachable=reachable, probes=dict(sorted(ev.probes.items())))
