"""The shelter-stock stress test: how much each shelter must hold so that its people are
served with probability p, read from what they draw — not searched for blindly.

Two questions, three ways to ask them (``question``):

* ``planned`` (as planned): with the plan's resupply, the stock at which *the stock holds*
  (below) with probability p. Every shelter keeps what it holds; a shelter whose stock
  failed somebody in runs with the stock held now gets what its people draw from the start
  until the first resupply could land there (its first people in, plus the mean loading
  time and the drive from the nearest depot that holds the item and has trucks, on the
  roads as they are at the start);
* ``hold_out`` (hold out, the question shelter standards ask): every shelter carries on
  site what its people need until the first resupply could reach it (``hold_out_h`` None),
  or, Sphere style, for ``hold_out_h`` hours with the depots cut off, for the most people
  it held at once: ``peak occupants x share x need of one person in hold_out_h hours``
  (needs.person_need); judged by whether every shelter's need fits under its stock;
* ``no_resupply``: every depot's trucks taken away: every shelter carries all its people
  draw until the relief window ends, and the stock must hold without trucks.

*The stock holds* in a run when the relief verdict cites no ``no_first_ration`` and no
``cut_off`` reason for a searched item (planning/draws.py ``stock_held``): nobody waits for
a first ration at the deadline and nobody is cut off before the relief window ends. The
whole verdict is reported beside it; its other reasons (people left in danger, no place,
not arrived) are what stock cannot fix, and the answer lists them.

The method:

1. **One batch** of R runs with *ample* stock of the searched items everywhere (what a
   full shelter could use in the whole run, so stock is never the limit), in worker
   processes by ``sim.sweep``; each run records every shelter's occupancy and draws over
   time (planning/draws.py) and the verdict's reasons.
2. **Required stock** per (shelter, item) is a quantile over the runs of what its people
   drew before resupply (or in the hold-out), one common quantile level for all pairs:
   the smallest at which every pair's draw fits under its level at once in at least a
   share p of the runs (planning/joint.py). The current stock is the floor: the answer
   is what to *add*, in whole purchase units; a surplus is information only.
3. **Verification** with fresh seeds (runs numbered from R on, never used to choose): the
   share of runs in which the stock holds (or every hold-out need fits), with its Wilson
   interval; the stock held now is checked on the same seeds. If it falls short while
   ample stock would do, a bounded correction (at most ``MAX_ROUNDS`` rounds, all flagged
   pairs at once) raises every pair that failed somebody one step up its own ladder of
   bounds (``_raised``: up to a full shelter's need) and verifies again with fresh seeds.
"""
import math
from dataclasses import dataclass, field

import numpy as np

import sim

from .draws import passed, short_pairs, stock_held, stock_measure
from .joint import joint_levels, wilson
from .needs import ample_stock, cut_times, draw_matrix, full_need, window_end
from .purchase import purchase_units
from .reserve import reserve_check
from .why import causes, short_places

QUESTIONS = ("planned", "hold_out", "no_resupply")
MAX_ROUNDS = 2
"""Correction rounds after the first verification, at most."""
MAX_TIERS = 3
"""Bounds a correction can raise a pair to, at most (the last: a full shelter's need)."""


@dataclass
class Need:
    """The answer for one item at one shelter (model units unless said otherwise)."""

    shelter: str
    shelter_name: str
    shelter_name_zh: str
    township: str
    item: str
    purchase: object  # PurchaseUnit
    current: float
    required: float  # the stock its people need at the joint level
    add: int  # purchase units to buy (0 when the current stock suffices)
    surplus: float  # units held beyond the requirement (information only)
    draws: tuple  # per replication of the batch: what its people drew
    raised: bool = False  # raised by the correction loop (to the whole relief window)

    @property
    def add_units(self):
        return self.add * self.purchase.size

    @property
    def recommended(self):
        """The stock after buying: never less than what the shelter holds now."""
        return self.current + self.add_units

    @property
    def add_kg(self):
        return self.add * self.purchase.kg

    @property
    def add_cost(self):
        return self.purchase.cost(self.add)


@dataclass(frozen=True)
class Verification:
    """A check of stocks on runs: in how many the stock held (``passed``; hold-out: every
    shelter's hold-out draw fitted), the 95 % Wilson interval, and how many passed the
    whole relief verdict."""

    passed: int
    runs: int
    first_replication: int
    verdict_passed: int | None = None  # runs whose whole relief verdict passed (None: not asked)

    @property
    def verdict_p(self):
        return None if self.verdict_passed is None or not self.runs else self.verdict_passed / self.runs

    @property
    def p(self):
        return self.passed / self.runs if self.runs else math.nan

    @property
    def interval(self):
        return wilson(self.passed, self.runs)


@dataclass
class StockAnswer:
    """The stress test's answer for a scenario."""

    scenario: object
    question: str
    hold_out_h: float | None
    confidence: float
    items: list
    replications: int
    seed: int
    needs: list
    level: float  # the common quantile level, (k + 1) / R
    in_sample: float  # share of the batch's replications in which every stock holds
    ample: Verification  # the verdict with ample stock, on the batch itself
    verification: Verification
    rounds: int
    causes: list
    reserve: object
    runs: int
    purchase: dict  # item -> PurchaseUnit
    occupancy: dict = field(default_factory=dict)  # "t", "shelters", "q" (5 x shelters x t)
    history: list = field(default_factory=list)  # Verification of every round, first to last
    onset_h: float = math.nan  # the hazard's onset, h after the start
    short_places: dict = field(default_factory=dict)  # township -> (people heading there, places), short ones
    ample_verdict: Verification = None  # the whole relief verdict with ample stock, on the batch
    now: Verification = None  # the same check with the stocks held now (fresh seeds)

    @property
    def buyable(self):
        """Can stock of the items make its part of the verdict hold with probability p? (it
        does with ample stock in a share >= p)."""
        return self.question == "hold_out" or self.ample.p >= self.confidence - 1e-9

    @property
    def verdict_fixable_by_stock(self):
        """Does the whole relief verdict pass with ample stock in a share >= p?"""
        return self.ample_verdict is not None and self.ample_verdict.p >= self.confidence - 1e-9

    @property
    def met(self):
        return self.verification.p >= self.confidence - 1e-9

    def totals(self):
        """item -> (purchase units, model units, kg, cost or None) to buy in all."""
        out = {}
        for n in self.needs:
            count, units, kg, cost = out.get(n.item, (0, 0.0, 0.0, None))
            c = n.add_cost
            out[n.item] = (count + n.add, units + n.add_units, kg + n.add_kg,
                           cost if c is None else (cost or 0.0) + c)
        return out


def stock_test(scenario, items=None, confidence=0.95, replications=40, verify_replications=None, seed=0,
               workers=None, question="planned", hold_out_h=None, backend="process", scheduler=None,
               progress=False, on_stage=None):
    """Answer the stock question for *scenario* (see the module's docstring).

    items: item names (default: every item that counts towards "secured"); replications: the
    batch R; verify_replications: fresh runs per verification (default R); on_stage: called
    with a stage name ("batch", "verify", "correct") before each batch of runs."""
    relief = scenario.relief
    items = _items(relief, items)
    _check(confidence, question, hold_out_h, replications)
    verify_replications = verify_replications or replications
    stage = on_stage or (lambda name: None)
    cut = _cut_off(scenario) if question == "no_resupply" else {}
    ample = {f"shelters.{s.id}.stock.{n}": ample_stock(s, relief.items[n], relief, scenario.spec.horizon)
             for s in scenario.shelters for n in items}
    pool = _open(backend, workers, scheduler)
    runs, finished = 0, False
    try:
        def batch(overrides, reps):
            nonlocal runs
            result = sim.sweep(scenario.with_overrides({**cut, **overrides}), vary={}, replications=reps,
                               seed=seed, pool=pool, progress=progress, measure=stock_measure)
            runs += len(result.rows)
            return result.rows

        stage("batch")
        rows = batch(ample, replications)
        ample_check = Verification(sum(stock_held(r, items) for r in rows), len(rows), 0)
        ample_verdict = Verification(sum(passed(r) for r in rows), len(rows), 0)
        pairs = [(s, n) for s in scenario.shelters for n in items]
        window = window_end(scenario, float(rows[0]["onset_h"]))
        cuts = cut_times(scenario, items, question, hold_out_h, window)
        draws = draw_matrix(rows, pairs, question, hold_out_h, cuts, relief, window)
        levels, k, share = joint_levels(draws, confidence)
        units = purchase_units(relief)
        flagged = set(range(len(pairs)))
        nxt = replications
        now = None
        if question == "planned":  # only shelters whose stock fails somebody now need more
            stage("now")
            now, now_rows = _verify(batch, ample, _needs(pairs, units, levels, draws, set()), pairs, question,
                                    hold_out_h, cuts, relief, nxt, verify_replications, window)
            failed = {p for row in now_rows if not stock_held(row, items) for p in short_pairs(row, items)}
            flagged = {j for j, (s, n) in enumerate(pairs) if (s.id, n) in failed}
            nxt += verify_replications
        needs = _needs(pairs, units, levels, draws, flagged)
        history = []
        if question == "planned" and not any(n.add for n in needs):
            verification = (now, now_rows)  # nothing to add: the stock held now is the recommendation
        else:
            stage("verify")
            verification = _verify(batch, ample, needs, pairs, question, hold_out_h, cuts, relief, nxt,
                                   verify_replications, window)
            nxt += verify_replications
        history.append(verification[0])
        first_rows = verification[1]
        rounds = 0
        tier = [0] * len(pairs)  # per pair, the next correction bound to try
        bounds = {}
        seen, whole = draws, None
        while (verification[0].p < confidence - 1e-9 and rounds < MAX_ROUNDS
               and (question == "hold_out" or ample_check.p >= confidence - 1e-9)):
            stocks = np.array([n.recommended for n in needs])
            if question == "hold_out":  # the pairs whose need did not fit
                fresh = draw_matrix(verification[1], pairs, question, hold_out_h, cuts, relief, window)
                seen = np.vstack([seen, fresh])
                todo = [j for j in range(len(pairs)) if (fresh[:, j] > stocks[j] + 1e-6).any()]
                if rounds == MAX_ROUNDS - 1:  # last round: every shelter whose need varies, to a full shelter's
                    todo = sorted(set(todo) | {j for j in range(len(pairs)) if seen[:, j].max() > seen[:, j].min()})
                    tier = [max(t, MAX_TIERS - 1) for t in tier]
            else:  # the pairs that failed somebody in a failing run
                short = {p for row in verification[1] if not stock_held(row, items) for p in short_pairs(row, items)}
                todo = [j for j, (s, n) in enumerate(pairs) if (s.id, n) in short]
            if whole is None:
                whole = draw_matrix(rows, pairs, "no_resupply", None, {key: window for key in cuts}, relief)
            changed = False
            for j in todo:
                s, n = pairs[j]
                if j not in flagged:  # as planned: a pair that held before gets its draw before resupply
                    flagged.add(j)
                    needs[j] = _need(s, n, units[n], needs[j].required, draws[:, j])
                while needs[j].recommended <= stocks[j] + 1e-9 and tier[j] < MAX_TIERS:  # the next bound above
                    if tier[j] not in bounds:
                        bounds[tier[j]] = _raised(question, tier[j], hold_out_h, pairs, relief, seen, whole, k,
                                                  scenario)
                    level = max(float(bounds[tier[j]][j]), needs[j].required)
                    needs[j] = _need(s, n, units[n], level, draws[:, j], raised=True)
                    tier[j] += 1
                changed = changed or needs[j].recommended > stocks[j] + 1e-9
            bounds = {t: b for t, b in bounds.items() if question != "hold_out"}  # hold-out: seen grows
            if not changed:
                break
            rounds += 1
            stage("correct")
            verification = _verify(batch, ample, needs, pairs, question, hold_out_h, cuts, relief, nxt,
                                   verify_replications, window)
            history.append(verification[0])
            nxt += verify_replications
        if now is None:
            stage("now")
            now = _now(batch, pairs, question, hold_out_h, cuts, relief, first_rows, replications,
                       verify_replications, window)
        finished = True
    finally:
        pool.close(cancel=not finished)  # a Ctrl-C or an error: the workers stopped now, not after their queue
    return StockAnswer(scenario, question, hold_out_h, confidence, items, replications, int(seed), needs,
                       (k + 1) / replications, share, ample_check, verification[0], rounds, causes(rows, items),
                       reserve_check(scenario), runs, units, occupancy_bands(rows), history,
                       onset_h=float(rows[0]["onset_h"]), now=now, short_places=short_places(scenario, rows),
                       ample_verdict=ample_verdict)


def _needs(pairs, units, levels, draws, flagged):
    """A Need per pair: flagged pairs get their level, the others keep what they hold."""
    return [_need(s, n, units[n], levels[j], draws[:, j], buy=j in flagged) for j, (s, n) in enumerate(pairs)]


def _raised(question, tier, hold_out_h, pairs, relief, seen, whole, k, scenario):
    """The levels correction tier *tier* raises failing pairs to, each bound above the last:
    as planned, the common quantile of the whole relief window's draws, then their most;
    hold-out, the most need seen (batch and verification); no resupply, the most drawn;
    last, a full shelter's need (for hold_out_h hours, or its use over the whole run)."""
    bounds = []
    if question == "planned":
        bounds = [np.sort(whole, axis=0)[k], whole.max(axis=0)]
    elif question == "hold_out":
        bounds = [seen.max(axis=0)]
    else:
        bounds = [whole.max(axis=0)]
    if tier < len(bounds):
        return bounds[tier]
    if question == "hold_out" and hold_out_h:
        return np.array([full_need(s, relief.items[n], relief, hold_out_h) for s, n in pairs])
    return np.array([ample_stock(s, relief.items[n], relief, scenario.spec.horizon) for s, n in pairs], dtype=float)


def _check(confidence, question, hold_out_h, replications):
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be above 0 and below 1, not {confidence}")
    if question not in QUESTIONS:
        raise ValueError(f"question must be one of {', '.join(QUESTIONS)}, not {question!r}")
    if question == "hold_out" and hold_out_h is not None and not hold_out_h > 0:
        raise ValueError(f"hold-out hours must be positive (or None: until the first resupply), not {hold_out_h}")
    if isinstance(replications, bool) or not isinstance(replications, int) or replications < 1:
        raise ValueError(f"replications must be a whole number of at least 1, not {replications!r}")


def _items(relief, items):
    if items is None:
        return [n for n, item in relief.items.items() if item.secures and item.share > 0]
    unknown = [n for n in items if n not in relief.items]
    if unknown:
        raise ValueError(f"unknown item {', '.join(unknown)}; the scenario's items are {', '.join(relief.items)}")
    return list(dict.fromkeys(items))


def _open(backend, workers, scheduler):
    import os

    from sim.sweep_backends import open_backend

    return open_backend(backend, workers or os.cpu_count() or 1, scheduler)


def _cut_off(scenario):
    """Overrides that take every depot's trucks away: nothing reaches a shelter."""
    return {f"depots.{d.id}.trucks": 0 for d in scenario.depots}


def _need(shelter, name, unit, required, draws, raised=False, buy=True):
    current = float(shelter.stock.get(name, 0.0))
    required = float(required)
    add = unit.count(required - current) if buy else 0
    return Need(shelter.id, shelter.name, shelter.name_zh, shelter.township, name, unit, current, required, add,
                max(0.0, current - required), tuple(float(x) for x in draws), raised)


def _verify(batch, ample, needs, pairs, question, hold_out_h, cuts, relief, first, count, window=math.inf):
    """(Verification, rows) of the recommended stocks on fresh replications."""
    reps = list(range(first, first + count))
    if question == "hold_out":  # do the hold-out draws of fresh storms fit under the stocks?
        rows = batch(ample, reps)
        fresh = draw_matrix(rows, pairs, question, hold_out_h, cuts, relief, window)
        stocks = np.array([n.recommended for n in needs])
        ok = int((fresh <= stocks + 1e-6).all(axis=1).sum()) if pairs else len(rows)
        return Verification(ok, len(rows), first), rows
    rows = batch({f"shelters.{n.shelter}.stock.{n.item}": n.recommended for n in needs}, reps)
    items = sorted({n.item for n in needs})
    return Verification(sum(stock_held(r, items) for r in rows), len(rows), first, sum(passed(r) for r in rows)), rows


def _now(batch, pairs, question, hold_out_h, cuts, relief, verified_rows, first, count, window=math.inf):
    """The check of the stocks held now, on the same fresh seeds as the first verification
    (common random numbers: the two figures differ by the stock alone)."""
    if question == "hold_out":
        fresh = draw_matrix(verified_rows, pairs, question, hold_out_h, cuts, relief, window)
        stocks = np.array([float(s.stock.get(n, 0.0)) for s, n in pairs])
        ok = int((fresh <= stocks + 1e-6).all(axis=1).sum()) if pairs else len(verified_rows)
        return Verification(ok, len(verified_rows), verified_rows[0]["replication"] if verified_rows else 0)
    rows = batch({}, list(range(first, first + count)))
    items = sorted({n for _, n in pairs})
    return Verification(sum(stock_held(r, items) for r in rows), len(rows), first, sum(passed(r) for r in rows))


def occupancy_bands(rows):
    """5/25/50/75/95 % bands of every shelter's occupancy over the batch, on whole hours."""
    if not rows:
        return {}
    occ = np.array([r["occupancy_hourly"] for r in rows], dtype=float)  # reps x shelters x hours
    return {"t": list(rows[0]["draw_t"]), "shelters": list(rows[0]["draw_shelters"]),
            "q": np.percentile(occ, [5, 25, 50, 75, 95], axis=0)}
