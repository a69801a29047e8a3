"""Zones — the places whose people may evacuate — from a CSV table, a GeoJSON file, or the registry.

A zone has a name, a population (persons) and a position: a longitude / latitude, or a
polygon that stands for its centroid. Without a zones file, a registry with a
population-served column (服务人口) gives one zone per shelter, placed at the shelter.
"""
from dataclasses import dataclass
from pathlib import Path

from . import values
from .cells import RowReader
from .columns import PERSONS, ZONE_COLUMNS, match_headers
from .geojson import point_of, read_features
from .table import RegistryTable, read_table
from .words import N_, Unreadable, texts_of


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
    name = r.name(N_("zone"))
    population = r.read("population", values.count, units=tuple(r.factors("population")))
    assisted = r.optional("assisted", values.count, empty=0, units=tuple(PERSONS))
    if population is not None and assisted is not None and assisted > population:
        r.fail("assisted", Unreadable(N_("{assisted} is more than the population ({population})"), assisted=assisted,
                                  population=population))
    if not r.ok or lon is None or lat is None:
        return None
    return ZoneRow(r.row, name, population, lon, lat, assisted or None, r.text("township"))


def _unique(zones, file, header, collector, feature):
    seen, out = {}, []
    for z in zones:
        if z.name in seen:
            message = N_("zone name {name!r} appears twice (first feature {first})") if feature else \
                N_("zone name {name!r} appears twice (first row {first})")
            collector.add(file, z.row, header, Unreadable(message, name=z.name, first=seen[z.name]), feature)
            continue
        seen[z.name] = z.row
        out.append(z)
    return out


def read_zones_csv(path, collector):
    """Zones from a CSV table with a name, population, longitude and latitude per row."""
    table = read_table(path, ZONE_COLUMNS, collector, N_("zone"))
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
    features = read_features(path, collector, N_("zone"))
    if features is None:
        return [], []
    keys = list(dict.fromkeys(k for _, props, _ in features for k in props))
    found, problems, ignored = match_headers(keys, ZONE_COLUMNS)
    for key, reason, _ in problems:
        collector.add(file, 0, key, reason)
    lacking = [c for c in ZONE_COLUMNS if c.required and c.key in ("name", "population") and c.key not in found]
    for col in lacking:
        collector.add(file, 0, col.shown(), Unreadable(N_("required property is missing (accepted names: {names})"),
                                                   names=", ".join(col.names)))
    if problems or lacking:
        return [], []
    table = RegistryTable(file, 0, keys, found)
    zones = []
    for number, props, geometry in features:
        cells = ["" if props.get(k) is None else str(props.get(k)) for k in keys]
        r = RowReader(table, number, cells, collector, feature=True)
        try:
            lon, lat = point_of(geometry)
        except ValueError as exc:
            collector.add(file, number, "geometry", exc, feature=True)
            lon = lat = None
        zone = _zone(r, lon, lat)
        if zone is not None:
            zones.append(zone)
    notes = [collector._("{file}: ignored properties {names}", file=file, names=", ".join(ignored))] if ignored else []
    return _unique(zones, file, found["name"].header, collector, True), notes


def read_zones(path, collector):
    """Zones from *path*: GeoJSON (.geojson / .json) or CSV."""
    if Path(path).suffix.lower() in (".geojson", ".json"):
        return read_zones_geojson(path, collector)
    return read_zones_csv(path, collector)


def zones_from_shelters(shelters):
    """One zone per shelter with a population served (服务人口), at the shelter's position,
    named after it in the registry's own language."""
    out = []
    for s in shelters:
        if s.population_served:
            _ = texts_of(s.name)
            out.append(ZoneRow(s.row, _("{name} area", name=s.name), s.population_served, s.lon, s.lat, None,
                               s.township, served_by=s.name))
    return out
