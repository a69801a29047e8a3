"""The corpus of registries as offices keep them: each imports, validates and runs, and carries
every shelter's capacity, stock (after conversion), township and position over."""
import pytest

import sim
from offices import CORPUS
from registry.projection import haversine_km
from stormdrill.cli import main


@pytest.mark.parametrize("build", CORPUS, ids=[b.__name__ for b in CORPUS])
def test_each_office_registry_imports_validates_and_runs(tmp_path, build, capsys):
    registry = build(tmp_path)
    out = tmp_path / "scenario.yaml"
    assert main(["import", str(registry.path), *registry.options, "-o", str(out)]) == 0, capsys.readouterr().err
    scenario = sim.load_scenario(out)
    by_name = {s.name: s for s in scenario.shelters}
    assert sorted(by_name) == sorted(registry.shelters)
    for name, want in registry.shelters.items():
        got = by_name[name]
        assert got.capacity == want.capacity, name
        for item, amount in want.stock.items():
            assert got.stock.get(item, 0.0) == pytest.approx(amount, rel=1e-4, abs=1e-3), (name, item)
        assert got.township == want.township, name
        assert haversine_km(got.lon, got.lat, want.lon, want.lat) < 0.001, name  # within a metre
        assert (got.contact, got.phone) == (want.contact, want.phone), name
    result = sim.run(scenario, seed=0)
    assert result.kpis["population"] == scenario.population > 0
    assert result.kpis["people_ordered"] > 0 and result.kpis["people_to_shelters"] > 0


def test_the_registry_of_the_issue_says_what_each_column_became(tmp_path, capsys):
    registry = CORPUS[0](tmp_path)
    assert main(["import", str(registry.path), *registry.options, "-o", str(tmp_path / "s.yaml")]) == 0
    out = capsys.readouterr().out
    assert "矿泉水(箱) → water: one 箱 = 24 bottles × 0.55 L = 13.2 L (assumed; --units changes it)" in out
    assert "方便面(箱) → food: one 箱 = 24 packs × 0.2125 day rations = 5.1 day rations" in out
    assert ":17: skipped the total row" in out and ":19: skipped the footer row" in out
    assert "所属镇街: rows 7-9, 12-13, 15-16 were blank and took the value above" in out
    assert "two-row header" in out and "converted to WGS 84" in out
    assert main(["import", str(registry.path), *registry.options, "-o", str(tmp_path / "zh.yaml"), "--lang", "zh"]) == 0
    zh = capsys.readouterr().out
    assert "矿泉水(箱) → 饮用水：每箱 24 瓶 × 0.55 升 = 13.2 升" in zh and "方便面(箱) → 食品：每箱 24 包" in zh
    assert "跳过合计行" in zh and "已写入" in zh and "note:" not in zh


def test_imported_yaml_has_no_anchors_so_each_zone_block_stands_alone(tmp_path):
    registry = CORPUS[0](tmp_path)
    out = tmp_path / "scenario.yaml"
    assert main(["import", str(registry.path), *registry.options, "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "&id" not in text and "*id" not in text
    import yaml

    data = yaml.safe_load(text)
    orders = [d for rule in data["plan"]["rules"] for d in rule["do"] if d.get("channels") == ["door_to_door"]]
    assert len(orders) == 10
    orders[0]["channels"].append("gong")  # editing one zone's order leaves the others alone
    assert [o["channels"] for o in orders[1:]] == [["door_to_door"]] * 9


def test_the_example_gbk_registry_is_the_corpus_file_of_the_issue(tmp_path):
    from registry_files import EXAMPLES

    assert (EXAMPLES / "jiaojiang_registry_gbk.csv").read_bytes() == CORPUS[0](tmp_path).path.read_bytes()


def test_the_scenario_format_wants_both_lon_and_lat_in_range(tmp_path):
    import yaml

    registry = CORPUS[2](tmp_path)
    out = tmp_path / "scenario.yaml"
    assert main(["import", str(registry.path), "-o", str(out)]) == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    del data["shelters"][0]["lat"]
    data["shelters"][1]["lon"] = 221.545
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(sim.ScenarioError) as info:
        sim.load_scenario(broken)
    found = str(info.value)
    assert "shelters.S1: give both lon and lat (WGS 84 degrees), or neither" in found
    assert "shelters.S2.lon: Input should be less than or equal to 180" in found
