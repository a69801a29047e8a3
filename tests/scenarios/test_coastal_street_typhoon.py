"""coastal_street_typhoon: the plan as written narrowly meets the 10-hour target; opening
the second-line shelters 2 hours late, or the Xincun sports hall's generator failing,
misses it (the exact commands are in the scenario's README)."""
import datetime

import pytest

NAME = "coastal_street_typhoon"
LATE_OPENING = {"plan.rules.P5.delay": "2h30min"}  # the rule's 30 min, plus 2 hours
GENERATOR_OUT = {"shelters.S07.generator": False}  # stormdrill run ... --set shelters.S07.generator=false
NARROW_H = 1.5
""""Narrowly": the last displaced person is secured within 1.5 h of the deadline."""


def events(result, kind, **match):
    return [e for e in result.events if e["kind"] == kind and all(e.get(k) == v for k, v in match.items())]


def test_the_street_as_described(library):
    s = library.scenario(NAME)
    assert len(s.zones) == 9 and s.population == 100_000
    assert len(s.shelters) == 16 and all(sh.generator and sh.beds > 0 for sh in s.shelters)
    assert {z.id for z in s.zones if z.wind_exposed} == {"C5", "C8"}  # self-built houses
    assert any(e.closes_at_wind_ms for e in s.edges)  # fallen trees
    assert any(e.closes_at_depth_m is not None and e.closes_at_depth_m <= 0.15 for e in s.edges)  # underpasses
    assert sum("School" in d.name for d in s.depots) == 2  # schools opened as staging areas


def test_typhoon_goes_blue_to_red_and_lands_at_night(library):
    r = library.run(NAME)
    raised = [e["level"] for e in events(r, "signal", signal_kind="typhoon")]
    assert raised[:4] == ["blue", "yellow", "orange", "red"]
    start = datetime.datetime.fromisoformat(library.scenario(NAME).spec.start)
    landfall = start + datetime.timedelta(hours=r.kpis["onset_h"])
    assert landfall.hour >= 20 or landfall.hour < 5


def test_plan_moves_coast_and_self_built_houses_first(library):
    r = library.run(NAME)
    orders = events(r, "evacuation_order")
    first = {}
    for e in orders:
        first.setdefault((e["zone"], e["group"]), e["t"])
    coast = max(first[(z, "all")] for z in ("C1", "C2", "C3"))
    inland_all = min(first[(z, "all")] for z in ("C4", "C5", "C6", "C8"))
    assert coast < inland_all
    assert all(first[(z, "assisted")] <= coast for z in ("C5", "C8"))  # self-built houses' assisted at once
    assert not any(e["zone"] in ("C7", "C9") for e in orders)  # high ground stays


def test_plan_narrowly_secures_every_evacuee_but_leaves_refusers_in_danger(library):
    k = library.run(NAME).kpis
    assert k["relief_kept_share"] * k["people_needing_relief"] == pytest.approx(k["people_displaced"])
    assert 10.0 - NARROW_H < k["relief_max_h"] <= 10.0
    assert k["shelter_overflow"] == 0
    # the verdict fails only for the people who refused the order in the flooded communities
    assert not k["relief_target_met"] and k["verdict_reasons"] == "left_in_danger"


def test_opening_the_second_line_two_hours_late_misses_it(library):
    plan, late = library.run(NAME), library.run(NAME, overrides=LATE_OPENING)
    opened = {e["shelter"]: e["t"] for e in events(plan, "shelter_opening")}
    opened_late = {e["shelter"]: e["t"] for e in events(late, "shelter_opening")}
    for sid in ("S05", "S07", "S12", "S16"):
        assert opened_late[sid] - opened[sid] == pytest.approx(2.0)
    assert late.kpis["relief_max_h"] > 10.0
    assert set(late.kpis["verdict_reasons"].split(",")) - {"left_in_danger"}, "evacuees miss the target too"
    assert late.kpis["relief_kept_share"] < plan.kpis["relief_kept_share"]


def test_one_generator_failing_misses_it(library):
    out = library.run(NAME, overrides=GENERATOR_OUT)
    cuts = events(out, "power_cut", shelter="S07")
    assert cuts and not cuts[0]["generator"]
    assert out.kpis["relief_max_h"] > 10.0
    assert set(out.kpis["verdict_reasons"].split(",")) - {"left_in_danger"}, "evacuees miss the target too"
    assert out.kpis["relief_kept_share"] < library.run(NAME).kpis["relief_kept_share"]
