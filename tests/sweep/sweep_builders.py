"""Small scenarios for the sweep and stock tests."""
import sim

TUTORIAL = sim.builtin_path()

EVACUATION_KPIS = ("population", "people_warned", "people_ordered", "people_evacuated", "people_to_shelters",
                   "people_in_danger_at_peak", "ete_50_h", "ete_90_h", "ete_100_h", "people_displaced",
                   "shelter_peak_occupancy", "onset_h")
"""KPIs that a shelter's stock cannot change: the storm, the warnings and the people's moves."""


def closed_form(people=300, capacity=400, stock=None, name="Closed form", depots=()):
    """One village whose *people* are all ordered out at T+1 h to one open shelter with room
    for all, long before the onset, and nothing resupplies it. Water and food are not used
    up over time (per_person_per_day 0), so securing everyone takes exactly the first
    rations: 3 L of water, 1/3 day ration of food, 1 bedding set each, and a medical kit
    for 5 % of them; with 300 people that is 900 L, 100 rations, 300 sets and 15 kits."""
    stock = stock or {"water_l": 5000, "food": 5000, "bedding": 5000, "medical": 5000}
    return sim.scenario_from_dict({
        "name": name, "description": "A closed-form check <b>not bold</b> & more", "horizon": "40h",
        "cohort_size": 25,
        "zones": [{"id": "Z1", "population": people, "assisted_share": 0.0, "x_km": 0, "y_km": 0, "node": "A",
                   "compliance": 1.0, "public_share": 1.0, "township": "T1"}],
        "shelters": [{"id": "S1", "name": "School <hall>", "grade": "A", "tier": "village", "capacity": capacity,
                      "open_at_start": True, "intake": {"desks": 10, "time_per_person": "6s"}, "stock": stock,
                      "x_km": 1, "y_km": 0, "node": "B", "township": "T1"}],
        "depots": list(depots),
        "roads": {"nodes": [{"id": "A", "x_km": 0, "y_km": 0}, {"id": "B", "x_km": 1, "y_km": 0}],
                  "edges": [{"id": "R1", "from": "A", "to": "B", "length_km": 1.0, "speed_kmh": 20}]},
        "behaviour": {"channels": {"broadcast": {"reach": 1.0, "delay": {"dist": "uniform", "low": "5min",
                                                                          "high": "30min"}}}},
        "relief": {"items": {"water_l": {"per_person_per_day": 0}, "food": {"per_person_per_day": 0}}},
        "hazard": {"kind": "flood", "onset": "20h"},
        "plan": {"rules": [{"id": "P1", "when": {"at": "1h"}, "do": [{"action": "order_evacuation", "zone": "Z1"}]}]},
    })


def worker_pid(_result):
    """A sweep measure: the process that played the run."""
    import os

    return {"pid": os.getpid()}
