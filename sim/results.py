"""Results of a run: KPIs (a flat dict of named numbers), series on a fixed grid, events.

The 10-hour KPIs measure each displaced person's *time to secured*: from the onset to
the first moment they had a place, bedding, water and food (0 if before the onset); the
target is met for those secured by onset + target. People displaced but not secured by
the end of the run are never in time; they enter the percentiles with the time elapsed
until then (a lower bound) and are counted in ``relief_unsecured_at_end``.
"""
import math
from dataclasses import dataclass

import numpy as np

SERIES_STATES = ("home", "moving", "queued", "sheltered", "relatives", "overflow")


@dataclass(frozen=True)
class RunResult:
    """KPIs, time series (numpy arrays on a fixed grid, key ``t`` in hours) and events."""

    kpis: dict
    series: dict
    events: tuple


class Recorder:
    """Samples the state on the scenario's fixed grid (``series_step`` hours)."""

    def __init__(self, engine):
        self.engine = engine
        step = engine.scenario.spec.series_step
        grid = np.arange(0.0, engine.horizon + step / 2, step)
        self.t = grid[grid <= engine.horizon + 1e-9]
        self.rows = []
        self.occupancy = []
        self.stock = []
        self.secured = []
        engine.env.process(self._run())

    def _run(self):
        env = self.engine.env
        while len(self.rows) < len(self.t):
            t = self.t[len(self.rows)]
            if t > env.now:
                yield env.timeout(t - env.now)
            self.catch_up()

    def catch_up(self):
        """Sample every grid point up to now; a run stops before the events at its last
        moment, so the point at the horizon is taken here when the results are asked for."""
        now = self.engine.env.now
        while len(self.rows) < len(self.t) and self.t[len(self.rows)] <= now + 1e-9:
            self._sample(self.t[len(self.rows)])

    def _sample(self, t):
        e = self.engine
        self.rows.append([e.counts[s] for s in SERIES_STATES])
        self.occupancy.append([s.occupancy for s in e.shelters])
        self.stock.append([[s.stocks[name].level(t) for s in e.shelters] for name in e.scenario.relief.items])
        self.secured.append(sum(s.secured for s in e.shelters))

    def series(self):
        """Arrays over the grid points sampled so far."""
        n = len(self.rows)
        rows = np.array(self.rows, dtype=np.int64).reshape(n, len(SERIES_STATES))
        out = {"t": self.t[:n].copy()}
        for k, name in enumerate(SERIES_STATES):
            out[name] = rows[:, k]
        out["secured"] = np.array(self.secured, dtype=float)
        out["shelter_ids"] = tuple(s.id for s in self.engine.shelters)
        out["occupancy"] = np.array(self.occupancy, dtype=np.int64).reshape(n, -1).T
        items = tuple(self.engine.scenario.relief.items)
        out["items"] = items
        out["stock"] = np.array(self.stock, dtype=float).reshape(n, len(items), -1).transpose(1, 2, 0)
        return out


def compute_kpis(engine):
    """The flat KPI dict of the run so far (see docs/model.md for each definition)."""
    now, pop = engine.env.now, engine.population
    k = {}
    k["population"] = int(pop.size.sum())
    k["people_warned"] = int(pop.size[pop.warned_at <= now].sum())
    k["people_ordered"] = int(pop.size[pop.received_order].sum())
    departures = np.array(engine.departures, dtype=float).reshape(-1, 3)
    k["people_evacuated"] = int(departures[:, 1].sum())
    k["people_to_shelters"] = int(departures[departures[:, 2] > 0, 1].sum())
    k["people_in_danger_at_peak"] = int(sum(engine.in_danger.values()))
    k["people_relocated"] = int(engine.relocated)
    k.update(_ete(engine))
    k["shelter_peak_occupancy"] = int(max(_peak_total(engine), engine.counts["sheltered"]))
    k["shelter_peak_share"] = max((s.peak / s.capacity for s in engine.shelters if s.capacity), default=0.0)
    k["shelter_overflow"] = int(engine.overflow_peak)
    k["sheltered_without_bed_peak"] = _without_bed_peak(engine)
    k.update(_relief(engine, departures))
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


def _relief(engine, departures):
    onset, target, now = engine.onset, engine.scenario.relief.target, engine.env.now
    log = np.array(engine.secured_log, dtype=float).reshape(-1, 3)
    times = np.maximum(log[:, 0] - onset, 0.0)  # h after the onset, 0 if secured before it
    weights = log[:, 2]
    in_time = float(weights[times <= target + 1e-9].sum())  # secured by onset + target
    public = departures[departures[:, 2] > 0]
    displaced = float(public[:, 1].sum())
    waiting = [g for s in engine.shelters for g in s.waiting] + [g for g in engine.in_transit.values() if g[1] > 0]
    waiting = np.array(waiting, dtype=float).reshape(-1, 2)
    unsecured = float(waiting[:, 1].sum())
    # not secured yet: never in time; their time so far is a lower bound for the percentiles
    times = np.concatenate([times, np.full(len(waiting), max(now - onset, 0.0))])
    weights = np.concatenate([weights, waiting[:, 1]])
    share = in_time / displaced if displaced > 0 else 1.0
    return {
        "people_displaced": int(round(displaced)),
        "relief_secured_share": share,
        "relief_target_met": bool(share >= engine.scenario.relief.target_share - 1e-9),
        "relief_p90_h": _weighted_quantile(times, weights, 0.9) if len(times) else 0.0,
        "relief_max_h": float(times.max()) if len(times) else 0.0,
        "relief_unsecured_at_end": int(round(unsecured)),
    }


def _weighted_quantile(values, weights, q):
    """The smallest value at or below which a share *q* of the weight lies."""
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order])
    if cum[-1] <= 0:
        return 0.0
    pos = int(np.searchsorted(cum, q * cum[-1] - 1e-9))
    return float(values[order][min(pos, len(order) - 1)])
