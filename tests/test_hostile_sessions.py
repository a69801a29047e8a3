"""Sessions survive their database: a damaged file is reported with what can still be read
and a way to export it; read-only, locked and full files are reported, not raised, and a full
disk is never called damage; a file removed or swapped mid-exercise gets no "ok" for actions it
did not record; concurrent processes neither break the schema nor write one session twice.
Real SQLite files, real processes, real full disks (a tmpfs in a mount namespace)."""
import json
import multiprocessing
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from training.store import SessionStore

ROOT = Path(__file__).resolve().parents[1]
EXERCISE = ROOT / "scenarios" / "tutorial_village" / "exercise.yaml"


def cli(*args, stdin="", env=None, user=None):
    prefix = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups"] if user is not None else []
    env = dict(os.environ, MPLCONFIGDIR=str(Path(args[-1]).parent), STORMDRILL_LANG="en", **(env or {}))
    out = subprocess.run([*prefix, sys.executable, "-m", "stormdrill.cli", *map(str, args)], input=stdin,
                         capture_output=True, text=True, cwd=ROOT, timeout=120, env=env)
    assert "Traceback" not in out.stderr, out.stderr
    return out


WARNINGS = "".join(f"do {{action: warn}} -- call {i}\n" for i in range(1, 61))


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    """A database with one finished session of 60 warnings (several pages of actions)."""
    db = tmp_path_factory.mktemp("played") / "sessions.db"
    out = cli("exercise", EXERCISE, "--db", db, stdin=WARNINGS + "end\n")
    assert out.returncode == 0, out.stderr
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


@pytest.fixture
def db(played, tmp_path):
    copy = tmp_path / "sessions.db"
    shutil.copy(played, copy)
    return copy


def salvaged(db, tmp_path):
    out = cli("salvage", 1, "--db", db, "-o", tmp_path / "s1.jsonl")
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in (tmp_path / "s1.jsonl").read_text(encoding="utf-8").splitlines()]
    return [x for x in lines if x.get("kind") == "action"], out.stdout


def test_a_corrupted_page_is_reported_with_the_actions_before_it_and_they_can_be_exported(db, tmp_path):
    with sqlite3.connect(db) as con:
        pages = [p for p, in con.execute("SELECT pageno FROM dbstat WHERE name='actions' AND pagetype='leaf' ORDER BY pageno")]
        size = con.execute("PRAGMA page_size").fetchone()[0]
    assert len(pages) >= 2
    with open(db, "r+b") as fh:  # the last leaf of the actions table: its header overwritten
        fh.seek((pages[-1] - 1) * size)
        fh.write(b"\xa5" * 64)
    for args in (["report", 1, "-o", tmp_path / "aar"], ["replay", 1], ["exercise", "--resume", 1]):
        out = cli(*args, "--db", db)
        assert out.returncode == 2
        assert "is damaged" in out.stderr and f"stormdrill salvage" in out.stderr
    actions, said = salvaged(db, tmp_path)
    assert "damaged" in said and "stopped: actions:" in said
    assert 0 < len(actions) < 60
    assert [a["rationale"] for a in actions] == [f"call {i}" for i in range(1, len(actions) + 1)]  # in order, none skipped
    assert not (tmp_path / "aar").exists()  # no report half written


def test_a_row_with_broken_json_is_reported_and_everything_before_it_exported(db, tmp_path):
    with sqlite3.connect(db) as con:
        con.execute("UPDATE actions SET action='{\"action\": warn' WHERE seq=7")
    out = cli("report", 1, "--db", db, "-o", tmp_path / "aar")
    assert out.returncode == 2 and "session 1 in" in out.stderr and "6 team action(s)" in out.stderr
    actions, said = salvaged(db, tmp_path)
    assert len(actions) == 6 and "row seq 7 is not readable JSON" in said


def test_a_missing_table_is_reported_not_raised(db, tmp_path):
    with sqlite3.connect(db) as con:
        con.execute("DROP TABLE decisions")
    for args in (["report", 1, "-o", tmp_path / "aar"], ["replay", 1]):
        out = cli(*args, "--db", db)
        assert out.returncode == 2 and "no such table: decisions" in out.stderr and "60 team action(s)" in out.stderr


@pytest.mark.skipif(os.geteuid() == 0 and not shutil.which("setpriv"), reason="root ignores file modes; needs setpriv")
def test_a_read_only_database_refuses_new_sessions_clearly_and_still_reports(db, tmp_path):
    top = Path(tempfile.mkdtemp())  # pytest's own folders are closed to other users
    try:
        folder, out = top / "ro", top / "out"
        folder.mkdir()
        out.mkdir()
        shutil.copy(db, folder / "sessions.db")
        os.chmod(folder / "sessions.db", 0o444)
        os.chmod(folder, 0o555)
        for path in (top, out):
            os.chmod(path, 0o777)
        user = 65534 if os.geteuid() == 0 else None  # as nobody: root may write any file
        new = cli("exercise", EXERCISE, "--db", folder / "sessions.db", stdin="end\n", user=user)
        assert new.returncode == 2 and "is read-only: nothing can be recorded in it" in new.stderr
        report = cli("report", 1, "--db", folder / "sessions.db", "-o", out / "aar", user=user)
        assert report.returncode == 0, report.stderr
        assert "wrote " in report.stdout and list(out.rglob("*.html")), report.stdout
    finally:
        os.chmod(folder, 0o755)
        shutil.rmtree(top)


def test_a_database_locked_by_another_writer_is_reported_after_the_wait(db, tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time; db = sqlite3.connect(sys.argv[1], isolation_level=None); "
        "db.execute('BEGIN EXCLUSIVE'); print('held', flush=True); time.sleep(60)"), str(db)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        out = cli("exercise", EXERCISE, "--db", db, stdin="end\n", env={"STORMDRILL_DB_WAIT": "0.5"})
    finally:
        holder.kill()
        holder.wait()
    assert out.returncode == 2 and "is locked by another program writing to it (waited 0.5 s)" in out.stderr


def _open_fresh(path, barrier, results):
    barrier.wait()
    try:
        store = SessionStore(path)
        results.put(("ok", store.version))
    except Exception as exc:  # reported to the test, which fails on it
        results.put(("error", repr(exc)))


def test_processes_opening_a_new_database_at_once_build_its_schema_once(tmp_path):
    ctx = multiprocessing.get_context("fork")  # real processes, started quickly
    for attempt in range(3):
        path = tmp_path / f"fresh{attempt}.db"
        barrier, results = ctx.Barrier(4), ctx.Queue()
        procs = [ctx.Process(target=_open_fresh, args=(path, barrier, results)) for _ in range(4)]
        for p in procs:
            p.start()
        got = [results.get(timeout=60) for _ in procs]
        for p in procs:
            p.join(timeout=30)
        assert got == [("ok", SessionStore(path).version)] * 4, got


def test_two_exercises_started_at_once_on_a_new_database_get_their_own_sessions(tmp_path):
    db = tmp_path / "new.db"
    procs = [subprocess.Popen([sys.executable, "-m", "stormdrill.cli", "exercise", str(EXERCISE), "--db", str(db)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              cwd=ROOT) for _ in range(3)]
    outs = [p.communicate("do {action: warn} -- mine\nquit\n", timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [o[1] for o in outs]
    store = SessionStore(db)
    assert sorted(s[0] for s in store.sessions()) == [1, 2, 3]
    assert [len(store.actions(i)) for i in (1, 2, 3)] == [1, 1, 1]


def test_a_second_process_resuming_a_session_is_refused_and_the_first_goes_on(db, tmp_path):
    first = cli("exercise", EXERCISE, "--db", db, stdin="do {action: warn} -- before\nquit\n")
    assert first.returncode == 0
    sid = 2
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    playing = subprocess.Popen([sys.executable, "-m", "stormdrill.cli", "exercise", "--resume", str(sid), "--db", str(db)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               cwd=ROOT, env=env)
    try:
        while "resumed at" not in playing.stdout.readline():
            assert playing.poll() is None, playing.stderr.read()
        second = cli("exercise", "--resume", sid, "--db", db, stdin="do {action: warn} -- intruder\nquit\n")
        assert second.returncode == 2
        assert f"session {sid} is being played by another process" in second.stderr
        playing.stdin.write("do {action: warn} -- after\n")
        playing.stdin.flush()
        while "  ok " not in playing.stdout.readline():
            assert playing.poll() is None, playing.stderr.read()
        playing.send_signal(signal.SIGKILL)  # a crash: the claim goes with the process
        playing.wait(timeout=30)
    finally:
        if playing.poll() is None:
            playing.kill()
    again = cli("exercise", "--resume", sid, "--db", db, stdin="log\nquit\n")
    assert again.returncode == 0, again.stderr
    assert [a.rationale for a in SessionStore(db).actions(sid)] == ["before", "after"]


# -- the file changes under a running exercise; the disk fills ---------------------------------
def _playing(db, env=None):
    proc = subprocess.Popen([sys.executable, "-m", "stormdrill.cli", "exercise", str(EXERCISE), "--db", str(db)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            env=dict(os.environ, PYTHONUNBUFFERED="1", STORMDRILL_LANG="en"))
    while not proc.stdout.readline().startswith("session "):
        assert proc.poll() is None, proc.stderr.read()
    return proc


def _act(proc, tag):
    """Type one action; the terminal's answer to it ("ok ...", "rejected ...", or '' if it stopped)."""
    proc.stdin.write(f"do {{action: warn}} -- {tag}\n")
    proc.stdin.flush()
    while True:
        line = proc.stdout.readline()
        if not line or "  ok " in line or "rejected" in line:
            return line


def _swap_for_folder(db):
    db.rename(db.with_name("moved.db"))
    db.mkdir()


def _swap_for_file(db):
    shutil.copy(db, db.with_name("copy.db"))
    db.with_name("copy.db").replace(db)


@pytest.mark.parametrize("swap, said", [
    (_swap_for_folder, "was replaced by something that is not a file (a folder?) while in use"),
    (_swap_for_file, "was replaced by another file while in use"),
    (Path.unlink, "was removed while in use"),
])
def test_a_database_swapped_mid_exercise_gets_no_ok_and_the_player_is_told(tmp_path, swap, said):
    db = tmp_path / "sessions.db"
    proc = _playing(db)
    try:
        assert "  ok " in _act(proc, "recorded")
        swap(db)
        answer = _act(proc, "lost")
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "  ok " not in answer + out and proc.returncode == 2
    assert err.startswith(f"stormdrill: {db}: the session database {said}") and "Traceback" not in err, err
    assert "everything acknowledged before this is saved" in err


def _can_mount():
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=4k tmpfs /mnt"], capture_output=True)
    return probe.returncode == 0


ON_TMPFS = """mount -t tmpfs -o size=$1 tmpfs "$2" || exit 99
mnt=$2; keep=$3; shift 3
[ -f "$keep/sessions.db" ] && cp "$keep/sessions.db" "$mnt/"
[ -n "$FILL" ] && dd if=/dev/zero of="$mnt/filler" bs=4k 2>/dev/null
"$@"; code=$?
cp "$mnt"/sessions.db* "$keep/" 2>/dev/null
exit $code
"""


def on_tmpfs(tmp_path, size, args, stdin, fill=False):
    """``stormdrill *args*`` with its database on a tmpfs of *size* (in a mount namespace of its
    own), the database copied there from tmp_path/keep first and back afterwards; *fill*: fill
    the disk before the command starts."""
    mnt, keep = tmp_path / "mnt", tmp_path / "keep"
    mnt.mkdir(exist_ok=True)
    keep.mkdir(exist_ok=True)
    args = [str(a).replace("MNT", str(mnt)) for a in args]
    env = dict(os.environ, STORMDRILL_LANG="en", MPLCONFIGDIR=str(tmp_path), FILL="1" if fill else "")
    out = subprocess.run(["unshare", "-rm", "sh", "-c", ON_TMPFS, "sh", size, str(mnt), str(keep), sys.executable,
                          "-m", "stormdrill.cli", *args], input=stdin, capture_output=True, text=True, cwd=ROOT,
                         timeout=300, env=env)
    assert out.returncode != 99, "the tmpfs could not be mounted"
    return out


@pytest.mark.skipif(not _can_mount(), reason="needs a mount namespace (unshare -rm) to mount a tmpfs")
def test_a_disk_that_fills_mid_exercise_is_said_as_full_and_every_ok_was_recorded(tmp_path):
    long = "x" * 40_000  # each action's note takes a tenth of the disk
    typed = "".join(f"do {{action: warn}} -- n{i} {long}\n" for i in range(40)) + "end\n"
    out = on_tmpfs(tmp_path, "1m", ["exercise", EXERCISE, "--db", "MNT/sessions.db"], typed)
    acknowledged = [line.split("-- ")[0] for line in out.stdout.splitlines() if "  ok " in line]
    assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
    assert out.stderr.startswith(f"stormdrill: {tmp_path / 'mnt' / 'sessions.db'}: the disk holding it is full"), \
        out.stderr
    assert "damaged" not in out.stderr and 0 < len(acknowledged) < 40
    recorded = SessionStore(tmp_path / "keep" / "sessions.db").actions(1)
    assert len(acknowledged) <= len(recorded) <= len(acknowledged) + 1  # nothing answered "ok" is missing


@pytest.mark.skipif(not _can_mount(), reason="needs a mount namespace (unshare -rm) to mount a tmpfs")
def test_a_full_disk_is_never_called_damage_and_its_sessions_can_still_be_reported(db, tmp_path):
    (tmp_path / "keep").mkdir()
    shutil.copy(db, tmp_path / "keep" / "sessions.db")
    resumed = on_tmpfs(tmp_path, "600k", ["exercise", "--resume", 1, "--db", "MNT/sessions.db"], "quit\n", fill=True)
    started = on_tmpfs(tmp_path, "600k", ["exercise", EXERCISE, "--db", "MNT/sessions.db"], "quit\n", fill=True)
    for out in (resumed, started):
        assert out.returncode == 2 and "Traceback" not in out.stderr
        assert "the disk holding it is full" in out.stderr and "damaged" not in out.stderr, out.stderr
    report = on_tmpfs(tmp_path, "600k", ["report", 1, "--db", "MNT/sessions.db", "-o", tmp_path / "aar.html"], "",
                      fill=True)
    assert report.returncode == 0 and (tmp_path / "aar.html").exists(), report.stderr
