"""A sweep killed outright (SIGKILL) leaves no worker running, on either backend: real
`stormdrill sweep` processes, real worker processes, a real kill."""
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
