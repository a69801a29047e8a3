"""Townships (镇 / 街道) as the map and the feed sum them: which zones, shelters and roads
belong to each, their display names, and a per-township summary of a snapshot.

A zone, shelter or depot names its township by id; a road belongs to the township of its
``zone`` (or of its ``from`` node's zone). The names come from the scenario's
``townships`` list, else the id is shown.
"""
from dataclasses import dataclass

import numpy as np

from .looks import stock_state


@dataclass(frozen=True)
class TownshipSummary:
    """One township at one moment: people in its shelters, roads closed, shelters out of stock."""

    occupancy: int
    capacity: int
    queued: int
    closed: int
    out: tuple  # indices of its shelters out of stock (or under the low-cover mark)


class Townships:
    """The scenario's townships, in order of first appearance, with their members."""

    def __init__(self, scenario, t):
        ids = []
        for group in (scenario.zones, scenario.shelters, scenario.depots):
            for spec in group:
                if spec.township and spec.township not in ids:
                    ids.append(spec.township)
        self.ids = tuple(ids)
        self.index = {tid: i for i, tid in enumerate(ids)}
        named = getattr(scenario, "township", {})
        self.names = tuple(t.name(named[tid]) if tid in named else tid for tid in ids)
        self.shelters = [[] for _ in ids]
        for i, s in enumerate(scenario.shelters):
            if s.township:
                self.shelters[self.index[s.township]].append(i)
        zone_town = {z.id: z.township for z in scenario.zones}
        node_zone = {n.id: n.zone for n in scenario.nodes}
        self.road = {}
        """road id -> township index (roads whose zone has a township)"""
        for e in scenario.edges:
            town = zone_town.get(e.zone or node_zone.get(e.from_))
            if town in self.index:
                self.road[e.id] = self.index[town]
        zones = [[(z.x_km, z.y_km) for z in scenario.zones if z.township == tid] for tid in ids]
        self.centre = np.array([np.mean(zs, axis=0) if zs else (0.0, 0.0) for zs in zones], dtype=float).reshape(-1, 2)
        """centre (km) of each township's zones"""

    def __len__(self):
        return len(self.ids)

    def of(self, spec_or_id):
        """Index of the township of a spec (zone, shelter, depot) or road id, or None."""
        if isinstance(spec_or_id, str):
            return self.road.get(spec_or_id)
        return self.index.get(getattr(spec_or_id, "township", ""))

    def summary(self, snap, low_h, ok_h):
        """A TownshipSummary per township for *snap*."""
        closed = [0] * len(self.ids)
        for road in snap.closed_roads:
            i = self.road.get(road)
            if i is not None:
                closed[i] += 1
        out = []
        for i, members in enumerate(self.shelters):
            views = [snap.shelters[j] for j in members]
            bad = tuple(j for j in members if stock_state(snap.shelters[j], low_h, ok_h) == "stock_out"
                        and snap.shelters[j].occupancy > 0)
            out.append(TownshipSummary(sum(v.occupancy for v in views), sum(v.capacity for v in views),
                                       sum(v.queued for v in views), closed[i], bad))
        return out
