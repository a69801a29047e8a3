"""What a registry carries beyond places and stocks: folding beds (折叠床), remarks (备注)
shown with the shelter, and the size assumed for every case (箱) the registry counts in."""
import pytest

import sim
from registry import Options, import_registry, write_scenario
from registry_files import EXAMPLES, ROWS, write_csv

HEADER = ["名称", "等级", "层级", "容纳人数", "折叠床(张)", "地址", "经度", "纬度", "矿泉水", "方便面(箱)", "棉被", "药品",
          "备注"]


def _rows():
    rows = [list(r) + [""] for r in ROWS]
    rows[0][8] = "50箱"  # water typed in cases in a column without a unit
    rows[1][8] = "3提"  # and in packs of 12 bottles
    rows[0][12] = "一楼可用，二楼漏雨"
    rows[2][12] = "无障碍通道"
    return rows


def _imported(tmp_path, lang=None):
    path = write_csv(tmp_path / "shelters.csv", HEADER, _rows())
    imported = import_registry(path, EXAMPLES / "zones.csv", None, Options(lang=lang) if lang else None)
    out = tmp_path / "scenario.yaml"
    write_scenario(imported.data, out, [str(path)])
    return imported, sim.load_scenario(out)


def test_folding_beds_become_beds_and_remarks_the_shelters_note(tmp_path):
    _, scenario = _imported(tmp_path)
    by_name = {s.name: s for s in scenario.shelters}
    first, third = by_name[ROWS[0][0]], by_name[ROWS[2][0]]
    assert first.beds == int(ROWS[0][4]) and third.beds == int(ROWS[2][4])
    assert first.note == "一楼可用，二楼漏雨" and third.note == "无障碍通道" and by_name[ROWS[1][0]].note == ""


def test_every_case_size_assumed_is_stated_per_item(tmp_path):
    imported, scenario = _imported(tmp_path, "en")
    notes = "\n".join(imported.notes)
    assert "water: one 箱 = 24 bottles × 0.55 L = 13.2 L" in notes  # typed into a cell
    assert "water: one 提 = 12 bottles × 0.55 L = 6.6 L" in notes
    assert "food: one 箱 = 24 packs" in notes  # from the header
    water = {s.name: s.stock["water_l"] for s in scenario.shelters}
    assert water[ROWS[0][0]] == pytest.approx(50 * 13.2) and water[ROWS[1][0]] == pytest.approx(3 * 6.6)


def test_the_importer_speaks_the_users_language(tmp_path, capsys, monkeypatch):
    """Problems and notes in Chinese by the one rule (here STORMDRILL_LANG=zh), in English with --lang en."""
    from stormdrill.cli import main

    rows = _rows()
    rows[1][3] = "约300"  # an approximation where the capacity must be one number
    path = write_csv(tmp_path / "shelters.csv", HEADER, rows)
    args = ["import", str(path), "--zones", str(EXAMPLES / "zones.csv"), "-o", str(tmp_path / "s.yaml")]
    monkeypatch.setenv("STORMDRILL_LANG", "zh")
    assert main(args) == 2
    assert "shelters.csv:3: 容纳人数: '约300' 是范围或约数；请填写一个数（台账的规划数）" in capsys.readouterr().err
    assert main(args + ["--lang", "en"]) == 2
    assert "'约300' is a range or an approximation" in capsys.readouterr().err
    good = write_csv(tmp_path / "good.csv", HEADER, _rows())
    assert main(["import", str(good), "--zones", str(EXAMPLES / "zones.csv"), "-o", str(tmp_path / "g.yaml")]) == 0
    out = capsys.readouterr().out
    assert "饮用水：每箱 24 瓶 × 0.55 升 = 13.2 升（假定值，可用 --units 修改）" in out and "已写入" in out
