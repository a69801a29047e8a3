"""A sweep killed part-way keeps its finished runs, and resuming does not run them again."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import sim
from sim.sweep import SweepStoreError, replication_seed
from sweep_builders import TUTORIAL

VARY = {"shelters.S1.stock.water_l": [0, 1500]}
SCRIPT = """
import sys, sim
scenario = sim.load_scenario(sys.argv[1])
sim.sweep(scenario, vary={"shelters.S1.stock.water_l": [0, 1500]}, replications=int(sys.argv[3]), seed=7,
          workers=1, progress=False, store=sys.argv[2])
"""
STORMDRILL = [sys.executable, "-c", "import sys; from stormdrill.cli import main; sys.exit(main())"]


def _records(path):
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return lines[0], [json.loads(line) for line in lines[1:]]


def _wait_for_runs(proc, store, count, timeout=120):
    """Wait until *store* holds at least *count* finished runs (the process still running)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if store.exists() and len(store.read_text(encoding="utf-8").splitlines()) > count:
            return
        if proc.poll() is not None:
            pytest.fail(f"the sweep ended (code {proc.returncode}) before it could be interrupted")
        time.sleep(0.05)
    proc.kill()
    pytest.fail("the sweep stored no runs in time")


def test_killed_sweep_resumes_without_running_finished_runs_again(tmp_path):
    store = tmp_path / "runs.jsonl"
    reps = 100
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, str(TUTORIAL), str(store), str(reps)])
    _wait_for_runs(proc, store, 10)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    header, before = _records(store)
    assert 10 <= len(before) < 2 * reps
    kept = store.read_text(encoding="utf-8")

    result = sim.sweep(sim.load_scenario(TUTORIAL), vary=VARY, replications=reps, seed=7, workers=2,
                       progress=False, store=store, resume=True)

    assert store.read_text(encoding="utf-8").startswith(kept.rsplit("\n", 1)[0])  # nothing kept was rewritten
    _, after = _records(store)
    assert len(after) == 2 * reps  # each run once: the finished ones were not played again
    assert {(r["grid"], r["replication"]) for r in after} == {(g, k) for g in range(2) for k in range(reps)}
    ids = {(r["grid"], r["replication"]): r["run_id"] for r in after}
    assert all(ids[(r["grid"], r["replication"])] == r["run_id"] for r in before)
    assert len(result.rows) == 2 * reps
    row = result.rows[0]  # one that came from the killed process: same numbers as a fresh run
    assert row["people_displaced"] == sim.run(sim.load_scenario(TUTORIAL).with_overrides({
        "shelters.S1.stock.water_l": 0}), seed=replication_seed(7, 0)).kpis["people_displaced"]


def test_ctrl_c_on_the_command_keeps_runs_and_resume_completes_them(tmp_path):
    out = tmp_path / "sweep.csv"
    store = tmp_path / "sweep.runs.jsonl"
    args = STORMDRILL + ["sweep", str(TUTORIAL), "--vary", "shelters.S1.stock.water_l=0,1500", "--reps", "60",
                         "--workers", "2", "--seed", "3", "--out", str(out), "--quiet"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_for_runs(proc, store, 8)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "--resume" in err and str(store) in err
    assert not out.exists()
    _, before = _records(store)
    assert 0 < len(before) < 120

    again = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert again.returncode == 2 and "--resume" in again.stderr  # not silently started over

    done = subprocess.run(args + ["--resume"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    _, after = _records(store)
    assert len(after) == 120
    ids = {(r["grid"], r["replication"]): r["run_id"] for r in after}
    assert all(ids[(r["grid"], r["replication"])] == r["run_id"] for r in before)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1 + 120


def test_a_store_of_another_sweep_is_refused(tmp_path):
    store = tmp_path / "runs.jsonl"
    scenario = sim.load_scenario(TUTORIAL)
    sim.sweep(scenario, vary=VARY, replications=1, seed=1, workers=1, progress=False, store=store)
    with pytest.raises(SweepStoreError, match="another sweep"):
        sim.sweep(scenario, vary=VARY, replications=1, seed=2, workers=1, progress=False, store=store, resume=True)
    with pytest.raises(SweepStoreError, match="resume=True") as refused:  # Python's word, not the CLI flag
        sim.sweep(scenario, vary=VARY, replications=1, seed=1, workers=1, progress=False, store=store)
    assert "--resume" not in str(refused.value) and "--resume" in refused.value.cli


def test_resume_with_more_replications_adds_only_the_new_ones(tmp_path):
    store = tmp_path / "runs.jsonl"
    scenario = sim.load_scenario(TUTORIAL)
    small = sim.sweep(scenario, vary=VARY, replications=2, seed=1, workers=1, progress=False, store=store)
    bigger = sim.sweep(scenario, vary=VARY, replications=3, seed=1, workers=1, progress=False, store=store,
                       resume=True)
    _, records = _records(store)
    assert len(records) == 6
    assert [r for r in bigger.rows if r["replication"] < 2] == small.rows


def test_a_line_cut_short_by_a_crash_is_dropped(tmp_path):
    store = tmp_path / "runs.jsonl"
    scenario = sim.load_scenario(TUTORIAL)
    sim.sweep(scenario, vary=VARY, replications=2, seed=1, workers=1, progress=False, store=store)
    text = store.read_text(encoding="utf-8")
    store.write_text(text[: text.rfind("\n", 0, len(text) - 1) + 1] + '{"grid": 1, "replic', encoding="utf-8")
    result = sim.sweep(scenario, vary=VARY, replications=2, seed=1, workers=1, progress=False, store=store,
                       resume=True)
    _, records = _records(store)
    assert len(records) == 4 and len(result.rows) == 4
