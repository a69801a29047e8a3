"""The viewer on real scenarios, driven through the same events a mouse and keyboard make."""
import io

import numpy as np
import pygame
import pytest

from viz.clock import DisplayClock
from viz.play import PlayState
from viz.states import ActionFormState, BriefingState, DebriefState

from viz_helpers import SCENARIOS, VILLAGE, click

FRAME = 1 / 60


def distinct_colours(surface):
    pixels = pygame.surfarray.array3d(surface).reshape(-1, 3)
    return len(np.unique(pixels[:: max(1, len(pixels) // 50_000)], axis=0))


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.parent.name for p in SCENARIOS])
def test_starts_on_each_scenario_and_the_clock_drives_the_model(make_app, path):
    app = make_app(path, briefing=True)
    assert isinstance(app.top, BriefingState)
    click(app, app.top.buttons["button.start"])
    assert app.top is app.play
    play = app.play
    frames = 30
    app.run_frames(frames, FRAME)
    # the display clock moved by frames x frame time x speed, and the model and the picture are at that time
    expected = (frames + 1) * FRAME * play.clock.speed / 3600
    assert play.clock.shown_h == pytest.approx(expected, rel=0.05)
    assert play.source.now == pytest.approx(play.clock.shown_h)
    play.refresh()
    assert play.snap.t == pytest.approx(play.clock.shown_h)
    assert distinct_colours(app.window) > 20


def test_a_click_on_an_action_reaches_the_model(make_app):
    app = make_app(VILLAGE)
    play = app.play
    click(app, play.button("action.open_shelter"))
    form = app.top
    assert isinstance(form, ActionFormState)
    assert form.values() == {"shelter": "S1"}  # the first closed shelter
    click(app, form.buttons["button.confirm"])
    assert app.top is play
    accepted = [e for e in play.source.events if e["kind"] == "action" and e["source"] == "player"]
    assert [e["action"] for e in accepted] == [{"action": "open_shelter", "shelter": "S1"}]
    assert play.snap.shelters[0].state == "opening"
    assert play.toasts[-1][1] == "开放避灾点：村小学避灾点：已执行" and play.toasts[-1][2] == "text_good"


def test_a_refused_action_says_why(make_app):
    app = make_app(VILLAGE, lang="en")
    play = app.play
    for _ in range(2):  # the zone still has people at home, so the form offers it again
        click(app, play.button("action.order_evacuation"))
        app.top.choose("zone", "Z1")
        click(app, app.top.buttons["button.confirm"])
    refused = [e for e in play.source.events if e["kind"] == "action_rejected"]
    assert len(refused) == 1 and "already on the move" in refused[0]["reason"]
    assert play.toasts[-1][1] == ("Evacuate: Riverside: refused — everyone of Riverside (Z1) in that "
                                  "group (everyone) is already on the move")
    assert any("refused" in line for _, line, _ in play.feed.lines)


def test_cancel_leaves_the_model_alone(make_app):
    app = make_app(VILLAGE)
    play = app.play
    click(app, play.button("action.warn"))
    click(app, app.top.buttons["button.cancel"])
    assert app.top is play
    assert not [e for e in play.source.events if e.get("source") == "player"]


def test_forms_offer_the_scenarios_own_choices(make_app):
    app = make_app(VILLAGE)
    click(app, app.play.button("action.order_evacuation"))
    form = app.top
    zones = next(f for f in form.fields if f.key == "zone")
    assert [v for _, v in zones.choices] == ["Z1", "Z2", "Z3"]
    channels = next(f for f in form.fields if f.key == "channels")
    assert [v for _, v in channels.choices] == ["all", "broadcast", "sms", "door_to_door", "gong"]
    form.choose("zone", "Z2")
    form.choose("group", "assisted")
    click(app, form.buttons["button.confirm"])
    order = [e for e in app.play.source.events if e["kind"] == "evacuation_order"]
    assert order and order[0]["zone"] == "Z2" and order[0]["group"] == "assisted"


def test_pause_and_speed_buttons(make_app):
    app = make_app(VILLAGE)
    play = app.play
    app.run_frames(5, FRAME)
    click(app, play.button("pause"))
    stopped = play.clock.shown_h
    app.run_frames(20, FRAME)
    assert play.clock.shown_h == stopped and play.source.now == pytest.approx(stopped)
    speed = play.clock.speed
    click(app, play.button("faster"))
    assert play.clock.speed > speed
    click(app, play.button("pause"))
    app.run_frames(10, FRAME)
    assert play.clock.shown_h > stopped


def test_next_event_jumps_to_it(make_app):
    app = make_app(VILLAGE)
    play = app.play
    click(app, play.button("pause"))
    before = len(play.source.events)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_n, mod=0, unicode="n", scancode=0))
    app.run_frames(1)
    new = play.source.events[before:]
    assert any(e["kind"] in ("signal", "plan_rule", "callup") for e in new)
    assert play.clock.shown_h == pytest.approx(play.source.now)
    assert play.snap.t == pytest.approx(play.clock.shown_h)
    assert play.feed.lines  # the event is in the feed


def test_wheel_zooms_about_the_mouse(make_app):
    app = make_app(VILLAGE)
    proj = app.play.map.proj
    pos = (proj.rect.centerx + 100, proj.rect.centery - 50)
    before_k, before_km = proj.k, proj.km(*pos)
    pygame.mouse.set_pos(pos)
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=2, flipped=False, precise_x=0.0, precise_y=2.0))
    app.run_frames(1)
    assert pygame.mouse.get_pos() == pos
    assert proj.k == pytest.approx(before_k * 1.2 ** 2)
    assert proj.km(*pos) == pytest.approx(before_km)  # the place under the mouse stays under it


def test_dragging_pans_the_map(make_app):
    app = make_app(VILLAGE)
    proj = app.play.map.proj
    start = proj.rect.center
    before = proj.km(*start)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=start, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(start[0] + 120, start[1] + 40), rel=(120, 40),
                                         buttons=(1, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(start[0] + 120, start[1] + 40), button=1))
    app.run_frames(1)
    assert proj.km(start[0] + 120, start[1] + 40) == pytest.approx(before)  # the map moved with the mouse


def test_hover_shows_a_shelters_state(make_app):
    app = make_app(VILLAGE, lang="en")
    play = app.play
    x, y = play.map.proj.xy(1.9, 1.3)  # S1, the village school
    picked = play.map.pick((x, y))
    assert picked == ("shelter", 0)
    lines = play.map.hover_lines(play.snap, picked)
    assert lines[0].startswith("Village school") and "closed" in lines[0]
    assert any(line.startswith("water") for line in lines)


def test_the_end_shows_the_score_card_and_writes_a_report(make_app, tmp_path):
    app = make_app(VILLAGE, lang="en")
    play = app.play
    play.source.advance(play.source.horizon - 0.01)
    play.clock.show(play.source.now)
    app.run_frames(3, FRAME)
    debrief = app.top
    assert isinstance(debrief, DebriefState)
    met = play.source.engine.result().kpis["relief_target_met"]
    assert debrief.lines()[0] == ("10-hour relief target MET" if met else "10-hour relief target MISSED")
    lines = debrief.lines()
    reasons = play.source.engine.result().verdict.reasons  # the village's plan passes (issue 23): none
    assert all(f"· {r.text('en')}" in lines for r in reasons[:6])  # the verdict's reasons, if any
    assert "Left in danger: 0" in lines and "Transferred, of those due (at the onset): 100.00%" in lines
    click(app, debrief.buttons["button.report"])
    click(app, debrief.buttons["button.report"])
    reports = sorted(p.name for p in tmp_path.glob("report-*.md"))
    assert reports == ["report-tutorial_village-seed0-2.md", "report-tutorial_village-seed0.md"]
    assert "10-hour relief target" in (tmp_path / reports[1]).read_text(encoding="utf-8")
    click(app, debrief.buttons["button.quit"])
    assert not app.running


def test_a_missing_font_falls_back_to_english_and_says_so_once(make_app):
    err = io.StringIO()
    app = make_app(VILLAGE, lang="zh", font="/no/such/font.ttf", err=err)
    assert app.t.lang == "en" and app.font.lang == "en"
    assert err.getvalue().count("/no/such/font.ttf") == 1
    assert "fall back to English" in err.getvalue()
    app.run_frames(3)
    assert any("/no/such/font.ttf" in text for _, text, _ in app.play.toasts)  # also shown in the window
    assert app.play.button("action.warn").text == "Warn"


def test_a_font_without_chinese_glyphs_falls_back(make_app):
    from viz.fonts import bundled

    err = io.StringIO()
    app = make_app(VILLAGE, lang="zh", font=str(bundled("NotoSans-Regular.ttf")), err=err)
    assert app.t.lang == "en"
    assert "cannot draw the labels in this language" in err.getvalue()


def test_chinese_labels_use_the_bundled_cjk_font(make_app):
    app = make_app(VILLAGE, lang="zh")
    assert app.font.regular.endswith("NotoSansSC-Regular.otf") and not app.notice
    assert app.play.button("action.warn").text == "发布预警"
    font = app.text.font("font_body")
    box = pygame.image.tobytes(font.render("\ue000", False, (255, 255, 255), (0, 0, 0)), "RGB")
    assert pygame.image.tobytes(font.render("避", False, (255, 255, 255), (0, 0, 0)), "RGB") != box


def test_display_clock_never_passes_the_horizon():
    clock = DisplayClock(0.0, horizon_h=1.0, speed=3600)
    assert clock.target(0.5) == pytest.approx(0.1)  # a long frame counts as MAX_FRAME_S
    clock.show(0.99)
    assert clock.target(0.05) == 1.0
    clock.toggle()
    assert clock.target(0.05) == 0.99


def test_play_state_is_the_base_of_the_stack(make_app):
    app = make_app(VILLAGE, briefing=True)
    assert isinstance(app.stack[0], PlayState) and isinstance(app.top, BriefingState)
    t0 = app.play.clock.shown_h
    app.run_frames(10)
    assert app.play.clock.shown_h == t0  # the clock waits while the briefing is open


def test_stock_colours_follow_the_theme_thresholds():
    from sim.snapshot import Cover, ShelterView, StockLevel
    from viz.looks import stock_state

    def shelter(water_h, units=100.0, occupancy=50):
        return ShelterView("S", "open", True, True, 100, occupancy, 0, 0.0, (StockLevel("water_l", units),),
                           (Cover("water_l", water_h),))

    assert stock_state(shelter(20.0), 6, 12) == "stock_ok"
    assert stock_state(shelter(8.0), 6, 12) == "stock_low"
    assert stock_state(shelter(3.0), 6, 12) == "stock_out"
    assert stock_state(shelter(0.0, units=0.0), 6, 12) == "stock_out"
    assert stock_state(shelter(float("inf"), occupancy=0), 6, 12) is None


def test_only_the_facilitator_sees_the_plan(make_app):
    pictures, layouts = {}, {}
    for role in ("facilitator", "player"):  # one window at a time: pygame has one display
        app = make_app(VILLAGE, role=role, lang="en")
        app.run_frames(2)
        layouts[role] = app.play.layout
        pictures[role] = pygame.surfarray.array3d(app.window).copy()
    assert layouts["facilitator"].plan.height > 0 and layouts["player"].plan.height == 0
    assert layouts["player"].shelters.height > layouts["facilitator"].shelters.height
    plan = layouts["facilitator"].plan
    inside = (slice(plan.left, plan.right), slice(plan.top, plan.bottom))
    assert (pictures["facilitator"][inside] != pictures["player"][inside]).any()


def test_a_resized_window_is_laid_out_again(make_app):
    app = make_app(VILLAGE, lang="en", briefing=True)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(1600, 1000), w=1600, h=1000))
    app.run_frames(2)
    assert app.window.get_size() == (1600, 1000)
    play = app.play
    assert play.layout.map.width + play.layout.panel.width == 1600
    assert play.button("next").rect.right > 1500  # the clock buttons moved to the new right edge
    assert abs(app.top.window.rect.centerx - 800) <= 8  # the briefing is in the middle again (give or take its shadow)
    click(app, app.top.buttons["button.start"])
    click(app, play.button("action.open_shelter"))
    click(app, app.top.buttons["button.confirm"])
    assert [e["action"]["action"] for e in play.source.events if e.get("source") == "player"] == ["open_shelter"]


def test_a_shelter_put_out_of_use_is_not_called_flooded(make_app):
    """The model makes a shelter unusable by flood depth or by a setback (an inject, the
    facilitator): the list, the map's tooltip and the feed say which, in either language."""
    from viz.looks import shelter_label
    from viz.words import SHELTER_STATES, word

    app = make_app(VILLAGE, lang="en")
    play = app.play
    assert play.source.apply({"action": "shelter_unusable", "shelter": "S2"}).accepted
    play.refresh()
    s2 = next(s for s in play.snap.shelters if s.id == "S2")
    assert not s2.usable
    assert shelter_label(s2, play.panels.out_of_use) == shelter_label(s2, play.map.out_of_use) == "out_of_use"
    assert shelter_label(s2) == "flooded"  # what the viewer said before it knew the cause
    name = play.t.name(play.source.scenario.shelter["S2"])
    assert any(line == f"{name} out of use" for _, line, _ in play.feed.lines), play.feed.lines
    assert word(app.t, SHELTER_STATES, "out_of_use") == "out of use"
    app.run_frames(2)  # the list draws it


def test_the_status_shows_the_transfer_as_offices_count_it(make_app, tmp_path):
    """Issue 23: the people due to move (应转移) and those transferred so far (已转移), with forced
    transfers and returns home, on the status panel while the run plays, from the snapshot."""
    app = make_app(VILLAGE, lang="en")
    onset = app.play.snap.onset_h
    app.text.recording = drawn = set()
    app.screenshot(tmp_path / "before.png", onset * 0.2)
    early = app.play.snap
    app.screenshot(tmp_path / "onset.png", onset + 0.5)
    app.text.recording = None
    snap = app.play.snap
    assert snap.transfer_due > 0 and early.transferred < snap.transferred <= snap.transfer_due
    assert f"Transferred {snap.transferred:,} / {snap.transfer_due:,}" in drawn, sorted(d for d in drawn if "rans" in d or "orced" in d or "back" in d)
    assert f"Forced {snap.forced:,} · went back {snap.returned:,}" in drawn
