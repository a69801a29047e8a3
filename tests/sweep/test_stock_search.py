"""The stock stress test on a scenario whose answer is known in closed form, and the
district-reserve check."""
import csv

import pytest

import planning
from planning.reserve import RULE_TOWNSHIPS
from stormdrill.cli import main
from sweep_builders import closed_form

PEOPLE = 300
EXPECTED = {"water_l": 3 * PEOPLE, "food": PEOPLE // 3, "bedding": PEOPLE, "medical": PEOPLE * 5 // 100}
"""First rations for everyone: 3 L water, a third of a day ration, one bedding set, a kit for 5 %."""


@pytest.fixture(scope="module")
def report():
    stock = {"water_l": 600, "food": 5000, "bedding": 5000, "medical": 5000}
    return planning.stock_test(closed_form(PEOPLE, stock=stock), replications=3, seed=1, workers=1, verify=True)


def test_recommended_stock_is_the_closed_form_answer(report):
    found = {f.item: f.recommended for f in report.findings}
    assert found == EXPECTED


def test_target_holds_at_the_recommendation_and_not_one_step_below(report):
    for f in report.findings:
        assert f.p_recommended == 1.0, f.item
        assert f.p_step_below == 0.0, f.item
        assert f.reachable


def test_shortfall_and_its_cost_are_against_the_current_stock(report):
    water = next(f for f in report.findings if f.item == "water_l")
    assert water.current == 600 and water.shortfall == 300 and water.shortfall_kg == 300
    assert all(f.shortfall == 0 for f in report.findings if f.item != "water_l")
    assert report.p_current == 0.0 and report.p_recommended == 1.0


def test_probability_never_falls_as_stock_grows(report):
    for f in report.findings:
        levels = sorted(f.probes)
        assert len(levels) >= 3
        assert all(f.probes[a] <= f.probes[b] for a, b in zip(levels, levels[1:])), f.item


def test_search_looks_at_few_levels_not_every_one(report):
    """Bisection: water's answer lies between 0 and 1,200 L, about log2(1200) + 3 looks."""
    water = next(f for f in report.findings if f.item == "water_l")
    assert len(water.probes) <= 16


def test_stock_that_cannot_buy_the_target_is_marked_so():
    """Ordered out after the deadline (onset 20 h + 10 h): no stock secures anyone in time."""
    late = closed_form(PEOPLE).with_overrides({"plan.rules.P1.when.at": "31h"})
    found = planning.stock_test(late, items=["water_l"], replications=2, workers=1)
    water = found.findings[0]
    assert not water.reachable and water.recommended == water.current and found.p_recommended == 0


def _depot(water):
    return {"id": "D9", "tier": "district", "stock": {"water_l": water, "food": 10_000, "bedding": 10_000,
                                                       "medical": 10_000},
            "x_km": 1, "y_km": 0, "node": "B"}


def test_district_reserve_counts_townships_like_the_largest():
    """T1's shelter holds 400: its first rations of water are 1,200 L (no use over time here)."""
    short = planning.reserve_check(closed_form(depots=[_depot(2000)]))
    water = next(c for c in short.items if c.item == "water_l")
    assert water.largest_need == 1200 and water.largest_township == "T1"
    assert short.townships == 1 and not short.meets_rule
    enough = planning.reserve_check(closed_form(depots=[_depot(2400)]))
    assert enough.townships == RULE_TOWNSHIPS and enough.meets_rule
    assert planning.reserve_check(closed_form()).townships == 0


def test_stock_command_writes_the_table_and_an_escaped_page(tmp_path, capsys):
    path = tmp_path / "scenario.yaml"
    import yaml

    source = dict(closed_form(PEOPLE, name="Drill <script>alert(1)</script>").source)
    path.write_text(yaml.safe_dump(source, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "report"
    code = main(["stock", str(path), "--reps", "2", "--workers", "1", "--items", "water_l,bedding",
                 "--out", str(out)])
    assert code == 0
    with open(out / "stock.csv", encoding="utf-8") as fh:
        rows = {r["item"]: r for r in csv.DictReader(fh)}
    assert float(rows["water_l"]["recommended"]) == EXPECTED["water_l"]
    assert float(rows["bedding"]["recommended"]) == EXPECTED["bedding"]
    assert float(rows["water_l"]["p_step_below"]) == 0.0  # the search's own figure, no --verify
    page = (out / "stock.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "School &lt;hall&gt;" in page and "<b>not bold</b>" not in page
    assert page.count("data:image/png;base64,") == 2
    printed = capsys.readouterr().out
    assert "district depot" in printed
    assert main(["stock", str(path), "--reps", "2", "--workers", "1", "--out", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
