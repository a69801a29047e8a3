"""The example registries become scenarios that validate, run, and carry the registry over."""
import itertools
import math

import pytest

import sim
from registry_files import EXAMPLES, HEADER_ZH, ROWS, write_csv
from registry import Options, import_registry, write_scenario
from registry.projection import haversine_km
from registry.roads import DETOUR_FACTOR, roads_network
from registry.shelters import read_shelters
from registry.problems import Collector

SHELTERS_ZH = EXAMPLES / "shelters.csv"
SHELTERS_EN = EXAMPLES / "shelters_en.csv"
ZONES_CSV = EXAMPLES / "zones.csv"
ZONES_GEOJSON = EXAMPLES / "zones.geojson"
ROADS = EXAMPLES / "roads.geojson"
POPULATION = 1450 + 1180 + 980 + 1320 + 860 + 720 + 640 + 1050


def build(tmp_path, shelters, zones=None, roads=None, **options):
    imported = import_registry(shelters, zones, roads, Options(**options))
    out = tmp_path / "scenario.yaml"
    write_scenario(imported.data, out, [str(shelters)])
    return sim.load_scenario(out)


def registry_rows(path):
    collector = Collector()
    rows, _, _ = read_shelters(path, collector)
    assert not collector.problems
    return rows


@pytest.mark.parametrize("shelters, zones, roads", [
    (SHELTERS_ZH, ZONES_CSV, None),
    (SHELTERS_EN, ZONES_GEOJSON, ROADS),
])
def test_example_becomes_a_scenario_that_runs_with_everyone_ordered_out(tmp_path, shelters, zones, roads):
    scenario = build(tmp_path, shelters, zones, roads)
    assert len(scenario.zones) == 8 and scenario.population == POPULATION
    assert len(scenario.shelters) == 12
    assert sum(s.capacity for s in scenario.shelters) == 3880
    result = sim.run(scenario, seed=0)
    assert result.kpis["population"] == POPULATION
    # the default plan's signal rules fire: the orange-signal order reaches every zone
    assert result.kpis["people_ordered"] == POPULATION
    assert result.kpis["people_to_shelters"] > 0


def test_capacities_stocks_and_addresses_are_carried_over(tmp_path):
    scenario = build(tmp_path, SHELTERS_ZH, ZONES_CSV)
    by_name = {s.name: s for s in scenario.shelters}
    stadium = by_name["区体育馆避灾安置点"]
    assert (stadium.grade, stadium.tier, stadium.capacity, stadium.beds) == ("A", "district", 800, 400)
    assert stadium.stock == {"water_l": 4000, "food": 1600, "bedding": 800, "medical": 60}
    assert stadium.area_m2 == 3200 and stadium.generator and stadium.address == "体育路1号区体育馆"
    assert by_name["渔港社区避灾点"].generator is False
    assert by_name["海湾小学避灾点"].tier == "town"  # 街道级
    assert by_name["白沙村避灾点"].tier == "village"  # 村级


def test_projected_distances_are_within_one_percent_of_great_circle(tmp_path):
    scenario = build(tmp_path, SHELTERS_ZH, ZONES_CSV)
    rows = registry_rows(SHELTERS_ZH)
    for (a, ra), (b, rb) in itertools.combinations(zip(scenario.shelters, rows), 2):
        flat = math.hypot(a.x_km - b.x_km, a.y_km - b.y_km)
        great = haversine_km(ra.lon, ra.lat, rb.lon, rb.lat)
        assert flat == pytest.approx(great, rel=0.01, abs=0.002)


def test_projection_stays_within_one_percent_across_a_large_district(tmp_path):
    rows = [[f"S{i}", "A", "district", "100", "0", "", f"{lon:.4f}", f"{lat:.4f}", "10", "10", "0", "0"]
            for i, (lon, lat) in enumerate([(120.0, 29.6), (120.6, 30.3), (120.3, 29.9), (119.7, 30.1)])]
    path = write_csv(tmp_path / "wide.csv", rows=rows)
    imported = import_registry(path, one_zone_csv(tmp_path))
    shelters = imported.data["shelters"]
    for a, b in itertools.combinations(range(4), 2):
        flat = math.hypot(shelters[a]["x_km"] - shelters[b]["x_km"], shelters[a]["y_km"] - shelters[b]["y_km"])
        great = haversine_km(float(rows[a][6]), float(rows[a][7]), float(rows[b][6]), float(rows[b][7]))
        assert flat == pytest.approx(great, rel=0.01)


def one_zone_csv(tmp_path):
    path = tmp_path / "wide_zones.csv"
    path.write_text("name,population,longitude,latitude\nA,100,120.1,29.9\n", encoding="utf-8")
    return path


def test_straight_roads_are_the_great_circle_distance_times_the_detour_factor(tmp_path):
    for detour in (DETOUR_FACTOR, 1.5):
        data = import_registry(SHELTERS_ZH, ZONES_CSV, options=Options(detour=detour)).data
        xy = {n["id"]: (n["x_km"], n["y_km"]) for n in data["roads"]["nodes"]}
        for e in data["roads"]["edges"]:
            (x0, y0), (x1, y1) = xy[e["from"]], xy[e["to"]]
            assert e["length_km"] == pytest.approx(detour * math.hypot(x1 - x0, y1 - y0), rel=0.01, abs=0.011)


def test_each_zone_is_assigned_its_nearest_shelters_first(tmp_path):
    data = import_registry(SHELTERS_ZH, ZONES_CSV).data
    shelters = {s["id"]: s for s in data["shelters"]}
    for zone in data["zones"]:
        first = data["plan"]["assignments"][zone["id"]][0]
        dist = {sid: math.hypot(s["x_km"] - zone["x_km"], s["y_km"] - zone["y_km"]) for sid, s in shelters.items()}
        assert dist[first] == pytest.approx(min(dist.values()), abs=1e-9)


def test_polygon_zones_stand_for_their_centroids(tmp_path):
    points = import_registry(SHELTERS_ZH, ZONES_CSV).data["zones"]
    polygons = import_registry(SHELTERS_ZH, ZONES_GEOJSON).data["zones"]
    assert [z["name"] for z in points] == [z["name"] for z in polygons]
    assert [z["population"] for z in points] == [z["population"] for z in polygons]
    for p, q in zip(points, polygons):
        assert math.hypot(p["x_km"] - q["x_km"], p["y_km"] - q["y_km"]) < 0.005  # 5 m


def test_roads_file_lengths_follow_the_lines_and_places_sit_on_them(tmp_path):
    data = import_registry(SHELTERS_EN, ZONES_GEOJSON, ROADS).data
    xy = {n["id"]: (n["x_km"], n["y_km"]) for n in data["roads"]["nodes"]}
    for e in data["roads"]["edges"]:
        (x0, y0), (x1, y1) = xy[e["from"]], xy[e["to"]]
        assert e["length_km"] >= math.hypot(x1 - x0, y1 - y0) - 1e-3
    speeds = {e.get("name"): e.get("speed_kmh") for e in data["roads"]["edges"]}
    assert speeds["滨海大道"] == 50


def test_a_place_snaps_to_the_nearest_point_on_a_road_which_is_split_there():
    roads = [(1, "", None, [[(0.0, 0.0), (1.0, 0.0), (2.0, 0.0)]]), (2, "", None, [[(0.0, 0.0), (0.0, 3.0)]])]
    net = roads_network(roads, [("Z1", 0.5, 0.3)], [("S1", 1.9, -0.2), ("S2", -0.1, 2.5)])
    xy = {nid: (x, y) for nid, x, y in net.nodes}
    assert xy[net.node_of["Z1"]] == (0.5, 0.0)
    assert xy[net.node_of["S1"]] == (1.9, 0.0)
    assert xy[net.node_of["S2"]] == (0.0, 2.5)
    assert sorted(e["length_km"] for e in net.edges) == [0.1, 0.5, 0.5, 1.4, 2.5]
    assert net.distances([net.node_of["Z1"]], [net.node_of["S1"], net.node_of["S2"]]).tolist() == [[1.4, 3.0]]


def test_many_places_on_one_road_split_it_without_changing_its_length():
    line = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (3.0, 1.0)]  # 4 km, with bends
    places = [("Z1", 0.5, 0.2), ("Z2", 2.0, 1.5), ("S1", 1.2, 0.5), ("S2", 0.5, -0.1), ("S3", 3.2, 1.0)]
    net = roads_network([(1, "", None, [line])], places[:2], places[2:])
    assert sum(e["length_km"] for e in net.edges) == pytest.approx(4.0)
    assert net.node_of["Z1"] == net.node_of["S2"]  # the same point of the road
    xy = {nid: (x, y) for nid, x, y in net.nodes}
    assert xy[net.node_of["S1"]] == (1.0, 0.5) and xy[net.node_of["S3"]] == (3.0, 1.0)
    km = net.distances([net.node_of["Z1"]], [net.node_of[s] for s in ("S1", "S3")])
    assert km.tolist() == [[pytest.approx(1.0), pytest.approx(3.5)]]


def test_rainstorm_runs_with_its_own_signals_and_onset(tmp_path):
    scenario = build(tmp_path, SHELTERS_ZH, ZONES_CSV, hazard="rainstorm", onset_h=8.0)
    assert scenario.hazard.kind == "rainstorm" and scenario.hazard.onset == 8.0
    result = sim.run(scenario, seed=1)
    assert result.kpis["onset_h"] == 8.0
    assert result.kpis["people_ordered"] == POPULATION


def test_chinese_and_english_headers_give_the_same_scenario(tmp_path):
    english = ["name", "grade", "tier", "capacity", "beds", "address", "longitude", "latitude",
               "water_l", "food", "bedding", "medical"]
    zh = import_registry(write_csv(tmp_path / "zh.csv"), ZONES_CSV).data
    en = import_registry(write_csv(tmp_path / "en.csv", header=english), ZONES_CSV).data
    assert zh == en
    assert len(zh["shelters"]) == len(ROWS)


def test_gbk_and_utf8_registries_give_the_same_scenario(tmp_path):
    utf8 = import_registry(write_csv(tmp_path / "utf8.csv", encoding="utf-8"), ZONES_CSV)
    gbk = import_registry(write_csv(tmp_path / "gbk.csv", encoding="gbk"), ZONES_CSV)
    assert gbk.data == utf8.data
    assert gbk.data["shelters"][0]["name"] == "东港社区避灾点"
    assert any("read as GBK" in note for note in gbk.notes)


def test_excel_unicode_text_tab_separated_utf16_is_read(tmp_path):
    from registry_files import csv_text

    path = tmp_path / "unicode.txt"
    path.write_bytes(csv_text(HEADER_ZH, ROWS).replace(",", "\t").encode("utf-16"))
    utf16 = import_registry(path, ZONES_CSV)
    assert utf16.data == import_registry(write_csv(tmp_path / "utf8.csv"), ZONES_CSV).data


def test_the_excel_example_with_a_title_row_and_a_total_row_gives_all_twelve_shelters():
    rows = registry_rows(SHELTERS_ZH)
    assert len(rows) == 12
    assert rows[0].row == 3  # title on row 1, header on row 2
    assert rows[-1].name == "区体育馆避灾安置点"


def test_population_served_column_makes_one_zone_per_shelter(tmp_path):
    header = HEADER_ZH + ["服务人口"]
    rows = [r + [str(500 + 100 * i)] for i, r in enumerate(ROWS)]
    scenario = build(tmp_path, write_csv(tmp_path / "served.csv", header=header, rows=rows))
    assert [z.population for z in scenario.zones] == [500 + 100 * i for i in range(len(ROWS))]
    assert [z.name for z in scenario.zones][0] == "东港社区避灾点服务区"
    assert scenario.plan.assignments["Z1"][0] == "S1"


def test_meals_are_converted_to_day_rations_and_tonnes_to_litres(tmp_path):
    header = [h.replace("食品(份)", "食品(餐)").replace("饮用水(升)", "饮用水(吨)") for h in HEADER_ZH]
    data = import_registry(write_csv(tmp_path / "units.csv", header=header), ZONES_CSV).data
    assert data["shelters"][0]["stock"]["food"] == 100  # 300 meals
    assert data["shelters"][0]["stock"]["water_l"] == 800_000  # 800 t


def test_the_chinese_and_english_example_registries_differ_only_in_names_and_addresses():
    def without_words(data):
        return [{k: v for k, v in s.items() if k not in ("name", "name_zh", "address", "contact", "phone")} for s in data["shelters"]]

    zh = import_registry(SHELTERS_ZH, ZONES_CSV).data
    en = import_registry(SHELTERS_EN, ZONES_CSV).data
    assert without_words(zh) == without_words(en)
    assert zh["roads"] == en["roads"] and zh["plan"] == en["plan"]


def test_imported_roads_keep_their_shape_for_the_map(tmp_path):
    """A road of the roads file keeps its inner points as ``via``: the map draws it along its
    shape, and its length is the length of that shape."""
    import json

    roads = json.loads(ROADS.read_text(encoding="utf-8"))
    line = roads["features"][0]["geometry"]["coordinates"]
    (x0, y0), (x1, y1) = line[0], line[1]
    line.insert(1, [(x0 + x1) / 2, y0 + 0.002])  # a bend of about 220 m that no other road shares
    path = tmp_path / "roads.geojson"
    path.write_text(json.dumps(roads), encoding="utf-8")
    scenario = build(tmp_path, SHELTERS_EN, ZONES_GEOJSON, path)
    xy = {n.id: (n.x_km, n.y_km) for n in scenario.nodes}
    bent = [e for e in scenario.edges if e.via]
    assert bent
    for e in bent:
        points = [xy[e.from_], *e.via, xy[e.to]]
        drawn = sum(math.hypot(x1 - x0, y1 - y0) for (x0, y0), (x1, y1) in zip(points, points[1:]))
        assert drawn == pytest.approx(e.length_km, abs=0.005)
        assert drawn > math.hypot(xy[e.to][0] - xy[e.from_][0], xy[e.to][1] - xy[e.from_][1]) + 1e-6
