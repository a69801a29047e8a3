"""The transfer as Chinese offices run it: sweeps that find all but the not-found share,
forced transfer on team time, going back home and 防回流, lifting the order, and why each
person left in danger was still at home (sim/transfer*.py, docs/model.md)."""
import copy
import json
import math
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import sim
from scenario_strategies import scenarios
from sim.transfer_why import WHYS

PROPERTY = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def village(people=2_000, cohort=10, teams=None, rules=(), transfer=None, behaviour=None, peak=20.0, **zone):
    """One zone of *people* on a flood plain, one open shelter with room for all, a flood that
    peaks at *peak* h, and a plan of *rules* (a list of (time h, [actions]))."""
    z = {"id": "Z1", "population": people, "assisted_share": 0.0, "x_km": 0.0, "y_km": 0.0, "node": "N1", **zone}
    plan = {"rules": [{"id": f"P{k}", "when": {"at": t}, "do": list(acts)} for k, (t, acts) in enumerate(rules)]}
    if transfer is not None:
        plan["transfer"] = transfer
    data = {
        "name": "village", "horizon": peak + 14.0, "cohort_size": cohort, "zones": [z],
        "shelters": [{"id": "S1", "grade": "A", "tier": "town", "capacity": people + 10, "open_at_start": True,
                      "intake": {"desks": 20, "time_per_person": 0}, "x_km": 0.0, "y_km": 1.0, "node": "N2",
                      "stock": {"water_l": 1e6, "food": 1e5, "bedding": 1e5, "medical": 1e4}}],
        "roads": {"nodes": [{"id": "N1", "x_km": 0, "y_km": 0, "zone": "Z1"}, {"id": "N2", "x_km": 0, "y_km": 1}],
                  "edges": [{"id": "R1", "from": "N1", "to": "N2", "length_km": 1.0}]},
        "behaviour": behaviour or {},
        "hazard": {"kind": "flood", "onset": peak - 2.0,
                   "points": {"Z1": {"t": [0, peak - 1.0, peak, peak + 10.0], "depth_m": [0, 0.2, 1.0, 0.1]}}},
        "plan": plan,
    }
    return data


def door(t):
    return (t, [{"action": "order_evacuation", "zone": "Z1", "channels": ["door_to_door"]}])


EVERYONE_OBEYS_A_KNOCK = {"compliance": 0.0, "transfer": {"return_share": 0.0}}


# -- sweeps -------------------------------------------------------------------------------------

def test_each_sweep_finds_all_but_the_not_found_share_of_those_still_missed():
    """1,000 cohorts, door to door only: after k sweeps about 0.05^k of them were never found."""
    missed = []
    for sweeps in (1, 2):
        data = village(people=10_000, cohort=10, rules=[door(1.0 + k) for k in range(sweeps)],
                       behaviour=EVERYONE_OBEYS_A_KNOCK)
        k = sim.run(sim.scenario_from_dict(data), seed=4).kpis
        missed.append(k["danger_not_found"] / 10_000)
    assert missed[0] == pytest.approx(0.05, abs=0.02)  # binomial, 1,000 cohorts: within 3 sd
    assert missed[1] == pytest.approx(0.0025, abs=0.004) and missed[1] < missed[0] / 5


def test_a_repeated_knock_persuades_nobody_who_refused_one():
    data = village(rules=[door(1.0), door(6.0), door(11.0)], behaviour=EVERYONE_OBEYS_A_KNOCK)
    engine = sim.Engine(sim.scenario_from_dict(data), seed=1)
    engine.run_until(1.0 + 3.0 + 0.01)  # every knock of the first sweep has come, none of the second
    pop = engine.population
    refused = (pop.order_heard_at <= engine.now) & ~np.isfinite(pop.ordered_at)
    engine.run()
    assert refused.any()
    assert (pop.why[refused] == WHYS.index("refused")).all() and not np.isfinite(pop.first_departed_at[refused]).any()


# -- forced transfer ----------------------------------------------------------------------------

def refusers(teams, at=2.0, peak=20.0, vehicles=None):
    """Nobody obeys a knock; a forced transfer with *teams* at *at* h."""
    force = {"action": "forced_transfer", "zone": "Z1", "teams": teams, "vehicles": vehicles}
    behaviour = {"compliance": 0.0, "channels": {"door_to_door": {"reach": 1.0, "delay": 0.5, "compliance": 0.0,
                                                                   "sweep": True}},
                 "driving_share": 0.0, "transfer": {"return_share": 0.0}}
    return village(people=400, cohort=10, rules=[door(1.0), (at, [force])], behaviour=behaviour, peak=peak)


def test_forced_transfer_takes_team_hours_per_household_all_teams_together():
    """400 refusers in 200 households, 1 team hour each: 10 teams are done 20 h after they
    start (1 h after the order), the k-th cohort of 5 households at 3 + k / 2 h."""
    engine = sim.Engine(sim.scenario_from_dict(refusers(teams=10)), seed=0)
    result = engine.run()
    (event,) = [e for e in result.events if e["kind"] == "forced_transfer"]
    assert (event["people"], event["households"], event["teams"]) == (400, 200.0, 10)
    assert event["done_by"] == pytest.approx(2.0 + 1.0 + 200 / 10)
    left = np.sort(engine.population.first_departed_at)
    assert left == pytest.approx(3.0 + 0.5 * np.arange(1, 41))


def test_an_under_staffed_forced_transfer_misses_the_peak():
    enough, short = (sim.run(sim.scenario_from_dict(refusers(teams=t)), seed=0).kpis for t in (40, 5))
    assert enough["people_left_in_danger"] == 0 and enough["verdict"] == "PASS"
    # 5 teams: a cohort (5 households) an hour from T+3; the 16 done before the peak at T+20 are out
    assert short["danger_too_late"] == short["people_left_in_danger"] == 400 - 10 * 16
    assert short["verdict"] == "FAIL"


def test_without_vehicles_the_people_moved_walk():
    walked = sim.Engine(sim.scenario_from_dict(refusers(teams=40, vehicles=0)), seed=0)
    rode = sim.Engine(sim.scenario_from_dict(refusers(teams=40)), seed=0)
    arrive = [min(t for t, _ in e.arrivals) for e in (walked.run() and walked, rode.run() and rode)]
    assert arrive[0] - arrive[1] == pytest.approx(1.0 / 4.39 - 1.0 / 30.0, abs=1e-6)  # 1 km on foot, not by car


# -- going back home ----------------------------------------------------------------------------

def returners(prevent, lift_at=None):
    """Everyone obeys the knock at T+1; everyone tries to go home 3 h later (calm weather)."""
    acts = [door(1.0)]
    if prevent:
        acts.append((1.5, [{"action": "prevent_return", "zone": "Z1"}]))
    if lift_at is not None:
        acts.append((lift_at, [{"action": "lift_transfer", "zone": "Z1"}]))
    behaviour = {"channels": {"door_to_door": {"reach": 1.0, "delay": 0.5, "compliance": 1.0, "sweep": True}},
                 "public_share": 0.5, "transfer": {"return_share": 1.0, "away": 3.0, "prevent_return": 1.0}}
    return sim.scenario_from_dict(village(people=1_000, cohort=50, rules=acts, behaviour=behaviour))


def test_returners_are_at_home_at_the_peak_and_prevent_return_stops_them():
    home, kept = sim.run(returners(prevent=False)), sim.run(returners(prevent=True))
    assert home.kpis["danger_returned"] == home.kpis["people_returned"] == 1_000
    assert not home.verdict.passed and home.kpis["end_sheltered"] == 0  # they left the shelter
    assert kept.kpis["people_returned"] == 0 and kept.verdict.passed
    assert {e["kind"] for e in kept.events} >= {"return_stopped"}


def test_lifting_the_order_before_the_peak_sends_everyone_home():
    early = sim.run(returners(prevent=True, lift_at=8.0)).kpis
    late = sim.run(returners(prevent=True, lift_at=25.0)).kpis
    assert early["danger_returned"] == 1_000 and late["people_left_in_danger"] == 0


def test_a_forced_transfer_brings_the_returners_back():
    scenario = returners(prevent=False)
    force = {"action": "forced_transfer", "zone": "Z1", "teams": 100}
    back = sim.run(scenario, overrides={"plan.rules": scenario.source["plan"]["rules"] + [
        {"id": "F", "when": {"at": 9.0}, "do": [force]}]}).kpis
    assert back["people_returned"] == 1_000 and back["people_left_in_danger"] == 0


# -- whys and office figures --------------------------------------------------------------------

def test_whys_cover_everyone_at_home_at_the_peak_exactly():
    """Never warned, not ordered, not found, refused, too late, waiting for a team."""
    data = village(people=3_000, cohort=50, assisted_share=0.3, assist_teams=1, peak=6.0,
                   rules=[(0.0, [{"action": "warn", "zones": ["Z1"], "channels": ["sms"]}]),
                          (1.0, [{"action": "order_evacuation", "zone": "Z1", "group": "general",
                                  "channels": ["door_to_door"]}]),
                          (4.5, [{"action": "order_evacuation", "zone": "Z1", "group": "assisted",
                                  "channels": ["door_to_door"]}])])
    result = sim.run(sim.scenario_from_dict(data), seed=2)
    k = result.kpis
    whys = {w: k[f"danger_{w}"] for w in WHYS}
    assert sum(whys.values()) == k["people_left_in_danger"] == sum(r["left_in_danger"] for r in result.zones)
    assert whys["too_late"] > 0 and whys["refused"] > 0 and whys["not_found"] > 0
    assert whys["returned"] == 0
    (reason,) = [r for r in result.verdict.reasons if r.code == "left_in_danger"]
    assert [w for w, *_ in reason.whys] == sorted((w for w in WHYS if whys[w]), key=lambda w: -whys[w])


def test_office_figures_add_up_and_are_taken_at_the_onset():
    result = sim.run(sim.builtin_scenario(), seed=0)
    k, series = result.kpis, result.series
    assert k["people_central"] + k["people_dispersed"] == k["people_transferred"] <= k["people_due"]
    at_onset = np.interp(k["onset_h"], series["t"], series["transferred"])
    assert at_onset == k["people_transferred"] and (np.diff(series["transferred"]) >= 0).all()
    zones = result.zones
    assert sum(r["due"] for r in zones) == k["people_due"]
    assert sum(r["transferred"] for r in zones) == k["people_transferred"]


# -- properties ---------------------------------------------------------------------------------

def with_transfer_actions(data, draw):
    """*data* with a forced transfer, 防回流 and a lift for each zone at drawn times."""
    data = copy.deepcopy(data)
    horizon = data["horizon"]
    for z in data["zones"]:
        acts = [{"action": "prevent_return", "zone": z["id"]},
                {"action": "forced_transfer", "zone": z["id"], "teams": draw(st.integers(1, 30))},
                {"action": "lift_transfer", "zone": z["id"]}]
        for k, action in enumerate(acts):
            data["plan"]["rules"].append({"id": f"T{z['id']}{k}", "when": {"before_onset": draw(st.floats(
                -(horizon - data["hazard"]["onset"]), data["hazard"]["onset"]))}, "do": [action]})
    return data


def build(data):
    """The scenario of *data*; a drawn forced transfer that no order can come before is not a case."""
    try:
        return sim.scenario_from_dict(data)
    except sim.ScenarioError as exc:
        assume("comes before every evacuation order" not in str(exc))
        raise


@PROPERTY
@given(scenarios(), st.data())
def test_the_whys_add_up_to_the_people_left_in_danger(case, data):
    scenario_data, seed = case
    result = sim.run(build(with_transfer_actions(scenario_data, data.draw)), seed=seed)
    k = result.kpis
    assert sum(k[f"danger_{w}"] for w in WHYS) == k["people_left_in_danger"]
    for row in result.zones:
        assert sum(row[f"danger_{w}"] for w in WHYS) == row["left_in_danger"]
    assert k["people_central"] + k["people_dispersed"] == k["people_transferred"] <= k["people_due"]


@PROPERTY
@given(scenarios(), st.floats(0.0, 1.0), st.integers(1, 40), st.sampled_from([None, 0, 3]))
def test_adding_a_forced_transfer_never_leaves_more_people_in_danger(case, when, teams, vehicles):
    """A forced transfer only ever moves people out sooner. Nobody goes back home here: a
    household moved earlier has longer to go back before the peak (docs/model.md)."""
    data, seed = case
    data = copy.deepcopy(data)
    data.setdefault("behaviour", {})["transfer"] = {"return_share": 0.0}
    onset = data["hazard"]["onset"]
    forced = copy.deepcopy(data)
    forced["plan"]["rules"] += [{"id": f"F{z['id']}", "when": {"before_onset": onset * (1 - when)},
                                 "do": [{"action": "forced_transfer", "zone": z["id"], "teams": teams,
                                         "vehicles": vehicles}]} for z in data["zones"]]
    without = sim.run(sim.scenario_from_dict(data), seed=seed).kpis
    with_it = sim.run(build(forced), seed=seed).kpis
    assert with_it["people_left_in_danger"] <= without["people_left_in_danger"]
    assert with_it["danger_refused"] <= without["danger_refused"]


# -- the plan format ----------------------------------------------------------------------------

def test_bad_transfer_values_are_refused_at_their_place_in_the_plan_file(tmp_path):
    base = sim.builtin_path()
    (tmp_path / "scenario.yaml").write_text(base.read_text(encoding="utf-8"), encoding="utf-8")
    plan = (base.parent / "plan.yaml").read_text(encoding="utf-8")
    bad = plan.replace("  - {zone: Z2, kind: self_built, cadres: 24}",
                       "  - {zone: Z2, kind: self_built, cadres: 24}\n  - {zone: Z7}")
    (tmp_path / "plan.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(sim.ScenarioError) as err:
        sim.load_scenario(tmp_path / "scenario.yaml")
    assert re.search(r"plan\.yaml:\d+:\d+: transfer\.\[2\]\.zone: no zone 'Z7'", str(err.value))
    bad = plan.replace("      - {action: forced_transfer, zone: Z1}\n", "      - {action: forced_transfer, zone: Z1, teams: -3}\n", 1)
    (tmp_path / "plan.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(sim.ScenarioError, match=r"plan\.yaml:\d+:\d+: rules\.FT1\.do\.\[0\]\.teams: Input should be "
                                                r"greater than or equal to 1"):
        sim.load_scenario(tmp_path / "scenario.yaml")
    (tmp_path / "plan.yaml").write_text("""\
name: too early
rules:
  - id: P1
    when: {signal: typhoon_orange}
    do:
      - {action: order_evacuation, zone: Z1}
  - id: F1
    when: {signal: typhoon_yellow}
    do:
      - {action: forced_transfer, zone: Z1}
      - {action: forced_transfer, zone: Z2}
""", encoding="utf-8")
    with pytest.raises(sim.ScenarioError) as err:
        sim.load_scenario(tmp_path / "scenario.yaml")
    problems = str(err.value).splitlines()
    assert problems[0].endswith("plan.yaml:10:9: rules.F1.do.[0]: this forced transfer of Z1 (signal typhoon yellow) "
                                "comes before every evacuation order of Z1 (the first, rule P1: signal typhoon "
                                "orange): order the transfer first")
    assert problems[1].endswith("plan.yaml:11:9: rules.F1.do.[1]: no rule of the plan orders Z2 (group 'all') to "
                                "evacuate: a forced transfer is for people who refused an order, so order the "
                                "transfer first")


def test_the_plan_schema_offers_the_transfer_actions_and_the_list(capsys):
    from stormdrill.cli import main

    assert main(["schema", "--plan"]) == 0
    schema = json.loads(capsys.readouterr().out)
    text = json.dumps(schema)
    for name in ("forced_transfer", "prevent_return", "lift_transfer", "ListedGroup"):
        assert name in text
    assert schema["properties"]["transfer"]["anyOf"][0]["items"]["$ref"].endswith("ListedGroup")


def test_a_forced_transfer_in_an_exercise_is_refused_with_a_reason_until_an_order():
    engine = sim.Engine(sim.builtin_scenario(), seed=0, mode="exercise")
    refused = engine.apply({"action": "forced_transfer", "zone": "Z2", "teams": 6})
    assert not refused.accepted and "no evacuation order has been given to Z2" in refused.reason
    assert engine.apply({"action": "order_evacuation", "zone": "Z2"}).accepted
    engine.run_until(5.0)
    assert engine.apply({"action": "forced_transfer", "zone": "Z2", "teams": 6}).accepted
    assert math.isfinite(engine.population.forced_at[engine.population.zone == 1].min())
