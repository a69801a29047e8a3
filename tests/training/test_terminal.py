"""The terminal exercise, driven end to end through its standard input."""
import subprocess
import sys

from training.store import SessionStore

from exercise_helpers import ROOT, TUTORIAL


def run_cli(args, stdin):
    return subprocess.run([sys.executable, "-m", "stormdrill.cli", *map(str, args)], input=stdin,
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


SCRIPT = """help
status
next
1 blue signal: warn everyone
next
as shelter_manager
do {action: open_shelter, shelter: S1} -- yellow signal
do {action: open_shelter, shelter: S2}
as commander
do {action: raise_response, level: IV}
pause
next
resume
next
as grid_worker
1 Riverside is low-lying
2 the elderly first
do {action: raise_response, level: III}
as commander
3
done
go 30min
log
end
"""


def test_terminal_exercise_end_to_end_through_stdin(tmp_path):
    db = tmp_path / "s.db"
    out = run_cli(["exercise", TUTORIAL, "--db", db, "--player", "commander=Li Wei"], SCRIPT)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "never moves the clock" in text  # help
    assert "Village school · closed · 0/450" in text and "Township reserve" in text  # status: shelters, depots
    assert "INJECT I1 from District observatory" in text
    assert "INJECT I2" in text and "DECISION D1" in text
    assert "ok T+00:00 Community secretary (commander): warn every zone by every channel" in text
    assert "paused: type `resume` first" in text
    assert "rejected: Grid worker / flood responsibility holder may not do this; it may: Warn, Order evacuation" in text
    assert "ok T+16:11 Community secretary (commander): raise the response to level III" in text
    assert "decision point D1 closed" in text
    assert "== end of exercise:" in text and "O2 Move people at risk out before landfall" in text
    assert "Traceback" not in out.stderr

    store = SessionStore(db)
    (sid, *_), = store.sessions()
    assert store.session(sid)["status"] == "finished"
    actions = store.actions(sid)
    assert [(a.role, a.action["action"], a.accepted) for a in actions] == [
        ("commander", "warn", True),
        ("shelter_manager", "open_shelter", True),
        ("shelter_manager", "open_shelter", True),
        ("commander", "raise_response", True),
        ("grid_worker", "order_evacuation", True),
        ("grid_worker", "order_evacuation", True),
        ("grid_worker", "raise_response", False),
        ("commander", "raise_response", True),
    ]
    assert actions[0].rationale == "blue signal: warn everyone"
    assert store.participants(sid) == (("commander", "Li Wei"),)
    assert set(store.deliveries(sid)) >= {"I1", "I2", "I3"}
    assert store.decisions(sid)["D1"][1] is not None


def test_quit_leaves_a_session_that_resumes(tmp_path):
    db = tmp_path / "s.db"
    first = run_cli(["exercise", TUTORIAL, "--db", db], "next\n1\nquit\n")
    assert "resume with `stormdrill exercise --resume 1`" in first.stdout
    second = run_cli(["exercise", "--resume", 1, "--db", db], "log\n" + "next\n" * 6 + "end\n")  # ends at D1
    assert second.returncode == 0, second.stderr
    assert "1 T+00:00 Community secretary (commander): warn every zone by every channel" in second.stdout
    finished = run_cli(["exercise", "--resume", 1, "--db", db], "")
    assert finished.returncode == 2 and "stormdrill report 1" in finished.stderr

    nxt = run_cli(["exercise", TUTORIAL, "--db", db], "quit\n")  # the next exercise of the village
    assert "open improvement items from earlier exercises" in nxt.stdout
    assert "Mass care and shelter: 3 expected actions fell short (3 not done); open Village school (S1) (not done)" in nxt.stdout
