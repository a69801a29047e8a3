"""Setbacks a facilitator or an inject puts on the team: a shelter out of use, part of a
stock lost, a depot's trucks held up. Each changes what the players would see, and each is
refused with a reason when it cannot happen."""
import sim

OPEN_S1 = {"action": "open_shelter", "shelter": "S1"}
ORDER_ALL = [{"action": "order_evacuation", "zone": z.id} for z in sim.builtin_scenario().zones]


def engine(overrides=None, actions=(OPEN_S1,), t=0.0):
    scenario = sim.builtin_scenario().with_overrides({"behaviour.compliance": 1.0, **(overrides or {})})
    e = sim.Engine(scenario, seed=3, mode="exercise")
    e.run_until(t)
    for action in actions:
        assert e.apply(action).accepted, action
    return e


def shelter(e, sid):
    return next(s for s in e.snapshot().shelters if s.id == sid)


def test_a_shelter_put_out_of_use_empties_and_never_takes_anyone_again():
    e = engine(actions=[OPEN_S1, *ORDER_ALL, {"action": "assign_shelter", "zone": "Z1", "shelters": ["S1"]}])
    e.run_until(e.onset)
    assert shelter(e, "S1").occupancy > 0
    outcome = e.apply({"action": "shelter_unusable", "shelter": "S1"})
    assert outcome.accepted
    assert shelter(e, "S1").occupancy == 0 and not shelter(e, "S1").usable
    assert any(ev["kind"] == "relocation" and ev["shelter"] == "S1" for ev in e.events)
    result = e.run()
    assert all(s.occupancy == 0 for s in e.snapshot().shelters if s.id == "S1")
    assert result.kpis["population"] == sum(dict(e.snapshot().counts).values())
    again = e.apply({"action": "shelter_unusable", "shelter": "S1"})
    assert not again.accepted and "already out of use" in again.reason


def test_losing_half_a_shelter_stock_halves_it_and_brings_the_stock_out_forward():
    plenty = {"shelters.S1.stock.water_l": 3000.0}
    kept, lost = engine(plenty), engine(plenty)
    for e in (kept, lost):
        for action in ORDER_ALL:
            e.apply(action)
        e.run_until(3.0)
    before = dict(shelter(lost, "S1").stock)["water_l"]
    assert before > 0
    assert lost.apply({"action": "lose_stock", "shelter": "S1", "item": "water_l", "share": 0.5}).accepted
    assert dict(shelter(lost, "S1").stock)["water_l"] == before / 2
    assert lost.events[-2]["kind"] == "stock_lost" and lost.events[-2]["units"] == round(before / 2, 1)
    assert lost.run().kpis["unmet_person_hours_water_l"] > kept.run().kpis["unmet_person_hours_water_l"]


def test_losing_stock_at_a_depot_and_what_is_refused():
    e = engine(actions=())
    d1 = dict(e.snapshot().depots[0].stock)["food"]
    assert e.apply({"action": "lose_stock", "depot": "D1", "item": "food", "share": 1.0}).accepted
    assert dict(e.snapshot().depots[0].stock)["food"] == 0 < d1
    nothing = e.apply({"action": "lose_stock", "depot": "D1", "item": "food"})
    assert not nothing.accepted and "no food left" in nothing.reason
    both = e.apply({"action": "lose_stock", "depot": "D1", "shelter": "S1", "item": "food"})
    assert not both.accepted and "one of the two" in both.reason
    unknown = e.apply({"action": "lose_stock", "shelter": "S1", "item": "soap"})
    assert not unknown.accepted and "no relief item 'soap'" in unknown.reason


def test_trucks_held_up_deliver_that_much_later():
    send = {"action": "dispatch", "depot": "D1", "shelter": "S1", "items": {"water_l": 500}}
    arrivals = []
    for held in (None, 3.0):
        e = engine(t=2.0)
        if held:
            assert e.apply({"action": "delay_trucks", "depot": "D1", "hours": held}).accepted
        assert e.apply(send).accepted
        e.run_until(12.0)
        arrivals.append(next(ev["t"] for ev in e.events if ev["kind"] == "delivered"))
    on_time, late = arrivals
    assert late - on_time >= 3.0 - 1e-6
    refused = engine(overrides={"depots.D1.trucks": 0}, actions=()).apply(
        {"action": "delay_trucks", "depot": "D1", "hours": 1})
    assert not refused.accepted and "no trucks" in refused.reason
