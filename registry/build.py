"""Registry files in, a scenario mapping out: the steps of ``stormdrill import``."""
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Collector
from .projection import MAX_EXTENT_KM, LocalProjection, haversine_km
from .roads import DETOUR_FACTOR, project_roads, read_roads, roads_network, straight_network, unreachable
from .scenario import assemble
from .shelters import read_shelters
from .zones import read_zones, zones_from_shelters


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
        if any(s.population_served for s in shelters):
            notes.append(f"{shelters_path}: population-served column not used: the zones come from {zones_path}")
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
    if roads is not None:
        roads = project_roads(roads, proj)
    net = _network(roads, roads_path, zones, zone_pts, shelter_pts, (zone_file, features), options, collector)
    notes += net.notes
    data = assemble(shelters, zones, zone_pts, shelter_pts, net, proj, options)
    return Imported(data, notes)


def _network(roads, roads_path, zones, zone_pts, shelter_pts, zone_source, options, collector):
    """Straight roads, or the roads file's with every zone checked to reach a shelter."""
    if roads is None:
        net = straight_network(zone_pts, shelter_pts, options.detour)
        net.notes.append(f"roads: straight lines x {options.detour:g} (detour factor), no roads file")
        return net
    net = roads_network(roads, zone_pts, shelter_pts)
    if not net.edges:
        collector.add(roads_path, 0, "", "no usable roads: lines must have two distinct positions")
        collector.raise_if_any()
    zone_file, features = zone_source
    for zid in unreachable(net, [z[0] for z in zone_pts], [s[0] for s in shelter_pts]):
        z = zones[int(zid[1:]) - 1]
        collector.add(zone_file, z.row, "", f"zone {z.name!r} snaps to a road that leads to no shelter in "
                                            f"{roads_path}; join the roads or move the zone", features)
    collector.raise_if_any()
    return net
