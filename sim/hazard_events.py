"""Wire the hazard into the model: closures, flooded shelters, power cuts, signals, danger.

Every threshold crossing is found from the hazard's series when the engine is built
and scheduled as an event at its exact time; nothing is polled.
"""
import math

import numpy as np


def arm_hazard(engine):
    """Schedule every hazard-driven event of the run."""
    hazard, spec = engine.hazard, engine.scenario
    limits = spec.hazard.thresholds
    node_zone = {n.id: n.zone for n in spec.nodes}
    for road, edge in enumerate(spec.edges):
        zone = edge.zone or node_zone.get(edge.from_)
        if zone is None:
            continue
        depth = limits.road_closure_depth_m if edge.closes_at_depth_m is None else edge.closes_at_depth_m
        _spans(engine, _intervals(engine, zone, "depth_m", depth), lambda closed, r=road: engine.set_road(r, "flood", closed))
        if edge.closes_at_wind_ms is not None:
            _spans(engine, _intervals(engine, zone, "wind_ms", edge.closes_at_wind_ms),
                   lambda closed, r=road: engine.set_road(r, "wind", closed))
    for shelter in engine.shelters:
        zone = shelter.spec.zone
        if zone is None:
            continue
        depth = limits.shelter_unusable_depth_m if shelter.spec.unusable_at_depth_m is None else shelter.spec.unusable_at_depth_m
        _spans(engine, _intervals(engine, zone, "depth_m", depth), lambda bad, s=shelter: s.set_usable(not bad))
        _spans(engine, _intervals(engine, zone, "wind_ms", spec.relief.power_out_wind_ms),
               lambda out, s=shelter: _power(engine, s, not out))
    for signal in hazard.signals:
        _at(engine, signal.t, lambda s=signal: engine.log("signal", signal_kind=s.kind, level=s.level))
    for callup in hazard.callups:
        _at(engine, callup.t, lambda c=callup: engine.log("callup", lead=c.lead))
    _at(engine, engine.onset, lambda: engine.log("onset"))
    engine.in_danger = {}
    for z, zone in enumerate(spec.zones):
        wind_limit = limits.danger_wind_ms if zone.wind_exposed else None
        for quantity, limit in (("depth_m", limits.danger_depth_m), ("wind_ms", wind_limit)):
            if limit is not None and hazard.peak(zone.id, quantity) >= limit:
                _at(engine, hazard.peak_time(zone.id, quantity), lambda z=z: _count_danger(engine, z))


def _intervals(engine, zone, quantity, threshold):
    """The hazard's spans of *quantity* at or above *threshold* in *zone*, found once per scenario."""
    key = (zone, quantity, threshold)
    found = engine.template.intervals.get(key)
    if found is None:
        found = engine.template.intervals[key] = engine.hazard.intervals(zone, quantity, threshold)
    return found


def _spans(engine, spans, switch):
    for start, end in spans:
        _at(engine, start, lambda: switch(True))
        if math.isfinite(end):
            _at(engine, end, lambda: switch(False))


def _at(engine, t, action):
    if t <= engine.horizon:
        engine.env.timeout(max(t - engine.env.now, 0.0)).callbacks.append(lambda _e: action())


def _power(engine, shelter, on):
    shelter.mains_power = on
    engine.log("power_restored" if on else "power_cut", shelter=shelter.id, generator=shelter.generator_ok)


def _count_danger(engine, z):
    """People still at home in zone *z* at its hazard peak."""
    zone = engine.scenario.zones[z].id
    engine.in_danger[zone] = max(engine.in_danger.get(zone, 0), int(engine.zone_home[z]))
    pop = engine.population
    idx = pop.zone_cohorts[z]
    home = idx[~np.isfinite(pop.departed_at[idx])]
    pop.in_danger[home] = True
    engine.transfer.count_danger(z, home)  # why each of them is still at home
