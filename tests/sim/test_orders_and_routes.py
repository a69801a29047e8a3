"""Orders, persuasion, vehicles and the choice of shelter do what docs/model.md says.

Each test here failed on the engine before the relief-verdict work: a door-knock persuaded
people from the first SMS, a released team vehicle went on carrying the people it had
dropped, a new assignment left overflow waiting, people counted as ordered before the
order reached them.
"""
import pytest

import sim
from sim_builders import WALK_KMH, shelter, time_limit, village


def engine_for(data, mode="plan"):
    return sim.Engine(sim.scenario_from_dict(data), seed=0, mode=mode)


def sms_and_knock(compliance):
    """Everyone gets an SMS after 0.1 h and a knock at the door after 3 h; the knock
    persuades everyone, the SMS only with the zone's *compliance*."""
    data = village(population=40)
    data["behaviour"]["channels"] = {"sms": {"reach": 1.0, "delay": 0.1},
                                     "door_to_door": {"reach": 1.0, "delay": 3.0, "compliance": 1.0}}
    data["behaviour"]["compliance"] = compliance
    data["plan"]["rules"][0]["do"][0]["channels"] = ["sms", "door_to_door"]
    return data


def test_a_knock_at_the_door_persuades_when_it_comes_not_before():
    engine = engine_for(sms_and_knock(compliance=0.0))
    engine.run()
    assert [(t, n) for t, n, _, _ in engine.departures] == [(pytest.approx(3.0), 40)]


def test_an_sms_that_persuades_moves_people_when_it_arrives():
    engine = engine_for(sms_and_knock(compliance=1.0))
    engine.run()
    assert [(t, n) for t, n, _, _ in engine.departures] == [(pytest.approx(0.1), 40)]


def test_people_count_as_ordered_when_the_order_reaches_them():
    data = village(population=40)
    data["behaviour"]["channels"] = {"slow": {"reach": 1.0, "delay": 3.0}}
    data["plan"]["rules"] = []
    engine = engine_for(data, mode="exercise")
    assert engine.apply({"action": "order_evacuation", "zone": "Z1"}).accepted
    engine.run_until(1.0)
    assert engine.result().kpis["people_ordered"] == 0
    engine.run_until(3.5)
    assert engine.result().kpis["people_ordered"] == 40


def two_shelters(first_capacity=10, second_open=True, km_between=4.0):
    """Z1 (20 people who all need a team) at N1; S1 1 km away with *first_capacity*
    places; S2 *km_between* further on, at 40 km/h."""
    data = village(population=20, capacity=first_capacity)
    data["zones"][0]["assisted_share"] = 1.0
    data["behaviour"]["assistance"] = {"teams_per_zone": 1, "response": 0, "loading": 0}
    data["roads"]["nodes"].append({"id": "N3", "x_km": 1.0 + km_between, "y_km": 0.0})
    data["roads"]["edges"].append({"id": "R2", "from": "N2", "to": "N3", "length_km": km_between, "speed_kmh": 40.0})
    data["shelters"].append(shelter("S2", node="N3", township="T1", open_at_start=second_open))
    return data


def test_people_turned_away_walk_on_once_their_team_vehicle_has_gone():
    engine = engine_for(two_shelters())
    with time_limit(10):
        engine.run()
    (t1, first), (t2, second) = engine.arrivals
    assert (first, second) == (10, 10)
    assert t2 - t1 == pytest.approx(4.0 / WALK_KMH)  # on foot, not 0.1 h at driving speed


def test_a_new_assignment_wakes_people_waiting_as_overflow():
    data = two_shelters(second_open=False)
    data["zones"][0]["assisted_share"] = 0.0
    data["plan"] = {"rules": [], "assignments": {"Z1": ["S1"]}}
    engine = engine_for(data, mode="exercise")
    engine.apply({"action": "order_evacuation", "zone": "Z1"})
    engine.run_until(1.0)
    assert engine.counts["overflow"] == 10  # S1 is full and S2 closed: nowhere to go
    assert engine.apply({"action": "assign_shelter", "zone": "Z1", "shelters": ["S2"]}).accepted
    engine.run_until(2.5)
    assert engine.counts["overflow"] == 0
    assert engine.shelter_by_id["S2"].queued == 10  # at the door of their new, still closed, shelter


def test_an_open_shelter_is_preferred_to_waiting_at_a_closed_assigned_one():
    """docs/model.md, choice of shelter: assigned and open, else the nearest open one,
    else wait at the door of the assigned one."""
    data = two_shelters(first_capacity=100)
    data["zones"][0]["assisted_share"] = 0.0
    data["shelters"][0]["open_at_start"] = False  # S1, assigned and nearest, stays closed
    data["plan"]["assignments"] = {"Z1": ["S1"]}
    engine = engine_for(data)
    with time_limit(10):
        engine.run()
    assert engine.shelter_by_id["S2"].occupancy == 20
    assert engine.shelter_by_id["S1"].queued == 0
