"""The map for the web projector (and the console): the scenario's geometry once, the
model's state with every change.

``geometry(scenario)`` is sent with the welcome: zones, shelters, depots (positions in km)
and roads (their points in km), with names in both languages. ``layer(snapshot)`` is part of
the state: each zone's flood depth, wind and people at home; each shelter's state, occupancy
and stock; the closed roads; and the moving people and trucks, at most MOVERS_MAX dots
(the largest groups), positions rounded to 10 m. The page draws them as SVG.
"""
from .words import both

MOVERS_MAX = 300
"""Moving dots sent to the map at most (cohorts of people and trucks, the largest first)."""


def _name(spec):
    return both(lambda _: _.name(spec))


def geometry(scenario):
    """The map's fixed part: {"bounds": [x0, y0, x1, y1], "zones", "shelters", "depots", "roads"} in km."""
    nodes = {n.id: (n.x_km, n.y_km) for n in scenario.nodes}
    roads = []
    for e in scenario.edges:
        if e.from_ in nodes and e.to in nodes:
            points = [nodes[e.from_], *[tuple(p) for p in e.via], nodes[e.to]]
            roads.append({"id": e.id, "name": _name(e), "points": [[round(x, 3), round(y, 3)] for x, y in points]})
    zones = [{"id": z.id, "name": _name(z), "x": z.x_km, "y": z.y_km, "population": z.population} for z in scenario.zones]
    shelters = [{"id": s.id, "name": _name(s), "x": s.x_km, "y": s.y_km, "grade": s.grade, "capacity": s.capacity}
                for s in scenario.shelters]
    depots = [{"id": d.id, "name": _name(d), "x": d.x_km, "y": d.y_km} for d in scenario.depots]
    xs = [p[0] for r in roads for p in r["points"]] + [p["x"] for p in zones + shelters + depots]
    ys = [p[1] for r in roads for p in r["points"]] + [p["y"] for p in zones + shelters + depots]
    bounds = [min(xs), min(ys), max(xs), max(ys)] if xs else [0, 0, 1, 1]
    return {"bounds": [round(b, 3) for b in bounds], "zones": zones, "shelters": shelters, "depots": depots,
            "roads": roads}


def layer(snapshot):
    """The map's changing part, from a sim Snapshot."""
    movers = sorted(snapshot.movers, key=lambda m: -m.persons)[:MOVERS_MAX]
    return {
        "zones": {z.id: {"depth_m": round(z.depth_m, 2), "wind_ms": round(z.wind_ms, 1), "at_home": int(z.at_home),
                         "population": int(z.population)} for z in snapshot.zones},
        "shelters": {s.id: {"state": s.state, "usable": s.usable, "occupancy": int(s.occupancy),
                            "capacity": int(s.capacity), "stock": {k: round(v) for k, v in s.stock}}
                     for s in snapshot.shelters},
        "closed": list(snapshot.closed_roads),
        "movers": [[round(m.x_km, 2), round(m.y_km, 2), int(m.persons), m.kind] for m in movers],
    }
