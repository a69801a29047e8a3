"""Zones — the places whose people may evacuate — from a CSV table, a GeoJSON file, or the registry.

A zone has a name, a population (persons) and a position: a longitude / latitude, or a
polygon that stands for its centroid. Without a zones file, a registry with a
population-served column (服务人口) gives one zone per shelter, placed at the shelter.
"""
from dataclasses import dataclass
from pathlib import Path

from . import values
from .cells import RowReader
from .columns import ZONE_COLUMNS, match_headers
from .geojson import point_of, read_features
from .table import Table, read_table


@dataclass(frozen=True)
class ZoneRow:
    """One zone: population (persons), position (degrees), people who need help to move (persons)."""

    row: int
    name: str
    population: int
    lon: float
    lat: float
    assisted: int | None = None
    township: str = ""
    served_by: str = ""


def _zone(r, lon, lat):
    name = r.name("zone")
    population = r.read("population", values.count, units=tuple(r.factors("population")))
    assisted = r.optional("assisted", values.count, empty=0, units=("", "人"))
    if population is not None and assisted is not None and assisted > population:
        r.fail("assisted", f"{assisted} is more than the population ({population})")
    if not r.ok or lon is None or lat is None:
        return None
    return ZoneRow(r.row, name, population, lon, lat, assisted or None, r.text("township"))


def _unique(zones, file, header, collector, feature):
    seen, out = {}, []
    for z in zones:
        if z.name in seen:
            where = f"feature {seen[z.name]}" if feature else f"row {seen[z.name]}"
            collector.add(file, z.row, header, f"zone name {z.name!r} appears twice (first {where})", feature)
            continue
        seen[z.name] = z.row
        out.append(z)
    return out


def read_zones_csv(path, collector):
    """Zones from a CSV table with a name, population, longitude and latitude per row."""
    table = read_table(path, ZONE_COLUMNS, collector, "zone")
    if table is None:
        return [], []
    zones = []
    for row, cells in table.rows:
        r = RowReader(table, row, cells, collector)
        lon = r.read("longitude", values.degrees, -180, 180, "longitude")
        lat = r.read("latitude", values.degrees, -90, 90, "latitude")
        zone = _zone(r, lon, lat)
        if zone is not None:
            zones.append(zone)
    return _unique(zones, table.file, table.found["name"].header, collector, False), table.notes


def read_zones_geojson(path, collector):
    """Zones from GeoJSON features: properties name and population; a Point or Polygon geometry."""
    file = str(path)
    features = read_features(path, collector, "zone")
    if features is None:
        return [], []
    keys = list(dict.fromkeys(k for _, props, _ in features for k in props))
    found, problems, ignored = match_headers(keys, ZONE_COLUMNS)
    for key, reason, _ in problems:
        collector.add(file, 0, key, reason)
    lacking = [c for c in ZONE_COLUMNS if c.required and c.key in ("name", "population") and c.key not in found]
    for col in lacking:
        collector.add(file, 0, col.shown(), "required property is missing "
                      f"(accepted names: {', '.join(col.names)})")
    if problems or lacking:
        return [], []
    table = Table(file, 0, keys, found)
    zones = []
    for number, props, geometry in features:
        cells = ["" if props.get(k) is None else str(props.get(k)) for k in keys]
        r = RowReader(table, number, cells, collector, feature=True)
        try:
            lon, lat = point_of(geometry)
        except ValueError as exc:
            collector.add(file, number, "geometry", str(exc), feature=True)
            lon = lat = None
        zone = _zone(r, lon, lat)
        if zone is not None:
            zones.append(zone)
    notes = [f"{file}: ignored properties {', '.join(ignored)}"] if ignored else []
    return _unique(zones, file, found["name"].header, collector, True), notes


def read_zones(path, collector):
    """Zones from *path*: GeoJSON (.geojson / .json) or CSV."""
    if Path(path).suffix.lower() in (".geojson", ".json"):
        return read_zones_geojson(path, collector)
    return read_zones_csv(path, collector)


def zones_from_shelters(shelters):
    """One zone per shelter with a population served (服务人口), at the shelter's position."""
    return [ZoneRow(s.row, f"{s.name}服务区" if values.is_chinese(s.name) else f"{s.name} area", s.population_served,
                    s.lon, s.lat, None, s.township, served_by=s.name)
            for s in shelters if s.population_served]
