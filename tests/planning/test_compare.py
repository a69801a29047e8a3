"""Plans compared on the same storms: common random numbers, paired differences with
intervals narrower than separate summaries, a plan file checked at its own lines, the
tornado of levers, the command in both languages."""
import math
from pathlib import Path

import pytest

import sim
from planning import compare_texts, sensitivity
from planning.compare import Variant, compare, paired
from planning.plans import with_plan
from planning_builders import village
from sim import stats
from sim.sweep import replication_seed
from stormdrill.cli import main

ROOT = Path(__file__).parents[2]
TUTORIAL = ROOT / "scenarios" / "tutorial_village" / "scenario.yaml"
PLAN_B = ROOT / "docs" / "examples" / "tutorial_village_plan_b.yaml"
VOLUNTARY = {"plan.rules.FT1.fail_prob": 1.0, "plan.rules.FT2.fail_prob": 1.0}
"""The tutorial's plan without its forced transfers: its refusers are left in danger, so the kept
share moves with the storms (the plan as shipped passes in every seed since issue 23)."""


def two_zones(capacity):
    """Two villages' people share one shelter of *capacity* places: fewer places, fewer secured."""
    zones = [{"id": f"Z{i}", "population": 200, "assisted_share": 0.0, "x_km": 0, "y_km": 0, "node": "A",
              "compliance": 0.8, "public_share": 0.9, "township": "T1"} for i in (1, 2)]
    return village(capacity=capacity, zones=zones, use=True)


@pytest.fixture(scope="module")
def places():
    base = two_zones(400)
    return compare([Variant("baseline", base), Variant("fewer places", base, {"shelters.S1.capacity": 250}),
                    Variant("same", base, {"behaviour.compliance": base.spec.behaviour.compliance})],
                   replications=12, seed=3, workers=1)


def test_every_variant_plays_the_same_storms(places):
    seeds = {name: [r["seed"] for r in rows] for name, rows in places.rows.items()}
    assert seeds["baseline"] == seeds["fewer places"] == seeds["same"] == [
        replication_seed(3, k) for k in range(12)]


def test_a_variant_that_changes_nothing_differs_by_exactly_nothing(places):
    same = [d for d in places.differences if d.variant == "same"]
    assert same and all(d.diff == 0 and d.low == 0 and d.high == 0 and d.verdict == "unclear" for d in same)


def test_fewer_places_is_worse(places):
    secured = next(d for d in places.differences if d.variant == "fewer places" and d.kpi == "relief_secured_share")
    assert secured.verdict == "worse" and secured.high < 0
    a = [r["relief_secured_share"] for r in places.rows["baseline"]]
    b = [r["relief_secured_share"] for r in places.rows["fewer places"]]
    assert secured.diff == pytest.approx(sum(y - x for x, y in zip(a, b)) / len(a))


def test_the_paired_interval_is_narrower_than_two_separate_summaries():
    """Tutorial village (voluntary only), half its evacuees to public shelters instead of 12 %: the
    storms' spread moves both variants together and cancels in the pairs."""
    scenario = sim.load_scenario(TUTORIAL)
    result = compare([Variant("baseline", scenario, VOLUNTARY),
                      Variant("half", scenario, {**VOLUNTARY, "behaviour.public_share": 0.5})],
                     replications=16, seed=2, workers=1, kpis=("relief_kept_share",))
    d = result.differences[0]
    a = [r["relief_kept_share"] for r in result.rows["baseline"]]
    b = [r["relief_kept_share"] for r in result.rows["half"]]
    la, ha = stats.bootstrap_mean(a)
    lb, hb = stats.bootstrap_mean(b)
    assert d.high - d.low < 0.5 * ((ha - la) + (hb - lb))


def test_a_plan_file_is_checked_at_its_own_lines(tmp_path):
    bad = tmp_path / "plan.yaml"
    bad.write_text(PLAN_B.read_text(encoding="utf-8").replace("when: {signal: typhoon_orange}",
                                                              "when: {signal: typhoon_purple}"), encoding="utf-8")
    with pytest.raises(sim.ScenarioError) as err:
        with_plan(TUTORIAL, bad)
    assert str(err.value.problems[0]).startswith(f"{bad}:34:") and "rules.P3.when.signal" in str(err.value)
    good = with_plan(TUTORIAL, PLAN_B)
    assert good.plan.name.startswith("Plan B") and len(good.zones) == 3


def test_every_lever_moves_the_scenario_within_its_stated_range():
    scenario = sim.load_scenario(TUTORIAL)
    behaviour = scenario.spec.behaviour
    low = sensitivity.overrides(scenario, "compliance", "low")
    assert low["behaviour.compliance"] == pytest.approx(max(0.0, behaviour.compliance - 0.15))
    assert sensitivity.overrides(scenario, "public_share", "high")["behaviour.public_share"] == pytest.approx(
        min(1.0, behaviour.public_share + 0.10))
    stock = sensitivity.overrides(scenario, "stock", "low")
    assert stock["shelters.S1.stock.water_l"] == pytest.approx(scenario.shelters[0].stock["water_l"] / 2)
    assert sensitivity.overrides(scenario, "trucks", "high") == {f"depots.{d.id}.trucks": 2 * d.trucks
                                                                  for d in scenario.depots}
    onset = sensitivity.onset_h(scenario)
    assert sensitivity.overrides(scenario, "onset", "low") == {"hazard.onset": onset - 3}
    for lever in sensitivity.LEVERS:
        for side in ("low", "high"):
            scenario.with_overrides(sensitivity.overrides(scenario, lever.key, side))  # every one is valid


def test_tornado_sorts_levers_by_their_swing():
    scenario = sim.load_scenario(TUTORIAL).with_overrides(VOLUNTARY)
    _, bars = sensitivity.tornado(scenario, replications=4, seed=1, workers=1)
    for kpi in sensitivity.KPIS:
        swings = [b.swing for b in bars if b.kpi == kpi]
        moving = [lv for lv in sensitivity.LEVERS if sensitivity.overrides(scenario, lv.key, "low")]
        assert swings == sorted(swings, reverse=True) and len(swings) == len(moving) == len(sensitivity.LEVERS)
    kept = {b.lever.key: b for b in bars if b.kpi == "relief_kept_share"}
    assert kept["public_share"].swing > 0 and kept["public_share"].low.diff < 0 < kept["public_share"].high.diff
    assert not sensitivity.overrides(village(), "trucks", "low")  # no depot: no trucks to move, the lever is left out
    assert compare_texts.tornado_lines(bars, "en")[0].startswith("relief verdict passes")


def test_compare_command_prints_paired_differences_for_two_plans_in_both_languages(tmp_path, capsys):
    out = tmp_path / "cmp"
    assert main(["compare", str(TUTORIAL), "--plan", str(PLAN_B), "--reps", "3", "--workers", "1", "--quiet",
                 "--lang", "en", "--out", str(out), "--set", "behaviour.compliance=0.9"]) == 0
    printed = capsys.readouterr().out
    assert "Plan B - door to door at orange" in printed and "replications 0–2 of seed 0" in printed
    assert "relief kept" in printed and "interval" in printed  # the table (wrapped to the console's width)
    assert all((out / f).stat().st_size > 0 for f in ("compare.csv", "differences.csv", "compare.png"))
    diffs = (out / "differences.csv").read_text(encoding="utf-8").splitlines()
    assert diffs[0].startswith("variant,kpi,baseline,value,difference,low,high,runs,reading") and len(diffs) == 7
    assert main(["compare", str(TUTORIAL), "--plan", str(PLAN_B), "--reps", "2", "--workers", "1", "--quiet",
                 "--out", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["compare", str(TUTORIAL), "--variant", "多", "behaviour.public_share=0.5", "--reps", "2",
                 "--workers", "1", "--quiet", "--lang", "zh"]) == 0
    zh = capsys.readouterr().out
    assert "持续保障" in zh and "共同随机数" in zh and "多" in zh
    assert main(["compare", str(TUTORIAL), "--reps", "2"]) == 2
    assert "--plan" in capsys.readouterr().err
    assert main(["compare", str(TUTORIAL), "--variant", "x", "shelters.S9.capacity=3", "--reps", "2"]) == 2
    assert "S9" in capsys.readouterr().err


def test_a_kpi_name_that_does_not_exist_is_refused(places):
    with pytest.raises(ValueError, match="unknown KPI relief_happiness"):
        compare(places.variants[:2], replications=2, seed=0, workers=1, kpis=("relief_happiness",))
    assert math.isnan(paired([], [], "relief_kept_share").diff)
