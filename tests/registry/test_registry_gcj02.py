"""GCJ-02 (Gaode / AMap) to WGS 84: the published algorithm, checked against reference points
and against eviltransform, the reference open-source implementation."""
import random

import eviltransform
import pytest

from registry.gcj02 import gcj_to_wgs, wgs_to_gcj
from registry.projection import haversine_km

REFERENCE = [
    # (WGS 84 lon, lat), (GCJ-02 lon, lat): the test points of eviltransform (googollee/eviltransform,
    # python tests: Shanghai, Shenzhen, Beijing) and the README example of coordtransform (wandergis).
    ((121.5272106, 31.1774276), (121.531541859215, 31.17530398364597)),
    ((113.912316, 22.543847), (113.9171764808363, 22.540796131694766)),
    ((116.377817, 39.911954), (116.38404722455657, 39.91334545536069)),
    ((116.404, 39.915), (116.41024449916938, 39.91640428150164)),
]


@pytest.mark.parametrize("wgs, gcj", REFERENCE)
def test_reference_points_within_a_decimetre_both_ways(wgs, gcj):
    assert haversine_km(*wgs_to_gcj(*wgs), *gcj) < 1e-4
    assert haversine_km(*gcj_to_wgs(*gcj), *wgs) < 1e-4


def test_agrees_with_eviltransform_across_china_within_a_decimetre():
    rng = random.Random(7)
    for _ in range(500):
        lon, lat = rng.uniform(75, 134), rng.uniform(18, 53)
        glat, glon = eviltransform.wgs2gcj(lat, lon)
        assert haversine_km(*wgs_to_gcj(lon, lat), glon, glat) < 1e-4
        assert haversine_km(*gcj_to_wgs(glon, glat), lon, lat) < 1e-4


def test_the_shift_is_hundreds_of_metres_inside_china_and_none_outside():
    assert 0.1 < haversine_km(121.444, 28.68, *wgs_to_gcj(121.444, 28.68)) < 1.0
    assert wgs_to_gcj(2.35, 48.85) == (2.35, 48.85)  # Paris
