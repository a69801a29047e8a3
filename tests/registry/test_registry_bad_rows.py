"""Bad registries: every bad row reported by file, spreadsheet row and column, all at once."""
import json

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from registry_files import EXAMPLES, HEADER_ZH, ROWS, write_csv
from registry import RegistryError, import_registry

ZONES_CSV = EXAMPLES / "zones.csv"


def problems(shelters, zones=ZONES_CSV, roads=None):
    with pytest.raises(RegistryError) as info:
        import_registry(shelters, zones, roads)
    return [str(p) for p in info.value.problems]


def with_cell(row, column, value):
    """ROWS with one cell changed; *row* is the spreadsheet row (header = 1)."""
    rows = [list(r) for r in ROWS]
    rows[row - 2][HEADER_ZH.index(column)] = value
    return rows


def test_non_numeric_capacity_names_row_and_column(tmp_path):
    path = write_csv(tmp_path / "shelters.csv", rows=with_cell(6, "容纳人数", "abc"))
    assert problems(path) == [f"{path}:6: 容纳人数: 'abc' is not a number"]


def test_missing_column_is_reported_on_the_header_row(tmp_path):
    keep = [i for i, h in enumerate(HEADER_ZH) if h != "容纳人数"]
    path = write_csv(tmp_path / "shelters.csv", header=[HEADER_ZH[i] for i in keep],
                     rows=[[r[i] for i in keep] for r in ROWS])
    [found] = problems(path)
    assert found.startswith(f"{path}:1: 容纳人数 / capacity: required column is missing")


def test_bad_grade(tmp_path):
    path = write_csv(tmp_path / "shelters.csv", rows=with_cell(3, "等级", "D"))
    assert problems(path) == [f"{path}:3: 等级: 'D' is not a grade; use A, B or C"]


def test_a_floor_area_too_small_for_one_person(tmp_path):
    header = HEADER_ZH + ["面积"]
    rows = [r + ["800"] for r in ROWS]
    rows[2][-1] = "2"
    path = write_csv(tmp_path / "shelters.csv", header=header, rows=rows)
    assert problems(path) == [f"{path}:4: 面积: 2 m² leaves room for nobody at 3.5 m² per person"]


def test_bad_tier(tmp_path):
    path = write_csv(tmp_path / "shelters.csv", rows=with_cell(4, "层级", "省级"))
    [found] = problems(path)
    assert found.startswith(f"{path}:4: 层级: '省级' is not a tier")


def test_latitude_out_of_range_hints_at_swapped_columns(tmp_path):
    path = write_csv(tmp_path / "shelters.csv", rows=with_cell(5, "纬度", "121.44"))
    [found] = problems(path)
    assert found.startswith(f"{path}:5: 纬度: '121.44' is out of range for a latitude (-90 to 90)")
    assert "swapped" in found


def test_a_far_away_shelter_is_reported(tmp_path):
    path = write_csv(tmp_path / "shelters.csv", rows=with_cell(7, "经度", "113.2644"))  # Guangzhou, not Taizhou
    [found] = problems(path)
    assert found.startswith(f"{path}:7: longitude / latitude: (113.264, 28.6705) is ")
    assert "check the coordinates" in found


def test_duplicate_shelter_name_points_to_the_first(tmp_path):
    path = write_csv(tmp_path / "shelters.csv", rows=with_cell(5, "名称", ROWS[1][0]))
    assert problems(path) == [f"{path}:5: 名称: shelter name '渔港社区避灾点' appears twice (first on row 3)"]


def test_empty_file_and_header_only(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    [found] = problems(empty)
    assert found.startswith(f"{empty}: the file is empty")
    header_only = write_csv(tmp_path / "header.csv", rows=[])
    assert problems(header_only) == [f"{header_only}: the file has a header row but no shelter rows"]


def test_all_bad_rows_of_all_files_in_one_report(tmp_path):
    rows = with_cell(2, "容纳人数", "abc")
    rows[3][HEADER_ZH.index("等级")] = "甲"          # row 5
    rows[3][HEADER_ZH.index("饮用水(升)")] = "-5"     # row 5, a second cell
    rows[5][HEADER_ZH.index("经度")] = "121°26'"      # row 7
    path = write_csv(tmp_path / "shelters.csv", rows=rows)
    zones = tmp_path / "zones.csv"
    zones.write_text("社区,人口,经度,纬度\n东港社区,1450,121.455,28.672\n渔港社区,很多,121.462,28.665\n", encoding="utf-8")
    found = problems(path, zones)
    assert [f.split(": ")[0:2] for f in found] == [
        [f"{path}:2", "容纳人数"], [f"{path}:5", "等级"], [f"{path}:5", "饮用水(升)"], [f"{path}:7", "经度"],
        [f"{zones}:3", "人口"]]
    assert "decimal degrees" in found[3]


def test_a_unit_the_column_cannot_read_is_refused_once_not_also_as_missing(tmp_path):
    header = [h.replace("容纳人数", "容纳人数(桶)") for h in HEADER_ZH]
    path = write_csv(tmp_path / "shelters.csv", header=header)
    [found] = problems(path)  # one message: not also "required column is missing"
    assert found.startswith(f"{path}:1: 容纳人数(桶): unit '桶' is not understood for 容纳人数 / capacity; use one of: 人")


def test_a_broken_workbook_and_an_old_xls_are_refused_with_how_to_save_them(tmp_path, monkeypatch):
    monkeypatch.setenv("STORMDRILL_LANG", "en")  # the workbook check speaks through the catalogue (sim.userfile)
    path = tmp_path / "shelters.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    [found] = problems(path)
    assert found.startswith(f"{path}: not a readable .xlsx workbook") and "CSV UTF-8" in found
    old = tmp_path / "shelters.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    [found] = problems(old)
    assert "Excel 97-2003" in found and ".xlsx" in found
    renamed = tmp_path / "shelters.csv"
    renamed.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    [found] = problems(renamed)
    assert "give it its .xlsx name" in found


def test_no_zones_and_no_population_served_column(tmp_path):
    path = write_csv(tmp_path / "shelters.csv")
    [found] = problems(path, zones=None)
    assert "--zones" in found and "服务人口" in found


def test_zone_geojson_feature_problems_name_the_feature(tmp_path):
    doc = json.loads((EXAMPLES / "zones.geojson").read_text(encoding="utf-8"))
    doc["features"][2]["properties"]["人口"] = "abc"
    doc["features"][4]["geometry"] = {"type": "LineString", "coordinates": [[121.4, 28.6], [121.5, 28.7]]}
    path = tmp_path / "zones.geojson"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert problems(EXAMPLES / "shelters.csv", path) == [
        f"{path}: feature 3: 人口: 'abc' is not a number",
        f"{path}: feature 5: geometry: 'LineString' cannot place a zone; use a Point or a Polygon"]


def test_a_zone_cut_off_from_every_shelter_by_the_roads_is_reported(tmp_path):
    roads = tmp_path / "roads.geojson"
    lines = [[[121.40, 28.70], [121.41, 28.70]], [[121.44, 28.66], [121.44, 28.70]]]
    roads.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": c}} for c in lines]}))
    zones = tmp_path / "zones.csv"
    zones.write_text("name,population,longitude,latitude\nfar,100,121.401,28.701\nnear,100,121.441,28.67\n")
    assert problems(write_csv(tmp_path / "shelters.csv"), zones, roads) == [
        f"{zones}:2: zone 'far' snaps to a road that leads to no shelter in {roads}; join the roads or move the zone"]


CELLS = st.one_of(st.sampled_from(["", "abc", "-1", "0", "1e400", "nan", "12.5", "1,200", "A", "村级", "有", "95",
                                   "１２０", "合计", "东港", " 7 ", "1500人", "约500", "200-300", "20箱", "2900㎡",
                                   "填表人：张三", "无", "物资储备", "管理员"]),
                  st.text(max_size=6))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.lists(CELLS, min_size=0, max_size=len(HEADER_ZH) + 1), min_size=0, max_size=4))
def test_any_cells_give_a_scenario_or_problems_by_row_and_column_never_a_traceback(tmp_path, cells):
    path = write_csv(tmp_path / "fuzz.csv", rows=cells)
    try:
        imported = import_registry(path, ZONES_CSV)
    except RegistryError as exc:
        for p in exc.problems:
            assert p.file in (str(path), str(ZONES_CSV))
            assert p.row == 0 or (1 <= p.row <= len(cells) + 1 and p.column)  # 1: the header (and a second row)
    else:
        assert 1 <= len(imported.data["shelters"]) <= len(cells)
