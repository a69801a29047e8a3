"""The road network at run time: travel times, closures and shortest open paths.

Roads are stored as directed arcs (two per two-way road). A closure closes both arcs
of a road. Shortest paths are computed with scipy's Dijkstra from a source node over
the arcs open at that moment and cached per source. A closure or reopening recomputes only
the trees it touches: a tree stays exact when the closed road carries none of its paths, or
when the reopened road would lengthen every path it could join (Dijkstra relaxes an arc only
when it is strictly shorter, so such an arc changes neither distances nor predecessors).
"""
import numpy as np

WALK = 0
DRIVE = 1


TREES_KEPT = 4096
"""Shortest-path trees a scenario's Roads keep for its replications (each about 16 bytes a node)."""


class Roads:
    """A road network's fixed parts: nodes, arcs, travel hours; and the shortest-path trees
    found so far for each state of the closures, shared by every run of the scenario."""

    def __init__(self, roads, walking_speed_kmh):
        self.node_ids = tuple(n.id for n in roads.nodes)
        self.node = {nid: i for i, nid in enumerate(self.node_ids)}
        self.xy = np.array([(n.x_km, n.y_km) for n in roads.nodes], dtype=float).reshape(-1, 2)
        self.edge_ids = tuple(e.id for e in roads.edges)
        self.edge = {eid: i for i, eid in enumerate(self.edge_ids)}
        tail, head, road, length, speed = [], [], [], [], []
        for i, e in enumerate(roads.edges):
            pairs = [(e.from_, e.to)] if e.oneway else [(e.from_, e.to), (e.to, e.from_)]
            for a, b in pairs:
                tail.append(self.node[a])
                head.append(self.node[b])
                road.append(i)
                length.append(e.length_km)
                speed.append(e.speed_kmh)
        self.tail = np.array(tail, dtype=np.int64)
        self.head = np.array(head, dtype=np.int64)
        self.road = np.array(road, dtype=np.int64)
        length = np.array(length, dtype=float)
        self.hours = np.vstack([length / walking_speed_kmh, length / np.array(speed, dtype=float)])
        self.trees = {}  # (closed roads, mode, source) -> (hours, predecessors)
        self._arcs = {}  # (tail, head) -> arcs between them (parallel roads are allowed)
        for arc, pair in enumerate(zip(tail, head)):
            self._arcs.setdefault(pair, []).append(arc)
        self._road_arcs = [[] for _ in roads.edges]
        for arc, r in enumerate(road):
            self._road_arcs[r].append(arc)
        self.shapes = {i: _shape(self.xy[self.node[e.from_]], e.via, self.xy[self.node[e.to]])
                       for i, e in enumerate(roads.edges) if e.via}
        """road index -> (points from 'from' to 'to', km; cumulative share of the drawn length at each)"""


class Network:
    """Nodes, arcs, which roads are closed, and shortest open paths by travel time (h), for
    one run; the fixed parts and the trees found so far are the scenario's Roads."""

    def __init__(self, roads):
        for name in ("node_ids", "node", "xy", "edge_ids", "edge", "tail", "head", "road", "hours", "shapes",
                     "_arcs", "_road_arcs"):
            setattr(self, name, getattr(roads, name))
        self._shared = roads.trees
        self.closed_by = [set() for _ in self.edge_ids]  # reasons a road is closed: "hazard", "action"
        self.version = 0
        self._closed = frozenset()  # roads closed now
        self._changes = []  # (road, closed) for each version after the first
        self._cache = {}  # (mode, source) -> [hours, predecessors, version]: a shortest-path tree over the open arcs
        self._graphs = {}  # mode -> sparse graph of the open arcs, rebuilt after a closure or reopening
        self._paths = {}  # (mode, source, target, version) -> arcs of path(): the same while no road opens or closes
        self.dijkstra_runs = 0

    def along(self, arc, share):
        """Position (km) at *share* (0-1) of the way along *arc*, following its road's drawn
        shape (``via``); a road without one is straight."""
        a, b = self.xy[self.tail[arc]], self.xy[self.head[arc]]
        shape = self.shapes.get(int(self.road[arc]))
        if shape is None:
            return a + (b - a) * share
        points, cum = shape
        if not np.array_equal(points[0], a):  # the arc runs 'to' -> 'from'
            share = 1.0 - share
        return np.array([np.interp(share, cum, points[:, 0]), np.interp(share, cum, points[:, 1])])

    def is_closed(self, road):
        """True while road index *road* is closed for any reason."""
        return bool(self.closed_by[road])

    def set_closed(self, road, reason, closed):
        """Close or reopen a road for *reason*; return True if its open/closed state changed."""
        before = self.is_closed(road)
        (self.closed_by[road].add if closed else self.closed_by[road].discard)(reason)
        changed = before != self.is_closed(road)
        if changed:
            self.version += 1
            self._changes.append((road, closed))
            self._closed = self._closed | {road} if closed else self._closed - {road}
            self._graphs.clear()
        return changed

    def closed_roads(self):
        """Ids of the roads closed now."""
        return tuple(self.edge_ids[i] for i, why in enumerate(self.closed_by) if why)

    def tree(self, mode, source):
        """(hours, predecessors) from node *source* to every node over open arcs."""
        key = (mode, source)
        found = self._cache.get(key)
        if found is not None and found[2] != self.version:
            if self._untouched(mode, found):
                found[2] = self.version
            else:
                found = None
        if found is None:
            state = (self._closed, mode, source)
            shared = self._shared.get(state)
            if shared is None:
                from scipy.sparse.csgraph import dijkstra

                shared = dijkstra(self._graph(mode), directed=True, indices=source, return_predecessors=True)
                for array in shared:
                    array.flags.writeable = False  # shared by every run of the scenario
                self.dijkstra_runs += 1
                if len(self._shared) >= TREES_KEPT:
                    self._shared.clear()
                self._shared[state] = shared
            found = self._cache[key] = [shared[0], shared[1], self.version]
        return found[0], found[1]

    def road_arcs(self, road):
        """The arcs of road index *road* as (tail node, head node) pairs."""
        return [(int(self.tail[arc]), int(self.head[arc])) for arc in self._road_arcs[road]]

    def _untouched(self, mode, found):
        """True if no closure or reopening since *found* was computed changes that tree."""
        hours, pred, version = found
        for road, closed in self._changes[version:]:
            for arc in self._road_arcs[road]:
                a, b = self.tail[arc], self.head[arc]
                if closed:
                    if pred[b] == a:  # a path of the tree ran along it
                        return False
                elif hours[a] < np.inf and hours[a] + max(self.hours[mode, arc], 1e-9) <= hours[b]:  # it may shorten a path
                    return False
        return True

    def _graph(self, mode):
        """The open arcs as a sparse matrix of travel hours, built once per state of the closures."""
        graph = self._graphs.get(mode)
        if graph is None:
            open_arc = np.array([not self.closed_by[r] for r in self.road], dtype=bool)
            n = len(self.node_ids)
            tail, head = self.tail[open_arc], self.head[open_arc]
            weights = np.maximum(self.hours[mode, open_arc], 1e-9)
            # parallel roads between the same two nodes: keep the fastest (a sparse matrix
            # built from pairs would add their times together)
            order = np.lexsort((weights, head, tail))
            tail, head, weights = tail[order], head[order], weights[order]
            first = np.ones(len(tail), dtype=bool)
            first[1:] = (tail[1:] != tail[:-1]) | (head[1:] != head[:-1])
            from scipy.sparse import csr_matrix  # imported when first needed: scipy.sparse takes ~0.1 s to import

            graph = csr_matrix((weights[first], (tail[first], head[first])), shape=(n, n))
            self._graphs[mode] = graph
        return graph

    def hours_to(self, mode, source, targets):
        """Travel hours from *source* to each node of *targets* (inf where unreachable)."""
        dist, _ = self.tree(mode, source)
        return dist[targets]

    def path(self, mode, source, target):
        """Arcs of the shortest open path from *source* to *target*, or None if cut off."""
        if source == target:
            return []
        key = (mode, source, target, self.version)
        if key not in self._paths:
            self._paths[key] = self._path(mode, source, target)
        arcs = self._paths[key]
        return None if arcs is None else list(arcs)

    def _path(self, mode, source, target):
        dist, pred = self.tree(mode, source)
        if not np.isfinite(dist[target]):
            return None
        nodes = [target]
        while nodes[-1] != source:
            nodes.append(int(pred[nodes[-1]]))
        nodes.reverse()
        return [self._best_arc(mode, a, b) for a, b in zip(nodes, nodes[1:])]

    def _best_arc(self, mode, a, b):
        arcs = [arc for arc in self._arcs[(a, b)] if self.arc_open(arc)]
        return min(arcs, key=lambda arc: self.hours[mode, arc])

    def arc_open(self, arc):
        """True if the road under *arc* is open."""
        return not self.closed_by[self.road[arc]]


def _shape(a, via, b):
    """A road's drawn points and the cumulative share of its drawn length at each point."""
    points = np.vstack([a, np.array(via, dtype=float).reshape(-1, 2), b])
    step = np.hypot(*np.diff(points, axis=0).T)
    cum = np.concatenate([[0.0], np.cumsum(step)])
    return points, cum / cum[-1] if cum[-1] > 0 else np.linspace(0.0, 1.0, len(points))
