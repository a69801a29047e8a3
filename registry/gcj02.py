"""GCJ-02 ("Mars coordinates", used by Gaode / AMap and Tencent maps) to WGS 84, and back.

GCJ-02 shifts WGS 84 positions inside China by a published-by-reverse-engineering
function of the position (a few hundred metres). :func:`wgs_to_gcj` is that function as
given in the widely used open-source implementations (eviltransform by googollee, MIT
licence, https://github.com/googollee/eviltransform; the same constants appear in
coordtransform and prcoords): Krasovsky 1940 ellipsoid, a = 6378245.0 m,
e² = 0.00669342162296594323. Outside China's bounding box GCJ-02 equals WGS 84.
:func:`gcj_to_wgs` inverts it by fixed-point iteration to below 1e-7 degrees (about 1 cm).
Tested against eviltransform and reference points in tests/registry/test_registry_gcj02.py.
"""
import math

KRASOVSKY_A = 6378245.0
"""Semi-major axis of the Krasovsky 1940 ellipsoid, m."""
KRASOVSKY_EE = 0.00669342162296594323
"""First eccentricity squared of the Krasovsky 1940 ellipsoid."""
TOLERANCE_DEG = 1e-7
"""Inverse conversion stops when the round trip is within this many degrees (about 1 cm)."""

CRS_NAMES = {"wgs84": "WGS 84", "gcj02": "GCJ-02"}
"""The ``--crs`` choices and how documents name them."""


def outside_china(lon, lat):
    """True outside the rough box where GCJ-02 applies (there it equals WGS 84)."""
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _delta(lon, lat):
    x, y = lon - 105.0, lat - 35.0
    dlat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
            + (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
            + (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
            + (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0)
    dlon = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
            + (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
            + (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
            + (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - KRASOVSKY_EE * math.sin(rad) ** 2
    sq = math.sqrt(magic)
    dlat = dlat * 180.0 / ((KRASOVSKY_A * (1 - KRASOVSKY_EE)) / (magic * sq) * math.pi)
    dlon = dlon * 180.0 / (KRASOVSKY_A / sq * math.cos(rad) * math.pi)
    return dlon, dlat


def wgs_to_gcj(lon, lat):
    """(lon, lat) in GCJ-02 of a WGS 84 position, degrees."""
    if outside_china(lon, lat):
        return lon, lat
    dlon, dlat = _delta(lon, lat)
    return lon + dlon, lat + dlat


def gcj_to_wgs(lon, lat):
    """(lon, lat) in WGS 84 of a GCJ-02 position, degrees, by iterating :func:`wgs_to_gcj`."""
    wlon, wlat = lon, lat
    for _ in range(30):
        glon, glat = wgs_to_gcj(wlon, wlat)
        elon, elat = glon - lon, glat - lat
        if abs(elon) < TOLERANCE_DEG and abs(elat) < TOLERANCE_DEG:
            break
        wlon, wlat = wlon - elon, wlat - elat
    return wlon, wlat


def to_wgs84(lon, lat, crs):
    """A position given in *crs* ("wgs84" or "gcj02") as WGS 84 degrees."""
    return gcj_to_wgs(lon, lat) if crs == "gcj02" else (lon, lat)
