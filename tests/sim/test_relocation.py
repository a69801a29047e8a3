"""A shelter that floods with people inside: everyone moves on, nobody is lost or counted twice."""
import sim

FLOOD_S1 = {"shelters.S1.zone": "Z1", "shelters.S1.unusable_at_depth_m": 0.3,
            "shelters.S2.capacity": 1200, "shelters.S2.area_m2": None}
"""S1 floods; S2 has room for everyone (the plan's forced transfers fill it otherwise)."""


def _tutorial():
    return sim.load_scenario(sim.builtin_path())


def _states(series):
    return sum(series[k] for k in ("home", "moving", "queued", "sheltered", "relatives", "overflow"))


def test_people_in_a_flooded_shelter_move_to_the_next_and_stay_secured():
    scenario = _tutorial()
    base = sim.run(scenario, seed=0)
    flooded = sim.run(scenario, seed=0, overrides=FLOOD_S1)
    moved = [e for e in flooded.events if e["kind"] == "relocation"]
    assert len(moved) == 1 and moved[0]["shelter"] == "S1" and moved[0]["people"] > 0
    k = flooded.kpis
    assert k["people_relocated"] == moved[0]["people"]
    # S1 is empty from the flood on; S2 holds everyone who was sheltered
    occupancy = dict(zip(flooded.series["shelter_ids"], flooded.series["occupancy"]))
    assert occupancy["S1"][-1] == 0
    assert occupancy["S2"][-1] == k["end_sheltered"] == base.kpis["end_sheltered"]
    # secured before the flood, so the relief figures do not change and nobody is secured twice
    for name in ("people_displaced", "relief_secured_share", "relief_target_met", "relief_unsecured_at_end"):
        assert k[name] == base.kpis[name], name
    assert set(_states(flooded.series).tolist()) == {scenario.population}


def test_unsecured_people_are_secured_at_the_shelter_they_move_to():
    # S1 has no bedding and nobody brings any: its people wait unsecured until it floods,
    # then are secured at S2 (which has bedding) after they arrive there
    overrides = {**FLOOD_S1, "shelters.S1.stock.bedding": 0, "depots.D1.trucks": 0,
                 "shelters.S2.stock": {"water_l": 50000, "food": 5000, "bedding": 2000, "medical": 200}}
    engine = sim.Engine(_tutorial(), seed=0, overrides=overrides)
    result = engine.run()
    flood_t = next(e["t"] for e in result.events if e["kind"] == "relocation")
    relocation = next(e for e in result.events if e["kind"] == "relocation")
    assert relocation["secured"] < relocation["people"]
    late = sum(n for t, _, n in engine.secured_log if t > flood_t)
    assert abs(late - (relocation["people"] - relocation["secured"])) < 1e-6
    assert result.kpis["relief_unsecured_at_end"] == 0
    assert set(_states(result.series).tolist()) == {engine.scenario.population}


def test_with_no_room_elsewhere_the_relocated_wait_as_overflow_until_the_water_goes_down():
    overrides = {**FLOOD_S1, "shelters.S2.capacity": 300, "shelters.S2.area_m2": None}
    result = sim.run(_tutorial(), seed=0, overrides=overrides)
    k = result.kpis
    t = result.series["t"]
    flood = next(e["t"] for e in result.events if e["kind"] == "relocation")
    dry = next(e["t"] for e in result.events if e["kind"] == "shelter_usable" and e["shelter"] == "S1")
    between = (t > flood + 1) & (t < dry)
    assert k["people_relocated"] > 0 and k["shelter_overflow"] > 0
    assert (result.series["overflow"][between] > 0).all()  # S2 is full: they wait
    occupancy = dict(zip(result.series["shelter_ids"], result.series["occupancy"]))
    assert (occupancy["S2"] <= 300).all()
    assert k["end_overflow"] == 0 and occupancy["S1"][-1] > 0  # back to S1 once it is usable again
    assert set(_states(result.series).tolist()) == {_tutorial().population}
