"""The allocation rule and the honest verdict: equal risk read from each pair's own draws
(tails beyond the largest draw), the union bound over shelters, the cheapest split of the
same bound, and "meets" only when the interval's lower end reaches p."""
import math

import numpy as np
import pytest

from planning import allocate
from planning.verify import Verification, runs_to_meet, runs_to_settle

RNG_SEED = 20260


def _fresh_exceedance(levels, sample):
    return (sample > levels).any(axis=1).mean()


def test_a_tail_level_is_exceeded_about_as_often_as_allowed():
    """Exponential draws (mean 100 L above 1,000 L): the level for a 0.2 % chance, read from
    200 runs (beyond the largest), is passed in about 0.2 % of 200,000 fresh storms; averaged
    over 20 batches, within a tenth of 0.2 %."""
    rng = np.random.default_rng(RNG_SEED)
    shares = []
    for _ in range(20):
        draws = 1000 + rng.exponential(100, 200)
        level = allocate.tail_level(draws, 0.002, unit=1.0)
        assert level >= draws.max()
        shares.append((1000 + rng.exponential(100, 200_000) > level).mean())
    assert max(shares) < 0.01
    assert np.mean(shares) == pytest.approx(0.002, rel=0.25)


def test_within_the_runs_the_level_is_an_order_statistic_and_never_above_the_cap():
    draws = np.arange(1.0, 101.0)  # 1 .. 100
    assert allocate.tail_level(draws, 0.5) == 51.0  # the ceil(0.5 x 101) = 51st smallest
    assert allocate.tail_level(draws, 0.001, cap=80.0) == 80.0
    assert allocate.tail_level(np.zeros(10), 0.001) == 0.0  # drew nothing: needs nothing
    assert allocate.tail_level(np.full(10, 900.0), 0.001) == 900.0  # the same draw every time
    assert allocate.tail_level(np.full(10, 900.0), 0.001, unit=13.2, varies=True) > 900.0


def test_equal_risk_gives_a_tight_shelter_a_small_margin_and_a_wide_one_a_wide_margin():
    """A full shelter draws the same ±2 L in every storm; an overflow shelter draws 0 in half
    the storms and up to thousands in the others. Each gets a margin in proportion to its own
    spread, and both are passed about equally rarely: no large excess at one while the other
    has none (the coastal case of issue 28)."""
    rng = np.random.default_rng(RNG_SEED)

    def storms(n):
        tight = 21_093 + rng.normal(0, 2, n)
        wide = np.where(rng.random(n) < 0.5, 0.0, rng.exponential(4000, n))
        return np.column_stack([tight, wide])

    draws = storms(60)
    risks = {g: r for g, r in allocate.group_risks([f"S{j:02d}" for j in range(1, 17)], 0.95).items()
             if g in ("S01", "S11")}  # two of 16 shelters
    assert risks == {"S01": pytest.approx(0.05 / 16), "S11": pytest.approx(0.05 / 16)}
    levels = allocate.levels(draws, ["S01", "S11"], risks, [math.inf, math.inf], [13.2, 13.2])
    assert 0 < levels[0] - draws[:, 0].max() < 10 * 13.2  # a few cases above the largest draw
    assert levels[1] - draws[:, 1].max() > 1000 or levels[1] > np.quantile(draws[:, 1], 0.95)
    fresh = storms(50_000)
    tight, wide = (fresh[:, 0] > levels[0]).mean(), (fresh[:, 1] > levels[1]).mean()
    assert tight < 0.02 and wide < 0.02  # each near its 0.3 %


def test_the_union_bound_holds_the_joint_share_for_many_shelters():
    """Twelve independent shelters (the union bound's worst case), 80 runs each time: over 30
    batches the fresh joint share averages at least 95 %."""
    rng = np.random.default_rng(RNG_SEED)
    scales = np.linspace(10, 500, 12)
    groups = [f"S{j}" for j in range(12)]
    shares = []
    for _ in range(30):
        draws = 100 + rng.exponential(scales, (80, 12))
        levels = allocate.levels(draws, groups, allocate.group_risks(groups, 0.95), [math.inf] * 12, [1.0] * 12)
        shares.append(1 - _fresh_exceedance(levels, 100 + rng.exponential(scales, (20_000, 12))))
    assert np.mean(shares) >= 0.95 - 0.005


def test_cheapest_split_costs_less_for_the_same_bound():
    """Water at one shelter costs 10 times as much per unit of margin as at the other: the
    cheapest split gives the dear one more of the allowed chance and pays less in all,
    while the union bound (and the fresh joint share) still holds."""
    rng = np.random.default_rng(RNG_SEED)
    draws = 1000 + rng.exponential([200.0, 200.0], (100, 2))
    groups, units, prices = ["A", "B"], [1.0, 1.0], [10.0, 1.0]
    equal = allocate.group_risks(groups, 0.95)
    cheap = allocate.group_risks(groups, 0.95, allocate.margin_weights(draws, groups, units, prices))
    assert sum(cheap.values()) == pytest.approx(0.05) and cheap["A"] > equal["A"] > cheap["B"]
    lv_equal = allocate.levels(draws, groups, equal, [math.inf] * 2, units)
    lv_cheap = allocate.levels(draws, groups, cheap, [math.inf] * 2, units)
    assert np.dot(prices, lv_cheap) < np.dot(prices, lv_equal)
    fresh = 1000 + rng.exponential([200.0, 200.0], (50_000, 2))
    assert 1 - _fresh_exceedance(lv_cheap, fresh) >= 0.95


def test_meets_only_when_the_lower_end_reaches_p():
    assert runs_to_meet(0.95) == 73
    assert Verification(73, 73, 0).meets(0.95) and not Verification(72, 72, 0).meets(0.95)
    check = Verification(38, 40, 0)  # the "verified 95 % (83-99 %)": not shown
    assert not check.meets(0.95) and not check.falls_short(0.95) and not check.decided(0.95)
    assert Verification(30, 40, 0).falls_short(0.95)


def test_runs_to_settle_are_the_fewest_that_settle_it_at_the_same_share():
    check = Verification(40, 40, 0)
    assert runs_to_settle(check, 0.95) == 33  # 73 of 73
    more = runs_to_settle(Verification(39, 40, 0), 0.95)
    assert more is not None and Verification(39 + math.floor(39 / 40 * more), 40 + more, 0).meets(0.95)
    assert not Verification(39 + math.floor(39 / 40 * (more - 1)), 39 + more, 0).meets(0.95)
    assert runs_to_settle(Verification(30, 40, 0), 0.95) == 0
    assert runs_to_settle(Verification(19, 20, 0), 0.95) is None  # exactly at p: no count settles it
    joined = Verification(40, 40, 0).joined(Verification(33, 33, 40))
    assert joined == Verification(73, 73, 0) and joined.meets(0.95)


def test_the_whole_verdict_share_counts_only_runs_with_someone_to_judge():
    """40 runs, 10 of them with nobody needing relief (NOTHING_TO_JUDGE), 24 passed: 80 %, not 60 %."""
    check = Verification(40, 40, 0, verdict_passed=24, verdict_judged=30)
    assert check.verdict_p == 0.8 and check.judged == 30
    joined = check.joined(Verification(33, 33, 40, verdict_passed=33, verdict_judged=33))
    assert (joined.verdict_passed, joined.judged, joined.runs) == (57, 63, 73)
    assert Verification(40, 40, 0, verdict_passed=0, verdict_judged=0).verdict_p is None  # nothing judged at all
    assert Verification(40, 40, 0, verdict_passed=30).verdict_p == 0.75  # older checks: every run judged
