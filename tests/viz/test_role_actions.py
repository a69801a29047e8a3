"""The viewer's action panel and decision cards, from training.roles (the one source of what a
role may do): real windows, headless, clicked as a trainee would."""
import pygame
import pytest

from viz_helpers import ROOT, TUTORIAL_EXERCISE as TUTORIAL, VILLAGE, click, pick_role

pytest.importorskip("training.runner")

from training import roles  # noqa: E402
from viz.console import ConsoleState  # noqa: E402
from viz.states import ActionFormState, CardState  # noqa: E402

COASTAL = ROOT / "scenarios" / "coastal_street_typhoon" / "exercise.yaml"
SHIPPED = sorted(ROOT.glob("scenarios/*/exercise.yaml"))


def panel(app):
    """The kinds of action the panel has buttons for, in their order."""
    return [name.split(".", 1)[1] for name in app.play.buttons if name.startswith("action.")]


def pick(app, item):
    """Click an item of a list (a form's several shelters, a decision's options): the list
    hears the button on the next frame and says what was picked on the one after."""
    click(app, item, frames=3)
    app.run_frames(1, 0.6)  # a second click on the same item is a new click, not a double click


def pass_cards(app):
    """Read the cards that came up, then hold the display clock so that no new one comes."""
    app.run_frames(2)
    while isinstance(app.top, CardState):
        click(app, app.top.buttons.get("button.continue") or app.top.buttons["button.no_decision"])
    app.play.clock.playing = False


def open_form(app, kind):
    click(app, app.play.button(f"action.{kind}"))
    assert isinstance(app.top, ActionFormState), app.play.toasts
    return app.top


def next_card(app, title):
    """Press N (next event) and read every card as it comes, until the card *title* is up."""
    for _ in range(60):
        top = app.top
        if isinstance(top, CardState) and top.card.title == title:
            return top
        if isinstance(top, CardState):
            click(app, top.buttons.get("button.continue") or top.buttons["button.no_decision"])
            continue
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_n, mod=0, unicode="n", scancode=0))
        app.run_frames(2)
    raise AssertionError(f"{title} did not come up; top is {app.top}")


def player_actions(source, role):
    return [e["action"] for e in source.events if e["kind"] == "action" and e["source"] == f"player:{role}"]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.parent.name)
def test_every_role_gets_the_buttons_its_rights_allow(opened, path):
    app = opened(path)
    pass_cards(app)
    ex = app.play.source.exercise
    for role in ex.spec.roles:
        pick_role(app, role.id)
        assert panel(app) == [o.kind for o in roles.offers(ex, role.id)], role.id
        assert panel(app)  # no role is left with an empty card


def test_the_coastal_roads_crew_closes_and_reopens_a_road(opened):
    app = opened(COASTAL)
    pass_cards(app)
    pick_role(app, "roads")
    assert panel(app) == ["close_road", "reopen_road"]
    form = open_form(app, "close_road")
    edges = form.fields[0]
    assert len(edges.choices) == 46 and "R21" in [v for _, v in edges.choices]
    form.choose("edge", "R21")
    click(app, form.buttons["button.confirm"])
    assert player_actions(app.play.source, "roads") == [{"action": "close_road", "edge": "R21"}]
    assert "R21" in app.play.snap.closed_roads
    form = open_form(app, "reopen_road")  # the model now has a road the crew closed: only that one
    assert [v for _, v in form.fields[0].choices] == ["R21"]
    click(app, form.buttons["button.confirm"])
    assert player_actions(app.play.source, "roads")[-1] == {"action": "reopen_road", "edge": "R21"}
    click(app, app.play.button("action.reopen_road"))  # nothing left to reopen: said, no empty form
    assert app.top is app.play and "nothing to choose from now" in app.play.toasts[-1][1]


def test_the_coastal_logistics_officer_sends_bedding_and_medical_kits_for_the_plans_24_h(opened):
    app = opened(COASTAL)
    pass_cards(app)
    commander = panel(app)
    assert "request_reserve" not in commander  # the coastal street has no district depot
    pick_role(app, "logistics")
    assert panel(app) == ["dispatch"]
    form = open_form(app, "dispatch")
    fields = {f.key: f for f in form.fields}
    items = [v for _, v in fields["items"].choices]
    assert "bedding" in items and "medical" in items
    assert form.values()["cover"] == "24"  # the plan's cover_target, not 12 h
    assert fields["cover"].label_of("24") == "24 h"
    form.choose("shelter", "S03")
    form.choose("items", "bedding")
    click(app, form.buttons["button.confirm"])
    sent, = player_actions(app.play.source, "logistics")
    assert sent["shelter"] == "S03" and list(sent["items"]) == ["bedding"] and sent["items"]["bedding"] > 0


def test_a_free_runs_dispatch_defaults_to_the_plans_24_h(make_app):
    app = make_app(VILLAGE, lang="en")
    assert "reopen_road" in panel(app) and "request_reserve" not in panel(app)
    form = open_form(app, "dispatch")
    assert form.values()["cover"] == "24"
    click(app, form.buttons["button.confirm"])
    sent = [e["action"] for e in app.play.source.events if e["kind"] == "action" and e["source"] == "player"]
    hours = app.play.source.scenario.plan.resupply.cover_target
    assert hours == 24 and sent[0]["action"] == "dispatch"


def test_assigning_several_shelters_keeps_the_order_they_were_clicked(make_app):
    app = make_app(VILLAGE, lang="en")
    form = open_form(app, "assign_shelter")
    assert form.values() == {"zone": "Z1", "shelters": ["S1"]}
    pick(app, form.item("shelters", "S2"))
    pick(app, form.item("shelters", "S1"))  # unpicked
    pick(app, form.item("shelters", "S1"))  # picked again: now second
    assert form.values()["shelters"] == ["S2", "S1"]
    click(app, form.buttons["button.confirm"])
    sent = [e["action"] for e in app.play.source.events if e["kind"] == "action" and e["source"] == "player"]
    assert sent == [{"action": "assign_shelter", "zone": "Z1", "shelters": ["S2", "S1"]}]


def test_the_coastal_d1_takes_three_shelters_at_once(opened):
    app = opened(COASTAL, lang="zh")
    card = next_card(app, "D1")
    assert card.multi and card.options is not None  # a list to pick from, not one button per option
    shelters = [key for key, action in zip((k for k, _ in card.card.options), card.card.actions)
                if action["action"] == "open_shelter"]
    assert len(shelters) >= 3  # options_from: one per shelter still closed
    chosen = shelters[2], shelters[0], shelters[1]
    for key in chosen:
        pick(app, card.option(key))
    assert card.picked == list(chosen)
    click(app, card.buttons["button.decide"])
    assert app.top is app.play
    opened_now = [a["shelter"] for a in player_actions(app.play.source, "commander")]
    assert opened_now == [card.card.actions[int(k)]["shelter"] for k in chosen]
    states = {s.id: s.state for s in app.play.snap.shelters}
    assert all(states[s] in ("opening", "open") for s in opened_now)
    assert app.play.source.runner.pending_decision is None
    assert app.play.toasts[-1][1] == "D1：3项中已执行3项"


def test_a_refused_option_is_said_in_chinese(opened):
    app = opened(TUTORIAL, lang="zh")
    pick_role(app, "grid_worker")  # may warn and order evacuations, not raise the response
    card = next_card(app, "D1")
    for key, label in card.card.options:
        pick(app, card.option(key))
    click(app, card.buttons["button.decide"])
    texts = [text for _, text, _ in app.play.toasts]
    refused = [text for text in texts if "未执行" in text]
    assert "D1 · 启动Ⅲ级响应：未执行——网格员（防汛责任人）无权执行此动作；可执行：发布预警、组织转移" in refused, texts
    assert all(text.endswith("无权执行此动作；可执行：发布预警、组织转移") for text in refused), texts
    n = len(card.card.options)
    assert texts[-1] == f"D1：{n}项中已执行{n - len(refused)}项"


def test_an_engine_refusal_is_said_in_chinese(make_app):
    app = make_app(VILLAGE, lang="zh")
    for _ in range(2):
        form = open_form(app, "order_evacuation")
        form.choose("zone", "Z1")
        click(app, form.buttons["button.confirm"])
    assert app.play.toasts[-1][1] == "组织转移：河畔组：未执行——河畔组（Z1）全体人员已全部在转移中"


def test_a_decide_with_nothing_picked_keeps_the_card_open(opened):
    app = opened(TUTORIAL, lang="en")
    card = next_card(app, "D1")
    click(app, card.buttons["button.decide"])
    assert app.top is card and "Choose an option first" in app.play.toasts[-1][1]
    click(app, card.buttons["button.no_decision"])
    assert app.top is app.play and app.play.source.runner.pending_decision is None


def test_the_console_says_partly_done(opened):
    """An expected action done in part, its deadline passed: the console says so in words."""
    app = opened(TUTORIAL, lang="zh")
    source = app.play.source
    source.facilitate({"act": "release", "inject": "I13"})  # water at S1 runs low: logistics must send 3,000 L
    app.run_frames(2)
    while isinstance(app.top, CardState):
        click(app, app.top.buttons.get("button.continue") or app.top.buttons["button.no_decision"])
    app.play.clock.playing = False
    source.apply({"action": "dispatch", "depot": "D1", "shelter": "S1", "items": {"water_l": 100}})
    source.advance(source.now + 1.5)  # past the hour it was due within
    while source.pending is not None:
        source.resolve(source.pending, None)
    app.play.refresh()
    click(app, app.play.button("console"))
    console = app.top
    assert isinstance(console, ConsoleState)
    console.choose("inject", "I13")
    lines = console.notes_lines()
    assert any(line.endswith("部分完成") for line in lines), lines


def add_stop_ferries(monkeypatch, name):
    """training.roles gains an action, stop_ferries (one zone), named *name*: for this test only."""
    forms = dict(roles.FORMS)
    forms["stop_ferries"] = (lambda s, r: [roles._f("zone", [roles._c(z.id, roles.named(z)) for z in s.zones])],
                             lambda v, s, r: {"action": "stop_ferries", "zone": v["zone"]})
    monkeypatch.setattr(roles, "FORMS", forms)
    monkeypatch.setitem(roles.KIND_NAMES, "stop_ferries", name)


def test_an_action_training_roles_adds_gets_a_button_and_a_form_with_no_code_in_viz(make_app, monkeypatch):
    """An action training.roles gains (as h-transfer's forced_transfer, prevent_return did) shows
    on the panel named as roles names it, and its form is the Offer's fields."""
    add_stop_ferries(monkeypatch, "Stop the ferries")
    app = make_app(VILLAGE, lang="en")
    assert panel(app)[-1] == "stop_ferries"
    assert app.play.buttons["action.stop_ferries"].text == "Stop the ferries"
    form = open_form(app, "stop_ferries")
    assert form.window.window_display_title == "Stop the ferries"
    assert [v for _, v in form.fields[0].choices] == ["Z1", "Z2", "Z3"]
    assert app.play.source.build("stop_ferries", form.values()) == {"action": "stop_ferries", "zone": "Z1"}
    click(app, form.buttons["button.cancel"])
    assert app.play.buttons["action.stop_ferries"].tool_tip_text is None


def test_a_long_action_name_is_cut_on_its_button_and_whole_in_its_tooltip(make_app, monkeypatch):
    add_stop_ferries(monkeypatch, "Keep the evacuated residents from going back home")
    app = make_app(VILLAGE, lang="en")
    button = app.play.buttons["action.stop_ferries"]
    assert button.text.startswith("Keep the") and button.text.endswith("…")
    assert button.tool_tip_text == "Keep the evacuated residents from going back home"
    font = app.gui_font("button")
    assert all(font.size(b.text)[0] <= b.relative_rect.width for n, b in app.play.buttons.items() if n.startswith("action."))


@pytest.mark.skipif("forced_transfer" not in roles.FORMS, reason="h-transfer's transfer forms (issue 23) not merged yet")
def test_the_transfer_measures_are_roles_forms_offered_once_an_order_is_out(make_app):
    """Forced transfer (强制转移), 防回流 and lifting the order are training.roles' forms: before
    any order there is no zone to take them for, after one the zone ordered out is offered."""
    app = make_app(VILLAGE, lang="en")
    play = app.play
    assert {"forced_transfer", "prevent_return", "lift_transfer"} <= set(panel(app))
    click(app, play.button("action.forced_transfer"))
    assert app.top is play and "nothing to choose from now" in play.toasts[-1][1]
    form = open_form(app, "order_evacuation")
    form.choose("zone", "Z2")
    click(app, form.buttons["button.confirm"])
    app.run_frames(30, 0.1)  # the order reaches the zone
    form = open_form(app, "prevent_return")
    assert [v for _, v in form.fields[0].choices] == ["Z2"]
    click(app, form.buttons["button.confirm"])
    mine = [e["action"] for e in play.source.events if e["kind"] == "action" and e["source"] == "player"]
    assert mine[-1] == {"action": "prevent_return", "zone": "Z2"}
    assert play.button("action.prevent_return").text == "No return"


def test_choices_that_share_a_label_are_told_apart_in_the_language_shown():
    """Two shelters of the same name in a list: told apart by their ids, in full-width brackets in
    Chinese (viz.forms.distinct)."""
    from messages import texts
    from viz.forms import distinct

    choices = [("村小学", "S1"), ("村小学", "S2"), ("镇安置点", "S3")]
    assert distinct(choices, texts("zh")) == [("村小学（S1）", "S1"), ("村小学（S2）", "S2"), ("镇安置点", "S3")]
    assert distinct([("School", "S1"), ("School", "S2")], texts("en")) == [("School (S1)", "S1"), ("School (S2)", "S2")]
