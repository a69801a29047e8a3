"""A sweep summary's intervals never leave the range their KPI can take.

The issue that asked for this: a 20-run sweep printed ``relief_max_h -0.37 – 5.77`` and
``shelter_overflow -4.47 – 22.72`` — a Student-t interval around a KPI that is mostly 0.
"""
import math

import pytest

import sim
from sim.stats import summarise, wilson
from sweep_builders import TUTORIAL


@pytest.fixture(scope="module")
def skewed():
    """Tutorial village sweeps where overflow, stock-outs and long waits happen in a few runs only."""
    scenario = sim.load_scenario(TUTORIAL)
    return sim.sweep(scenario, vary={"shelters.S1.capacity": [150, 450], "depots.D1.trucks": [0, 2]},
                     replications=8, seed=11, workers=1, progress=False)


def test_every_interval_lies_inside_the_values_its_runs_took(skewed):
    checked = 0
    for point, entry in zip(skewed.points, skewed.summary):
        rows = [r for r in skewed.rows if all(r[k] == v for k, v in point.items())]
        for name in skewed.kpi_names():
            values = [r[name] for r in rows]
            if not all(isinstance(v, (bool, int, float)) for v in values):
                continue  # text columns (the verdict, its reasons) have no interval
            if all(isinstance(v, bool) for v in values):
                assert 0 <= entry[f"{name}_low"] <= entry[f"{name}_p"] <= entry[f"{name}_high"] <= 1, name
                continue
            finite = [v for v in values if math.isfinite(v)]
            if len(finite) < 2:
                continue
            low, mean, high = entry[f"{name}_low"], entry[f"{name}_mean"], entry[f"{name}_high"]
            assert min(finite) <= low <= mean <= high <= max(finite), (point, name, low, mean, high)
            if min(finite) >= 0:
                assert low >= 0, (point, name, low)
            if name.endswith("_share"):
                assert 0 <= low <= high <= 1, (point, name)
            checked += 1
    assert checked > 50  # the grid really varied KPIs, so the checks bit


def test_a_count_that_is_mostly_zero_gets_no_negative_end():
    overflow = [0.0] * 17 + [40.0, 85.0, 160.0]  # the shape behind "shelter_overflow -4.47 – 22.72"
    entry = summarise("shelter_overflow", overflow)
    assert entry["shelter_overflow_low"] >= 0
    assert entry["shelter_overflow_low"] < entry["shelter_overflow_mean"] == pytest.approx(14.25)
    assert entry["shelter_overflow_mean"] < entry["shelter_overflow_high"] <= 160


def test_shares_use_wilson_which_is_sensible_at_zero_and_one():
    low, high = wilson(20, 20)
    assert high == 1.0 and 0.83 < low < 0.84  # 95 % Wilson for 20 of 20: [0.839, 1]
    low, high = wilson(0, 20)
    assert low == 0.0 and 0.16 < high < 0.17
    assert summarise("relief_target_met", [True] * 20)["relief_target_met_low"] == pytest.approx(0.8389, abs=1e-3)


def test_the_same_runs_give_the_same_interval():
    values = [0.0, 1.5, 0.0, 9.13, 2.0, 0.0]
    assert summarise("relief_max_h", values) == summarise("relief_max_h", list(values))
