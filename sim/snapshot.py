"""Snapshots: a plain, immutable picture of the model at one moment.

The viewer draws only from snapshots and the exercise runner reads them; neither
reaches into SimPy objects. Positions are in km on the scenario's map.
"""
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np


class StockLevel(NamedTuple):
    """How much of one relief item a shelter or depot holds now."""

    item: str
    units: float  # in the item's model unit (L of water, day rations, sets, kits)


class Cover(NamedTuple):
    """How long one item lasts at a shelter's present occupancy."""

    item: str
    hours: float  # h of use left; inf when nobody uses it


class SignalLevel(NamedTuple):
    """The warning signal of one hazard in force now."""

    kind: str  # "typhoon" or "rainstorm"
    level: str  # blue / yellow / orange / red, or "none"


class Count(NamedTuple):
    """How many people are in one state (home, moving, queued, sheltered, relatives, overflow)."""

    state: str
    persons: int


@dataclass(frozen=True)
class ZoneView:
    id: str
    depth_m: float
    wind_ms: float
    rain_mm_h: float
    population: int
    at_home: int
    warned: int


@dataclass(frozen=True)
class ShelterView:
    id: str
    state: str  # closed / opening / open
    usable: bool
    powered: bool
    capacity: int
    occupancy: int
    queued: int
    secured: float
    stock: tuple  # (StockLevel, ...)
    cover_h: tuple  # (Cover, ...): hours of use left at present occupancy, inf if none used


@dataclass(frozen=True)
class DepotView:
    id: str
    stock: tuple  # (StockLevel, ...)


@dataclass(frozen=True)
class Mover:
    """A cohort or a truck on a road: position (km), persons (0 for a truck)."""

    x_km: float
    y_km: float
    persons: int
    kind: str  # "cohort" or "truck"


@dataclass(frozen=True)
class Snapshot:
    t: float  # h since the start
    onset_h: float
    deadline_h: float  # onset + relief target
    signals: tuple  # (SignalLevel, ...) in force now
    response_level: str | None
    counts: tuple  # (Count, ...) adding up to the population
    secured: float
    left_in_danger: int  # persons at home at their zone's dangerous peak so far, never left for a shelter
    zones: tuple
    shelters: tuple
    depots: tuple
    closed_roads: tuple
    movers: tuple
    transfer_due: int = 0  # persons on the transfer list (应转移), sim/transfer.py
    transferred: int = 0  # of them, persons who have left home at least once by now (已转移)
    forced: int = 0  # persons a forced transfer (强制转移) has taken on so far
    returned: int = 0  # persons who went back home before the order was lifted (回流) so far

    def count(self, state):
        return dict(self.counts)[state]


def take_snapshot(engine):
    """The Snapshot of *engine* now."""
    t, hz, pop = engine.env.now, engine.hazard, engine.population
    zones = []
    warned = np.bincount(pop.zone, weights=np.where(pop.warned_at <= t, pop.size, 0), minlength=len(engine.zone_index))
    for z, spec in enumerate(engine.scenario.zones):
        depth, wind, rain = hz.at(spec.id, t)
        zones.append(ZoneView(spec.id, depth, wind, rain, spec.population, int(engine.zone_home[z]), int(warned[z])))
    shelters = tuple(_shelter(s, t) for s in engine.shelters)
    depots = tuple(DepotView(d.id, tuple(StockLevel(*kv) for kv in d.stock.items())) for d in engine.depots)
    kinds = ("typhoon", "rainstorm")
    return Snapshot(
        t=t, onset_h=engine.onset, deadline_h=engine.deadline,
        signals=tuple(SignalLevel(k, hz.level_at(k, t)) for k in kinds),
        response_level=engine.response_level,
        counts=tuple(Count(*kv) for kv in engine.counts.items()),
        secured=sum(s.secured for s in engine.shelters),
        left_in_danger=int(pop.size[pop.left_in_danger(t)].sum()),
        zones=tuple(zones), shelters=shelters, depots=depots,
        closed_roads=engine.network.closed_roads(),
        movers=_movers(engine, t),
        transfer_due=int(pop.size[pop.due].sum()),
        transferred=int(pop.size[pop.due & (pop.first_departed_at <= t)].sum()),
        forced=int(pop.size[pop.forced_at <= t].sum()),
        returned=int(pop.size[pop.returned_at <= t].sum()),
    )


def _shelter(s, t):
    stock = tuple(StockLevel(name, st.level(t)) for name, st in s.stocks.items())
    cover = tuple(Cover(name, st.cover_hours(t)) for name, st in s.stocks.items())
    return ShelterView(s.id, s.state, s.usable, s.powered, s.capacity, s.occupancy, s.queued, s.secured, stock, cover)


def _movers(engine, t):
    """Cohorts and trucks on roads, placed along their road (and its drawn shape) by the share of it covered."""
    net = engine.network
    entries = [(e[0], e[1], e[2], e[3], "cohort") for e in engine.on_roads.values()]
    entries += [(e[0], e[1], e[2], 0, "truck") for e in engine.trucks_on_roads.values()]
    if not entries:
        return ()
    arc = np.array([e[0] for e in entries], dtype=np.int64)
    t0 = np.array([e[1] for e in entries], dtype=float)
    t1 = np.array([e[2] for e in entries], dtype=float)
    span = t1 - t0
    share = np.where(span > 0, np.clip((t - t0) / np.where(span > 0, span, 1.0), 0.0, 1.0), 1.0)
    a, b = net.xy[net.tail[arc]], net.xy[net.head[arc]]
    xy = a + (b - a) * share[:, None]
    if net.shapes:  # roads drawn with intermediate points: follow them
        for k in np.flatnonzero(np.isin(net.road[arc], list(net.shapes))):
            xy[k] = net.along(arc[k], share[k])
    xy = xy.tolist()
    return tuple(Mover(x, y, int(e[3]), e[4]) for (x, y), e in zip(xy, entries))
