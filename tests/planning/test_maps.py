"""Maps: every shipped scenario's places in WGS 84 lon / lat in China, time to stock-out with
the stock held now (table, GeoJSON), and the shortfall map (GeoJSON + PNG)."""
import json
from pathlib import Path

import jsonschema
import pytest

import planning
import sim
from planning import geo, maps, texts
from planning.exports import shelters_geojson
from planning.report import table_rows
from planning_builders import village
from registry.projection import LocalProjection
from test_reports import GEOJSON_POINTS

ROOT = Path(__file__).parents[2]
SHIPPED = sorted(p.parent.name for p in (ROOT / "scenarios").glob("*/scenario.yaml"))
CHINA = ((73.0, 135.5), (18.0, 53.6))
"""Longitude and latitude bounds of China's land (degrees)."""


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_scenario_lies_in_china_in_lon_lat(name):
    scenario = sim.load_scenario(ROOT / "scenarios" / name / "scenario.yaml")
    assert geo.on_earth(scenario), f"{name} has no geo anchor"
    for place in scenario.shelters + scenario.zones + scenario.depots:
        lon, lat = geo.lonlat(scenario, place)
        assert CHINA[0][0] < lon < CHINA[0][1] and CHINA[1][0] < lat < CHINA[1][1], (name, place.id, lon, lat)
    assert "WGS 84" in geo.crs_note(scenario)


def test_the_anchor_is_the_import_projection_backwards():
    scenario = village().with_overrides({"geo": {"origin_lon": 121.38, "origin_lat": 28.38}})
    shelter = scenario.shelters[0]
    lon, lat = geo.lonlat(scenario, shelter)
    assert LocalProjection(121.38, 28.38).xy(lon, lat) == pytest.approx((shelter.x_km, shelter.y_km), abs=1e-3)
    assert geo.point(village(), shelter)["coordinates"] == [shelter.x_km, shelter.y_km]  # no anchor: the plane
    assert "no geo anchor" in geo.crs_note(village())


@pytest.fixture(scope="module")
def short():
    """300 people, 600 L of water for 900 L of first rations, no resupply: water runs out at
    S1 in every run, before onset (the people arrive at T+1 h, onset is T+20 h)."""
    scenario = village(300, stock={"water_l": 600, "food": 5000, "bedding": 5000, "medical": 5000}).with_overrides(
        {"geo": {"origin_lon": 121.38, "origin_lat": 28.38}})
    return planning.stock_test(scenario, replications=3, workers=1, seed=1, settle=False)


def test_time_to_stock_out_with_todays_stock_is_in_the_table_text_and_geojson(short):
    water, food = short.stockouts[("S1", "water_l")], short.stockouts[("S1", "food")]
    assert water.share == 1.0 and water.median_h < 0 and food.share == 0.0 and food.median_h is None
    rows = {r["item"]: r for r in table_rows(short)}
    assert rows["water_l"]["runs_out_share"] == 1.0 and rows["water_l"]["runs_out_h"] == round(water.median_h, 2)
    assert rows["food"]["runs_out_h"] == ""
    props = shelters_geojson(short)["features"][0]["properties"]
    assert props["water_l_runs_out_share"] == 1.0 and props["food_runs_out_h"] is None
    assert any("the first is S1" in x and "water" in x for x in texts.lines(short, "en"))


def test_the_shortfall_geojson_is_valid_lon_lat_and_names_the_first_stock_out(short, tmp_path):
    doc = json.loads(json.dumps(maps.shortfall_geojson(short)))
    jsonschema.validate(doc, GEOJSON_POINTS)
    feature = doc["features"][0]
    lon, lat = feature["geometry"]["coordinates"]
    assert 121 < lon < 122 and 28 < lat < 29
    props = feature["properties"]
    assert props["short"] and props["water_l_add"] > 0 and props["first_out_item"] == "water_l"
    assert props["add_kg"] == pytest.approx(sum(n.add_kg for n in short.needs), abs=0.01)


def test_the_shortfall_map_draws_in_both_languages(short, tmp_path):
    from planning.exports import write_shortfall

    for lang in ("zh", "en"):
        folder = tmp_path / lang
        folder.mkdir()
        write_shortfall(short, folder, lang)
        assert (folder / "shortfall.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert json.loads((folder / "shortfall.geojson").read_text(encoding="utf-8"))["type"] == "FeatureCollection"
