"""The stock stress test: answers known in closed form, honest verification, order-free,
current stock as the floor, purchase units."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import planning
import sim
from planning import texts
from planning.draws import stock_held, stock_measure
from planning.joint import joint_levels, wilson
from planning.needs import ample_stock, person_need
from planning.stock import MAX_ROUNDS
from planning_builders import two_villages, village

PEOPLE = 300
CASE_L = 13.2  # the default case of water: 24 x 550 mL


@pytest.fixture(scope="module")
def planned():
    """No use over time and no resupply: securing everyone takes exactly the first rations."""
    stock = {"water_l": 600, "food": 5000, "bedding": 5000, "medical": 5000}
    return planning.stock_test(village(PEOPLE, stock=stock), replications=3, workers=1, seed=1)


def test_planned_answer_is_the_first_rations_in_whole_cases(planned):
    need = {n.item: n for n in planned.needs}
    assert need["water_l"].required == pytest.approx(3 * PEOPLE)
    assert need["food"].required == pytest.approx(PEOPLE / 3)
    assert need["bedding"].required == PEOPLE and need["medical"].required == pytest.approx(PEOPLE * 0.05)
    water = need["water_l"]
    assert water.add == math.ceil((900 - 600) / CASE_L) == 23  # 23 cases = 303.6 L on top of 600 L
    assert water.recommended == pytest.approx(600 + 23 * CASE_L) and water.add_kg == pytest.approx(23 * CASE_L)
    assert all(n.add == 0 for n in planned.needs if n.item != "water_l")


def test_verified_with_fresh_seeds_and_one_case_less_fails(planned):
    v = planned.verification
    assert v.first_replication >= planned.replications  # never the runs that chose the levels
    assert v.p == 1.0 and v.interval[0] <= v.p <= v.interval[1]
    water = next(n for n in planned.needs if n.item == "water_l")
    less = village(PEOPLE, stock={"water_l": water.recommended - CASE_L, "food": 5000, "bedding": 5000,
                                  "medical": 5000})
    rows = sim.sweep(less, replications=list(range(10, 13)), seed=1, workers=1, progress=False,
                     measure=stock_measure).rows
    assert sum(stock_held(r, ["water_l"]) for r in rows) / len(rows) < v.p


def test_stock_held_now_picks_the_shelters_and_fresh_seeds_verify(planned):
    """As planned: the runs with the stock held now come first and say which shelters need
    more; then the batch with ample stock; the recommendation is verified on seeds used for
    neither."""
    assert planned.now.first_replication == 0 and planned.ample.first_replication == planned.now.runs
    assert planned.verification.first_replication == planned.now.runs + planned.replications
    assert planned.now.p == 0.0 < planned.verification.p  # 600 L cannot give 300 people 3 L each
    assert not planned.ample_is_now


def test_as_planned_a_stock_that_holds_now_needs_no_batch():
    """Every shelter's stock holds in every run with the stock held now: those runs are the
    answer (nothing to buy) and stand for the batch with ample stock; nothing else is played."""
    answer = planning.stock_test(village(PEOPLE), replications=4, verify_replications=3, workers=1, settle=False)
    assert answer.ample_is_now and answer.runs == 3 and answer.verification is answer.now
    assert not any(n.add for n in answer.needs) and answer.ample.p == 1.0
    assert "no batch with ample stock is played" in " ".join(texts.lines(answer, "en"))


def test_as_planned_a_shelter_whose_stock_holds_gets_nothing():
    """Water short at S1, nothing short at S2 (bedding and water ample there): only S1's
    water is bought, although S2's people draw more before resupply than S2's food holds."""
    answer = planning.stock_test(two_villages(), items=["water_l", "bedding"], replications=3, workers=1)
    add = {(n.shelter, n.item): n.add for n in answer.needs}
    assert add[("S1", "water_l")] > 0 and add[("S1", "bedding")] > 0
    assert add[("S2", "bedding")] == 0
    assert answer.verification.p == 1.0


def test_surplus_is_information_and_never_a_cut(planned):
    food = next(n for n in planned.needs if n.item == "food")
    assert food.surplus == pytest.approx(5000 - PEOPLE / 3) and food.recommended == 5000
    assert all(n.recommended >= n.current for n in planned.needs)


def test_hold_out_equals_occupants_times_daily_need_times_hours():
    """Sphere: 15 L of water and one day ration a person a day; bedding once."""
    answer = planning.stock_test(village(PEOPLE, use=True, stock={"water_l": 0, "food": 0, "bedding": 0,
                                                                  "medical": 0}),
                                 question="hold_out", hold_out_h=24.0, replications=3, workers=1)
    need = {n.item: n.required for n in answer.needs}
    assert need["water_l"] == pytest.approx(PEOPLE * 15 * 24 / 24)
    assert need["food"] == pytest.approx(PEOPLE * 1 * 24 / 24)
    assert need["bedding"] == PEOPLE
    half = planning.stock_test(village(PEOPLE, use=True), question="hold_out", hold_out_h=12.0, replications=2,
                               workers=1)
    assert next(n.required for n in half.needs if n.item == "water_l") == pytest.approx(PEOPLE * 15 * 12 / 24)


def test_hold_out_until_the_first_resupply_is_the_draw_before_it():
    """No depot can send anything: the first resupply never comes, so the hold-out until it
    is everything the people draw in the run (here: first rations only)."""
    answer = planning.stock_test(village(PEOPLE), question="hold_out", replications=2, workers=1)
    need = {n.item: n.required for n in answer.needs}
    assert need["water_l"] == pytest.approx(3 * PEOPLE) and need["bedding"] == PEOPLE
    assert answer.verification.p == 1.0


def test_first_ration_is_part_of_the_day_not_on_top():
    items = village().relief.items
    assert person_need(items["bedding"], 72) == items["bedding"].first_ration
    spec = items["food"].model_copy(update={"per_person_per_day": 1.0, "first_ration": 1 / 3})
    assert person_need(spec, 24) == 1.0 and person_need(spec, 2) == pytest.approx(1 / 3)


def test_shuffling_the_shelters_gives_the_same_recommendation():
    one = planning.stock_test(two_villages(("S1", "S2")), replications=4, workers=1)
    other = planning.stock_test(two_villages(("S2", "S1")), replications=4, workers=1)
    key = lambda a: {(n.shelter, n.item): (n.required, n.add) for n in a.needs}  # noqa: E731
    assert key(one) == key(other)
    assert one.verification.p == other.verification.p


def test_a_target_missed_for_lack_of_places_says_so():
    """300 people, 100 places: the stock holds for those inside, the verdict fails for the
    other 200, and the answer names places, not stock."""
    answer = planning.stock_test(village(PEOPLE, capacity=100), items=["water_l"], replications=2, workers=1)
    assert answer.buyable and answer.ample.p == 1.0
    assert not answer.verdict_fixable_by_stock and answer.ample_verdict.p == 0.0
    assert answer.short_places == {"T1": (PEOPLE, 100)}
    assert answer.causes[0].code == "no_place" and answer.causes[0].share == 1.0
    assert answer.causes[0].people == PEOPLE - 100
    said = texts.lines(answer, "en")
    assert any("places: T1 sends 300 people to public shelters but has 100 places (200 short)" in x for x in said)
    assert any("people over the shelters' capacity" in x for x in said)


def test_a_short_recommendation_is_corrected_in_bounded_rounds_on_fresh_seeds():
    """One run in the batch cannot see how much the next storm draws: the first check fails,
    the correction raises the shelters that ran short (never above a full shelter's use over
    the whole run) and checks again on seeds not used before; the answer reports the last
    check as it is and claims nothing it did not show."""
    answer = planning.stock_test(two_villages(), question="no_resupply", replications=1, verify_replications=4,
                                 workers=1, seed=0, settle=False)
    assert answer.history[0].p < answer.confidence and 1 <= answer.rounds <= MAX_ROUNDS
    assert answer.verification is answer.history[-1] and answer.verification.p > answer.history[0].p
    firsts = [v.first_replication for v in answer.history]
    assert firsts == sorted(set(firsts)) and firsts[0] >= answer.replications
    relief = answer.scenario.relief
    for n in answer.needs:
        shelter = next(s for s in answer.scenario.shelters if s.id == n.shelter)
        assert n.required <= ample_stock(shelter, relief.items[n.item], relief, answer.scenario.spec.horizon)
    assert any(n.raised for n in answer.needs)
    assert not answer.met  # 4 runs can never show 95 %: 4 of 4 gives an interval from 51 %
    said = " ".join(texts.lines(answer, "en"))
    assert "It meets" not in said and ("Not shown" in said or "falls short" in said)


def test_bad_questions_are_refused_with_reasons():
    with pytest.raises(ValueError, match="confidence"):
        planning.stock_test(village(), confidence=1.5, replications=1, workers=1)
    with pytest.raises(ValueError, match="hold-out"):
        planning.stock_test(village(), question="hold_out", hold_out_h=-2.0, replications=1, workers=1)
    with pytest.raises(ValueError, match="unknown item"):
        planning.stock_test(village(), items=["soap"], replications=1, workers=1)


draws_st = st.integers(2, 12).flatmap(lambda r: st.integers(1, 5).flatmap(
    lambda m: st.lists(st.lists(st.integers(0, 50), min_size=m, max_size=m), min_size=r, max_size=r)))


@settings(max_examples=60, deadline=None)
@given(draws_st, st.sampled_from([0.5, 0.8, 0.9, 0.95]), st.randoms())
def test_joint_levels_cover_p_at_least_cost_and_ignore_order(draws, p, rnd):
    d = np.array(draws, dtype=float)
    levels, k, share = joint_levels(d, p)
    assert share >= p - 1e-9
    assert ((d <= levels).all(axis=1).mean()) == share
    order = list(range(d.shape[1]))
    rnd.shuffle(order)
    shuffled, _, _ = joint_levels(d[:, order], p)
    assert np.array_equal(shuffled, levels[order])
    if k > 0:  # the common level one order statistic lower no longer covers p: no cheaper common level does
        lower = np.sort(d, axis=0)[k - 1]
        assert (d <= lower).all(axis=1).mean() < p - 1e-9


def test_wilson_interval_holds_the_estimate():
    lo, hi = wilson(38, 40)
    assert lo < 38 / 40 < hi and 0.8 < lo and hi < 1
    assert wilson(40, 40)[1] == 1.0 and wilson(0, 10)[0] == 0.0
