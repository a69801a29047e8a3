"""Registry files in, a scenario mapping out: the steps of ``stormdrill import``."""
import dataclasses
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from .columns import SERVED_HEADER as SERVED, STOCK_EXAMPLES
from .gcj02 import CRS_NAMES, to_wgs84
from .packs import default_packs
from .problems import Collector
from .projection import MAX_EXTENT_KM, LocalProjection, haversine_km
from .roads import DETOUR_FACTOR, project_roads, read_roads, roads_network, straight_network, unreachable
from .scenario import assemble
from .shelters import read_shelters
from .words import N_, Unreadable, say
from .zones import read_zones, zones_from_shelters


NEEDED_ITEMS = ("water_l", "food")
"""Items a registry must stock somewhere: with none at any shelter nobody is ever secured."""


@dataclass
class Options:
    """What the command line chose.

    Hazard kind, onset (h, None for its default), detour factor; the coordinate system of
    the registry and a zones CSV ("wgs84" or "gcj02"); what a case of an item holds
    (packs.py; None for the defaults); whether a registry with no water or no food at any
    shelter is meant; whether bad registry rows are left out (and listed) rather than fatal;
    the language of the problems and notes (None: the one rule, messages.choose).
    """

    name: str = ""
    hazard: str = "typhoon"
    onset_h: float | None = None
    detour: float = DETOUR_FACTOR
    crs: str = "wgs84"
    packs: dict | None = None
    allow_empty_stock: bool = False
    skip_bad_rows: bool = False
    lang: str | None = None


@dataclass(frozen=True)
class Rejected:
    """A registry row left out by ``--skip-bad-rows``: its spreadsheet row, cells as read, and reasons."""

    row: int
    cells: list
    reasons: list


@dataclass
class Imported:
    """The scenario as a mapping, notes for the planner, rows left out and the registry's header."""

    data: dict
    notes: list = field(default_factory=list)
    rejected: list = field(default_factory=list)
    headers: list = field(default_factory=list)


def _check_extent(places, proj, collector):
    for file, row, feature, lon, lat in places:
        d = haversine_km(proj.lon0, proj.lat0, lon, lat)
        if d > MAX_EXTENT_KM:
            collector.add(file, row, "longitude / latitude", Unreadable(N_(
                "({lon:g}, {lat:g}) is {km:,.0f} km from the middle of the other places; check the coordinates (one "
                "import covers a district, up to {most:g} km from its middle)"), lon=lon, lat=lat, km=d,
                most=MAX_EXTENT_KM), feature)


def _to_wgs84(places, crs):
    """Places (shelter or zone rows) with their lon / lat in WGS 84."""
    out = []
    for p in places:
        lon, lat = to_wgs84(p.lon, p.lat, crs)
        out.append(dataclasses.replace(p, lon=round(lon, 7), lat=round(lat, 7)))
    return out


class Skipper:
    """Takes the registry's bad rows out of the problems, keeping each row's cells and reasons."""

    def __init__(self, file, table, on):
        self.file, self.table, self.on = file, table, on
        self.rejected = {}

    def take(self, collector):
        """Move the row problems of the registry to :attr:`rejected`; return the rows now rejected."""
        if not self.on or self.table is None:
            return set()
        keep = []
        for p in collector.problems:
            if p.file == self.file and p.row > self.table.header_row and not p.feature:
                reasons = self.rejected.setdefault(p.row, [])
                reasons.append(f"{p.column}: {p.reason}" if p.column else p.reason)
            else:
                keep.append(p)
        collector.problems = keep
        return set(self.rejected)

    def rows(self):
        cells = dict(self.table.rows) if self.table is not None else {}
        return [Rejected(row, list(cells.get(row, [])), reasons) for row, reasons in sorted(self.rejected.items())]


def _check_stock(shelters, table, file, options, collector):
    """A registry with no water or no food at any shelter is an error unless it is meant."""
    if options.allow_empty_stock or not shelters:
        return
    for item in NEEDED_ITEMS:
        if any(s.stock.get(item, 0) for s in shelters):
            continue
        _ = collector._
        match = table.found.get(item) if table is not None else None
        unused = _("; columns not used: {headers}", headers=", ".join(table.ignored)) \
            if table is not None and table.ignored else ""
        where = (_("column {header!r} gives 0 at every shelter", header=match.header) if match
                 else _("no column gives it (e.g. {examples}{unused})", examples=STOCK_EXAMPLES, unused=unused))
        collector.add(file, 0, "", _("{item}: {where}, so nobody would ever be secured; fix the registry, or add "
                                     "--allow-empty-stock if the shelters really hold none (stocks come by truck)",
                                     item=item, where=where))


def _read(shelters_path, zones_path, collector, options, skipper_on):
    """Shelters, zones, (zones' file, whether its rows are GeoJSON features), notes, skipper, table."""
    packs = options.packs if options.packs is not None else default_packs()
    shelters, notes, table = read_shelters(shelters_path, collector, packs)
    skipper = Skipper(str(shelters_path), table, skipper_on)
    bad = skipper.take(collector)
    shelters = _to_wgs84([s for s in shelters if s.row not in bad], options.crs)
    if options.crs != "wgs84":
        notes.append(collector._("{file}: coordinates read as {crs} and converted to WGS 84", file=shelters_path,
                                 crs=CRS_NAMES[options.crs]))
    if zones_path is not None:
        zones, more = read_zones(zones_path, collector)
        notes += more
        features = Path(zones_path).suffix.lower() in (".geojson", ".json")
        zones = zones if features else _to_wgs84(zones, options.crs)
        source = (str(zones_path), features)
        if any(s.population_served for s in shelters):
            notes.append(collector._("{file}: population-served column not used: the zones come from {zones}",
                                     file=shelters_path, zones=zones_path))
    else:
        zones, source = zones_from_shelters(shelters), (str(shelters_path), False)
        if shelters and not zones and not collector.problems:
            collector.add(shelters_path, 0, "", Unreadable(N_(
                "no zones: give --zones (a CSV or GeoJSON of the places whose people evacuate, with their "
                "population), or add a population-served column ({column}) to the registry"), column=SERVED))
    _check_stock(shelters, table, str(shelters_path), options, collector)
    return shelters, zones, source, notes, skipper


def import_registry(shelters_path, zones_path=None, roads_path=None, options=None):
    """Build a scenario mapping from a shelter registry; raise RegistryError listing every problem."""
    options = options or Options()
    collector = Collector(options.lang)
    shelters, zones, (zone_file, features), notes, skipper = _read(
        shelters_path, zones_path, collector, options, options.skip_bad_rows)
    roads = read_roads(roads_path, collector) if roads_path is not None else None
    if not shelters or not zones:
        _nothing_left(shelters_path, shelters, skipper, collector)
        collector.raise_if_any()
    proj = LocalProjection(statistics.median(p.lon for p in shelters + zones),
                           statistics.median(p.lat for p in shelters + zones))
    _check_extent([(str(shelters_path), s.row, False, s.lon, s.lat) for s in shelters]
                  + [(zone_file, z.row, features, z.lon, z.lat) for z in zones], proj, collector)
    far = skipper.take(collector)
    if far:
        shelters = [s for s in shelters if s.row not in far]
        zones = [z for z in zones if zone_file != str(shelters_path) or z.row not in far]
        _nothing_left(shelters_path, shelters, skipper, collector)
    collector.raise_if_any()
    zone_pts = [(f"Z{i}", *proj.xy(z.lon, z.lat)) for i, z in enumerate(zones, start=1)]
    shelter_pts = [(f"S{i}", *proj.xy(s.lon, s.lat)) for i, s in enumerate(shelters, start=1)]
    if roads is not None:
        roads = project_roads(roads, proj)
    net = _network(roads, roads_path, zones, zone_pts, shelter_pts, (zone_file, features), options, collector)
    notes += [say(note, collector._) for note in net.notes]
    data = assemble(shelters, zones, zone_pts, shelter_pts, net, proj, options)
    rejected = skipper.rows()
    if rejected:
        notes.append(collector._("{file}: --skip-bad-rows left out {n} row(s): {rows}", file=shelters_path,
                                 n=len(rejected), rows=", ".join(str(r.row) for r in rejected)))
    return Imported(data, notes, rejected, list(skipper.table.headers) if skipper.table else [])


def _nothing_left(shelters_path, shelters, skipper, collector):
    if not shelters and skipper.rejected:
        for row, reasons in skipper.rejected.items():
            for reason in reasons:
                collector.add(shelters_path, row, "", reason)
        collector.add(shelters_path, 0, "", Unreadable(N_("every shelter row is bad ({n} rows); nothing to import even "
                                                      "with --skip-bad-rows"), n=len(skipper.rejected)))


def _network(roads, roads_path, zones, zone_pts, shelter_pts, zone_source, options, collector):
    """Straight roads, or the roads file's with every zone checked to reach a shelter."""
    if roads is None:
        net = straight_network(zone_pts, shelter_pts, options.detour)
        net.notes.append(Unreadable(N_("roads: straight lines x {detour:g} (detour factor), no roads file"),
                                detour=options.detour))
        return net
    net = roads_network(roads, zone_pts, shelter_pts)
    if not net.edges:
        collector.add(roads_path, 0, "", Unreadable(N_("no usable roads: lines must have two distinct positions")))
        collector.raise_if_any()
    zone_file, features = zone_source
    for zid in unreachable(net, [z[0] for z in zone_pts], [s[0] for s in shelter_pts]):
        z = zones[int(zid[1:]) - 1]
        collector.add(zone_file, z.row, "", Unreadable(N_("zone {name!r} snaps to a road that leads to no shelter in "
                                                      "{roads}; join the roads or move the zone"), name=z.name,
                                                   roads=str(roads_path)), features)
    collector.raise_if_any()
    return net
