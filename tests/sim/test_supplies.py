"""Stocks, stock-outs, resupply and the 10-hour relief target, against numbers worked out by hand.

In ``village()`` everyone leaves at t = 0 and walks 1 km at 4.39 km/h, so N people
register together at t_arr = 1 / 4.39 h and stay. Water: 3 L first ration each, which
lasts 3 / (15/24) = 4.8 h; then 15 L per person per day used continuously (Sphere), i.e.
N · 15/24 L/h, so that a person's first 24 h draw 15 L in all.
"""
import numpy as np
import pytest

import sim
from sim_builders import PLENTY, WALK_KMH, depot, time_limit, village

T_ARR = 1.0 / WALK_KMH  # h: arrival of everyone at S1 in village()
RATION_H = 3.0 / (15.0 / 24.0)  # h a 3 L first ration of water lasts: 4.8


def water_only(litres):
    return {**PLENTY, "water_l": litres}


def kinds(result, kind):
    return [e for e in result.events if e["kind"] == kind]


@pytest.mark.parametrize("people, litres", [(200, 2000.0), (37, 5000.0), (1000, 3001.0)])
def test_stockout_time_is_the_closed_form_for_constant_occupancy(people, litres):
    horizon = 400.0
    scenario = sim.scenario_from_dict(village(population=people, stock=water_only(litres), horizon=horizon))
    result = sim.run(scenario)
    # after the first rations W - 3N litres are left, used at N * 15/24 L/h once they run out
    t_out = T_ARR + RATION_H + (litres - 3 * people) / (people * 15 / 24)
    assert result.kpis["first_stockout_h"] == pytest.approx(t_out, rel=1e-9)
    (event,) = kinds(result, "stockout")
    assert event["item"] == "water_l" and event["shelter"] == "S1"
    assert event["at"] == pytest.approx(t_out, rel=1e-9)
    assert event["t"] == pytest.approx(t_out, abs=1e-6)
    # from then on all N people go without water until the horizon
    assert result.kpis["unmet_person_hours_water_l"] == pytest.approx(people * (horizon - t_out), rel=1e-9)
    assert result.kpis["unmet_person_hours_food"] == 0.0
    series = result.series
    water = series["stock"][series["items"].index("water_l"), 0]
    before = series["t"] < t_out
    expected = litres - 3 * people - people * 15 / 24 * np.maximum(series["t"][before] - T_ARR - RATION_H, 0.0)
    arrived = series["t"][before] >= T_ARR
    assert water[before][arrived] == pytest.approx(expected[arrived], rel=1e-9)
    assert (water[~before] == 0.0).all()


def test_too_little_water_for_first_rations_is_a_stockout_on_arrival():
    people, litres = 300, 600.0  # rations for 200 of the 300
    result = sim.run(sim.scenario_from_dict(village(population=people, stock=water_only(litres))))
    assert result.kpis["first_stockout_h"] == pytest.approx(T_ARR)
    # 100 never had water; the 200 served go without once their first ration is used up
    assert result.kpis["unmet_person_hours_water_l"] == pytest.approx(100 * (48.0 - T_ARR)
                                                                      + 200 * (48.0 - T_ARR - RATION_H))
    # 100 never had water, so the target (everyone) is missed
    assert result.kpis["relief_target_met"] is False


def bedding_from_depot(trucks):
    """S1 has no bedding; D1, 6 km up the road, has plenty and *trucks* trucks; the plan's
    reorder rule tops durables up when a shelter opens."""
    data = village(population=150, capacity=150, stock={**PLENTY, "bedding": 0.0})
    data["roads"]["nodes"].append({"id": "N3", "x_km": 7.0, "y_km": 0.0})
    data["roads"]["edges"].append({"id": "R2", "from": "N2", "to": "N3", "length_km": 6.0, "speed_kmh": 30.0})
    data["depots"] = [depot(node="N3", trucks=trucks, stock={"bedding": 1000.0})]
    data["plan"]["resupply"] = {"cover_below": "12h", "cover_target": "24h"}
    return sim.scenario_from_dict(data)


def test_target_missed_because_the_shelter_has_no_bedding_and_the_depot_no_trucks():
    result = sim.run(bedding_from_depot(trucks=0))
    k = result.kpis
    assert k["people_displaced"] == 150
    assert k["relief_target_met"] is False
    assert k["relief_secured_share"] == 0.0
    assert k["relief_unsecured_at_end"] == 150
    assert k["unmet_person_hours_bedding"] == pytest.approx(150 * (48.0 - T_ARR))
    assert kinds(result, "delivered") == []
    # waiting since the onset (20 h) until the end of the run (48 h), a lower bound
    assert k["relief_max_h"] == pytest.approx(28.0)


def test_target_met_with_stock_and_a_truck_that_brings_the_bedding():
    result = sim.run(bedding_from_depot(trucks=1))
    k = result.kpis
    (delivery,) = kinds(result, "delivered")
    assert delivery["items"] == {"bedding": 150.0}  # topped up to the shelter's capacity...
    assert delivery["t"] == pytest.approx(6.0 / 30.0)  # ...by a truck that drove 6 km at 30 km/h
    assert k["relief_target_met"] is True
    assert k["relief_secured_share"] == 1.0
    assert k["relief_unsecured_at_end"] == 0
    assert k["unmet_person_hours_bedding"] == 0.0
    assert k["relief_max_h"] == 0.0  # everyone was secured before the onset


def test_target_missed_because_the_order_comes_too_late():
    data = village(population=80, onset=20.0)
    data["plan"]["rules"][0]["when"] = {"at": 30.5}  # onset + 10.5 h: nobody can arrive in time
    k = sim.run(sim.scenario_from_dict(data)).kpis
    assert k["relief_target_met"] is False
    assert k["relief_secured_share"] == 0.0
    assert k["relief_max_h"] == pytest.approx(10.5 + T_ARR)
    assert k["relief_p90_h"] == pytest.approx(10.5 + T_ARR)


def test_target_met_when_the_order_comes_just_in_time():
    data = village(population=80, onset=20.0)
    data["plan"]["rules"][0]["when"] = {"at": 29.5}  # arrives onset + 9.73 h
    k = sim.run(sim.scenario_from_dict(data)).kpis
    assert k["relief_target_met"] is True
    assert k["relief_max_h"] == pytest.approx(9.5 + T_ARR)


def test_reorder_rule_does_not_spin_while_a_dispatch_is_on_its_way():
    """Cover falls below 12 h while 20,000 L are on a truck: nothing lacks, so the rule
    must wait, not fire again and again at the same moment (the run used to hang)."""
    data = village(population=200, capacity=200, stock=water_only(1000.0))
    data["roads"]["nodes"].append({"id": "N3", "x_km": 60.0, "y_km": 0.0})
    data["roads"]["edges"].append({"id": "R2", "from": "N2", "to": "N3", "length_km": 60.0, "speed_kmh": 20.0})
    data["depots"] = [depot(node="N3", truck_capacity_kg=50_000, stock={"water_l": 1e6})]
    data["plan"]["resupply"] = {"cover_below": "12h", "cover_target": "24h"}
    data["plan"]["rules"].append({"id": "P2", "when": {"at": 0}, "do": [
        {"action": "dispatch", "depot": "D1", "shelter": "S1", "items": {"water_l": 20000}}]})
    with time_limit(10):
        result = sim.run(sim.scenario_from_dict(data))
    dispatches = kinds(result, "dispatch")
    assert dispatches[0]["source"] == "action"
    # 400 L after first rations last 3.2 h; the truck needs 3 h: no stock-out
    assert result.kpis["first_stockout_h"] == float("inf")
    # 20,000 L cover 200 people for 160 h: the rule never needs to send more in 48 h
    assert len(dispatches) == 1


def test_reorder_rule_keeps_a_shelter_supplied():
    """Without resupply 2,000 L run out after 11.0 h; with the rule, trucks keep up."""
    data = village(population=200, capacity=200, stock=water_only(2000.0))
    data["depots"] = [depot(node="N2", stock={"water_l": 1e6})]
    without = sim.run(sim.scenario_from_dict(data)).kpis
    assert without["first_stockout_h"] == pytest.approx(T_ARR + RATION_H + 1400 / 125)
    data["plan"]["resupply"] = {"cover_below": "12h", "cover_target": "24h"}
    with time_limit(10):
        result = sim.run(sim.scenario_from_dict(data))
    assert result.kpis["first_stockout_h"] == float("inf")
    assert result.kpis["unmet_person_hours_water_l"] == 0.0
    # each reorder lifts the cover to 24 h at capacity, so trucks go about every 12 h
    sent = [e for e in kinds(result, "dispatch") if "water_l" in e["items"]]
    assert 3 <= len(sent) <= 5


def test_a_reorder_rule_that_would_not_lift_the_cover_is_refused():
    data = village()
    data["plan"]["resupply"] = {"cover_below": "12h", "cover_target": "12h"}
    with pytest.raises(sim.ScenarioError) as caught:
        sim.scenario_from_dict(data)
    (problem,) = caught.value.problems
    assert problem.path == "plan.resupply.cover_target"
    assert "longer than cover_below" in problem.reason


def test_people_never_secured_never_count_as_in_time():
    """Ordered out at 40 h (onset 20 h) to a shelter without bedding: 8 h later the run ends
    with nobody secured, so nobody was secured in time."""
    data = village(population=60, stock={**PLENTY, "bedding": 0.0})
    data["plan"]["rules"][0]["when"] = {"at": 40.0}
    k = sim.run(sim.scenario_from_dict(data)).kpis
    assert k["relief_unsecured_at_end"] == 60
    assert k["relief_secured_share"] == 0.0
    assert k["relief_target_met"] is False
    assert k["relief_max_h"] == pytest.approx(28.0)  # lower bound: the onset to the end of the run


def test_a_dispatch_goes_in_truckloads_by_weight():
    """7,000 L of water (1 kg/L) and 1,000 bedding sets (3 kg) make 10,000 kg: four loads on
    3,000 kg trucks. One truck: they arrive a round trip (10 km at 40 km/h each way) apart."""
    data = village(population=10)
    data["roads"]["nodes"].append({"id": "N3", "x_km": 11.0, "y_km": 0.0})
    data["roads"]["edges"].append({"id": "R2", "from": "N2", "to": "N3", "length_km": 10.0, "speed_kmh": 40.0})
    data["depots"] = [depot(node="N3", truck_capacity_kg=3000)]
    data["plan"]["rules"].append({"id": "P2", "when": {"at": 1.0}, "do": [
        {"action": "dispatch", "depot": "D1", "shelter": "S1", "items": {"water_l": 7000, "bedding": 1000}}]})
    result = sim.run(sim.scenario_from_dict(data))
    loads = [(e["t"], e["items"]) for e in kinds(result, "delivered")]
    assert [items for _, items in loads] == [{"water_l": 3000.0}, {"water_l": 3000.0},
                                             {"water_l": 1000.0, "bedding": 666.7}, {"bedding": 333.3}]
    assert [t for t, _ in loads] == pytest.approx([1.25, 1.75, 2.25, 2.75])


def test_a_unit_heavier_than_a_truck_still_goes():
    from sim.depot import loads
    from sim.relief import ItemSpec

    assert loads({"pump": 2.5}, {"pump": ItemSpec(unit="pump", kg_per_unit=1e13)}, 3000.0) == [
        {"pump": 1.0}, {"pump": 1.0}, {"pump": 0.5}]


def test_truck_capacity_written_in_tonnes_is_refused():
    data = village()
    data["depots"] = [depot(truck_capacity_kg=0.003)]  # 3 t meant: would need millions of loads
    with pytest.raises(sim.ScenarioError) as caught:
        sim.scenario_from_dict(data)
    assert caught.value.problems[0].path == "depots.D1.truck_capacity_kg"


def test_without_medical_kits_only_the_people_who_need_one_stay_unsecured():
    """Medical care is needed by 5 % (the default share): 200 arrive at a shelter with
    everything but medical kits, so 10 wait for one and 190 are secured."""
    k = sim.run(sim.scenario_from_dict(village(population=200, stock={**PLENTY, "medical": 0.0}))).kpis
    assert k["relief_unsecured_at_end"] == 10
    assert k["relief_secured_share"] == pytest.approx(0.95)
    assert k["relief_target_met"] is False  # the target asks for everyone
    assert k["unmet_person_hours_medical"] == pytest.approx(10 * (48.0 - T_ARR))


def test_kits_for_some_of_the_sick_secure_them_first_come_first_served():
    k = sim.run(sim.scenario_from_dict(village(population=200, stock={**PLENTY, "medical": 4.0}))).kpis
    assert k["relief_unsecured_at_end"] == 6


def test_a_reorder_carries_every_consumable_that_runs_short_on_the_same_truck():
    """Water falls below 12 h of cover first; food (3 days' worth for 200 people would be 600
    rations, there are 150) would not last the 24 h target either, so it rides along: one
    dispatch with both, and the opening top-up of bedding and kits is one dispatch too."""
    stock = {"water_l": 2000.0, "food": 150.0, "bedding": 0.0, "medical": 0.0}
    data = village(population=200, capacity=200, stock=stock)
    data["shelters"][0]["open_at_start"] = True
    data["depots"] = [depot(node="N2", trucks=1, truck_capacity_kg=50_000)]
    data["plan"]["resupply"] = {"cover_below": "12h", "cover_target": "24h"}
    with time_limit(10):
        result = sim.run(sim.scenario_from_dict(data))
    dispatches = kinds(result, "dispatch")
    assert set(dispatches[0]["items"]) == {"bedding", "medical"}
    water = [d for d in dispatches if "water_l" in d["items"]]
    assert "food" in water[0]["items"]
    assert result.kpis["unmet_person_hours_food"] == 0.0


def test_each_item_has_one_top_up_on_the_road_at_a_time():
    """A depot 6 h away: water and food run low together every 12 h. Each cycle is one
    dispatch carrying both; no trickle of small top-ups while a truck is on its way (the
    district bench sent 15,279 dispatches instead of about 1,300 before this held)."""
    stock = {"water_l": 2000.0, "food": 150.0, "bedding": 1000.0, "medical": 100.0}
    data = village(population=200, capacity=200, stock=stock, horizon=72.0)
    data["roads"]["nodes"].append({"id": "N3", "x_km": 60.0, "y_km": 0.0})
    data["roads"]["edges"].append({"id": "R2", "from": "N2", "to": "N3", "length_km": 120.0, "speed_kmh": 20.0})
    data["depots"] = [depot(node="N3", trucks=4, truck_capacity_kg=50_000)]
    data["plan"]["resupply"] = {"cover_below": "12h", "cover_target": "24h"}
    with time_limit(10):
        result = sim.run(sim.scenario_from_dict(data))
    dispatches = kinds(result, "dispatch")
    assert all(set(d["items"]) == {"water_l", "food"} for d in dispatches)
    # one every 12 h over 72 h: the 24 h target at capacity minus what is on hand; the first
    # gap is 4.8 h longer, while everyone still lives on the first ration of water
    assert len(dispatches) == 6
    gaps = [b["t"] - a["t"] for a, b in zip(dispatches, dispatches[1:])]
    assert gaps[0] == pytest.approx(12.0 + RATION_H)
    assert all(abs(g - 12.0) < 1e-6 for g in gaps[1:])
    assert result.kpis["unmet_person_hours_water_l"] == 0.0 and result.kpis["unmet_person_hours_food"] == 0.0
