"""urban_rainstorm_631: the 6 h / 3 h / 1 h call-ups are issued at impact - 6, 3 and 1 h,
and each step of the plan is carried out right after its call-up."""
import pytest

NAME = "urban_rainstorm_631"
STEPS = {"6h": "P1", "3h": "P2", "1h": "P3"}  # call-up -> the plan rule it starts


@pytest.fixture(scope="module")
def run(library):
    return library.run(NAME)


def test_a_short_rainstorm(library, run):
    s = library.scenario(NAME)
    assert s.hazard.kind == "rainstorm"
    assert s.spec.horizon <= run.kpis["onset_h"] + 10.0 + 4.0  # a few hours, then the relief window
    low = [e for e in s.edges if e.closes_at_depth_m is not None and e.closes_at_depth_m <= 0.15]
    assert {e.name for e in low} >= {"Railway underpass", "Riverside garage ramp"}


def test_callups_at_impact_minus_6_3_1_hours(run):
    onset = run.kpis["onset_h"]  # no hazard.onset: the onset is the impact (first heavy rain)
    callups = {e["lead"]: e["t"] for e in run.events if e["kind"] == "callup"}
    assert callups == pytest.approx({"6h": onset - 6, "3h": onset - 3, "1h": onset - 1})


def test_plan_follows_each_callup(run, library):
    callups = {e["lead"]: e["t"] for e in run.events if e["kind"] == "callup"}
    rules = {r.id: r for r in library.scenario(NAME).plan.rules}
    for lead, rule_id in STEPS.items():
        fired = [e for e in run.events if e["kind"] == "plan_rule" and e["rule"] == rule_id]
        assert [e["t"] for e in fired] == pytest.approx([callups[lead]])
        done = [e for e in run.events if e["kind"] == "action" and e["source"] == f"plan:{rule_id}"]
        assert len(done) == len(rules[rule_id].do)  # every action of the step carried out
        assert all(callups[lead] <= e["t"] <= callups[lead] + rules[rule_id].deadline for e in done)


def test_chain_order_warn_then_shelters_then_doors(run):
    """In the log, in order: the warning, the shelters opening, the door-to-door order (the 6 h
    step does all three at once), then the underpasses shut before the heavy rain."""
    kinds = [e["kind"] for e in run.events]
    warned, opened = kinds.index("warning"), kinds.index("shelter_opening")
    doors = next(i for i, e in enumerate(run.events)
                 if e["kind"] == "evacuation_order" and "door_to_door" in e["channels"])
    assert warned < opened < doors
    underpass = min(e["t"] for e in run.events if e["kind"] == "road_closed" and e["road"] == "R2"
                    and e["reason"] == "action")
    assert underpass < run.kpis["onset_h"]


def test_plan_passes_with_nobody_left_in_the_flooded_streets(run):
    k = run.kpis
    assert k["verdict"] == "PASS" and k["people_left_in_danger"] == 0 and k["people_in_danger_at_peak"] == 0
    assert k["people_forced"] > 0 and k["relief_max_h"] < 10.0
    assert k["people_central"] + k["people_dispersed"] == k["people_transferred"] <= k["people_due"] == 35_000


@pytest.mark.parametrize("overrides, whys", [
    ({"plan.rules.FT1.fail_prob": 1.0, "plan.rules.FT2.fail_prob": 1.0}, {"refused": 1_249}),
    ({"plan.rules.P1.delay": "3h"}, {"too_late": 725, "no_team": 446}),
    ({"plan.transfer.1.cadres": 20}, {"too_late": 400}),
], ids=["voluntary only", "the 6 h step 3 h late", "20 teams for the underpass area"])
def test_readme_mistakes_fail_with_their_why(library, overrides, whys):
    k = library.run(NAME, overrides=overrides).kpis
    assert k["verdict"] == "FAIL"
    assert {w: k[f"danger_{w}"] for w in ("too_late", "no_team", "refused", "returned") if k[f"danger_{w}"]} == whys
