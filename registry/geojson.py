"""Reading GeoJSON feature collections: zones (points or polygons) and roads (lines).

Coordinates must be longitude / latitude in degrees (WGS 84, "CRS84", the GeoJSON
standard, RFC 7946). A polygon stands for its area-weighted centroid (holes subtracted).
Problems are reported by feature number, counted from 1 in file order.
"""
import functools
import json
import math

from .projection import LocalProjection
from .table import read_text
from .words import N_, Unreadable

LONLAT_CRS = {"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:EPSG::4326", "EPSG:4326", "epsg:4326"}


def read_features(path, collector, what):
    """``[(number, properties, geometry), ...]`` of the FeatureCollection at *path*, or None."""
    file = str(path)
    text, _ = read_text(path, collector)
    if text is None:
        return None
    if not text.strip():
        collector.add(file, 0, "", Unreadable(N_("the file is empty; it needs a FeatureCollection of {what}"),
                                          what=collector._(what)))
        return None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        collector.add(file, 0, "", Unreadable(N_("not valid JSON: {why} at line {line} column {col}"), why=exc.msg,
                                          line=exc.lineno, col=exc.colno))
        return None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        collector.add(file, 0, "", Unreadable(N_("not a GeoJSON FeatureCollection")))
        return None
    crs = ((doc.get("crs") or {}).get("properties") or {}).get("name")
    if crs and crs not in LONLAT_CRS:
        collector.add(file, 0, "crs", Unreadable(N_("{crs!r}: coordinates must be longitude / latitude (WGS 84); "
                                                "export the layer as EPSG:4326"), crs=crs))
        return None
    if not doc["features"]:
        collector.add(file, 0, "", Unreadable(N_("the file has no features; it needs one per {what}"),
                                          what=collector._(what)))
        return None
    out = []
    for number, feature in enumerate(doc["features"], start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            collector.add(file, number, "", Unreadable(N_("not a GeoJSON Feature")), feature=True)
            continue
        props = feature.get("properties") or {}
        if not isinstance(props, dict):
            collector.add(file, number, "properties", Unreadable(N_("must be an object")), feature=True)
            continue
        out.append((number, props, feature.get("geometry")))
    return out


def check_position(position):
    """(lon, lat) of a GeoJSON position; ValueError if it is not degrees in range."""
    if (not isinstance(position, (list, tuple)) or len(position) < 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in position[:2])):
        raise Unreadable(N_("{position!r} is not a [longitude, latitude] position"), position=position)
    lon, lat = float(position[0]), float(position[1])
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        raise Unreadable(N_("[{lon:g}, {lat:g}] is not longitude / latitude in degrees (projected coordinates? export "
                        "the layer as EPSG:4326)"), lon=lon, lat=lat)
    return lon, lat


def _ring_moments(ring, proj):
    """(signed area, area·cx, area·cy) of a closed ring in projected km (shoelace)."""
    pts = [proj.xy(*check_position(p)) for p in ring]
    if len(pts) < 4:
        raise Unreadable(N_("a polygon ring needs at least 4 positions"))
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1]):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return a / 2, cx / 6, cy / 6


def _shape_errors(read):
    """*read* with malformed nesting (a number where a list belongs) reported as ValueError."""
    @functools.wraps(read)
    def wrapped(geometry):
        try:
            return read(geometry)
        except (TypeError, IndexError, KeyError):
            kind = geometry.get("type") if isinstance(geometry, dict) else None
            raise Unreadable(N_("coordinates are not a valid {kind}"), kind=kind or "geometry") from None
    return wrapped


@_shape_errors
def point_of(geometry):
    """(lon, lat) standing for a zone: a Point itself, a (Multi)Polygon's centroid; ValueError otherwise."""
    if not isinstance(geometry, dict):
        raise Unreadable(N_("is missing; a zone needs a Point or a Polygon"))
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind == "Point":
        return check_position(coords)
    if kind not in ("Polygon", "MultiPolygon") or not isinstance(coords, list) or not coords:
        raise Unreadable(N_("{kind!r} cannot place a zone; use a Point or a Polygon"), kind=kind)
    polygons = [coords] if kind == "Polygon" else coords
    first = check_position(polygons[0][0][0])
    proj = LocalProjection(*first)
    area = mx = my = 0.0
    for polygon in polygons:
        for k, ring in enumerate(polygon):
            a, ax, ay = _ring_moments(ring, proj)
            sign = 1 if k == 0 else -1  # the outer ring adds, holes subtract, whatever their winding
            s = sign * (1 if a >= 0 else -1)
            area, mx, my = area + s * a, mx + s * ax, my + s * ay
    if area <= 0:
        raise Unreadable(N_("the polygon has no area"))
    return proj.lonlat(mx / area, my / area)


@_shape_errors
def lines_of(geometry):
    """The lines of a LineString / MultiLineString as lists of (lon, lat); ValueError otherwise."""
    if not isinstance(geometry, dict):
        raise Unreadable(N_("is missing; a road needs a LineString"))
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind not in ("LineString", "MultiLineString") or not isinstance(coords, list):
        raise Unreadable(N_("{kind!r} is not a road; a roads file holds LineStrings"), kind=kind)
    lines = [coords] if kind == "LineString" else coords
    out = []
    for line in lines:
        if not isinstance(line, list) or len(line) < 2:
            raise Unreadable(N_("a line needs at least 2 positions"))
        out.append([check_position(p) for p in line])
    return out
