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
    first = lambda kind, **m: min(e["t"] for e in run.events if e["kind"] == kind  # noqa: E731
                                  and all(e.get(k) == v for k, v in m.items()))
    warned = first("warning")
    opened = first("shelter_opening")
    doors = min(e["t"] for e in run.events if e["kind"] == "evacuation_order" and "door_to_door" in e["channels"])
    underpass = first("road_closed", road="R2", reason="action")
    assert warned < opened <= doors
    assert underpass < run.kpis["onset_h"]  # underpasses shut before the heavy rain


def test_plan_secures_every_evacuee_but_leaves_refusers_in_danger(run):
    k = run.kpis
    assert k["relief_kept_share"] * k["people_needing_relief"] == pytest.approx(k["people_displaced"])
    assert not k["relief_target_met"] and k["verdict_reasons"] == "left_in_danger"
    assert run.kpis["people_in_danger_at_peak"] > 0  # the ones who stayed in the low areas
