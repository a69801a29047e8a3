"""What the office takes away: the terminal answer in zh and en, the HTML page, the Excel
purchase list (totals equal the page's), the GeoJSON (valid), the reserve check."""
import json
import re
from pathlib import Path
import subprocess
import sys

import jsonschema
import openpyxl
import pytest
import yaml

import planning
import sim
from planning import charts, texts
from planning.exports import shelters_geojson
from planning.reserve import RULE_TOWNSHIPS
from planning_builders import two_villages, village
from stormdrill.cli import main

GEOJSON_POINTS = {
    "type": "object", "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {"type": "array", "items": {
            "type": "object", "required": ["type", "geometry", "properties"],
            "properties": {
                "type": {"const": "Feature"},
                "id": {"type": ["string", "number"]},
                "geometry": {"type": "object", "required": ["type", "coordinates"],
                             "properties": {"type": {"const": "Point"},
                                            "coordinates": {"type": "array", "minItems": 2, "maxItems": 3,
                                                            "items": {"type": "number"}}}},
                "properties": {"type": ["object", "null"]}}}}},
}
"""RFC 7946's FeatureCollection of Points, as a JSON Schema."""
RIVER = Path(__file__).parents[2] / "scenarios" / "river_district_flood" / "scenario.yaml"


@pytest.fixture(scope="module")
def answer():
    return planning.stock_test(two_villages(), replications=3, workers=1, question="hold_out", hold_out_h=24.0)


def test_answer_reads_in_purchase_units_in_both_languages(answer):
    en = texts.lines(answer, "en")
    zh = texts.lines(answer, "zh")
    assert any(re.match(r"S1 School <hall> S1: add [\d,]+ cases of water \([\d,]+ L\)", x) for x in en), en
    assert any(x.startswith("S1 S1避灾点：补充 饮用水 ") and "箱" in x for x in zh), zh
    assert all(not re.search(r"[\u4e00-\u9fff]", x) for x in en if not x.startswith("S"))


def test_purchase_list_totals_equal_the_page(answer, tmp_path):
    from planning.exports import write_purchase_list
    from planning.report import write_html

    write_html(answer, tmp_path / "stock.html", "zh")
    write_purchase_list(answer, tmp_path / "purchase.xlsx", "zh")
    page = (tmp_path / "stock.html").read_text(encoding="utf-8")
    on_page = {m[0]: int(m[1]) for m in re.findall(r'data-item="([^"]+)" data-count="(\d+)"', page)}
    book = openpyxl.load_workbook(tmp_path / "purchase.xlsx")
    assert {"T1", "T2"} <= set(book.sheetnames)
    in_book = {}
    names = {texts.item_name(i, "zh"): i for i in answer.items}
    for town in ("T1", "T2"):
        rows = list(book[town].iter_rows(values_only=True))
        assert rows[0][:5] == ("避灾点", "名称", "物资", "采购单位", "数量")
        body = [r for r in rows[1:] if r[0] != "合计"]
        totals = [r for r in rows[1:] if r[0] == "合计"]
        for row in body:
            in_book[names[row[2]]] = in_book.get(names[row[2]], 0) + row[4]
        assert totals[-1][2] == "全部物资" and totals[-1][4] is None  # weight and cost only: no sum of cases and sets
        assert totals[-1][7] == pytest.approx(sum(r[7] for r in body), abs=0.05)
        for total in totals[:-1]:  # one total per item, in its own unit
            mine = [r for r in body if r[2] == total[2]]
            assert total[4] == sum(r[4] for r in mine) and {r[3] for r in mine} == {total[3]}
    assert in_book == on_page and sum(on_page.values()) > 0
    assert on_page == {item: t[0] for item, t in answer.totals().items()}


def test_geojson_validates_and_carries_the_recommendation(answer):
    doc = json.loads(json.dumps(shelters_geojson(answer)))
    jsonschema.validate(doc, GEOJSON_POINTS)
    props = {f["id"]: f["properties"] for f in doc["features"]}
    need = next(n for n in answer.needs if n.shelter == "S1" and n.item == "water_l")
    assert props["S1"]["water_l_add"] == need.add and props["S1"]["water_l_recommended"] == pytest.approx(need.recommended, abs=0.01)


def test_panels_hold_at_most_eight_shelters_and_fit_the_page():
    shelters = [{"id": f"S{i:02d}", "grade": "A", "tier": "village", "capacity": 10, "x_km": 0, "y_km": 0,
                 "node": "A", "township": "T1" if i < 19 else "T2"} for i in range(21)]
    source = dict(village().source, shelters=shelters)
    panels = charts.panels_of(sim.scenario_from_dict(source), {s["id"] for s in shelters})
    assert [len(ids) for _, ids in panels] == [8, 8, 3, 2]
    assert charts.WIDTH_IN * charts.DPI <= 1000


def test_chart_font_is_found_without_importing_pygame():
    code = ("import sys, planning.charts as c; p = c.cjk_font_path(); "
            "print(p, 'pygame' in sys.modules, 'pygame_gui' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[0].endswith("NotoSansSC-Regular.otf") and out[1:] == ["False", "False"]


def _depot(water, bedding=10_000):
    return {"id": "D9", "tier": "district", "stock": {"water_l": water, "food": 10_000, "bedding": bedding,
                                                       "medical": 10_000},
            "x_km": 1, "y_km": 0, "node": "B"}


def test_reserve_names_the_two_largest_townships_and_what_to_add():
    """T1 holds 400, T2 300: first rations of water 1,200 + 900 L; bedding 400 + 300 sets."""
    base = two_villages()
    short = planning.reserve_check(base.with_overrides({"depots": [_depot(2000, bedding=650)]}))
    assert short.largest == ("T1", "T2") and not short.covers_largest
    water = next(c for c in short.items if c.item == "water_l")
    assert water.two_need == pytest.approx(400 * (3 + 15 * 10 / 24) + 300 * (3 + 15 * 10 / 24))
    assert short.limiting.item == "water_l"
    assert water.add == -(-(water.two_need - 2000) // 13.2)
    bedding = next(c for c in short.items if c.item == "bedding")
    assert bedding.add == 50
    enough = planning.reserve_check(base.with_overrides({"depots": [_depot(10_000)]}))
    assert enough.covers_largest and enough.limiting is None and enough.townships >= 1
    assert RULE_TOWNSHIPS == 2


def test_river_district_reserve_covers_the_planned_towns_not_any_two():
    """docs/scenarios.md: the reserve is sized for Hekou (T04) and Shawan (T05), the towns the
    plan sends it to; the two largest townships (T01, T02) need more bedding and kits."""
    river = sim.load_scenario(RIVER)
    check = planning.reserve_check(river)
    assert check.planned == ("T04", "T05") and check.covers_planned
    assert check.largest == ("T01", "T02") and not check.covers_largest
    assert check.limiting.item == "bedding" and check.limiting.add > 0


def test_stock_command_writes_four_files_and_keeps_the_users(tmp_path, capsys):
    path = tmp_path / "scenario.yaml"
    source = dict(village(300, name="Drill <script>alert(1)</script>",
                          stock={"water_l": 600, "food": 5000, "bedding": 5000, "medical": 5000}).source)
    path.write_text(yaml.safe_dump(source, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "report"
    code = main(["stock", str(path), "--reps", "2", "--workers", "1", "--items", "water_l,bedding", "--quiet",
                 "--lang", "en", "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "S1 School <hall> S1: add 23 cases of water (304 L)" in printed
    page = (out / "stock.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page and "<b>not bold</b>" not in page
    assert page.count("data:image/png;base64,") == 3  # stock against need, occupancy, the shortfall map
    assert (out / "purchase.xlsx").stat().st_size > 0 and (out / "shelters.geojson").exists()
    assert (out / "shortfall.geojson").exists() and (out / "shortfall.png").exists()
    assert main(["stock", str(path), "--reps", "2", "--workers", "1", "--out", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["stock", str(path), "--hold-out", "24h", "--no-resupply"]) == 2
    assert main(["stock", str(path), "--set", "shelters.S9.capacity=5", "--reps", "2"]) == 2
    assert "S9" in capsys.readouterr().err


def test_reserve_command_speaks_chinese_by_default(capsys, monkeypatch):
    monkeypatch.delenv("STORMDRILL_LANG")  # nothing chooses a language (docs/language.md): Chinese
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    assert main(["reserve", str(RIVER)]) == 0
    out = capsys.readouterr().out
    assert "需求最大的两个镇街是 T01 城关街道 和 T02 东城街道" in out and "被褥" in out and "T04 河口镇 和 T05 沙湾镇，可同时保障" in out


def test_planning_and_registry_words_mean_the_same_in_every_package():
    """The packages' catalogues are read as one (messages/__init__.py): an English message
    that two packages translate differently would show the other package's words."""
    from messages import catalogue

    cats = {d: catalogue.read("zh", d) for d in catalogue.DOMAINS}

    def zh(message):
        return message.string if isinstance(message.string, str) else message.string[0]

    clashes = []
    for mine in ("planning", "registry"):
        for m in cats[mine]:
            key = m.id if isinstance(m.id, str) else m.id[0]
            for other, cat in cats.items():
                theirs = cat.get(key) if key and other != mine else None
                if theirs is not None and zh(theirs) != zh(m):
                    clashes.append((mine, key, zh(m), other, zh(theirs)))
    assert clashes == []
