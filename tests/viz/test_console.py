"""The facilitator's console, the role picker and the scrolling MSEL panel, headless."""
import pygame
import pytest

from viz_helpers import TUTORIAL_EXERCISE as TUTORIAL, click, pick_role

pytest.importorskip("training.runner")

from viz.console import ConsoleState, effect_choices, parse_time, select  # noqa: E402
from viz.exercise import open_exercise  # noqa: E402
from viz.states import ActionFormState, CardState  # noqa: E402


def pass_cards(app):
    """Read the cards that came up, then hold the display clock so that no new one comes."""
    app.run_frames(2)
    while isinstance(app.top, CardState):
        click(app, app.top.buttons["button.continue"])
    app.play.clock.playing = False


def act(app, kind):
    click(app, app.play.button(f"action.{kind}"))
    assert isinstance(app.top, ActionFormState)
    click(app, app.top.buttons["button.confirm"])


def test_the_role_picker_credits_actions_and_is_remembered_per_seat(opened, session_db):
    from training.store import SessionStore

    app = opened(seat="laptop-1")
    pass_cards(app)
    assert app.play.picker.selected_option[1] == "commander"
    pick_role(app, "shelter_manager")
    act(app, "open_shelter")
    pick_role(app, "logistics")  # the panel becomes the logistics officer's: supplies, nothing else
    assert sorted(n for n in app.play.buttons if n.startswith("action.")) == ["action.dispatch"]
    act(app, "dispatch")
    store = SessionStore(session_db)
    (sid, *_), = store.sessions()
    assert [(a.role, a.action["action"], a.accepted) for a in store.actions(sid)] == [
        ("shelter_manager", "open_shelter", True), ("logistics", "dispatch", True)]
    assert store.seat_role(sid, "laptop-1") == "logistics"
    app.close()

    again = opened(seat="laptop-1", session=str(sid))  # the seat comes back: its role is still chosen
    assert again.play.source.acting_role == "logistics"
    assert again.play.picker.selected_option[1] == "logistics"
    other = open_exercise(TUTORIAL, session=str(sid))
    other.sit_at("laptop-2")
    assert other.acting_role == "commander"  # another seat starts from the first role


def test_the_console_releases_skips_retimes_and_adds_injects(opened, session_db):
    from training.store import SessionStore

    app = opened()
    pass_cards(app)
    click(app, app.play.button("console"))
    console = app.top
    assert isinstance(console, ConsoleState)
    console.choose("inject", "I6")
    assert any("Door-to-door persuasion" in line for line in console.notes_lines())  # the controller notes
    assert any(line.startswith("Expects ") for line in console.notes_lines())
    click(app, console.buttons["console.skip"])
    console.choose("inject", "I10")
    console.entries["retime"].set_text("T+5:30")
    click(app, console.buttons["console.retime_button"])
    console.choose("inject", "I12")
    click(app, console.buttons["console.release"])
    console.entries["message"].set_text("The bridge at R3 has cracked")
    select(console.menus["to"], "logistics")
    effect = next(str(i) for i, (_, a) in enumerate(console.effects) if a and a.get("edge") == "R3")
    select(console.menus["effect"], effect)
    click(app, console.buttons["console.add"])
    click(app, console.buttons["console.close"])
    source = app.play.source
    store = SessionStore(session_db)
    (sid, *_), = store.sessions()
    acts = store.acts(sid)
    assert [(a.act["act"], a.accepted) for a in acts] == [("skip", True), ("retime", True), ("release", True),
                                                          ("add_inject", True)]
    assert acts[1].act["at"] == 5.5
    assert acts[3].act["to"] == ["logistics"] and acts[3].act["effect"] == [{"action": "close_road", "edge": "R3"}]
    assert "R3" in source.snapshot().closed_roads
    cards = [c.title for c in source.cards]
    assert cards[:2] == ["I12", "F1"]  # what the console delivered comes as cards
    app.run_frames(2)
    assert isinstance(app.top, CardState) and app.top.card.title == "I12"
    pass_cards(app)
    # reading a card is the acting role's acknowledgement of an inject sent to it (the commander:
    # I12 goes to everyone, F1 only to logistics)
    assert [(a.inject, a.role) for a in store.acks(sid)][-1] == ("I12", "commander")
    assert ("F1", "commander") not in {(a.inject, a.role) for a in store.acks(sid)}
    states = {m.id: m.state for m in source.msel()}
    assert states["I6"] == "skipped" and states["I12"] == "released" and states["I10"] == "coming"


def test_a_refused_act_says_why(opened):
    app = opened()
    pass_cards(app)
    click(app, app.play.button("console"))
    console = app.top
    console.choose("inject", "I1")  # delivered at the start
    click(app, console.buttons["console.release"])
    assert any("already delivered" in text for _, text, _ in app.play.toasts)
    console.entries["retime"].set_text("soon")
    click(app, console.buttons["console.retime_button"])
    assert any("14h30min" in text for _, text, _ in app.play.toasts)
    click(app, console.buttons["console.add"])  # no message
    assert any("message" in text for _, text, _ in app.play.toasts)


def test_pause_is_the_facilitators_act_and_holds_the_clock(opened, session_db):
    from training.store import SessionStore

    app = opened()
    pass_cards(app)
    app.play.clock.playing = True
    click(app, app.play.button("pause"))
    stopped = app.play.source.now
    assert app.play.source.paused
    app.play.clock.playing = True  # even a running display clock cannot move a paused exercise
    app.run_frames(30)
    assert app.play.source.now == stopped
    click(app, app.play.button("pause"))
    click(app, app.play.button("pause"))
    store = SessionStore(session_db)
    (sid, *_), = store.sessions()
    assert [a.act["act"] for a in store.acts(sid)][:2] == ["pause", "resume"]


def test_the_msel_panel_scrolls_to_every_rule_and_inject(opened):
    app = opened()
    pass_cards(app)
    panels, layout = app.play.panels, app.play.layout
    lines = panels.plan_lines()
    ids = {row[0].split(" ")[0] for row in lines if not row[3]}
    assert {"P1", "P5", "I14", "D2"} <= ids  # every rule and every MSEL item is listed
    app.run_frames(2)
    before = pygame.surfarray.array3d(app.window)[layout.plan.left:layout.plan.right, layout.plan.top:layout.plan.bottom].copy()
    pygame.mouse.set_pos(layout.plan.center)
    for _ in range(40):
        pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False))
    app.run_frames(3)
    rows = (layout.plan.height - app.text.line_height("font_body")) // app.text.line_height("font_small") - 1
    assert panels.plan_scroll > 0 and panels.plan_scroll + rows >= len(lines)  # the last line is reachable
    after = pygame.surfarray.array3d(app.window)[layout.plan.left:layout.plan.right, layout.plan.top:layout.plan.bottom]
    assert (before != after).any()


def test_players_see_no_console_and_the_effects_come_from_the_scenario(opened):
    app = opened(role="player")
    assert "console" not in app.play.buttons and app.play.picker is not None
    scenario = app.play.source.scenario
    actions = [a for _, a in effect_choices(scenario, app.t) if a]
    assert {a["action"] for a in actions} >= {"close_road", "shelter_unusable", "lose_stock", "delay_trucks"}
    assert {a["edge"] for a in actions if a["action"] == "close_road"} == {e.id for e in scenario.edges}
    assert parse_time("T+14:30") == 14.5 and parse_time("2h") == 2.0
    with pytest.raises(ValueError):
        parse_time("soon")


def test_the_console_says_a_refusal_and_its_roads_in_chinese(opened):
    from sim.bilingual import english_words

    app = opened(lang="zh")
    pass_cards(app)
    click(app, app.play.button("console"))
    console = app.top
    console.choose("inject", "I1")  # delivered at the start
    click(app, console.buttons["console.release"])
    refused = app.play.toasts[-1][1]
    assert refused.startswith("导调：未执行") and english_words(refused) == [], refused
    notes = next(line for line in console.notes_lines() if line.startswith("导调备注"))
    assert english_words(notes) == [], notes  # the exercise's notes_zh, not its English notes
    roads = [label for label, action in effect_choices(app.play.source.scenario, app.t)
             if action and action["action"] == "close_road"]
    assert roads and all(english_words(label.split("（")[0]) == [] for label in roads), roads
