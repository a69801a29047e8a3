"""Actions and watches on a running engine.

An invalid action is rejected with a reason and leaves the model exactly as it was: the
snapshot does not change, and the rest of the run is the same as if it had never been
tried (only the log shows the rejection). A watch calls back once, when its trigger
first holds, however often the condition holds again afterwards.
"""
import pytest
from pydantic import TypeAdapter

import sim
from sim.triggers import Trigger
from sim_builders import PLENTY, depot, village

TRIGGER = TypeAdapter(Trigger)
T_ACT = 5.0  # h: when the actions are tried, in exercise mode


def tutorial(**overrides):
    return sim.builtin_scenario().with_overrides(overrides or None)


def engine_at(scenario, t=T_ACT, prepare=()):
    engine = sim.Engine(scenario, seed=3, mode="exercise")
    for action in prepare:
        assert engine.apply(action).accepted, action
    engine.run_until(t)
    return engine


OPEN_S1 = {"action": "open_shelter", "shelter": "S1"}
EVERYONE_OBEYS = {"behaviour.compliance": 1.0, "behaviour.channels": {
    name: {"reach": 1.0, "delay": 0.5, "sweep": name == "door_to_door"} for name in ("broadcast", "sms", "door_to_door", "gong")}}
"""Every door is found on the first sweep, and everyone obeys."""
ORDER_Z1 = {"action": "order_evacuation", "zone": "Z1"}

INVALID = [
    ("unknown shelter", {}, (), {"action": "open_shelter", "shelter": "S9"}, "no shelter 'S9'"),
    ("shelter already open", {}, (OPEN_S1,), OPEN_S1, "S1 is already open"),
    ("dispatch of an item the depot lacks", {"depots.D1.stock.medical": 0}, (OPEN_S1,),
     {"action": "dispatch", "depot": "D1", "shelter": "S1", "items": {"medical": 5}}, "D1 has none of medical"),
    ("dispatch from a depot without trucks", {"depots.D1.trucks": 0}, (),
     {"action": "dispatch", "depot": "D1", "shelter": "S1", "items": {"water_l": 500}}, "D1 has no trucks"),
    ("unknown relief item", {}, (),
     {"action": "dispatch", "depot": "D1", "shelter": "S1", "items": {"soap": 5}}, "no relief item 'soap'"),
    ("unknown zone", {}, (), {"action": "warn", "zones": ["Z7"]}, "no zone 'Z7'"),
    ("evacuation ordered twice", EVERYONE_OBEYS,
     (ORDER_Z1,), ORDER_Z1, "already on the move"),
    ("forced transfer before any order", {}, (), {"action": "forced_transfer", "zone": "Z1", "teams": 4},
     "no evacuation order has been given to Z1"),
    ("forced transfer with no refusers", EVERYONE_OBEYS,
     (ORDER_Z1,), {"action": "forced_transfer", "zone": "Z1"}, "nobody refused the order"),
    ("forced transfer with negative teams", {}, (ORDER_Z1,),
     {"action": "forced_transfer", "zone": "Z1", "teams": -2}, "teams: Input should be greater than or equal to 1"),
    ("forced transfer in an unknown zone", {}, (), {"action": "forced_transfer", "zone": "Z9"}, "no zone 'Z9'"),
    ("lifting an order never given", {}, (), {"action": "lift_transfer", "zone": "Z1"}, "nothing to lift"),
    ("returns prevented twice", {}, ({"action": "prevent_return", "zone": "Z1"},),
     {"action": "prevent_return", "zone": "Z1"}, "already prevented"),
    ("returns prevented after the lift", {}, (ORDER_Z1, {"action": "lift_transfer", "zone": "Z1"}),
     {"action": "prevent_return", "zone": "Z1"}, "was lifted"),
    ("response lowered", {}, ({"action": "raise_response", "level": "II"},),
     {"action": "raise_response", "level": "III"}, "already at level II"),
    ("reopening a road no action closed", {}, (), {"action": "reopen_road", "edge": "R1"}, "not closed by an action"),
    ("no district reserve", {}, (OPEN_S1,), {"action": "request_reserve", "township": "T1"}, "no district depot"),
    ("not an action", {}, (), {"action": "evacuate_everyone"}, "does not match any of the expected tags"),
]


@pytest.mark.parametrize("overrides, prepare, action, reason", [case[1:] for case in INVALID],
                         ids=[case[0] for case in INVALID])
def test_an_invalid_action_is_rejected_with_a_reason_and_the_model_untouched(overrides, prepare, action, reason):
    scenario = tutorial(**overrides)
    engine, twin = engine_at(scenario, prepare=prepare), engine_at(scenario, prepare=prepare)
    before = engine.snapshot()
    outcome = engine.apply(action)
    assert not outcome.accepted
    assert reason in outcome.reason
    assert outcome.t == T_ACT
    assert engine.snapshot() == before
    last = engine.events[-1]
    assert last["kind"] == "action_rejected" and last["reason"] == outcome.reason
    # the rest of the run is the one the twin plays without the rejected action
    tried, untried = engine.run(), twin.run()
    assert [e for e in tried.events if e["kind"] != "action_rejected"] == list(untried.events)
    assert tried.kpis == untried.kpis


def test_a_valid_action_changes_the_model():
    engine = engine_at(tutorial())
    before = engine.snapshot()
    outcome = engine.apply(OPEN_S1)
    assert outcome.accepted and outcome.reason == ""
    after = engine.snapshot()
    assert after != before
    assert dict((s.id, s.state) for s in after.shelters)["S1"] == "opening"
    assert engine.events[-1]["kind"] == "action" and engine.events[-1]["action"]["shelter"] == "S1"


def test_dispatch_takes_only_what_the_depot_has():
    engine = engine_at(tutorial(**{"depots.D1.stock.medical": 40}))
    assert engine.apply({"action": "dispatch", "depot": "D1", "shelter": "S2", "items": {"medical": 100}}).accepted
    assert dict(engine.snapshot().depots[0].stock)["medical"] == 0.0
    (sent,) = [e for e in engine.events if e["kind"] == "dispatch"]
    assert sent["items"] == {"medical": 40.0}


# --- watches -----------------------------------------------------------------------------


def calls(engine, trigger):
    seen = []
    engine.watch(TRIGGER.validate_python(trigger), seen.append)
    return seen


def supplied_village():
    """200 people walk into S1 over the first hours (cohorts of 10, mobilising over 2 h);
    water runs low and the reorder rule resupplies it again and again."""
    data = village(population=200, capacity=200, cohort_size=10, stock={**PLENTY, "water_l": 900.0})
    data["behaviour"]["mobilisation"] = {"dist": "uniform", "low": 0, "high": "2h"}
    data["depots"] = [depot(node="N2", stock={"water_l": 1e6})]
    data["plan"]["resupply"] = {"cover_below": "6h", "cover_target": "8h"}
    return sim.scenario_from_dict(data)


def test_each_watch_calls_back_once_however_often_its_condition_holds_again():
    engine = sim.Engine(supplied_village(), seed=1)
    full = calls(engine, {"occupancy": {"shelter": "S1", "above": 0.1}})
    low = calls(engine, {"stock": {"shelter": "S1", "item": "water_l", "cover_below": "6h"}})
    result = engine.run()
    assert result.kpis["end_sheltered"] == 200
    # occupancy passed 10 % once and kept rising; it stayed above
    assert len(full) == 1 and 0 < full[0] < 2.5
    # water cover fell below 6 h many times (each time the reorder rule sent more)
    refills = [e for e in result.events if e["kind"] == "dispatch" and e["source"] == "resupply"]
    assert len(refills) >= 3
    assert len(low) == 1
    assert low[0] == pytest.approx(refills[0]["t"], abs=1e-6)  # both saw the cover reach 6 h


def test_a_watch_whose_condition_already_holds_calls_back_at_once():
    engine = sim.Engine(supplied_village(), seed=1)
    engine.run_until(10.0)
    seen = calls(engine, {"occupancy": {"shelter": "S1", "above": 0.5}})
    assert seen == [10.0]
    engine.run_until(20.0)
    assert seen == [10.0]


def test_response_and_time_watches_call_back_once():
    engine = sim.Engine(tutorial(), seed=0, mode="exercise")
    level = calls(engine, {"response": "III"})
    at = calls(engine, {"at": 2.0})
    before = calls(engine, {"before_onset": 6.0})
    for t, lvl in ((1.0, "IV"), (3.0, "III"), (4.0, "II"), (5.0, "I")):
        engine.run_until(t)
        assert engine.apply({"action": "raise_response", "level": lvl}).accepted
    engine.run()
    assert level == [3.0]
    assert at == [2.0]
    assert before == [pytest.approx(engine.onset - 6.0)]


def test_each_plan_rule_fires_once():
    result = sim.run(tutorial(), seed=0)
    fired = [e["rule"] for e in result.events if e["kind"] == "plan_rule"]
    assert sorted(fired) == sorted(rule.id for rule in tutorial().plan.rules)


def test_ordering_out_a_zone_with_nobody_says_so():
    engine = engine_at(tutorial(**{"zones.Z3.assisted_share": 0.0}))
    outcome = engine.apply({"action": "order_evacuation", "zone": "Z3", "group": "assisted"})
    assert not outcome.accepted
    assert outcome.reason == "Z3 has nobody in group 'assisted'"
