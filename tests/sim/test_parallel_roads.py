"""Two roads joining the same junctions: cohorts take, and routing counts, the faster one."""
import sim


def _scenario(close_fast=False):
    return sim.scenario_from_dict({
        "name": "parallel roads", "horizon": "20h",
        "zones": [{"id": "Z", "population": 10, "assisted_share": 0, "x_km": 0, "y_km": 0, "node": "A"}],
        "shelters": [{"id": "S", "grade": "A", "tier": "village", "capacity": 100, "x_km": 1, "y_km": 0,
                      "node": "B", "open_at_start": True}],
        "roads": {"nodes": [{"id": "A", "x_km": 0, "y_km": 0}, {"id": "B", "x_km": 1, "y_km": 0}],
                  "edges": [{"id": "FAST", "from": "A", "to": "B", "length_km": 4.39},
                            {"id": "SLOW", "from": "A", "to": "B", "length_km": 13.17}]},
        "behaviour": {"mobilisation": 0, "driving_share": 0, "public_share": 1, "compliance": 1,
                      "channels": {"sms": {"reach": 1, "delay": "6min"}}},
        "hazard": {"kind": "flood", "onset": "2h"},
        "plan": {"rules": [{"id": "R", "when": {"at": 0}, "do": (
            [{"action": "close_road", "edge": "FAST"}] if close_fast else []) + [
            {"action": "order_evacuation", "zone": "Z", "channels": ["sms"]}]}]},
    })


def _arrival(scenario):
    engine = sim.Engine(scenario, seed=1)
    engine.run()
    return engine, min(t for t, _ in engine.arrivals) - engine.population.ordered_at.min()


def test_routing_uses_the_fastest_of_parallel_roads():
    engine, walked = _arrival(_scenario())
    # 4.39 km at the default walking speed of 4.39 km/h is one hour; the sum of both roads would be four
    assert engine.network.hours_to(0, 0, [1])[0] == 1.0
    assert abs(walked - 1.0) < 1e-9


def test_closing_the_fast_road_sends_people_down_the_slow_one():
    _, walked = _arrival(_scenario(close_fast=True))
    assert abs(walked - 3.0) < 1e-9
