"""The scenario mapping from the records, the projection and the network: what gets written.

Zones and shelters keep the registry's order (ids Z1.., S1..); the hazard, the depot D1 and
the plan are placeholders (hazard.py, plan.py, docs/import.md).
"""
import math

from sim.relief import default_items

from .gcj02 import CRS_NAMES
from .hazard import default_hazard
from .plan import default_plan
from .values import is_chinese
from .words import N_, pair

TIER_RANK = {"district": 0, "town": 1, "village": 2}
MAX_COHORTS = 2000
"""Cohorts the default cohort size aims at, at most (a run then takes about a second)."""
RESERVE_HOURS = 24.0
"""The placeholder depot holds this many hours of every item for the total shelter capacity."""


def _names(name):
    return {"name": name, "name_zh": name} if is_chinese(name) else {"name": name}


def _zone_dicts(zones, pts, net):
    out = []
    for z, (zid, x, y) in zip(zones, pts):
        d = {"id": zid, **_names(z.name), "population": z.population}
        if z.assisted is not None and z.population:
            d["assisted_share"] = round(z.assisted / z.population, 4)
        d.update(x_km=x, y_km=y, lon=z.lon, lat=z.lat, node=net.node_of[zid])
        if z.township:
            d["township"] = z.township
        out.append(d)
    return out


def _nearest(x, y, pts):
    return min(pts, key=lambda p: (math.hypot(p[1] - x, p[2] - y), p[0]))[0]


def _shelter_dicts(shelters, pts, zone_pts, net):
    out = []
    for s, (sid, x, y) in zip(shelters, pts):
        d = {"id": sid, **_names(s.name), "grade": s.grade, "tier": s.tier, "capacity": s.capacity, "beds": s.beds}
        if s.area_m2 is not None:
            d["area_m2"] = s.area_m2
        d["stock"] = {k: (int(v) if float(v).is_integer() else v) for k, v in s.stock.items()}
        d.update(x_km=x, y_km=y, lon=s.lon, lat=s.lat, node=net.node_of[sid], zone=_nearest(x, y, zone_pts))
        if s.township:
            d["township"] = s.township
        d["generator"] = s.generator
        if s.address:
            d["address"] = s.address
        d.update({k: getattr(s, k) for k in ("contact", "phone", "note") if getattr(s, k)})
        out.append(d)
    return out


def _depot(shelters, pts, net):
    """A placeholder reserve at the biggest shelter of the highest tier, with a day of every item."""
    k = min(range(len(shelters)), key=lambda i: (TIER_RANK[shelters[i].tier], -shelters[i].capacity, i))
    people = sum(s.capacity for s in shelters)
    stock = {}
    for name, item in default_items().items():
        per_person = item.first_ration + (0 if item.durable else item.per_person_per_day * RESERVE_HOURS / 24)
        stock[name] = math.ceil(people * item.share * per_person)
    sid, x, y = pts[k]
    return {"id": "D1", **pair(N_("Reserve (placeholder: set its real place and stock)")), "tier": "town", "stock": stock, "trucks": 2, "x_km": x, "y_km": y, "node": net.node_of[sid]}


def _nodes(net, zone_pts):
    """Road nodes, each exposed to the hazard of its nearest zone."""
    return [{"id": nid, "x_km": x, "y_km": y, "zone": _nearest(x, y, zone_pts)} for nid, x, y in net.nodes]


def assemble(shelters, zones, zone_pts, shelter_pts, net, proj, options):
    """The scenario as a mapping, ready for YAML."""
    population = sum(z.population for z in zones)
    hazard = default_hazard(options.hazard, options.onset_h)
    onset = float(hazard["onset"].removesuffix("h"))
    zone_ids, shelter_ids = [z[0] for z in zone_pts], [s[0] for s in shelter_pts]
    km = net.distances([net.node_of[z] for z in zone_ids], [net.node_of[s] for s in shelter_ids])
    return {
        **(_names(options.name) if options.name else pair(N_("Imported shelter registry"))),
        **pair(N_("Imported from a shelter registry by `stormdrill import`. Map origin (0, 0) is longitude "
                  "{lon:.6f}, latitude {lat:.6f}; x east, y north, km. The hazard, the depot and the plan are "
                  "placeholders to edit."), key="description", lon=proj.lon0, lat=proj.lat0),
        "geo": {"crs": "WGS84", "origin_lon": round(proj.lon0, 7), "origin_lat": round(proj.lat0, 7),
                "projection": "equirectangular", "source_crs": CRS_NAMES[options.crs].replace(" ", "")},
        "horizon": f"{onset + 36:g}h",
        "cohort_size": max(50, math.ceil(population / MAX_COHORTS)),
        "zones": _zone_dicts(zones, zone_pts, net),
        "shelters": _shelter_dicts(shelters, shelter_pts, zone_pts, net),
        "depots": [_depot(shelters, shelter_pts, net)],
        "roads": {"nodes": _nodes(net, zone_pts), "edges": net.edges},
        "relief": {"target": "10h"},
        "hazard": hazard,
        "plan": default_plan(options.hazard, zone_ids, shelter_ids, km),
    }
