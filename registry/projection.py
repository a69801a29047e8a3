"""Longitude / latitude to kilometres on the scenario's flat map.

A local equirectangular projection about a reference point (the centre of the input):
x = R·Δλ·cos φ0, y = R·Δφ, with R the mean Earth radius. Over a street or a district
(tens of km) distances on the map agree with great-circle distances within a fraction
of a percent; the error grows with the north-south extent (about tan φ0 · Δφ), hence
the limit :data:`MAX_EXTENT_KM`.
"""
import math

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), km."""

DETOUR_FACTOR = 1.3
"""Road km per straight-line km (circuity, detour index): a middle value of the 1.2-1.4 that road
studies report (Ballou, Rahardja & Sakai 2002, Transp. Res. A 36(9) 843-848, factors by country;
Boscoe, Henry & Zdeb 2012, Prof. Geogr. 64(2), detour index of about 1.4 to US hospitals, higher
near shorelines). Overridable with --detour; see docs/import.md."""
MAX_EXTENT_KM = 75.0
"""Refuse points farther than this from the centre (km): the projection is for one district.
Measured worst distance error over 150 km across: 0.5 % at 30° N, 1.3 % at 45° N (docs/import.md)."""


def haversine_km(lon1, lat1, lon2, lat2):
    """Great-circle distance (km) between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


class LocalProjection:
    """Equirectangular projection about (``lon0``, ``lat0``) degrees; map units km, x east, y north."""

    def __init__(self, lon0, lat0):
        self.lon0, self.lat0 = float(lon0), float(lat0)
        self._kx = EARTH_RADIUS_KM * math.radians(1.0) * math.cos(math.radians(self.lat0))
        self._ky = EARTH_RADIUS_KM * math.radians(1.0)

    @classmethod
    def about(cls, points):
        """A projection about the mean of *points* ``[(lon, lat), ...]``."""
        points = list(points)
        return cls(sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))

    def xy(self, lon, lat):
        """(x km, y km) of a point, rounded to the metre."""
        return round((lon - self.lon0) * self._kx, 3), round((lat - self.lat0) * self._ky, 3)

    def lonlat(self, x_km, y_km):
        """The inverse: (lon, lat) degrees of a map point."""
        return self.lon0 + x_km / self._kx, self.lat0 + y_km / self._ky
