"""The road network of an imported scenario: straight lines with a detour factor, or a roads file.

Without a roads file each zone is joined to its :data:`NEAREST_SHELTERS` nearest shelters,
and all places are joined by a minimum spanning tree (so every shelter can be reached and
resupplied), each edge as long as the straight line times the detour factor. With a roads
file, LineStrings are split where they share a vertex with another line (junctions) and at
their ends; each piece is an edge as long as its projected polyline, and keeps the polyline's
inner points as ``via`` so that the map draws it along its shape. Every zone and shelter
snaps to the nearest point on a road, which becomes a node (the road is split there).
All positions are map km (see projection.py).
"""
import math
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components, dijkstra, minimum_spanning_tree

from . import values
from .columns import ROAD_NAME_KEYS, ROAD_SPEED_KEYS
from .geojson import lines_of, read_features
from .projection import DETOUR_FACTOR
from .words import N_, Unreadable

NEAREST_SHELTERS = 3
"""Without a roads file, each zone gets a direct road to this many nearest shelters."""
MIN_EDGE_KM = 0.01
"""Shortest edge written (km); places at the same spot are joined by a 10 m edge."""
SNAP_NOTE_KM = 0.5
"""Report a zone or shelter that lies farther than this from the nearest road (km)."""
SPEED_KEYS, NAME_KEYS = ROAD_SPEED_KEYS, ROAD_NAME_KEYS


@dataclass
class RoadMap:
    """Nodes ``[(id, x, y)]``, edges ``[dict]`` (scenario form), the node of each place, notes
    (words.Unreadable: said in the user's language by the importer)."""

    nodes: list = field(default_factory=list)
    edges: list = field(default_factory=list)
    node_of: dict = field(default_factory=dict)  # place id -> node id
    notes: list = field(default_factory=list)

    def distances(self, sources, targets):
        """Road km from each node of *sources* to each of *targets* (inf if unreachable)."""
        index = {nid: i for i, (nid, _, _) in enumerate(self.nodes)}
        n = len(index)
        rows = [index[e["from"]] for e in self.edges]
        cols = [index[e["to"]] for e in self.edges]
        graph = coo_matrix(([e["length_km"] for e in self.edges], (rows, cols)), shape=(n, n)).tocsr()
        dist = dijkstra(graph, directed=False, indices=[index[s] for s in sources])
        return dist[:, [index[t] for t in targets]].reshape(len(sources), len(targets))


def _edge(number, a, b, length_km, **extra):
    return {"id": f"R{number}", "from": a, "to": b, "length_km": round(float(max(length_km, MIN_EDGE_KM)), 3), **extra}


def straight_network(zones, shelters, detour=DETOUR_FACTOR):
    """Direct roads for *zones* and *shelters*, each ``(id, x_km, y_km)``."""
    places = list(zones) + list(shelters)
    net = RoadMap(nodes=[(f"N{pid}", x, y) for pid, x, y in places])
    net.node_of = {pid: f"N{pid}" for pid, _, _ in places}
    xy = np.array([(x, y) for _, x, y in places], dtype=float)
    dist = np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])
    pairs = set()
    nz = len(zones)
    for i in range(nz):
        for j in np.argsort(dist[i, nz:], kind="stable")[:NEAREST_SHELTERS]:
            pairs.add((i, nz + int(j)))
    tree = minimum_spanning_tree(np.maximum(dist, 1e-9) * (1 - np.eye(len(places)))).tocoo()
    pairs.update((min(i, j), max(i, j)) for i, j in zip(tree.row, tree.col))
    for k, (i, j) in enumerate(sorted(pairs), start=1):
        net.edges.append(_edge(k, net.nodes[i][0], net.nodes[j][0], dist[i, j] * detour))
    return net


def _properties_value(props, keys):
    for key in props:
        if values.clean(key).lower() in keys and props[key] not in (None, ""):
            return props[key]
    return None


def read_roads(path, collector):
    """Lines of a roads GeoJSON as ``[(feature number, name, speed or None, [[(lon, lat), ...], ...])]``."""
    file = str(path)
    features = read_features(path, collector, N_("road"))
    if features is None:
        return []
    roads = []
    for number, props, geometry in features:
        try:
            lines = lines_of(geometry)
        except ValueError as exc:
            collector.add(file, number, "geometry", exc, feature=True)
            continue
        speed = _properties_value(props, SPEED_KEYS)
        if speed is not None:
            try:
                speed = values.number(str(speed).lower().removesuffix("km/h").strip())
                if not 0 < speed <= 200:
                    raise Unreadable(N_("{speed:g} km/h is not a road speed (0 to 200)"), speed=speed)
            except ValueError as exc:
                collector.add(file, number, "speed_kmh", exc, feature=True)
                continue
        name = _properties_value(props, NAME_KEYS)
        roads.append((number, "" if name is None else str(name), speed, lines))
    return roads


def _vertex_key(x, y):
    return (round(x, 4), round(y, 4))  # 0.1 m on the map


def _length(pts):
    return sum(math.hypot(x1 - x0, y1 - y0) for (x0, y0), (x1, y1) in zip(pts, pts[1:]))


def project_roads(roads, proj):
    """*roads* from :func:`read_roads` with every position projected to map km by *proj*."""
    return [(number, name, speed, [[proj.xy(lon, lat) for lon, lat in line] for line in lines])
            for number, name, speed, lines in roads]


def roads_network(roads, zones, shelters):
    """A network from projected *roads* (:func:`project_roads`), *zones* and *shelters* snapped onto it."""
    uses = {}
    for _, _, _, lines in roads:
        for line in lines:
            for k, (x, y) in enumerate(line):
                key = _vertex_key(x, y)
                uses[key] = uses.get(key, 0) + (2 if k in (0, len(line) - 1) else 1)
    net, ids, pieces = RoadMap(), {}, []

    def node(x, y):
        key = _vertex_key(x, y)
        if key not in ids:
            ids[key] = f"N{len(ids) + 1}"
            net.nodes.append((ids[key], key[0], key[1]))
        return ids[key]

    for _, name, speed, lines in roads:
        extra = {"name": name} if name else {}
        if speed is not None:
            extra["speed_kmh"] = speed
        for line in lines:
            start, pts = node(*line[0]), [line[0]]
            for x, y in line[1:]:
                pts.append((x, y))
                if uses[_vertex_key(x, y)] >= 2:
                    end = node(x, y)
                    if end != start and _length(pts) > 0:
                        pieces.append([start, end, pts, extra])
                    start, pts = end, [(x, y)]
    if not pieces:
        return net
    places = list(zones) + list(shelters)
    cuts = _cuts(pieces, places, net)
    out = []
    for i, piece in enumerate(pieces):
        out += _split(piece, sorted(cuts.get(i, [])), node, net.node_of)
    net.edges = [_edge(k, a, b, _length(pts), **extra, **_via(pts)) for k, (a, b, pts, extra) in enumerate(out, start=1)]
    return net


def _via(pts):
    """The road's inner points, for the map to draw it along its shape (``via``), or nothing."""
    inner = [[round(float(x), 3), round(float(y), 3)] for x, y in pts[1:-1]]
    return {"via": inner} if inner else {}


def _cuts(pieces, places, net):
    """Piece index -> [(km along it, segment, point, place id)]: where each place meets its nearest road."""
    seg = [(i, k, *p0, *p1) for i, (_, _, pts, _) in enumerate(pieces) for k, (p0, p1) in enumerate(zip(pts, pts[1:]))]
    piece, index, x0, y0, x1, y1 = (np.array(col) for col in zip(*seg))
    dx, dy = x1 - x0, y1 - y0
    seg_len = np.hypot(dx, dy)
    before = np.zeros(len(seg))  # length of the piece before each segment
    for j in range(1, len(seg)):
        if piece[j] == piece[j - 1]:
            before[j] = before[j - 1] + seg_len[j - 1]
    cuts = {}
    for pid, x, y in places:
        t = np.clip(((x - x0) * dx + (y - y0) * dy) / np.maximum(dx * dx + dy * dy, 1e-18), 0.0, 1.0)
        px, py = x0 + t * dx, y0 + t * dy
        d = np.hypot(px - x, py - y)
        j = int(np.argmin(d))
        if d[j] > SNAP_NOTE_KM:
            net.notes.append(Unreadable(N_("{place} is {km:.2f} km from the nearest road; check its position or the roads "
                                       "file"), place=pid, km=float(d[j])))
        point = (float(px[j]), float(py[j]))
        cuts.setdefault(int(piece[j]), []).append((float(before[j] + t[j] * seg_len[j]), int(index[j]), point, pid))
    return cuts


def _split(piece, cuts, node, node_of):
    """*piece* cut at *cuts* (sorted along it); each place's node goes into *node_of*."""
    a, b, pts, extra = piece
    total = _length(pts)
    out, start, current, last, vertex = [], a, [pts[0]], 0.0, 1
    for along, k, point, pid in cuts:
        if along < MIN_EDGE_KM:
            node_of[pid] = a
        elif total - along < MIN_EDGE_KM:
            node_of[pid] = b
        elif along - last < MIN_EDGE_KM:
            node_of[pid] = start
        else:
            while vertex <= k:
                current.append(pts[vertex])
                vertex += 1
            mid = node(*point)
            out.append([start, mid, current + [point], extra])
            node_of[pid], start, current, last = mid, mid, [point], along
    out.append([start, b, current + list(pts[vertex:]), extra])
    return out


def unreachable(net, zone_ids, shelter_ids):
    """Zone ids whose node shares no connected piece of road with any shelter's node."""
    index = {nid: i for i, (nid, _, _) in enumerate(net.nodes)}
    n = len(index)
    rows = [index[e["from"]] for e in net.edges]
    cols = [index[e["to"]] for e in net.edges]
    _, label = connected_components(coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n)), directed=False)
    reached = {label[index[net.node_of[s]]] for s in shelter_ids}
    return [z for z in zone_ids if label[index[net.node_of[z]]] not in reached]
