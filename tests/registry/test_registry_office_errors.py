"""Bad cells and sheets as offices type them: every problem names its row, its column and the
user's own text; nothing is written; --skip-bad-rows writes exactly the good rows."""
import csv
import json

import openpyxl
import pytest

import sim
from offices import csv_bytes, jiaojiang_gbk
from registry import Options, RegistryError, import_registry
from stormdrill.cli import main

HEAD = ["名称", "类别(A/B/C)", "层级", "所属镇街", "容纳人数", "经度", "纬度", "服务人口", "饮用水(升)", "方便面(箱)"]
GOOD = [["一号避灾点", "A", "街道级", "海门街道", "500人", "121.4400", "28.6800", "1000", "800", "20"],
        ["二号避灾点", "B", "社区级", "海门街道", "200", "121.4450", "28.6750", "500", "300", "10"],
        ["三号避灾点", "B", "社区级", "白云街道", "300", "121.4350", "28.6850", "600", "400", "12"]]


def registry(tmp_path, rows, head=HEAD, name="台账.csv"):
    path = tmp_path / name
    path.write_bytes(csv_bytes([head] + rows, "gbk"))
    return path


def problems(path, **options):
    with pytest.raises(RegistryError) as info:
        import_registry(path, options=Options(**options))
    return [str(p) for p in info.value.problems]


def with_cell(row, column, text):
    rows = [list(r) for r in GOOD]
    rows[row - 2][HEAD.index(column)] = text
    return rows


@pytest.mark.parametrize("column, text, reason", [
    ("容纳人数", "200-300人", "'200-300人' is a range or an approximation; write one number"),
    ("容纳人数", "约５００人", "'约５００人' is a range or an approximation"),
    ("容纳人数", "300余", "'300余' is a range or an approximation"),
    ("容纳人数", "３００桶", "'３００桶': unit '桶' is not understood here; use a plain number or one of: 人"),
    ("容纳人数", "三百", "'三百' is not a number"),
    ("容纳人数", "250.5", "'250.5' is not a whole number"),
    ("饮用水(升)", "800毫升?", "'800毫升?': unit '毫升?' is not understood here"),
    ("方便面(箱)", "-3", "'-3' cannot be negative"),
    ("经度", "121°26'", "\"121°26'\": unit \"°26'\" is not understood here"),
    ("类别(A/B/C)", "Ｄ类", "'Ｄ类' is not a grade; use A, B or C"),
    ("层级", "省级", "'省级' is not a tier"),
])
def test_a_bad_cell_names_row_column_and_the_text_as_typed(tmp_path, column, text, reason):
    path = registry(tmp_path, with_cell(3, column, text))
    [found] = problems(path)
    assert found.startswith(f"{path}:3: {column}: {reason}"), found


def test_a_blank_township_with_nothing_above_is_an_error(tmp_path):
    path = registry(tmp_path, with_cell(2, "所属镇街", ""))
    [found] = problems(path)
    assert found.startswith(f"{path}:2: 所属镇街: is empty, and no row above gives one to fill down")


def test_no_township_column_at_all_is_fine(tmp_path):
    keep = [i for i, h in enumerate(HEAD) if h != "所属镇街"]
    path = registry(tmp_path, [[r[i] for i in keep] for r in GOOD], head=[HEAD[i] for i in keep])
    assert all("township" not in s for s in import_registry(path).data["shelters"])


def test_a_merged_cell_where_merging_means_nothing_is_an_error_in_a_workbook(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(HEAD)
    for r in GOOD:
        ws.append(r)
    ws.merge_cells("E2:E3")  # one capacity over two shelters
    path = tmp_path / "台账.xlsx"
    book.save(path)
    [found] = problems(path)
    assert found.startswith(f"{path}:3: 容纳人数: is a merged cell (merged with row 2); only 层级 / tier and "
                            "所属镇街 / township are filled down")


def test_a_blank_township_not_merged_is_an_error_in_a_workbook(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(HEAD)
    for r in with_cell(3, "所属镇街", None):
        ws.append(r)
    path = tmp_path / "台账.xlsx"
    book.save(path)
    [found] = problems(path)
    assert found.startswith(f"{path}:3: 所属镇街: is empty and not part of a merged cell; write it, or merge it")


@pytest.mark.parametrize("column", ["饮用水(升)", "方便面(箱)"])
def test_no_water_or_no_food_anywhere_is_an_error_unless_allowed(tmp_path, column):
    rows = [list(r) for r in GOOD]
    for r in rows:
        r[HEAD.index(column)] = "无"
    path = registry(tmp_path, rows)
    [found] = problems(path)
    assert f"column {column!r} gives 0 at every shelter" in found and "--allow-empty-stock" in found
    assert import_registry(path, options=Options(allow_empty_stock=True)).data["shelters"]


def test_a_registry_without_any_water_column_is_an_error(tmp_path):
    keep = [i for i, h in enumerate(HEAD) if h != "饮用水(升)"]
    path = registry(tmp_path, [[r[i] for i in keep] for r in GOOD], head=[HEAD[i] for i in keep])
    [found] = problems(path)
    assert found.startswith(f"{path}: water_l: no column gives it")


def test_a_second_header_row_of_unknown_items_is_read_as_a_header_and_named(tmp_path):
    head = ["名称", "类别", "层级", "所属镇街", "容纳人数", "经度", "纬度", "服务人口", "物资储备", ""]
    sub = ["", "", "", "", "", "", "", "", "桶装水", "面包"]
    path = registry(tmp_path, [sub] + GOOD, head=head)
    assert problems(path) == [  # not one error per cell of row 2: it is the header's second row
        f"{path}: water_l: no column gives it (e.g. 饮用水(升), 矿泉水(箱), 食品(份), 方便面(箱); columns not used: "
        "桶装水, 面包), so nobody would ever be secured; fix the registry, or add --allow-empty-stock if the "
        "shelters really hold none (stocks come by truck)",
        f"{path}: food: no column gives it (e.g. 饮用水(升), 矿泉水(箱), 食品(份), 方便面(箱); columns not used: "
        "桶装水, 面包), so nobody would ever be secured; fix the registry, or add --allow-empty-stock if the "
        "shelters really hold none (stocks come by truck)"]


@pytest.mark.parametrize("text, reason", [
    ("water_l: {箱: {count: 0, each: 0.55}}", "--units water_l.箱.count: 0 is not a number more than 0"),
    ("bedding: {箱: {count: 1, each: 1}}", "--units bedding: is not an item counted in cases here"),
    ("food: {桶: {count: 1, each: 1}}", "--units food.桶: '桶' is not a purchase unit"),
    ("water_l: [1, 2", "--units: not a readable YAML file"),
])
def test_a_bad_units_file_exits_2(tmp_path, capsys, text, reason):
    path = registry(tmp_path, GOOD)
    units = tmp_path / "units.yaml"
    units.write_text(text, encoding="utf-8")
    out = tmp_path / "s.yaml"
    assert main(["import", str(path), "--units", str(units), "-o", str(out)]) == 2
    assert reason in capsys.readouterr().err
    assert not out.exists()


def test_bad_rows_stop_the_import_and_nothing_is_written(tmp_path, capsys):
    rows = with_cell(3, "容纳人数", "200-300")
    path = registry(tmp_path, rows)
    out = tmp_path / "s.yaml"
    assert main(["import", str(path), "-o", str(out)]) == 2
    assert f"{path}:3: 容纳人数: '200-300' is a range" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["台账.csv"]


def test_skip_bad_rows_writes_exactly_the_good_rows_and_lists_the_bad_ones(tmp_path, capsys):
    rows = [list(r) for r in GOOD] + [["四号避灾点", "C", "村级", "白云街道", "约100", "121.4300", "28.6900", "200",
                                       "100", "5"],
                                      ["二号避灾点", "C", "村级", "白云街道", "100", "121.4310", "28.6910", "200",
                                       "100", "5"]]
    rows[1][HEAD.index("经度")] = "113.2644"  # Guangzhou: far from the others
    path = registry(tmp_path, rows)
    out = tmp_path / "s.yaml"
    assert main(["import", str(path), "--skip-bad-rows", "-o", str(out)]) == 0
    assert "rejected.csv: 3 bad row(s) left out" in capsys.readouterr().out
    scenario = sim.load_scenario(out)
    assert [s.name for s in scenario.shelters] == ["一号避灾点", "三号避灾点"]
    with open(tmp_path / "rejected.csv", encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    assert table[0] == ["row", "reason", *HEAD]  # in the user's language (here en: tests/registry/conftest.py)
    assert [r[0] for r in table[1:]] == ["3", "5", "6"]
    assert "longitude / latitude" in table[1][1] and table[1][2:] == rows[1]
    assert "'约100' is a range" in table[2][1] and table[2][2:] == rows[3]
    assert "appears twice (first on row 3)" in table[3][1]


def test_skip_bad_rows_never_overwrites_a_rejected_file(tmp_path, capsys):
    path = registry(tmp_path, with_cell(3, "容纳人数", "x"))
    (tmp_path / "rejected.csv").write_text("mine\n", encoding="utf-8")
    out = tmp_path / "s.yaml"
    assert main(["import", str(path), "--skip-bad-rows", "-o", str(out)]) == 2
    assert "rejected.csv: exists already" in capsys.readouterr().err
    assert (tmp_path / "rejected.csv").read_text(encoding="utf-8") == "mine\n" and not out.exists()


def test_contact_and_phone_reach_the_scenario_but_no_public_export(tmp_path):
    reg = jiaojiang_gbk(tmp_path)
    scenario_path = tmp_path / "s.yaml"
    assert main(["import", str(reg.path), "--crs", "gcj02", "-o", str(scenario_path)]) == 0
    scenario = sim.load_scenario(scenario_path)
    assert scenario.shelters[0].contact == "王建国" and scenario.shelters[0].phone == "13857600001"
    out = tmp_path / "out"
    assert main(["run", str(scenario_path), "--out", str(out / "run")]) == 0
    assert main(["stock", str(scenario_path), "--reps", "3", "--verify-reps", "3", "--workers", "1", "--quiet",
                 "--out", str(out / "stock")]) == 0
    exported = {p.name: p.read_bytes().decode("utf-8", "replace") for p in out.rglob("*")
                if p.is_file() and p.suffix != ".xlsx"}
    book = openpyxl.load_workbook(out / "stock" / "purchase.xlsx")
    exported["purchase.xlsx"] = repr([row for ws in book.worksheets for row in ws.iter_rows(values_only=True)])
    assert {"shelters.csv", "stock.csv", "stock.html", "shelters.geojson"} <= set(exported)
    geo = json.loads(exported["shelters.geojson"])  # results go back on a map: WGS 84 positions
    first = reg.shelters["海门街道综合避灾安置中心"]
    assert geo["features"][0]["geometry"]["coordinates"] == pytest.approx([first.lon, first.lat], abs=1e-6)
    snapshot = repr(sim.Engine(scenario).snapshot())
    for person in reg.shelters.values():
        for name, text in {**exported, "snapshot": snapshot}.items():
            assert person.phone not in text and person.contact not in text, name
