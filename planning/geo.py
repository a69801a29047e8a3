"""Where a scenario's places lie on the Earth: WGS 84 longitude and latitude for maps.

A place keeps the ``lon`` / ``lat`` a registry gave it; otherwise its map position
``(x_km, y_km)`` goes back through the scenario's ``geo`` anchor: the equirectangular
projection about ``(origin_lon, origin_lat)`` that an import uses the other way
(registry/projection.py: ``x = R·Δlon·cos(origin_lat)``, ``y = R·Δlat``, R the mean Earth
radius). Every shipped scenario carries an anchor (its scenario.yaml says where, and
docs/sweeps.md lists them); a scenario without one has no place on the Earth, and its
maps say so.
"""
from registry.projection import LocalProjection

ROUND = 7
"""Decimal places of a degree written (about a centimetre)."""


def projection(scenario):
    """The LocalProjection of *scenario*'s ``geo`` anchor, or None."""
    geo = scenario.spec.geo
    return None if geo is None else LocalProjection(geo.origin_lon, geo.origin_lat)


def lonlat(scenario, place, proj=None):
    """(lon, lat) of *place* (a zone, shelter or depot), or None when the scenario has no anchor."""
    if getattr(place, "lon", None) is not None:
        return float(place.lon), float(place.lat)
    proj = proj or projection(scenario)
    if proj is None:
        return None
    lon, lat = proj.lonlat(place.x_km, place.y_km)
    return round(lon, ROUND), round(lat, ROUND)


def on_earth(scenario):
    """Can every shelter of *scenario* be placed in lon / lat?"""
    return scenario.spec.geo is not None or all(s.lon is not None for s in scenario.shelters)


def point(scenario, place, proj=None):
    """A GeoJSON Point geometry of *place*: WGS 84 lon / lat, or the map's km when the
    scenario has no anchor (the collection's ``crs_note`` then says so)."""
    where = lonlat(scenario, place, proj)
    coords = list(where) if where is not None else [float(place.x_km), float(place.y_km)]
    return {"type": "Point", "coordinates": coords}


def crs_note(scenario):
    """What the coordinates of a collection are, in words (for the file's reader)."""
    if scenario.spec.geo is not None:
        g = scenario.spec.geo
        return (f"coordinates are WGS 84 longitude, latitude: registry positions where given, else the map's km "
                f"through the scenario's anchor ({g.origin_lon:g} E, {g.origin_lat:g} N, equirectangular)")
    if on_earth(scenario):
        return "coordinates are WGS 84 longitude, latitude (from the shelter registry)"
    return "coordinates are the scenario's plane x_km, y_km (kilometres): it has no geo anchor"
