"""The projector viewer in the host's process (``stormdrill host --projector``): a real host
exercise table (host.ExerciseTable) served by uvicorn on 127.0.0.1 from a thread, real WebSocket seats and facilitator,
and the real pygame viewer (headless) drawing the same runner, read-only, on the host's clock.

The screenshot goes to a temporary folder; STORMDRILL_SHOTS=docs/screenshots refreshes the
one in docs/host.md.
"""
import json
import signal
import os
import tempfile
import threading
from pathlib import Path
from types import SimpleNamespace

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"

import pygame  # noqa: E402
import pytest  # noqa: E402

from host import ExerciseTable  # noqa: E402
from host.serve import Background  # noqa: E402
from host_helpers import TUTORIAL, advance_to, facilitator, free_port, seat  # noqa: E402
from training import load_exercise  # noqa: E402
from training.store import SessionStore  # noqa: E402
from viz.app import App, ViewerOptions  # noqa: E402
from viz.hosted import READ_ONLY, HostedRun  # noqa: E402
from viz.states import DebriefState  # noqa: E402

SHOTS = Path(os.environ.get("STORMDRILL_SHOTS") or Path(tempfile.gettempdir()) / "stormdrill-shots")


@pytest.fixture
def hosted(tmp_path):
    """(table, host, viewer): the host serving in a thread, the viewer on this (main) thread."""
    store = SessionStore(tmp_path / "sessions.db", shared=True)
    table = ExerciseTable.start(store, load_exercise(TUTORIAL))
    port, info = free_port(), tmp_path / "info.json"
    with Background(table, port=port, info_file=info, out=lambda *_: None):
        host = SimpleNamespace(port=port, info=json.loads(info.read_text()))  # what host_helpers' clients need
        viewer = App(HostedRun(table, lang="zh"),
                     ViewerOptions(lang="zh", role="player", briefing=False, report_dir=str(tmp_path)))
        try:
            yield table, host, viewer
        finally:
            viewer.close()
    store.db.close()


def feed_text(viewer):
    return [text for _, text, _ in viewer.play.feed.lines]


def test_the_viewer_shows_what_a_seat_did_at_the_time_the_facilitator_moved_the_clock_to(hosted):
    table, host, viewer = hosted
    play = viewer.play
    viewer.run_frames(3)
    assert play.clock.shown_h == play.snap.t == table.runner.now == 0.0
    fac = facilitator(host)
    chen = seat(host, "shelter_manager", "陈静")
    advance_to(fac, lambda st: st["t"] > 0)  # the facilitator moves the clock on: the yellow signal, I2
    viewer.run_frames(2)
    with table.lock:
        now = table.runner.now
    assert now > 0
    assert play.clock.shown_h == play.snap.t == now  # the viewer follows the host's clock
    shown = feed_text(viewer)
    assert [text[:6] for text in shown if text.startswith("注入 ")] == ["注入 I1：", "注入 I2："]  # as delivered

    before = {s.id: s.state for s in play.snap.shelters}
    assert before["S1"] == "closed"
    reply = chen.request({"type": "action", "id": "chen-1", "form": "open_shelter", "values": {"shelter": "S1"}})
    assert reply["ok"], reply
    viewer.run_frames(2)
    assert {s.id: s.state for s in play.snap.shelters}["S1"] in ("opening", "open")  # the seat's action, drawn
    assert play.snap.t == now  # a seat's action does not move the clock
    lines = feed_text(viewer)
    assert any(text.startswith("陈静（避灾点管理员）：") for text in lines), lines[-5:]  # who did it
    assert any(e.get("kind") == "action" and e.get("source") == "player:shelter_manager"
               for e in viewer.source.events)

    zhang = seat(host, "grid_worker", "张敏")  # a second seat warns and orders the evacuation
    sends = [("warn", {"zones": "all", "channels": "all"})]
    sends += [("order_evacuation", {"zone": z, "group": "all", "channels": "all"}) for z in ("Z1", "Z2", "Z3")]
    for n, (form, values) in enumerate(sends):
        reply = zhang.request({"type": "action", "id": f"zhang-{n}", "form": form, "values": values})
        assert reply["ok"], reply
    viewer.run_frames(5, dt=1.0)  # the notices over the map fade; the host's clock does not move
    assert play.snap.t == table.runner.now == now
    advance_to(fac, lambda st: st["decision"] is not None)  # on to the orange signal: I3, decision point D1
    viewer.run_frames(2)
    assert play.snap.t == table.runner.now > now
    assert any(text.startswith("注入 I3：") for text in feed_text(viewer))
    assert viewer.source.banner().startswith("决策点 D1：")
    assert viewer.source.join_lines(viewer.t) == [f"加入：房间码 {host.info['room']} · {host.info['url']}"]
    shelter = next(s for s in play.snap.shelters if s.id == "S1")
    assert shelter.state == "open"
    pygame.image.save(viewer.window, str(_shot("host-projector-viewer-zh.png")))
    chen.close()
    zhang.close()
    fac.close()


def test_the_viewers_own_clock_controls_and_actions_do_nothing(hosted):
    table, host, viewer = hosted
    play = viewer.play
    viewer.run_frames(2)
    # no play / speed / next-event buttons, no action buttons: the panel says why
    assert not any(name in play.buttons for name in ("pause", "slower", "faster", "next"))
    assert not any(name.startswith("action.") for name in play.buttons)
    # the keys that would play, speed up or jump do not move the host's clock; they say who does
    for key in (pygame.K_SPACE, pygame.K_n, pygame.K_PLUS, pygame.K_EQUALS):
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
    viewer.run_frames(30, dt=0.1)  # three seconds at the viewer's fastest speed would be hours
    play.jump()
    play.toggle()
    viewer.run_frames(5, dt=0.1)
    assert table.runner.now == play.clock.shown_h == 0.0
    assert any("导调员" in text for _, text, _ in play.toasts)
    # an action from the projector is refused, and nothing reaches the runner
    outcome = play.apply({"action": "open_shelter", "shelter": "S1"})
    assert outcome.accepted is False and outcome.reason == READ_ONLY
    assert table.runner.actions == []
    assert {s.id: s.state for s in table.runner.snapshot().shelters}["S1"] == "closed"


def test_a_seats_action_waits_while_the_viewer_holds_the_lock(hosted):
    """The viewer's looks and a seat's action never interleave: while the table's lock is
    held (as the viewer holds it for a snapshot), the server does not touch the runner."""
    table, host, viewer = hosted
    chen = seat(host, "shelter_manager", "陈静")
    replies = []
    with table.lock:
        sender = threading.Thread(target=lambda: replies.append(chen.request(
            {"type": "action", "id": "c-1", "form": "open_shelter", "values": {"shelter": "S1"}})))
        sender.start()
        sender.join(0.5)
        assert sender.is_alive() and replies == [] and table.runner.actions == []
    sender.join(20)
    assert replies and replies[0]["ok"], replies
    assert [a.role for a in table.runner.actions] == ["shelter_manager"]
    chen.close()


def test_decision_point_and_score_card_on_the_projector(hosted):
    table, host, viewer = hosted
    play = viewer.play
    fac, commander = facilitator(host), seat(host, "commander", "李伟")
    advance_to(fac, lambda st: st["decision"] is not None)  # the orange signal: D1 opens
    viewer.run_frames(2)
    banner = viewer.source.banner()
    assert banner is not None and banner.startswith(f"决策点 {fac.state['decision']['id']}：")
    assert not any(isinstance(state, DebriefState) for state in viewer.stack)  # no card waits for a click
    answer = commander.request({"type": "answer", "id": "li-1", "decision": fac.state["decision"]["id"], "option": 0})
    assert answer["ok"], answer
    viewer.run_frames(2)
    assert viewer.source.banner() is None
    assert any(text.startswith("李伟（村书记（指挥长））") for text in feed_text(viewer)), feed_text(viewer)[-4:]

    done = fac.request({"type": "finish", "id": "end-1", "confirm": True})
    assert done["ok"], done
    viewer.run_frames(3)
    debrief = viewer.top
    assert isinstance(debrief, DebriefState)
    lines = debrief.lines()
    assert any(done["grade"] in line for line in lines), lines  # the host's score, not a second one
    assert viewer.source.score_card().score == done["overall"]
    report = viewer.source.write_report(viewer.report_dir)  # the debrief's report button
    assert "李伟" in report.read_text(encoding="utf-8")  # the record says who
    fac.close()
    commander.close()


def _shot(name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS / name


def test_stormdrill_host_with_projector_serves_seats_beside_the_window(tmp_path):
    """The command itself: `stormdrill host EXERCISE --projector` (headless) serves seats from
    its thread, records what they do, and stops cleanly on Ctrl+C."""
    from host_helpers import Host

    running = Host(tmp_path, TUTORIAL, "--projector", "--lang", "en")
    try:
        fac, chen = facilitator(running), seat(running, "shelter_manager", "Chen")
        advance_to(fac, lambda st: st["t"] > 0)
        reply = chen.request({"type": "action", "id": "chen-1", "form": "open_shelter", "values": {"shelter": "S1"}})
        assert reply["ok"], (reply, running.output())
        chen.close()
        fac.close()
        running.proc.send_signal(signal.SIGINT)  # Ctrl+C in the terminal
        assert running.proc.wait(20) == 0, running.output()
    finally:
        running.stop()
    assert "Traceback" not in running.output()
    store = SessionStore(running.db)
    assert [(e.seat, e.kind, e.outcome["ok"]) for e in store.seat_log(running.info["session"])] == [("Chen", "action", True)]


def test_a_paced_host_moves_the_projectors_clock_by_itself(tmp_path):
    """Paced (--paced RATIO): the host's own ticks move the clock; the projector follows and says so."""
    store = SessionStore(tmp_path / "sessions.db", shared=True)
    table = ExerciseTable.start(store, load_exercise(TUTORIAL), pacing=("paced", 600.0))
    with Background(table, port=free_port(), out=lambda *_: None):
        viewer = App(HostedRun(table, lang="en"), ViewerOptions(lang="en", role="player", briefing=False))
        try:
            for _ in range(400):  # until the host's ticks (every 0.5 s) have moved the clock
                viewer.run_frames(1)
                if viewer.play.clock.shown_h > 0:
                    break
                threading.Event().wait(0.02)
            with table.lock:
                assert 0 < viewer.play.clock.shown_h <= table.runner.now
            assert viewer.source.clock_label(viewer.t) == "Projector · 1 real min = 600 model min"
        finally:
            viewer.close()
    store.db.close()
