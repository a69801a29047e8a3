"""Hypothesis strategies: small random scenarios, valid by construction.

Scenarios vary populations, capacities (down to floor areas that leave room for one
person), stocks, depots and trucks, road lengths, closures by action and by flood depth,
plan rules and seeds. Property tests in tests/sim draw from ``scenarios()``.
"""
from hypothesis import strategies as st

ITEMS = ("water_l", "food", "bedding", "medical")


@st.composite
def scenarios(draw):
    """A small random scenario as a dict (valid by construction), and a seed."""
    n_zones = draw(st.integers(1, 3))
    n_shelters = draw(st.integers(1, 3))
    n_depots = draw(st.integers(0, 2))
    n_extra = draw(st.integers(0, 2))
    onset = draw(st.floats(2.0, 12.0))
    horizon = onset + 10.0 + draw(st.floats(0.0, 14.0))
    zones, shelters, depots, nodes = [], [], [], []
    for k in range(n_zones):
        zones.append({
            "id": f"Z{k}", "population": draw(st.integers(0, 400)), "assisted_share": draw(st.sampled_from([0.0, 0.1, 0.5])),
            "x_km": float(k), "y_km": 0.0, "node": f"NZ{k}", "township": "T1",
            "assist_teams": draw(st.sampled_from([None, 0, 1])),
        })
        nodes.append({"id": f"NZ{k}", "x_km": float(k), "y_km": 0.0, "zone": f"Z{k}"})
    for k in range(n_shelters):
        shelters.append({
            "id": f"S{k}", "grade": "B", "tier": "village", "capacity": draw(st.integers(1, 300)),
            "area_m2": draw(st.sampled_from([None, 4.0, 50.0, 400.0])),
            "open_at_start": draw(st.booleans()), "opening_delay": draw(st.sampled_from([0, "30min", "2h"])),
            "intake": {"desks": draw(st.integers(1, 3)), "time_per_person": draw(st.sampled_from([0, "20s", "2min"]))},
            "stock": {item: draw(st.sampled_from([0.0, 10.0, 300.0, 5000.0])) for item in ITEMS},
            "x_km": float(k), "y_km": 1.0, "node": f"NS{k}", "township": "T1",
            "zone": draw(st.sampled_from([None] + [z["id"] for z in zones])),
            "generator": draw(st.booleans()),
        })
        nodes.append({"id": f"NS{k}", "x_km": float(k), "y_km": 1.0})
    for k in range(n_depots):
        depots.append({
            "id": f"D{k}", "tier": draw(st.sampled_from(["district", "town"])), "x_km": 5.0, "y_km": float(k),
            "node": f"ND{k}", "township": "T1", "trucks": draw(st.integers(0, 2)),
            "truck_capacity_kg": draw(st.sampled_from([200.0, 3000.0])), "loading": draw(st.sampled_from([0, "30min"])),
            "stock": {item: draw(st.sampled_from([0.0, 500.0, 20000.0])) for item in ITEMS},
        })
        nodes.append({"id": f"ND{k}", "x_km": 5.0, "y_km": float(k)})
    for k in range(n_extra):
        nodes.append({"id": f"NX{k}", "x_km": 3.0, "y_km": float(k)})
    # A chain through every node keeps everyone connected; extra roads make detours.
    lengths = st.floats(0.1, 4.0)
    edges = []
    for k, (a, b) in enumerate(zip(nodes, nodes[1:])):
        edges.append({"id": f"R{k}", "from": a["id"], "to": b["id"], "length_km": draw(lengths),
                      "speed_kmh": draw(st.sampled_from([10.0, 40.0]))})
    for k in range(draw(st.integers(0, 3))):
        a, b = draw(st.sampled_from(nodes))["id"], draw(st.sampled_from(nodes))["id"]
        edges.append({"id": f"X{k}", "from": a, "to": b, "length_km": draw(lengths),
                      "closes_at_depth_m": draw(st.sampled_from([None, 0.1]))})
    road_ids = [e["id"] for e in edges]
    points = {}
    for z in zones:
        if draw(st.booleans()):
            peak = draw(st.sampled_from([0.2, 0.6, 1.5]))
            rise = draw(st.floats(0.5, horizon - 2.0))
            points[z["id"]] = {"t": [0, rise, rise + 1.0, horizon], "depth_m": [0.0, 0.0, peak, peak / 3]}
    rules = []
    actions = []
    zone_ids = [z["id"] for z in zones]
    shelter_ids = [s["id"] for s in shelters]
    for z in zone_ids:
        actions.append({"action": "order_evacuation", "zone": z, "group": draw(st.sampled_from(["all", "assisted", "general"]))})
        if draw(st.booleans()):
            actions.append({"action": "order_evacuation", "zone": z, "channels": ["door_to_door"]})
    for s in shelter_ids:
        actions.append({"action": "open_shelter", "shelter": s})
    for _ in range(draw(st.integers(0, 2))):
        actions.append({"action": "close_road", "edge": draw(st.sampled_from(road_ids))})
    if draw(st.booleans()):
        actions.append({"action": "reopen_road", "edge": draw(st.sampled_from(road_ids))})
    if depots and draw(st.booleans()):
        actions.append({"action": "dispatch", "depot": depots[0]["id"], "shelter": draw(st.sampled_from(shelter_ids)),
                        "items": {"water_l": 800.0, "bedding": 50.0}})
    if depots and draw(st.booleans()):
        actions.append({"action": "request_reserve", "township": "T1", "cover": 12})
    if draw(st.booleans()):
        actions.append({"action": "fail_generator", "shelter": draw(st.sampled_from(shelter_ids))})
    for k, action in enumerate(actions):
        when = draw(st.one_of(st.builds(lambda t: {"at": t}, st.floats(0.0, horizon)),
                              st.builds(lambda t: {"before_onset": t}, st.floats(0.0, onset)),
                              st.just({"occupancy": {"shelter": shelter_ids[0], "above": 0.5}})))
        rules.append({"id": f"P{k}", "when": when, "do": [action],
                      "delay": draw(st.sampled_from([0, {"dist": "uniform", "low": 0, "high": "1h"}]))})
    plan = {"rules": rules}
    if draw(st.booleans()):
        plan["assignments"] = {z: draw(st.permutations(shelter_ids)) for z in zone_ids}
    if draw(st.booleans()):
        below = draw(st.sampled_from([2.0, 6.0, 12.0]))
        plan["resupply"] = {"cover_below": below, "cover_target": below + draw(st.sampled_from([1.0, 12.0]))}
    data = {
        "name": "generated", "horizon": horizon, "cohort_size": draw(st.sampled_from([7, 25, 100])),
        "series_step": 0.5, "zones": zones, "shelters": shelters, "depots": depots,
        "roads": {"nodes": nodes, "edges": edges},
        "behaviour": {"compliance": draw(st.sampled_from([0.5, 1.0])), "public_share": draw(st.sampled_from([0.3, 1.0])),
                      "driving_share": draw(st.sampled_from([0.0, 0.5]))},
        "hazard": {"kind": "flood", "onset": onset, "points": points},
        "plan": plan,
    }
    return data, draw(st.integers(0, 2**16))
