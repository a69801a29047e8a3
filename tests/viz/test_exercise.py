"""The viewer driving an exercise through training's runner: cards, decisions, the score card."""
import shutil

import pygame
import pytest

from stormdrill.cli import main
from viz_helpers import ROOT, VILLAGE, click

pytest.importorskip("training.runner")

from viz.exercise import ExerciseRun, is_exercise, open_exercise  # noqa: E402
from viz.states import ActionFormState, CardState, DebriefState  # noqa: E402

EXERCISE = """\
name: Tutorial village drill
name_zh: 教学村桌面推演
scenario: scenario.yaml
roles:
  - {id: commander, name: Village commander, name_zh: 村指挥长}
injects:
  - id: I1
    when: {at: 2h}
    from: Grid worker
    message: {en: "A tree has fallen across the back lane.", zh: "后巷有树倒伏，道路阻断。"}
    effect:
      - {action: close_road, edge: R6}
decisions:
  - id: D1
    when: {at: 3h}
    prompt: {en: "Open the village school now?", zh: "是否立即开放村小学避灾点？"}
    options:
      - label: {en: "Open the village school", zh: "开放村小学"}
        do: {action: open_shelter, shelter: S1}
"""


@pytest.fixture
def exercise_file(tmp_path):
    for name in ("scenario.yaml", "plan.yaml"):
        shutil.copy(VILLAGE.parent / name, tmp_path / name)
    path = tmp_path / "exercise.yaml"
    path.write_text(EXERCISE, encoding="utf-8")
    return path


@pytest.fixture
def exercise_app(exercise_file, tmp_path):
    from viz.app import App, ViewerOptions

    app = App(open_exercise(exercise_file), ViewerOptions(lang="en", briefing=False, report_dir=str(tmp_path)))
    yield app
    app.close()


def frames_until(app, kind, limit=3000):
    for _ in range(limit):
        if isinstance(app.top, kind):
            return app.top
        app.frame(1 / 60)
    raise AssertionError(f"no {kind.__name__} within {limit} frames; top is {app.top}")


def test_files_are_told_apart(exercise_file):
    assert is_exercise(exercise_file)
    assert not is_exercise(exercise_file.parent / "scenario.yaml")


def test_inject_card_decision_and_score_card(exercise_app, tmp_path):
    app, play = exercise_app, exercise_app.play
    card = frames_until(app, CardState)
    assert card.card.title == "I1" and "tree has fallen" in card.card.text
    assert play.clock.shown_h == pytest.approx(2.0, abs=1e-6)  # the clock stopped at the inject
    assert any(e["kind"] == "road_closed" and e["road"] == "R6" for e in play.source.events)  # its effect
    app.run_frames(20)
    assert play.clock.shown_h == pytest.approx(2.0, abs=1e-6)  # and waits while the card is open
    click(app, card.buttons["button.continue"])
    assert app.top is play and any("I1" in line for _, line, _ in play.feed.lines)

    decision = frames_until(app, CardState)
    assert decision.decision and decision.card.title == "D1"
    assert play.clock.shown_h == pytest.approx(3.0, abs=1e-6)
    click(app, decision.buttons["option.0"])
    taken = [e for e in play.source.events if e["kind"] == "action" and e["source"] == "player:commander"]
    assert [e["action"] for e in taken] == [{"action": "open_shelter", "shelter": "S1"}]
    assert play.source.runner.decisions["D1"][1] == pytest.approx(3.0, abs=1e-6)  # closed
    app.run_frames(10)
    assert play.clock.shown_h > 3.0  # the clock runs again

    play.source.advance(play.source.horizon)
    debrief = frames_until(app, DebriefState)
    lines = debrief.lines()
    assert lines[0].startswith("10-hour relief target")
    assert any(line.startswith("Score: ") for line in lines)
    assert 0 <= debrief.card.score <= 100
    click(app, debrief.buttons["button.report"])
    assert debrief.report.name == "aar-session1-en.html" and debrief.report.exists()
    assert debrief.report.with_suffix(".md").exists()
    click(app, debrief.buttons["button.report"])  # a second report does not overwrite the first
    assert debrief.report.name == "aar-session1-en-2.html"


def test_players_act_while_a_decision_is_open(exercise_app):
    app, play = exercise_app, exercise_app.play
    click(app, frames_until(app, CardState).buttons["button.continue"])
    decision = frames_until(app, CardState)
    click(app, play.button("action.warn"))
    assert isinstance(app.top, ActionFormState)
    click(app, app.top.buttons["button.confirm"])
    assert app.top is decision  # back to the decision, which is still open
    warned = [e for e in play.source.events if e["kind"] == "action" and e["action"]["action"] == "warn"
              and e["source"] == "player:commander"]
    assert len(warned) == 1
    click(app, decision.buttons["button.continue"])
    assert app.top is play and play.source.runner.pending_decision is None


def test_next_event_goes_to_the_next_inject(exercise_app):
    app, play = exercise_app, exercise_app.play
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_n, mod=0, unicode="n", scancode=0))
    app.run_frames(2)
    assert isinstance(app.top, CardState) and app.top.card.title == "I1"


def test_screenshot_of_an_exercise_passes_the_cards(exercise_file, tmp_path):
    out = tmp_path / "ex.png"
    assert main(["play", str(exercise_file), "--lang", "zh", "--screenshot", str(out), "--at", "4h"]) == 0
    assert pygame.image.load(str(out)).get_size() == (1280, 800)


def test_a_broken_exercise_is_reported_with_its_place(exercise_file, capsys):
    exercise_file.write_text(EXERCISE.replace("edge: R6", "edge: R99"), encoding="utf-8")
    assert main(["play", str(exercise_file)]) == 2
    err = capsys.readouterr().err
    assert "exercise.yaml:" in err and "R99" in err


def test_exercise_run_uses_the_runner(exercise_file):
    run = open_exercise(exercise_file)
    assert isinstance(run, ExerciseRun) and run.runner.engine.mode == "exercise"


SHIPPED = sorted(ROOT.glob("scenarios/*/exercise.yaml"))


@pytest.mark.parametrize("path", SHIPPED, ids=[p.parent.name for p in SHIPPED])
def test_shipped_exercises_stop_at_their_first_card_and_go_on(path):
    from viz.app import App, ViewerOptions

    app = App(open_exercise(path), ViewerOptions(lang="zh", briefing=False))
    try:
        app.play.clock.speed = 7200
        card = frames_until(app, CardState)
        stopped = app.play.clock.shown_h
        first = min([i for i in app.play.source.runner.deliveries] or [None], key=lambda d: d.t if d else 0)
        assert first is None or stopped == pytest.approx(first.t, abs=1e-3)
        button = card.buttons.get("button.continue")
        click(app, button)
        app.run_frames(5)
        assert app.play.clock.shown_h > stopped or isinstance(app.top, CardState)
    finally:
        app.close()


def test_a_session_is_recorded_and_resumes(exercise_file, session_db):
    from training.store import SessionStore

    from viz.app import App, ViewerOptions

    app = App(open_exercise(exercise_file), ViewerOptions(lang="en", briefing=False))
    click(app, frames_until(app, CardState).buttons["button.continue"])
    click(app, app.play.button("action.warn"))
    click(app, app.top.buttons["button.confirm"])
    warned_at = app.play.source.now
    app.run_frames(10)
    app.close()  # the room's laptop crashes here

    store = SessionStore(session_db)
    (sid, *_), = store.sessions()
    logged = store.actions(sid)
    assert [a.action["action"] for a in logged] == ["warn"] and logged[0].t <= warned_at
    resumed = open_exercise(exercise_file, session=str(sid))
    assert resumed.runner.now >= warned_at
    replayed = [e for e in resumed.events if e["kind"] == "action" and e["source"] == "player:commander"]
    assert [e["action"]["action"] for e in replayed] == ["warn"]
    assert replayed[0]["t"] == pytest.approx(logged[0].t)


def test_the_facilitator_sees_what_is_expected_and_what_comes(exercise_file):
    text = exercise_file.read_text(encoding="utf-8").replace(
        "      - {action: close_road, edge: R6}\n",
        "      - {action: close_road, edge: R6}\n    expect:\n      - {do: {action: open_shelter, shelter: S1}, within: 2h}\n")
    exercise_file.write_text(text, encoding="utf-8")
    run = open_exercise(exercise_file)
    from messages import texts

    run.lang, run.t = "en", texts("en")
    lines = run.upcoming()
    assert lines[0].startswith("I1 · at T+2 h") and lines[1].startswith("D1 · at T+3 h")
    run.advance(2.5)
    lines = run.upcoming()
    assert lines[0] == "I1: expected Open shelter: Village school by T+4:00"
    assert [line.split(" · ")[0] for line in lines[1:]] == ["D1"]
