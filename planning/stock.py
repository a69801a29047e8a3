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
2. **Allocation** (planning/allocate.py): every shelter that needs stock gets the same
   chance of running short, ``(1 - p) / n``, read from its own draws (beyond the largest
   draw, an exponential tail fitted to its top quarter), so that all hold at once in at
   least p of storms by the union bound; ``rule="cheapest"`` shares the chance in
   proportion to what a margin costs at each shelter. The current stock is the floor:
   the answer is what to *add*, in whole purchase units; a surplus is information only.
3. **Verification** with fresh seeds (runs numbered after every run used before, never
   used to choose): the share of runs in which the stock holds, with its Wilson interval.
   It *meets* p only when the interval's lower end reaches p (planning/verify.py). When a
   check shows shelters running short, a bounded correction (at most ``MAX_ROUNDS``
   rounds) lowers their chance tenfold and checks again on new fresh seeds; the figure
   printed is always the last check of the final recommendation. When the interval still
   holds p, the runs that would settle it are counted and, when no more than a check's
   worth (or ``settle=True``), played.
"""
import math
from dataclasses import dataclass, field

import numpy as np

import sim

from . import allocate, budget as budgets, stockout
from .draws import judged, passed, short_pairs, stock_held, stock_measure
from .needs import ample_stock, cut_times, draw_matrix, full_need, window_end
from .prices import prices_for, with_prices
from .purchase import purchase_units
from .reserve import reserve_check
from .verify import MAX_SETTLE, Verification, runs_to_settle
from .why import causes, short_places

QUESTIONS = ("planned", "hold_out", "no_resupply")
RULES = ("equal", "cheapest")
MAX_ROUNDS = 2
"""Correction rounds after the first verification, at most."""
RAISE = 10.0
"""A correction divides a short shelter's chance of running short by this."""

__all__ = ["Need", "StockAnswer", "Verification", "stock_test"]


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
    required: float  # the stock its people need at its allowed chance of running short
    add: int  # purchase units to buy (0 when the current stock suffices)
    surplus: float  # units held beyond the requirement (information only)
    draws: tuple  # per replication of the batch: what its people drew
    raised: bool = False  # raised by a correction round
    risk: float | None = None  # its allowed chance of running short (None: keeps what it holds)

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
    in_sample: float  # share of the batch's runs in which every recommended stock holds
    ample: Verification  # the stock with ample stock, on the batch itself
    verification: Verification  # the last fresh-seed check of the final recommendation
    rounds: int
    causes: list
    reserve: object
    runs: int
    purchase: dict  # item -> PurchaseUnit
    occupancy: dict = field(default_factory=dict)  # "t", "shelters", "q" (5 x shelters x t)
    history: list = field(default_factory=list)  # Verification of every check, first to last
    onset_h: float = math.nan  # the hazard's onset, h after the start
    short_places: dict = field(default_factory=dict)  # township -> (people heading there, places), short ones
    ample_verdict: Verification = None  # the whole relief verdict with ample stock, on the batch
    now: Verification = None  # the same check with the stocks held now (fresh seeds)
    rule: str = "equal"
    settle: int | None = 0  # further fresh runs that would settle the last check (0: settled)
    settled: int = 0  # further runs played to settle it (joined into the last check)
    budget: object = None  # budget.BudgetAnswer when a budget was given
    prices: dict = field(default_factory=dict)  # item -> prices.Price used
    stockouts: dict = field(default_factory=dict)  # (shelter, item) -> stockout.StockOut with today's stock
    ample_is_now: bool = False  # as planned, nothing ran short: the runs with the stock held now stood for ample stock
    nothing_to_judge: bool = False  # nobody needed relief in any run of the batch: no relief verdict to pass or fail

    @property
    def buyable(self):
        """Can stock of the items make its part of the verdict hold with probability p? (it
        does with ample stock in a share >= p)."""
        return self.question == "hold_out" or self.ample.p >= self.confidence - 1e-9

    @property
    def verdict_fixable_by_stock(self):
        """Does the whole relief verdict pass with ample stock in a share >= p?"""
        if self.nothing_to_judge:
            return True  # no verdict failed, so none is left for stock to fix
        return self.ample_verdict is not None and self.ample_verdict.p >= self.confidence - 1e-9

    @property
    def met(self):
        """Does the fresh-seed check show p: its interval's lower end at p or above?"""
        return self.verification.meets(self.confidence)

    @property
    def short(self):
        """Does the fresh-seed check show the stock falls short of p (upper end below p)?"""
        return self.verification.falls_short(self.confidence)

    @property
    def last_replication(self):
        """The highest replication number the test used: an independent check starts after it."""
        return max(v.last_replication for v in self.history + [self.now, self.ample] if v is not None)

    def totals(self):
        """item -> (purchase units, model units, kg, cost or None) to buy in all."""
        out = {}
        for n in self.needs:
            count, units, kg, cost = out.get(n.item, (0, 0.0, 0.0, None))
            c = n.add_cost
            out[n.item] = (count + n.add, units + n.add_units, kg + n.add_kg,
                           cost if c is None else (cost or 0.0) + c)
        return out

    def cost(self):
        """Yuan for the whole list (None when an item to buy has no price)."""
        costs = [n.add_cost for n in self.needs if n.add]
        return None if any(c is None for c in costs) else float(sum(costs))


class _Runs:
    """The runs a test plays, numbered so that no replication is used twice."""

    def __init__(self, scenario, cut, pool, seed, progress):
        self.scenario, self.cut, self.pool, self.seed, self.progress = scenario, cut, pool, seed, progress
        self.next = 0
        self.played = 0

    def play(self, overrides, count):
        """(first replication, rows) of *count* fresh runs with *overrides* (and the cut)."""
        first, self.next = self.next, self.next + count
        return first, self.replay(overrides, first, count)

    def replay(self, overrides, first, count):
        """Rows of replications *first* .. *first* + *count* - 1 (common random numbers with
        the runs that used them before)."""
        result = sim.sweep(self.scenario.with_overrides({**self.cut, **overrides}), vary={},
                           replications=list(range(first, first + count)), seed=self.seed, pool=self.pool,
                           progress=self.progress, measure=stock_measure)
        self.played += len(result.rows)
        return result.rows


class _Test:
    """One stock question on one scenario: its pairs, rules and bounds."""

    def __init__(self, scenario, items, question, hold_out_h, confidence, prices=None):
        self.scenario, self.items, self.question = scenario, items, question
        self.hold_out_h, self.confidence = hold_out_h, confidence
        self.relief = relief = scenario.relief
        self.pairs = [(s, n) for s in scenario.shelters for n in items]
        self.prices = prices_for(relief, prices)
        self.units = with_prices(purchase_units(relief), self.prices)
        horizon = scenario.spec.horizon
        self.ample = {f"shelters.{s.id}.stock.{n}": ample_stock(s, relief.items[n], relief, horizon)
                      for s, n in self.pairs}
        full = (lambda s, n: full_need(s, relief.items[n], relief, hold_out_h)) if question == "hold_out" and \
            hold_out_h else (lambda s, n: ample_stock(s, relief.items[n], relief, horizon))
        self.caps = [float(full(s, n)) for s, n in self.pairs]
        self.unit_sizes = [self.units[n].size for _, n in self.pairs]
        self.groups = [s.id for s, _ in self.pairs]
        self.window = self.cuts = None

    def read(self, rows):
        """Draws (runs x pairs) of *rows* under the question's rule."""
        if self.window is None:
            self.window = window_end(self.scenario, float(rows[0]["onset_h"]))
            self.cuts = cut_times(self.scenario, self.items, self.question, self.hold_out_h, self.window)
        return draw_matrix(rows, self.pairs, self.question, self.hold_out_h, self.cuts, self.relief, self.window)

    def need(self, j, level, draws, risk=None, raised=False, buy=True):
        """The Need of pair *j* at *level* (None: what it holds); *buy* False: it keeps what it
        holds, *level* shown for information."""
        s, n = self.pairs[j]
        current = float(s.stock.get(n, 0.0))
        required = current if level is None else float(level)
        add = self.units[n].count(required - current) if buy and level is not None else 0
        return Need(s.id, s.name, s.name_zh, s.township, n, self.units[n], current, required, add,
                    max(0.0, current - required), tuple(float(x) for x in draws[:, j]), raised, risk)

    def check(self, runs, needs, count):
        """(Verification, rows) of *needs* on *count* fresh runs."""
        if self.question == "hold_out":  # do the hold-out draws of fresh storms fit under the stocks?
            first, rows = runs.play(self.ample, count)
            return self.fits(rows, [n.recommended for n in needs], first), rows
        first, rows = runs.play({f"shelters.{n.shelter}.stock.{n.item}": n.recommended for n in needs}, count)
        return self.held(rows, first), rows

    def held(self, rows, first):
        return Verification(sum(stock_held(r, self.items) for r in rows), len(rows), first,
                            sum(passed(r) for r in rows), sum(judged(r) for r in rows))

    def fits(self, rows, stocks, first):
        fresh = self.read(rows)
        ok = int((fresh <= np.asarray(stocks) + 1e-6).all(axis=1).sum()) if self.pairs else len(rows)
        return Verification(ok, len(rows), first)

    def short(self, rows, needs):
        """Indices of the pairs that fell short in *rows* of a check."""
        if self.question == "hold_out":
            fresh = self.read(rows)
            stocks = np.array([n.recommended for n in needs])
            return {j for j in range(len(self.pairs)) if (fresh[:, j] > stocks[j] + 1e-6).any()}
        failed = {p for row in rows if not stock_held(row, self.items) for p in short_pairs(row, self.items)}
        return {j for j, (s, n) in enumerate(self.pairs) if (s.id, n) in failed}


def stock_test(scenario, items=None, confidence=0.95, replications=40, verify_replications=None, seed=0,
               workers=None, question="planned", hold_out_h=None, backend="process", scheduler=None,
               progress=False, on_stage=None, rule="equal", settle=None, prices=None, budget=None):
    """Answer the stock question for *scenario* (see the module's docstring).

    items: item names (default: every item that counts towards "secured"); replications: the
    batch R; verify_replications: fresh runs per check (default R); rule: "equal" (every
    shelter the same chance of running short) or "cheapest" (chances in proportion to the
    cost of a margin); settle: play the runs that settle an undecided check — None: when
    they are no more than a check's worth, True: up to verify.MAX_SETTLE, False: never;
    on_stage: called with a stage name ("batch", "now", "verify", "correct", "settle",
    "budget") and the runs it will play, before each group of runs; prices: item ->
    prices.Price (a prices CSV, over the scenario's and the defaults); budget: yuan: the
    cheapest list at p, and if it costs more, the cheapest list within the budget, checked
    on fresh seeds (implies rule="cheapest")."""
    items = _items(scenario.relief, items)
    rule = "cheapest" if budget is not None else rule
    _check(confidence, question, hold_out_h, replications, rule, budget)
    test = _Test(scenario, items, question, hold_out_h, confidence, prices)
    count = verify_replications or replications
    stage = on_stage or (lambda name, runs: None)
    pool = _open(backend, workers, scheduler)
    runs = _Runs(scenario, _cut_off(scenario) if question == "no_resupply" else {}, pool, seed, progress)
    finished = False
    try:
        rows, draws, found = _begin(test, runs, replications, count, stage, rule, settle)
        if not found.settled:
            found = _settle(test, runs, found, count, stage, settle)
        if budget is not None:
            found.budget = _budget(test, runs, draws, found, float(budget), count, stage)
        if found.now is None:
            stage("now", 0 if question == "hold_out" else found.history[0].runs)
            _now(test, runs, found)
        finished = True
    finally:
        pool.close(cancel=not finished)  # a Ctrl-C or an error: the workers stopped now, not after their queue
    return _answer(test, rows, draws, found, replications, seed, runs.played, rule)


def _begin(test, runs, replications, count, stage, rule, settle):
    """(batch rows, their draws, _Found). As planned the stock held now is checked first, on
    *count* fresh runs: when it held in every one, no stock was the limit there, so those runs
    stand for the batch with ample stock and are the answer (nothing to buy); otherwise, and
    for the other questions, the batch with ample stock is played and the search goes on."""
    now, now_rows, flagged = None, [], set(range(len(test.pairs)))
    if test.question == "planned":
        stage("now", count)
        first, now_rows = runs.play({}, count)
        now = test.held(now_rows, first)
        flagged = test.short(now_rows, [])
        if not flagged:
            draws = test.read(now_rows)
            needs = _allocate(test, draws, set(), {})
            return now_rows, draws, _Found(needs, [now], now_rows, now=now, now_rows=now_rows, stocks_now=True,
                                           flagged=set(), batch_first=first, ample_is_now=True)
    stage("batch", replications)
    first, rows = runs.play(test.ample, replications)
    draws = test.read(rows)
    buyable = test.question == "hold_out" or test.held(rows, 0).p >= test.confidence - 1e-9
    found = _search(test, runs, draws, count, stage, rule, buyable, settle, flagged, now, now_rows)
    found.batch_first = first
    return rows, draws, found


@dataclass
class _Found:
    """Where the search ended: the needs, the checks, the last check's rows."""

    needs: list
    history: list
    rows: list
    rounds: int = 0
    now: Verification = None
    now_rows: list = field(default_factory=list)
    settle: int | None = 0
    settled: int = 0
    stocks_now: bool = False  # the last check is of the stocks held now (nothing to buy)
    flagged: set = field(default_factory=set)  # pairs that may buy
    risks: dict = field(default_factory=dict)  # shelter -> its chance of running short
    budget: object = None
    batch_first: int = 0  # the first replication of the batch (or of the runs that stand for it)
    ample_is_now: bool = False  # as planned, nothing short: the runs with the stock held now are the batch


def _search(test, runs, draws, count, stage, rule, buyable, settle, flagged, now, now_rows):
    """Allocate the *flagged* pairs (as planned: the ones whose stock failed somebody with the
    stock held now), check on fresh seeds, correct the pairs that fell short; a _Found."""
    risks = _risks(test, draws, flagged, rule)
    needs = _allocate(test, draws, flagged, risks)
    if test.question == "planned" and not any(n.add for n in needs):
        return _Found(needs, [now], now_rows, now=now, now_rows=now_rows, stocks_now=True, flagged=flagged,
                      risks=risks)
    stage("verify", count)
    check, check_rows = test.check(runs, needs, count)
    found = _Found(needs, [check], check_rows, now=now, now_rows=now_rows, flagged=flagged, risks=risks)
    if buyable:
        found = _correct(test, runs, draws, found, flagged, risks, count, stage, rule, settle)
    return found


def _risks(test, draws, flagged, rule):
    """shelter id -> its allowed chance of running short, over the flagged pairs' shelters."""
    groups = [test.groups[j] for j in sorted(flagged) if draws[:, j].max(initial=0) > 0]
    weights = _weights(test, draws, flagged) if rule == "cheapest" else None
    return allocate.group_risks(groups, test.confidence, weights)


def _weights(test, draws, flagged):
    """shelter -> yuan a margin there costs (price per model unit x tail spread), None
    when an item has no price."""
    cols = sorted(flagged)
    prices = [test.units[test.pairs[j][1]].price_cny for j in cols]
    prices = [None if p is None else p / test.unit_sizes[j] for p, j in zip(prices, cols)]
    return allocate.margin_weights(draws[:, cols], [test.groups[j] for j in cols],
                                   [test.unit_sizes[j] for j in cols], prices)


def _allocate(test, draws, flagged, risks, old=None, raised=()):
    """A Need per pair: flagged pairs at their shelter's chance (never below *old*), the
    others keep what they hold."""
    needs = []
    shown = _risks(test, draws, set(range(len(test.pairs))), "equal")  # for the pairs that keep what they hold
    for j, g in enumerate(test.groups):
        if j not in flagged:
            level = allocate.tail_level(draws[:, j], shown.get(g, 1.0), test.caps[j], test.unit_sizes[j])
            needs.append(old[j] if old else test.need(j, level, draws, buy=False))
            continue
        risk = risks.get(g, 1.0)
        level = allocate.tail_level(draws[:, j], risk, test.caps[j], test.unit_sizes[j], varies=j in raised)
        if old and old[j].risk is not None:
            level = max(level, old[j].required)
        needs.append(test.need(j, level, draws, risk, raised=j in raised or bool(old and old[j].raised)))
    return needs


def _correct(test, runs, draws, found, flagged, risks, count, stage, rule, settle):
    """At most MAX_ROUNDS rounds: the pairs that fell short in the last check get a tenth of
    their chance of running short (newly short shelters join the allocation), checked again
    on new fresh seeds. A check in which nothing fell short but that does not show p yet is
    first settled (``_settle``); its new runs may show shelters running short. Stops when
    the check meets p, nothing can be settled or raised, or the rounds are spent."""
    seen = draws
    while not found.history[-1].meets(test.confidence):
        short = test.short(found.rows, found.needs)
        if not short:
            if found.settled or not _settle(test, runs, found, count, stage, settle).settled:
                break
            continue
        if found.rounds >= MAX_ROUNDS:
            break
        if test.question == "hold_out":  # fresh hold-out draws are draws with ample stock: learn from them
            seen = np.vstack([seen, test.read(found.rows)])
        flagged = flagged | short
        risks = {g: min(r, risks.get(g, 1.0)) for g, r in _risks(test, seen, flagged, rule).items()}
        for g in {test.groups[j] for j in short}:
            risks[g] = risks.get(g, 1.0) / RAISE
        needs = _allocate(test, seen, flagged, risks, found.needs, short)
        if all(n.recommended <= o.recommended + 1e-9 for n, o in zip(needs, found.needs)):
            break
        found.rounds += 1
        stage("correct", count)
        check, found.rows = test.check(runs, needs, count)
        found.needs, found.flagged, found.risks = needs, flagged, risks
        found.history.append(check)
        found.settled = 0
    return found


def _budget(test, runs, draws, found, amount, count, stage):
    """The BudgetAnswer: the list found if it fits *amount*, else the cheapest split scaled
    to cost no more than *amount*, checked on fresh seeds."""
    cost = budgets.list_cost(found.needs)
    if cost <= amount + 1e-6:
        return budgets.BudgetAnswer(amount, cost, found.needs, budgets.bound(found.risks), found.history[-1])
    weights = _weights(test, draws, found.flagged)
    if not weights:
        return budgets.BudgetAnswer(amount, cost, found.needs, budgets.bound(found.risks), found.history[-1])
    fitted = budgets.fit(amount, weights, lambda c: _allocate(test, draws, found.flagged, c))
    if fitted is None:  # even the smallest draws cost more
        return budgets.BudgetAnswer(amount, math.inf, None, 0.0)
    needs, chances = fitted
    stage("budget", count)
    check, _ = test.check(runs, needs, count)
    return budgets.BudgetAnswer(amount, budgets.list_cost(needs), needs, budgets.bound(chances), check)


def _settle(test, runs, found, count, stage, settle):
    """Play the runs that settle an undecided last check, when asked (see stock_test)."""
    last = found.history[-1]
    more = runs_to_settle(last, test.confidence)
    limit = 0 if settle is False else MAX_SETTLE if settle else count
    found.settle = more
    if not more or more > limit:
        return found
    stage("settle", more)
    if found.stocks_now:
        first, rows = runs.play({}, more)
        extra = test.held(rows, first)
        found.now_rows = found.now_rows + rows
    else:
        extra, rows = test.check(runs, found.needs, more)
    joined = last.joined(extra)
    found.history[-1], found.rows = joined, found.rows + rows
    if found.stocks_now:
        found.now = joined
    found.settled, found.settle = more, runs_to_settle(joined, test.confidence)
    return found


def _now(test, runs, found):
    """The stocks held now, on the seeds of the first check (common random numbers: the two
    figures differ by the stock alone); hold-out: against the last check's fresh draws."""
    if test.question == "hold_out":
        stocks = [float(s.stock.get(n, 0.0)) for s, n in test.pairs]
        found.now = test.fits(found.rows, stocks, found.history[-1].first_replication)
        return
    first = found.history[0]
    found.now_rows = runs.replay({}, first.first_replication, first.runs)
    found.now = test.held(found.now_rows, first.first_replication)


def _answer(test, rows, draws, found, replications, seed, played, rule):
    """The StockAnswer from the batch and where the search ended."""
    scenario, items = test.scenario, test.items
    ample = Verification(sum(stock_held(r, items) for r in rows), len(rows), found.batch_first)
    # of the runs where someone needed relief (nobody needing it is neither passed nor failed)
    ample_verdict = Verification(sum(passed(r) for r in rows), sum(judged(r) for r in rows), found.batch_first)
    stocks = np.array([n.recommended for n in found.needs])
    in_sample = float((draws <= stocks + 1e-6).all(axis=1).mean()) if test.pairs else 1.0
    return StockAnswer(scenario, test.question, test.hold_out_h, test.confidence, items, replications, int(seed),
                       found.needs, in_sample, ample, found.history[-1], found.rounds, causes(rows, items),
                       reserve_check(scenario, prices=test.prices), played, test.units, occupancy_bands(rows), found.history,
                       onset_h=float(rows[0]["onset_h"]), now=found.now, short_places=short_places(scenario, rows),
                       ample_verdict=ample_verdict, rule=rule, settle=found.settle, settled=found.settled,
                       budget=found.budget, prices=test.prices, stockouts=_stockouts(test, rows, found),
                       ample_is_now=found.ample_is_now, nothing_to_judge=not any(judged(r) for r in rows))


def _stockouts(test, rows, found):
    """(shelter, item) -> StockOut with the stock held today (planning/stockout.py)."""
    keys = [(s.id, n) for s, n in test.pairs]
    onset = float(rows[0]["onset_h"])
    if test.question == "hold_out":
        return stockout.from_draws(rows, keys, onset, {(s.id, n): float(s.stock.get(n, 0.0)) for s, n in test.pairs})
    return stockout.from_runs(found.now_rows, keys, onset)


def _check(confidence, question, hold_out_h, replications, rule="equal", budget=None):
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be above 0 and below 1, not {confidence}")
    if question not in QUESTIONS:
        raise ValueError(f"question must be one of {', '.join(QUESTIONS)}, not {question!r}")
    if rule not in RULES:
        raise ValueError(f"rule must be one of {', '.join(RULES)}, not {rule!r}")
    if question == "hold_out" and hold_out_h is not None and not hold_out_h > 0:
        raise ValueError(f"hold-out hours must be positive (or None: until the first resupply), not {hold_out_h}")
    if budget is not None and not 0 < budget < math.inf:
        raise ValueError(f"budget must be a positive amount of yuan, not {budget}")
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


def occupancy_bands(rows):
    """5/25/50/75/95 % bands of every shelter's occupancy over the batch, on whole hours."""
    if not rows:
        return {}
    occ = np.array([r["occupancy_hourly"] for r in rows], dtype=float)  # reps x shelters x hours
    return {"t": list(rows[0]["draw_t"]), "shelters": list(rows[0]["draw_shelters"]),
            "q": np.percentile(occ, [5, 25, 50, 75, 95], axis=0)}
