"""Travel on the road network: re-routing around closed roads, redirection from full shelters.

Everyone in these scenarios leaves at t = 0 and walks at 4.39 km/h, so an arrival time
is a path length divided by the walking speed, and ``ete_100_h`` (from the order at
t = 0 to the last arrival) is exactly that.

    N1 --R1 1.0 km-- N2 --R2 0.5 km-- N4 (shelter S1)
                      \\              /
                  R3 1.2 km -- N3 -- R4 0.9 km
"""
import pytest

import sim
from sim_builders import WALK_KMH, shelter, village

SHORT_KM = 1.0 + 0.5
DETOUR_KM = 1.0 + 1.2 + 0.9


def junction(**edge_fields):
    """The network above; *edge_fields* go onto R2 (the short way)."""
    data = village(population=40)
    data["zones"].append({"id": "Z2", "population": 0, "x_km": 1.0, "y_km": 0.0, "node": "N2"})
    data["shelters"] = [shelter(node="N4")]
    data["roads"] = {
        "nodes": [{"id": n, "x_km": x, "y_km": y} for n, x, y in
                  (("N1", 0, 0), ("N2", 1, 0), ("N3", 1.5, 1), ("N4", 1.5, 0))],
        "edges": [
            {"id": "R1", "from": "N1", "to": "N2", "length_km": 1.0},
            {"id": "R2", "from": "N2", "to": "N4", "length_km": 0.5, **edge_fields},
            {"id": "R3", "from": "N2", "to": "N3", "length_km": 1.2},
            {"id": "R4", "from": "N3", "to": "N4", "length_km": 0.9},
        ],
    }
    return data


def close_at(data, t, edge="R2"):
    data["plan"]["rules"].append({"id": "C1", "when": {"at": t}, "do": [{"action": "close_road", "edge": edge}]})
    return data


def arrival(data):
    result = sim.run(sim.scenario_from_dict(data))
    assert result.kpis["end_sheltered"] == 40
    return result.kpis["ete_100_h"], result


def test_open_roads_take_the_short_way():
    t, _ = arrival(junction())
    assert t == pytest.approx(SHORT_KM / WALK_KMH)


def test_a_road_closed_ahead_of_a_cohort_makes_it_re_route_at_the_next_junction():
    # closed at 0.1 h, while the cohort walks R1 (until 0.228 h)
    t, result = arrival(close_at(junction(), 0.1))
    assert t == pytest.approx(DETOUR_KM / WALK_KMH)
    assert t - SHORT_KM / WALK_KMH == pytest.approx((1.2 + 0.9 - 0.5) / WALK_KMH)
    closed = [e for e in result.events if e["kind"] == "road_closed"]
    assert [(e["road"], e["t"]) for e in closed] == [("R2", 0.1)]


def test_a_road_closed_behind_a_cohort_changes_nothing():
    # closed at 0.3 h: the cohort entered R2 at 0.228 h and finishes it
    t, _ = arrival(close_at(junction(), 0.3))
    assert t == pytest.approx(SHORT_KM / WALK_KMH)


def flooded_junction(rise_h, closes_at_depth_m):
    """R2 lies in zone Z2, whose flood depth rises linearly from 0 at t = 0 to 1 m at *rise_h*."""
    data = junction(zone="Z2", closes_at_depth_m=closes_at_depth_m)
    data["hazard"]["points"] = {"Z2": {"t": [0, rise_h], "depth_m": [0.0, 1.0]}}
    return data


def test_flood_depth_over_a_road_s_threshold_closes_it_and_forces_the_detour():
    # 0.5 m is reached at 0.1 h, before the cohort reaches N2 at 0.228 h
    t, result = arrival(flooded_junction(0.2, closes_at_depth_m=0.5))
    assert t == pytest.approx(DETOUR_KM / WALK_KMH)
    (closed,) = [e for e in result.events if e["kind"] == "road_closed"]
    assert closed["road"] == "R2" and closed["reason"] == "flood"
    assert closed["t"] == pytest.approx(0.1)


def test_flood_below_the_threshold_leaves_the_road_open():
    # 0.5 m is reached at 0.5 h, after the cohort has passed
    t, result = arrival(flooded_junction(1.0, closes_at_depth_m=0.5))
    assert t == pytest.approx(SHORT_KM / WALK_KMH)
    # the flood closes it later all the same
    assert [e["t"] for e in result.events if e["kind"] == "road_closed"] == [pytest.approx(0.5)]


def test_cohorts_redirected_from_a_full_shelter_are_counted_once_at_the_door_that_takes_them():
    """100 people reach S1 (room for 10) at 1 km; 90 walk 2 km on to S2. Half of them are
    in a shelter only at 3 km / 4.39 km/h."""
    data = village(population=100, capacity=10)
    data["shelters"].append(shelter("S2", node="N3"))
    data["roads"]["nodes"].append({"id": "N3", "x_km": 3.0, "y_km": 0.0})
    data["roads"]["edges"].append({"id": "R2", "from": "N2", "to": "N3", "length_km": 2.0})
    data["plan"]["assignments"] = {"Z1": ["S1", "S2"]}
    result = sim.run(sim.scenario_from_dict(data))
    k = result.kpis
    assert result.series["occupancy"][:, -1].tolist() == [10, 90]
    assert k["ete_50_h"] == pytest.approx(3.0 / WALK_KMH)
    assert k["ete_100_h"] == pytest.approx(3.0 / WALK_KMH)
    assert k["shelter_overflow"] == 0
    assert k["end_sheltered"] == 100


def test_people_with_no_shelter_left_are_overflow_until_one_opens():
    """S1 holds 10 of 100; S2 opens at 5 h; the other 90 wait as overflow until then."""
    data = village(population=100, capacity=10)
    data["shelters"].append(shelter("S2", node="N2", open_at_start=False, opening_delay=0))
    data["plan"]["rules"].append({"id": "O2", "when": {"at": 5.0}, "do": [{"action": "open_shelter", "shelter": "S2"}]})
    engine = sim.Engine(sim.scenario_from_dict(data))
    engine.run_until(4.0)
    snap = engine.snapshot()
    assert (snap.count("overflow"), snap.count("sheltered")) == (90, 10)
    result = engine.run()
    assert result.kpis["shelter_overflow"] == 90
    assert result.kpis["end_overflow"] == 0 and result.kpis["end_sheltered"] == 100
    assert result.kpis["ete_100_h"] == pytest.approx(5.0)


def test_parallel_roads_count_by_the_faster_one():
    """Two roads join N1 and N2 (1 km and 3 km); S2 lies 2 km away on a single road. With no
    assignment people go to the nearest shelter: S1, 1 km away by the faster road."""
    data = village(population=30)
    data["roads"]["edges"].append({"id": "R1b", "from": "N1", "to": "N2", "length_km": 3.0})
    data["roads"]["nodes"].append({"id": "N3", "x_km": -2.0, "y_km": 0.0})
    data["roads"]["edges"].append({"id": "R2", "from": "N1", "to": "N3", "length_km": 2.0})
    data["shelters"].append(shelter("S2", node="N3"))
    result = sim.run(sim.scenario_from_dict(data))
    assert result.series["occupancy"][:, -1].tolist() == [30, 0]
    assert result.kpis["ete_100_h"] == pytest.approx(1.0 / WALK_KMH)
