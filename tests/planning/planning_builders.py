"""Small scenarios for the stock test and the reserve check: fast, with answers known in closed form."""
import sim


def _shelter(sid, town="T1", capacity=400, stock=None, x=1.0, node="B", name=None):
    return {"id": sid, "name": name or f"School <hall> {sid}", "name_zh": f"{sid}避灾点", "grade": "A",
            "tier": "village", "capacity": capacity, "open_at_start": True,
            "intake": {"desks": 10, "time_per_person": "6s"},
            "stock": stock or {"water_l": 5000, "food": 5000, "bedding": 5000, "medical": 5000},
            "x_km": x, "y_km": 0, "node": node, "township": town}


def village(people=300, capacity=400, stock=None, name="Closed form", depots=(), use=False, shelters=None,
            zones=None, assignments=None):
    """A village whose *people* are all ordered out at T+1 h to one open shelter with room for
    all, long before the onset (20 h), and nothing resupplies it. With ``use=False`` water and
    food are not used up over time, so the people draw exactly their first rations: 3 L of
    water, 1/3 day ration, 1 bedding set each, and a medical kit for 5 % of them; with
    ``use=True`` they use the Sphere defaults (15 L and one day ration a day)."""
    items = {} if use else {"water_l": {"per_person_per_day": 0}, "food": {"per_person_per_day": 0}}
    zones = zones or [{"id": "Z1", "population": people, "assisted_share": 0.0, "x_km": 0, "y_km": 0, "node": "A",
                       "compliance": 1.0, "public_share": 1.0, "township": "T1"}]
    plan = {"rules": [{"id": "P1", "when": {"at": "1h"},
                       "do": [{"action": "order_evacuation", "zone": z["id"]} for z in zones]}]}
    if assignments:
        plan["assignments"] = assignments
    return sim.scenario_from_dict({
        "name": name, "description": "A closed-form check <b>not bold</b> & more", "horizon": "40h",
        "cohort_size": 25,
        "zones": zones,
        "shelters": shelters or [_shelter("S1", capacity=capacity, stock=stock)],
        "depots": list(depots),
        "roads": {"nodes": [{"id": "A", "x_km": 0, "y_km": 0}, {"id": "B", "x_km": 1, "y_km": 0},
                            {"id": "C", "x_km": -1, "y_km": 0}],
                  "edges": [{"id": "R1", "from": "A", "to": "B", "length_km": 1.0, "speed_kmh": 20},
                            {"id": "R2", "from": "A", "to": "C", "length_km": 1.0, "speed_kmh": 20}]},
        "behaviour": {"channels": {"broadcast": {"reach": 1.0, "delay": {"dist": "uniform", "low": "5min",
                                                                          "high": "30min"}}}},
        "relief": {"items": items},
        "hazard": {"kind": "flood", "onset": "20h"},
        "plan": plan,
    })


def two_villages(order=("S1", "S2"), people=(300, 200)):
    """Two villages, each assigned to its own shelter (in *order* in the file)."""
    shelters = {"S1": _shelter("S1", capacity=400, x=1.0, node="B", stock={"water_l": 100, "food": 10,
                                                                         "bedding": 10, "medical": 1}),
                "S2": _shelter("S2", town="T2", capacity=300, x=-1.0, node="C",
                               stock={"water_l": 2000, "food": 10, "bedding": 400, "medical": 1})}
    zones = [{"id": "Z1", "population": people[0], "assisted_share": 0.0, "x_km": 0, "y_km": 0, "node": "A",
              "compliance": 1.0, "public_share": 1.0, "township": "T1"},
             {"id": "Z2", "population": people[1], "assisted_share": 0.0, "x_km": 0, "y_km": 0, "node": "A",
              "compliance": 0.9, "public_share": 0.8, "township": "T2"}]
    return village(shelters=[shelters[s] for s in order], zones=zones, use=True,
                   assignments={"Z1": ["S1"], "Z2": ["S2"]})
