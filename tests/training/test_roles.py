"""training.roles: one source for what a role may and should do."""
from pathlib import Path

import pytest

from training import load_exercise, roles
from training.runner import Runner

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = sorted(ROOT.glob("scenarios/*/exercise.yaml"))
COASTAL = ROOT / "scenarios" / "coastal_street_typhoon" / "exercise.yaml"


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.parent.name)
def test_every_duty_has_a_role_allowed_to_do_it(path):
    ex = load_exercise(path)
    found = roles.duties(ex)
    assert found and len({d.key for d in found}) == len(found)
    for d in found:
        assert d.role is not None, d
        assert roles.may(ex, d.role, d.action["action"]), d


def test_the_coastal_logistics_officer_owes_bedding_and_medical_top_ups_and_the_roads_crew_has_actions():
    ex = load_exercise(COASTAL)
    logistics = roles.duties(ex, "logistics")
    items = {d.item for d in logistics if d.item}
    assert items == {"water_l", "food", "bedding", "medical"}
    assert {d.start for d in logistics if d.item in ("bedding", "medical")} == {"opening"}
    assert [o.kind for o in roles.offers(ex, "roads")] == ["close_road", "reopen_road"]
    edges = roles.offers(ex, "roads")[0].fields[0]
    assert len(edges.choices) == len(ex.scenario.edges) and "R21" in edges.values()


def test_a_dispatch_defaults_to_the_plans_hours_and_nothing_the_scenario_refuses_is_offered():
    ex = load_exercise(COASTAL)
    kinds = [o.kind for o in roles.offers(ex, "logistics")]
    assert kinds == ["dispatch"]  # request_reserve: the coastal street has no district depot
    dispatch = roles.offers(ex, "logistics")[0]
    cover = next(f for f in dispatch.fields if f.key == "cover")
    assert cover.default == "24" and ex.scenario.plan.resupply.cover_target == 24
    items = next(f for f in dispatch.fields if f.key == "items")
    assert {"bedding", "medical"} <= set(items.values())
    action = roles.build(ex, "dispatch", {"shelter": "S04", "items": "bedding", "depot": "D1"}, role="logistics")
    capacity = ex.scenario.shelter["S04"].capacity
    assert action == {"action": "dispatch", "depot": "D1", "shelter": "S04", "items": {"bedding": float(capacity)}}
    with pytest.raises(roles.OfferError, match="dispatch.cover: '7' is not one of the choices"):
        roles.build(ex, "dispatch", {"shelter": "S04", "cover": "7"})
    with pytest.raises(roles.OfferError, match="role 'roads' may not dispatch"):
        roles.build(ex, "dispatch", {"shelter": "S04"}, role="roads")


def test_with_a_runner_the_choices_follow_the_model():
    ex = load_exercise(COASTAL)
    runner = Runner(ex)
    runner.act("commander", {"action": "open_shelter", "shelter": "S01"})
    runner.act("roads", {"action": "close_road", "edge": "R21"})
    opens = roles.offers(ex, "shelter_manager", runner)[0]
    assert opens.kind == "open_shelter" and "S01" not in opens.fields[0].values()
    reopen = next(o for o in roles.offers(ex, "roads", runner) if o.kind == "reopen_road")
    assert reopen.fields[0].values() == ["R21"]
    menu = roles.menu(runner, "logistics")
    top_ups = [i.action for i in menu.items if i.action["shelter"] == "S01"]
    assert {tuple(a["items"]) for a in top_ups} >= {("water_l", "food"), ("bedding",), ("medical",)}
    basic = next(a for a in top_ups if "water_l" in a["items"])
    s01 = ex.scenario.shelter["S01"]
    assert basic["items"]["water_l"] == s01.capacity * (15 * 24 / 24 + 3)  # 24 h of use and a first ration, full
