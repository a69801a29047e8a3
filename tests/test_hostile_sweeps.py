"""A sweep killed outright (SIGKILL) leaves no worker running, on either backend; a Ctrl-C or a
SIGTERM at any moment, worker start-up included, ends `stock` and `sweep` in one line, with no
traceback, no leaked-semaphore warning and no process left: real `stormdrill` processes, real
worker processes, real signals."""
import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "tutorial_village" / "scenario.yaml"

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")


def children():
    """{ppid: [pid, ...]} of every live (not zombie) process."""
    out = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if fields[0] != "Z":
                out.setdefault(int(fields[1]), []).append(int(entry.name))
    return out


def descendants(pid):
    table, found, todo = children(), [], [pid]
    while todo:
        for kid in table.get(todo.pop(), []):
            found.append(kid)
            todo.append(kid)
    return found


def live(pids):
    table = children()
    alive = {p for kids in table.values() for p in kids}
    return [p for p in pids if p in alive]


@pytest.mark.parametrize("backend", ["process", "dask"])
def test_workers_end_when_their_sweep_is_killed(tmp_path, backend):
    sweep = subprocess.Popen([sys.executable, "-m", "stormdrill.cli", "sweep", str(SCENARIO), "--reps", "500",
                              "--workers", "2", "--backend", backend, "--quiet", "--out", str(tmp_path / "runs.csv")],
                             cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    workers = []
    try:
        for _ in range(600):  # until both workers have taken up runs (the store has rows)
            workers = descendants(sweep.pid)
            store = tmp_path / "runs.runs.jsonl"
            if len(workers) >= 2 and store.exists() and store.read_text().count("\n") > 2:
                break
            assert sweep.poll() is None, sweep.stderr.read()
            time.sleep(0.1)
        else:
            pytest.fail("the sweep never got going")
        workers = descendants(sweep.pid)
        sweep.send_signal(signal.SIGKILL)
        sweep.wait(timeout=30)
        for _ in range(100):  # a lifeline notices within half a second; allow ten
            if not live(workers):
                break
            time.sleep(0.1)
        left = live(workers)
    finally:
        if sweep.poll() is None:
            sweep.kill()
        for pid in live(workers):
            os.kill(pid, signal.SIGKILL)
    assert left == [], f"{len(left)} of {len(workers)} worker processes outlived the sweep"


# -- Ctrl-C and SIGTERM, during worker start-up and after ------------------------------------
STOPPED = {
    "stock": ["stock", str(SCENARIO), "--reps", "400", "--verify-reps", "100", "--workers", "2", "--quiet",
              "--lang", "en"],
    "sweep": ["sweep", str(SCENARIO), "--reps", "3000", "--workers", "2", "--quiet", "--force"],
}
AFTER_START_S = {"SIGINT": (0.0, 0.02, 0.06, 0.2, 0.6), "SIGTERM": (0.0, 0.1, 0.5)}
"""When the stop is sent, after the command's first helper process appears (worker start-up
takes about a second here). Sent like this to `stock`, main at 5c39f56 printed a helper's
traceback for 20 of 24 Ctrl-Cs and a leaked-semaphore warning for 10 of 10 SIGTERMs."""


def _stop_once(command, how, after, tmp_path):
    """Start *command*, wait for its first helper process and *after* seconds more, send a Ctrl-C
    to its process group (as a terminal does) or SIGTERM to it; (exit code, stderr, processes
    of it still running 3 s later)."""
    proc = subprocess.Popen([sys.executable, "-m", "stormdrill.cli", *STOPPED[command]], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env=dict(os.environ, STORMDRILL_LANG="en"))
    seen = []
    try:
        while not seen and proc.poll() is None:
            seen = descendants(proc.pid)
            time.sleep(0.005)
        end = time.monotonic() + after
        while time.monotonic() < end and proc.poll() is None:
            seen = sorted(set(seen) | set(descendants(proc.pid)))
            time.sleep(0.005)
        seen = sorted(set(seen) | set(descendants(proc.pid)))
        if how == "SIGINT":
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGTERM)
        err = proc.communicate(timeout=120)[1]
        for _ in range(30):
            left = live(seen)
            if not left:
                break
            time.sleep(0.1)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        for pid in live(seen):
            os.kill(pid, signal.SIGKILL)
    return proc.returncode, err, left


@pytest.mark.parametrize("command", sorted(STOPPED))
@pytest.mark.parametrize("how, code, said", [("SIGINT", 130, "interrupted"), ("SIGTERM", 143, "stopped (SIGTERM)")])
def test_a_stop_during_worker_start_up_or_after_ends_in_one_line_and_leaves_nothing_running(
        command, how, code, said, tmp_path):
    for after in AFTER_START_S[how]:
        got, err, left = _stop_once(command, how, after, tmp_path)
        assert "Traceback" not in err and "leaked" not in err, (after, err)
        assert (got, len(err.splitlines())) == (code, 1), (after, err)
        assert err.startswith(f"stormdrill: {said}"), (after, err)
        assert left == [], (after, f"{len(left)} processes outlived the command")
