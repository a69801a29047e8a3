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


def play_checking_menus(ex):
    """The plan's own actions played by a team (exercise_helpers.play_plan), and at every stop —
    before the team acts — each expected action that has just fallen due checked against its
    role's menu. Returns (runner, {role: keys its menu offered when due, or that needed nothing})."""
    from exercise_helpers import plan_actions

    from training.matching import covers
    from training.msel import live_verdicts

    runner = Runner(ex)
    seen, offered = set(), {}

    def check():
        for v in live_verdicts(runner):
            if v.key in seen:
                continue
            seen.add(v.key)
            if v.status != "full":
                need = runner.needs.get(v.source_id)
                if v.source_id.startswith("resupply:") and need is None:  # the top-up on opening
                    need = {"units": roles.top_up_units(ex.scenario, v.expected["shelter"], next(iter(v.expected["items"])))}
                items = roles.menu(runner, v.role).items
                # (one action can meet two duties at once, a plan rule's and an inject's: the menu
                # lists it once, under the first)
                assert any(i.duty is not None and (i.duty.key == v.key or i.duty.action == v.expected)
                           and covers(i.action, v.expected, need)
                           for i in items), (v.key, v.role, [i.action for i in items])
                assert all(roles.may(ex, v.role, i.action["action"]) for i in items)
            offered.setdefault(v.role, set()).add(v.key)

    def answer(points):
        for point in points:
            for e in point.expect:
                check()
                runner.act(e.role or ex.role_for(e.do.action), e.do.model_dump(by_alias=True), "as expected")

    def step_to(t):
        while runner.now < t and not runner.finished:
            step = runner.advance(t)
            check()
            answer(d.inject for d in step.injects)
            if step.decision is not None:
                answer([step.decision])
                runner.close_decision("commander")

    for t, action in plan_actions(ex):
        step_to(t)
        check()
        runner.act("commander", action, "the plan")
    step_to(runner.horizon)
    return runner, offered


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.parent.name)
def test_role_cards_evaluator_forms_menus_and_evaluate_hold_the_same_expected_actions(path):
    from training.evaluate_console import numbered_verdicts
    from training.handouts import card_rows, evaluator_forms

    ex = load_exercise(path)
    per_role = {r.id: {d.key for d in roles.duties(ex, r.id)} for r in ex.spec.roles}
    for role in ex.spec.roles:  # the role cards: every duty of the role, each in one row
        keys = [k for row in card_rows(ex, role.id, "en") for k in row.keys]
        assert sorted(keys) == sorted(per_role[role.id]), role.id
    form = {}
    for line in roles.evaluation_form(ex):  # the evaluator's form: every duty once, numbered
        form.setdefault(line.duty.role, set()).add(line.duty.key)
    assert form == {r: keys for r, keys in per_role.items() if keys}
    page = evaluator_forms(ex, "en")
    assert all(f"<td class='num'>{n}</td>" in page for n in range(1, len(roles.evaluation_form(ex)) + 1))

    runner, offered = play_checking_menus(ex)  # the menus: each duty offered to its role when it falls due
    score = runner.finish()
    scored = {}
    for v in score.verdicts:  # `evaluate`: what the score judges, numbered as on the form
        scored.setdefault(v.role, set()).add(v.key)
    assert scored == offered
    for role, keys in scored.items():
        assert keys <= per_role[role], role
    numbers = [n for n, _v in numbered_verdicts(ex, score.verdicts)]
    assert numbers == sorted(numbers) and max(numbers) <= len(roles.evaluation_form(ex))
    assert len(score.verdicts) > len(ex.spec.injects)  # the plan's rules and the reorder rule fell due


TUTORIAL = ROOT / "scenarios" / "tutorial_village" / "exercise.yaml"


def test_the_commander_is_offered_forced_transfer_and_return_controls_once_an_order_is_given():
    """Issue 23: forced transfer (强制转移), 防回流 and 解除 are the commander's, offered for the
    zones whose order is in force; a grid worker is not offered them."""
    ex = load_exercise(TUTORIAL)
    runner = Runner(ex)
    kinds = [o.kind for o in roles.offers(ex, "commander", runner)]
    assert not {"forced_transfer", "prevent_return", "lift_transfer"} & set(kinds)  # no order yet
    runner.act("commander", {"action": "order_evacuation", "zone": "Z2"})
    offers = {o.kind: o for o in roles.offers(ex, "commander", runner)}
    assert offers["forced_transfer"].fields[0].values() == ["Z2"]
    assert offers["forced_transfer"].label["zh"] == "强制转移" and offers["prevent_return"].label["zh"] == "防回流"
    assert offers["lift_transfer"].fields[0].values() == ["Z2"]
    action = roles.build(ex, "forced_transfer", {"zone": "Z2", "teams": "10"}, role="commander", runner=runner)
    assert action == {"action": "forced_transfer", "zone": "Z2", "group": "all", "teams": 10}
    assert roles.build(ex, "forced_transfer", {"zone": "Z2"}, runner=runner) == {
        "action": "forced_transfer", "zone": "Z2", "group": "all"}  # the list's cadres
    with pytest.raises(roles.OfferError, match="role 'grid_worker' may not forced_transfer"):
        roles.build(ex, "forced_transfer", {"zone": "Z2"}, role="grid_worker", runner=runner)
    said = roles.said(action, ex.scenario)
    assert "强制转移" in said["zh"] and "forced transfer" in said["en"]
