"""Results of a run: KPIs (a flat dict of named numbers), series on a fixed grid, events,
per-shelter and per-zone tables, and the relief verdict with its reasons.

The **relief population** is everyone the disaster displaced or should have displaced:
people who left for a public shelter, and people still at home when their zone's hazard
peaked past the danger thresholds (never warned, never ordered, refused, or waiting for a
team). A person is **secured in time** when, by onset + target, they have a place and the
first ration of every securing item; they are **kept** if from then on no securing item
runs out at their shelter for longer than ``relief.grace`` (nor do they lose their place)
until the relief window ends; a gap refilled (or a lost place found again) by the deadline
cuts nobody off (they are as secured at the deadline as people whose first ration came just
in time). ``relief_kept_share`` = kept / relief population decides the
target. People not secured by the end enter the time-to-secured percentiles with the time
elapsed until then (a lower bound). A run in which nobody needed relief has nothing to judge:
``relief_judged`` is False, the shares are NaN and the verdict is NOTHING_TO_JUDGE.
"""
import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter

import numpy as np

from .tables import Table, shelter_table, zone_table
from .tolerance import NOTHING, ROUNDING_H, SAME_MOMENT_H
from .transfer_why import largest_whys, transfer_kpis, transferred_series, worst_depth
from .verdict import CODES, Reason, Verdict

SERIES_STATES = ("home", "moving", "queued", "sheltered", "relatives", "overflow")


_SEGMENT_FIELDS = ("level0", "t0", "drawing", "per_hour")
_SEGMENT = attrgetter(*_SEGMENT_FIELDS)  # a stock's straight stretch, read at C speed (many stocks, every sample)
_HOLDING = attrgetter("holding")


@dataclass(frozen=True)
class RunResult:
    """KPIs, time series (numpy arrays on a fixed grid, key ``t`` in hours), events, the
    relief verdict and the per-shelter and per-zone tables."""

    kpis: dict
    series: dict
    events: tuple
    verdict: Verdict | None = None
    shelters: Table | None = None
    zones: Table | None = None


def run_result(engine):
    """The RunResult of the run so far."""
    kpis = compute_kpis(engine)
    verdict = build_verdict(engine, kpis)
    kpis["verdict"] = verdict.code  # PASS, FAIL or NOTHING_TO_JUDGE (sim.verdict)
    kpis["verdict_reasons"] = ",".join(verdict.codes)
    for code in CODES:
        kpis[f"reason_{code}"] = sum(r.people for r in verdict.reasons if r.code == code)
    series = engine.recorder.series()
    series["transferred"] = transferred_series(engine, series["t"])  # persons on the list moved by then
    series["hazard_depth_m"] = worst_depth(engine.hazard, series["t"])  # what the transfer is read against
    return RunResult(kpis, series, tuple(engine.events), verdict, shelter_table(engine), zone_table(engine))


class Recorder:
    """Samples the state on the scenario's fixed grid (``series_step`` hours).

    The state is taken once per *stretch*: the grid points from the recorder's wake-up until
    the next event, when nothing can change but stocks running down. Counts, occupancy and the
    secured total are kept once per stretch; each stock as its linear segment (level at t0,
    t0, units per hour), turned into levels with numpy when the series are asked for."""

    def __init__(self, engine):
        self.engine = engine
        step = engine.scenario.spec.series_step
        grid = np.arange(0.0, engine.horizon + step / 2, step)
        self.t = grid[grid <= engine.horizon + ROUNDING_H]
        self._grid = self.t.tolist()  # the same points as Python floats, for bisect (a numpy call per wake-up costs more)
        self.taken = 0  # grid points sampled so far
        self.runs = []  # grid points in each stretch
        self.rows = []  # per stretch: persons in each of SERIES_STATES
        self.occupancy = []  # per stretch: persons registered in each shelter
        self.secured = []  # per stretch: persons secured in shelters
        self._stocks = [s.stocks[name] for name in engine.scenario.relief.items for s in engine.shelters]
        self._segments = []  # per stretch: array of (level0, t0, drawing, per_hour) of each stock, items x shelters
        self._exact = {}  # (grid point, stock): level where a stock bends within its stretch (rare)
        engine.env.process(self._run())

    def _run(self):
        env = self.engine.env
        while self.taken < len(self.t):
            t = self.t[self.taken]
            if t > env.now:
                yield env.timeout(t - env.now)
            # Nothing happens before the next event: the grid points until then see the state as
            # it is now, so they are taken now without waking up for each. Waking only at the
            # first point at or after the next event leaves every other event's order, and what
            # each sample sees, as it was when the recorder woke at every point.
            self._take(bisect_left(self._grid, env.peek()))
            self.catch_up()

    def catch_up(self):
        """Sample every grid point up to now; a run stops before the events at its last
        moment, so the point at the horizon is taken here when the results are asked for."""
        self._take(bisect_right(self._grid, self.engine.env.now + ROUNDING_H))

    def _take(self, end):
        """Sample grid points ``taken .. end - 1`` with the state as it is now."""
        start, end = self.taken, min(int(end), len(self.t))
        if end <= start:
            return
        e = self.engine
        self.runs.append(end - start)
        self.rows.append([e.counts[s] for s in SERIES_STATES])
        self.occupancy.append([s.occupancy for s in e.shelters])
        self.secured.append(sum(s.secured for s in e.shelters))
        stocks, last = self._stocks, self.t[end - 1]
        self._segments.append(np.fromiter(chain.from_iterable(map(_SEGMENT, stocks)), dtype=float,
                                          count=len(_SEGMENT_FIELDS) * len(stocks)))
        for j in [j for j, holding in enumerate(map(_HOLDING, stocks)) if holding and holding[0][0] < last]:
            for k in range(start, end):  # someone starts drawing within the stretch: Stock.level's slow way
                self._exact[k, j] = stocks[j].level(self.t[k])
        self.taken = end

    def _levels(self, n):
        """Stock levels at the first *n* grid points, as (points, stocks): Stock.level's own
        arithmetic, elementwise."""
        if not self._stocks:
            return np.zeros((n, 0))
        seg = np.repeat(np.array(self._segments, dtype=float).reshape(len(self.runs), -1, 4), self.runs, axis=0)
        level0, t0, rate = seg[..., 0], seg[..., 1], seg[..., 2] * seg[..., 3]  # rate: drawing x per_hour
        t = self.t[:n, None]
        left = np.where(t > t0, level0 - rate * (t - t0), level0)
        levels = np.where(left > 0.0, left, 0.0)
        for (k, j), value in self._exact.items():
            levels[k, j] = value
        return levels

    def series(self):
        """Arrays over the grid points sampled so far."""
        n, runs = self.taken, self.runs
        rows = np.repeat(np.array(self.rows, dtype=np.int64).reshape(len(runs), len(SERIES_STATES)), runs, axis=0)
        out = {"t": self.t[:n].copy()}
        for k, name in enumerate(SERIES_STATES):
            out[name] = rows[:, k]
        out["secured"] = np.repeat(np.array(self.secured, dtype=float), runs)
        out["shelter_ids"] = tuple(s.id for s in self.engine.shelters)
        shelters = len(self.engine.shelters)
        out["occupancy"] = np.repeat(np.array(self.occupancy, dtype=np.int64).reshape(len(runs), shelters), runs,
                                     axis=0).T
        items = tuple(self.engine.scenario.relief.items)
        out["items"] = items
        out["stock"] = self._levels(n).reshape(n, len(items), shelters).transpose(1, 2, 0)
        return out


def compute_kpis(engine):
    """The flat KPI dict of the run so far (see docs/model.md for each definition)."""
    now, pop = engine.env.now, engine.population
    k = {}
    k["population"] = int(pop.size.sum())
    k["people_warned"] = int(pop.size[pop.warned_at <= now].sum())
    k["people_ordered"] = int(pop.size[pop.order_heard_at <= now].sum())
    left = pop.first_departed_at <= now  # left home at least once (some went back)
    k["people_evacuated"] = int(pop.size[left].sum())
    k["people_to_shelters"] = int(pop.size[pop.to_shelters(now) | (left & pop.first_public)].sum())
    k["people_in_danger_at_peak"] = int(sum(engine.in_danger.values()))
    k["people_relocated"] = int(engine.relocated)
    k.update(_ete(engine))
    k["shelter_peak_occupancy"] = int(max(_peak_total(engine), engine.counts["sheltered"]))
    k["shelter_peak_share"] = max((s.peak / s.capacity for s in engine.shelters if s.capacity), default=0.0)
    k["shelter_overflow"] = int(engine.overflow_peak)
    k["sheltered_without_bed_peak"] = _without_bed_peak(engine)
    k.update(_relief(engine))
    k.update(transfer_kpis(engine, pop.left_in_danger(now)))
    stockouts = [st.stockout_at for s in engine.shelters for st in s.stocks.values() if st.stockout_at is not None]
    k["first_stockout_h"] = min(stockouts, default=math.inf)
    for name in engine.scenario.relief.items:
        k[f"unmet_person_hours_{name}"] = float(sum(s.stocks[name].unmet_person_hours for s in engine.shelters))
    k["onset_h"] = engine.onset
    for state in SERIES_STATES:
        k[f"end_{state}"] = int(engine.counts[state])
    return k


def _without_bed_peak(engine):
    """Most people at once (on the series grid, and now) registered in a shelter beyond its
    folding beds: they sleep on mats or the floor."""
    beds = np.array([s.spec.beds for s in engine.shelters], dtype=np.int64)
    rows = np.array(engine.recorder.occupancy + [[s.occupancy for s in engine.shelters]], dtype=np.int64)
    return int(np.maximum(rows - beds, 0).sum(axis=1).max())


def _peak_total(engine):
    rec = engine.recorder
    return max((sum(row) for row in rec.occupancy), default=0)


def _ete(engine):
    """Evacuation time estimates: hours from the first order until 50/90/100 % had arrived."""
    arrivals = np.array(engine.arrivals, dtype=float).reshape(-1, 2)
    out = {}
    for share in (50, 90, 100):
        out[f"ete_{share}_h"] = _weighted_quantile(arrivals[:, 0], arrivals[:, 1], share / 100) - engine.first_order_at \
            if len(arrivals) else math.inf
    return out


def _relief(engine):
    onset, relief, now = engine.onset, engine.scenario.relief, engine.env.now
    pop = engine.population
    public, left = pop.to_shelters(now), pop.left_in_danger(now)
    needing = float(pop.size[public | left].sum())
    log = np.array(engine.secured_log, dtype=float).reshape(-1, 3)
    in_time = float(log[log[:, 0] <= engine.deadline + SAME_MOMENT_H, 2].sum())  # as Shelter counts them
    cut = float(sum(c[3] for c in engine.cut_offs))
    # people who went back home from a shelter are no longer secured (nor cut off) there
    in_time = max(in_time - engine.returned_in_time - engine.exposed_in_time, 0.0)  # nor those left in danger
    cut = max(cut - (engine.returned_in_time - engine.returned_kept), 0.0)
    waiting = [g for s in engine.shelters for g in s.waiting] + [g for g in engine.in_transit.values() if g[1] > 0]
    waiting = np.array(waiting, dtype=float).reshape(-1, 2)
    unsecured = float(waiting[:, 1].sum())
    # evacuees not secured yet: never in time; their time so far is a lower bound
    times = np.concatenate([np.maximum(log[:, 0] - onset, 0.0), np.full(len(waiting), max(now - onset, 0.0))])
    weights = np.concatenate([log[:, 2], waiting[:, 1]])
    # nobody needing relief is nothing to judge: the shares of nobody are undefined (NaN)
    secured_share = in_time / needing if needing > 0 else math.nan
    kept_share = max(in_time - cut, 0.0) / needing if needing > 0 else math.nan
    return {
        "people_displaced": int(pop.size[public & ~left].sum()),  # the rest of the relief population
        "people_left_in_danger": int(pop.size[left].sum()),
        "people_needing_relief": int(round(needing)),
        "relief_secured_share": secured_share,
        "relief_kept_share": kept_share,
        "relief_target_met": bool(needing > 0 and kept_share >= relief.target_share - NOTHING),
        "relief_judged": bool(needing > 0),
        "relief_cut_off": int(round(cut)),
        "relief_p90_h": _weighted_quantile(times, weights, 0.9) if weights.sum() > 0 else 0.0,
        "relief_max_h": float(times[weights > 0].max()) if weights.sum() > 0 else 0.0,
        "relief_unsecured_at_end": int(round(unsecured)),
    }


def relief_state(engine):
    """Where the people not yet secured are now: in shelters lacking an item, in overflow
    (per township), or elsewhere on their way."""
    lacking = []
    exposed = dict(engine.exposed)  # left in danger at their peak first: counted under left_in_danger only
    for s in engine.shelters:
        persons = 0.0
        for departed, n in s.waiting:
            mine = min(n, exposed.get(departed, 0.0))
            exposed[departed] = exposed.get(departed, 0.0) - mine
            persons += n - mine
        if persons > NOTHING:
            lacking.append((s.id, s.missing_item(), persons))
    return {
        "t": engine.env.now,
        "no_first_ration": lacking,
        "no_place": {k: v for k, v in engine.overflow_at.items() if v > 0},
        "at_door": {s.id: s.queued for s in engine.shelters if s.queued > 0},
        # (people left in danger at their peak who are on their way only now count under left_in_danger)
        "in_transit": float(sum(g[1] for key, g in engine.in_transit.items() if g[1] > 0 and not _exposed(engine, key, g))),
    }


def _exposed(engine, key, group):
    """True if the group on its way (a cohort, or people moved out of a flooded shelter) was
    left in danger at its peak first."""
    if isinstance(key, tuple):
        return engine.exposed.get(group[0], 0.0) > 0
    return bool(engine.population.in_danger[key])


def build_verdict(engine, kpis):
    """PASS or FAIL with the reasons, each with its figure and where it happened."""
    names = _names(engine.scenario)
    state = engine.at_deadline or relief_state(engine)
    reasons = []

    def add(code, people, **fields):
        if people >= 0.5:
            reasons.append(Reason(code, int(round(people)), names=names, **fields))

    zones = engine.scenario.zones
    pop = engine.population
    mask = pop.left_in_danger(engine.env.now)
    left = np.bincount(pop.zone[mask], weights=pop.size[mask], minlength=len(zones))
    add("left_in_danger", left.sum(), where=_by_size({zones[z].id: left[z] for z in range(len(zones))}),
        whys=largest_whys(engine, mask, [z.id for z in zones]))
    add("no_place", sum(state["no_place"].values()), where=_by_size(state["no_place"]))
    late = float(sum(d[1] for d in engine.departures if d[2] and d[0] > engine.deadline + SAME_MOMENT_H))
    late -= float(sum(n for t, n in engine.exposed_log if t > engine.deadline + SAME_MOMENT_H))  # counted as left in danger
    add("not_arrived", state["in_transit"] - sum(state["no_place"].values()) + late, where=_by_size(state["at_door"]))
    items = {}
    for sid, item, persons in state["no_first_ration"]:
        items.setdefault(item, {})[sid] = items.get(item, {}).get(sid, 0.0) + persons
    for item, where in items.items():
        add("no_first_ration", sum(where.values()), where=_by_size(where), item=item)
    cuts = {}
    for t, sid, item, persons in engine.cut_offs:
        first, people = cuts.get((sid, item), (t, 0.0))
        cuts[(sid, item)] = (min(first, t), people + persons)
    gone = dict(engine.cut_gone)  # cut off, then went back home: they count under left_in_danger
    for key in sorted(cuts, key=lambda k: -cuts[k][1]):
        less = min(gone.get(key[0], 0.0), cuts[key][1])
        cuts[key], gone[key[0]] = (cuts[key][0], cuts[key][1] - less), gone.get(key[0], 0.0) - less
    for (sid, item), (t, people) in sorted(cuts.items(), key=lambda kv: (-kv[1][1], kv[0])):
        stock = engine.shelter_by_id[sid].stocks.get(item)
        add("cut_off", people, where=(sid,), item=item, t=float(t),
            person_hours=float(stock.unmet_person_hours) if stock is not None else None)
    return Verdict(bool(kpis["relief_target_met"]), kpis["relief_kept_share"], engine.scenario.relief.target_share,
                   kpis["people_needing_relief"], tuple(reasons), engine.scenario.relief.target,
                   judged=kpis["relief_judged"])


def _by_size(counts):
    """Keys with a count of at least half a person, the largest first."""
    return tuple(k for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if v >= 0.5)


def _names(scenario):
    """id -> (zh name, en name) of zones, shelters and townships."""
    out = {t.id: (t.name_zh, t.name) for t in scenario.townships}
    out.update({z.id: (z.name_zh, z.name) for z in scenario.zones})
    out.update({s.id: (s.name_zh, s.name) for s in scenario.shelters})
    return out


def _weighted_quantile(values, weights, q):
    """The smallest value at or below which a share *q* of the weight lies."""
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order])
    if cum[-1] <= 0:
        return 0.0
    pos = int(np.searchsorted(cum, q * cum[-1] - NOTHING))
    return float(values[order][min(pos, len(order) - 1)])
