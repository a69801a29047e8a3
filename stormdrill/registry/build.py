"""Registry files in, a scenario mapping out: the steps of ``stormdrill import``."""
import math
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from sim.relief import default_items

from .hazard import default_hazard
from .plan import default_plan
from .problems import Collector
from .projection import MAX_EXTENT_KM, LocalProjection, haversine_km
from .roads import DETOUR_FACTOR, project_roads, read_roads, roads_network, straight_network, unreachable
from .shelters import read_shelters
from .zones import read_zones, zones_from_shelters

TIER_RANK = {"district": 0, "town": 1, "village": 2}
MAX_COHORTS = 2000
"""Cohorts the default cohort size aims at, at most (a run then takes about a second)."""
RESERVE_HOURS = 24.0
"""The placeholder depot holds this many hours of every item for the total shelter capacity."""


@dataclass
class Options:
    """What the command line chose: hazard kind, onset (h, None for its default), detour factor."""

    name: str = ""
    hazard: str = "typhoon"
    onset_h: float | None = None
    detour: float = DETOUR_FACTOR


@dataclass
class Imported:
    """The scenario as a mapping, what it was built from, and notes for the planner."""

    data: dict
    notes: list = field(default_factory=list)


def _cjk(text):
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _names(name):
    return {"name": name, "name_zh": name} if _cjk(name) else {"name": name}


def _check_extent(places, proj, collector):
    for file, row, feature, lon, lat in places:
        d = haversine_km(proj.lon0, proj.lat0, lon, lat)
        if d > MAX_EXTENT_KM:
            collector.add(file, row, "longitude / latitude", (
                f"({lon:g}, {lat:g}) is {d:,.0f} km from the middle of the other places; check the coordinates "
                f"(one import covers a district, up to {MAX_EXTENT_KM:g} km from its middle)"), feature)


def _read(shelters_path, zones_path, collector):
    """Shelters, zones, (zones' file, whether its rows are GeoJSON features), notes."""
    shelters, notes = read_shelters(shelters_path, collector)
    if zones_path is not None:
        zones, more = read_zones(zones_path, collector)
        notes += more
        source = (str(zones_path), Path(zones_path).suffix.lower() in (".geojson", ".json"))
    else:
        zones, source = zones_from_shelters(shelters), (str(shelters_path), False)
        if shelters and not zones and not collector.problems:
            collector.add(shelters_path, 0, "", (
                "no zones: give --zones (a CSV or GeoJSON of the places whose people evacuate, with their "
                "population), or add a population-served column (服务人口 / population_served) to the registry"))
    return shelters, zones, source, notes


def import_registry(shelters_path, zones_path=None, roads_path=None, options=None):
    """Build a scenario mapping from a shelter registry; raise RegistryError listing every problem."""
    options = options or Options()
    collector = Collector()
    shelters, zones, (zone_file, features), notes = _read(shelters_path, zones_path, collector)
    roads = read_roads(roads_path, collector) if roads_path is not None else None
    if not shelters or not zones:
        collector.raise_if_any()
    proj = LocalProjection(statistics.median(p.lon for p in shelters + zones),
                           statistics.median(p.lat for p in shelters + zones))
    _check_extent([(str(shelters_path), s.row, False, s.lon, s.lat) for s in shelters]
                  + [(zone_file, z.row, features, z.lon, z.lat) for z in zones], proj, collector)
    collector.raise_if_any()
    zone_pts = [(f"Z{i}", *proj.xy(z.lon, z.lat)) for i, z in enumerate(zones, start=1)]
    shelter_pts = [(f"S{i}", *proj.xy(s.lon, s.lat)) for i, s in enumerate(shelters, start=1)]
    if roads_path is None:
        net = straight_network(zone_pts, shelter_pts, options.detour)
        notes.append(f"roads: straight lines x {options.detour:g} (detour factor), no roads file")
    else:
        net = roads_network(project_roads(roads, proj), zone_pts, shelter_pts)
        if not net.edges:
            collector.add(roads_path, 0, "", "no usable roads: lines must have two distinct positions")
            collector.raise_if_any()
        for zid in unreachable(net, [z[0] for z in zone_pts], [s[0] for s in shelter_pts]):
            z = zones[int(zid[1:]) - 1]
            collector.add(zone_file, z.row, "", f"zone {z.name!r} snaps to a road that leads to no shelter in "
                                                f"{roads_path}; join the roads or move the zone", features)
        collector.raise_if_any()
        notes += net.notes
    data = _scenario(shelters, zones, zone_pts, shelter_pts, net, proj, options)
    return Imported(data, notes)


def _zone_dicts(zones, pts, net):
    out = []
    for z, (zid, x, y) in zip(zones, pts):
        d = {"id": zid, **_names(z.name), "population": z.population}
        if z.assisted is not None and z.population:
            d["assisted_share"] = round(z.assisted / z.population, 4)
        d.update(x_km=x, y_km=y, node=net.node_of[zid])
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
        d.update(x_km=x, y_km=y, node=net.node_of[sid], zone=_nearest(x, y, zone_pts))
        if s.township:
            d["township"] = s.township
        d["generator"] = s.generator
        if s.address:
            d["address"] = s.address
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
    return {"id": "D1", "name": "Reserve (placeholder: set its real place and stock)", "name_zh": "应急物资储备点（占位）",
            "tier": "town", "stock": stock, "trucks": 2, "x_km": x, "y_km": y, "node": net.node_of[sid]}


def _nodes(net, zone_pts):
    """Road nodes, each exposed to the hazard of its nearest zone."""
    return [{"id": nid, "x_km": x, "y_km": y, "zone": _nearest(x, y, zone_pts)} for nid, x, y in net.nodes]


def _scenario(shelters, zones, zone_pts, shelter_pts, net, proj, options):
    population = sum(z.population for z in zones)
    hazard = default_hazard(options.hazard, options.onset_h)
    onset = float(hazard["onset"].removesuffix("h"))
    zone_ids, shelter_ids = [z[0] for z in zone_pts], [s[0] for s in shelter_pts]
    km = net.distances([net.node_of[z] for z in zone_ids], [net.node_of[s] for s in shelter_ids])
    return {
        "name": options.name or "Imported shelter registry",
        "description": (f"Imported from a shelter registry by `stormdrill import`. Map origin (0, 0) is "
                        f"longitude {proj.lon0:.6f}, latitude {proj.lat0:.6f}; x east, y north, km. "
                        f"The hazard, the depot and the plan are placeholders to edit."),
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
