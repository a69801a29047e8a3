"""Reliability figures for docs/reliability.md (a script that prints figures, not a test).

    .venv/bin/python tests/tools/reliability.py            # every part, the issue's sizes
    .venv/bin/python tests/tools/reliability.py --quick    # a tenth of each, to try it

Parts:
  fuzz       hostile scenario / plan / exercise files and ``do`` lines (tests/sim/hostile_cases.py):
             cases tried, failures by kind (traceback, no line:col, unclear problem)
  scenarios  random valid scenarios (tests/sim/scenario_strategies.py): people conserved at 13
             times, stocks never negative, capacities held, KPIs finite where they must be, the
             same seed giving the same KPIs twice
  exercises  terminal exercises SIGKILLed after a random number of acknowledged actions:
             acknowledged actions lost, resumes that fail, replays that differ
  sweeps     `stormdrill sweep` SIGKILLed at a random moment: worker processes left running 2 s
             later, and resumed sweeps whose rows differ from an uninterrupted one
"""
import argparse
import collections
import csv
import math
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "tests" / "sim"), str(ROOT)]
VILLAGE = ROOT / "scenarios" / "tutorial_village"
CLI = [sys.executable, "-m", "stormdrill.cli"]


def fuzz(n_docs, n_lines):
    import hostile_cases as hc
    from training import load_exercise
    from training.runner import Runner
    from training.terminal import TerminalExercise

    kinds, examples, outcomes = collections.Counter(), {}, collections.Counter()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(n_docs):
            kind, files = hc.document_case(hc.rng_for(seed))
            failure = hc.judge_documents(kind, files, hc.fresh_folder(tmp))
            outcomes[kind] += 1
            if failure:
                key = failure.split(":")[0]
                kinds[key] += 1
                examples.setdefault(key, (seed, kind, failure))
    said = []
    terminal = TerminalExercise(Runner(load_exercise(VILLAGE / "exercise.yaml"), 0), read=None, write=said.append)
    for seed in range(n_lines):
        failure = hc.judge_do(terminal, hc.do_line(hc.rng_for(10**6 + seed)))
        if failure:
            kinds["do line " + failure.split(":")[0]] += 1
    took = time.perf_counter() - start
    print(f"fuzz: {n_docs} documents ({', '.join(f'{k} {v}' for k, v in sorted(outcomes.items()))}) and "
          f"{n_lines} do lines in {took:.0f} s; failures: {sum(kinds.values())}"
          + "".join(f"\n  {k}: {v} (e.g. seed {examples.get(k, ('-',))[0]})" for k, v in kinds.items()))


def scenarios(n):
    import numpy as np
    from hypothesis import HealthCheck, given, settings

    import sim
    from scenario_strategies import scenarios as strategy
    from test_conservation import check_snapshot

    failures, tried = collections.Counter(), [0]

    @settings(max_examples=n, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(strategy())
    def one(case):
        tried[0] += 1
        data, seed = case
        try:
            scenario = sim.scenario_from_dict(data)
            engine = sim.Engine(scenario, seed=seed)
            for t in np.linspace(0.0, engine.horizon, 13)[1:]:
                engine.run_until(t)
                check_snapshot(engine.snapshot(), scenario, scenario.population)
            result = engine.result()
            series = result.series
            if not (series["stock"] >= 0).all():
                failures["stock below zero"] += 1
            if not all(math.isfinite(result.kpis[k]) for k in ("relief_secured_share", "people_displaced")):
                failures["KPI not finite"] += 1
            again = sim.run(scenario, seed=seed).kpis
            if not _same(again, result.kpis):
                failures["same seed, different KPIs"] += 1
        except AssertionError as exc:
            failures[f"invariant: {str(exc)[:60]}"] += 1
        except Exception as exc:
            failures[f"traceback: {type(exc).__name__}"] += 1

    start = time.perf_counter()
    one()
    print(f"scenarios: {tried[0]} random valid scenarios in {time.perf_counter() - start:.0f} s; failures: "
          f"{sum(failures.values())}" + "".join(f"\n  {k}: {v}" for k, v in failures.items()))


def _same(a, b):
    return set(a) == set(b) and all(a[k] == b[k] or (isinstance(a[k], float) and math.isnan(a[k]) and math.isnan(b[k]))
                                    for k in a)


def exercises(n):
    from training.store import SessionStore

    lost = resumed_bad = replay_bad = 0
    rng = random.Random(17)
    lines = ["do {action: warn} -- w{i}", "next", "do {action: open_shelter, shelter: S1} -- o{i}",
             "do {action: order_evacuation, zone: Z1} -- e{i}", "go 30min", "do {action: raise_response, level: IV} -- r{i}"]
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(n):
            db = Path(tmp) / f"s{k}.db"
            proc = subprocess.Popen([*CLI, "exercise", str(VILLAGE / "exercise.yaml"), "--db", str(db)], cwd=ROOT,
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                    env=dict(os.environ, PYTHONUNBUFFERED="1"))
            acknowledged = []
            while not proc.stdout.readline().startswith("session "):  # the session exists: the kill tests it
                pass
            for i in range(rng.randint(1, 8)):
                line = rng.choice(lines).replace("{i}", str(i))
                proc.stdin.write(line + "\n")
                proc.stdin.flush()
                if line.startswith("do "):
                    while True:
                        out = proc.stdout.readline()
                        if not out or "  ok " in out or "rejected" in out:
                            break
                    if "  ok " in out:
                        acknowledged.append(line.rpartition("-- ")[2])
            time.sleep(rng.random() * 0.3)  # the kill lands anywhere: mid-step, mid-write, idle
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            logged = [a.rationale for a in SessionStore(db).actions(1)]
            lost += sum(1 for a in acknowledged if a not in logged)
            out = subprocess.run([*CLI, "exercise", "--resume", "1", "--db", str(db)], input="end\n", cwd=ROOT,
                                 capture_output=True, text=True)
            if out.returncode != 0:
                resumed_bad += 1
                print(f"  resume of kill {k} failed: {out.stderr.strip()[-300:]}")
                continue
            out = subprocess.run([*CLI, "replay", "1", "--db", str(db)], cwd=ROOT, capture_output=True, text=True)
            replay_bad += out.returncode != 0
    print(f"exercises: {n} terminal exercises SIGKILLed in {time.perf_counter() - start:.0f} s; acknowledged "
          f"actions lost: {lost}; resumes failed: {resumed_bad}; replays differing: {replay_bad}")


def sweeps(n):
    from test_hostile_sweeps import descendants, live

    orphans = differ = failed = 0
    rng = random.Random(16)
    scenario = str(VILLAGE / "scenario.yaml")
    args = ["sweep", scenario, "--reps", "60", "--workers", "2", "--quiet", "--vary", "shelters.S1.stock.water_l=500,3000"]
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        reference = Path(tmp) / "reference.csv"
        subprocess.run([*CLI, *args, "--out", str(reference)], cwd=tmp, check=True, capture_output=True)
        for k in range(n):
            out = Path(tmp) / f"killed{k}.csv"
            proc = subprocess.Popen([*CLI, *args, "--out", str(out)], cwd=tmp, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            deadline = time.time() + rng.uniform(1.5, 5.0)
            workers = []
            while time.time() < deadline and proc.poll() is None:
                workers = sorted(set(workers) | set(descendants(proc.pid)))
                time.sleep(0.05)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            time.sleep(2.0)
            left = live(workers)
            orphans += len(left)
            for pid in left:
                os.kill(pid, signal.SIGKILL)
            done = subprocess.run([*CLI, *args, "--out", str(out), "--resume"], cwd=tmp, capture_output=True, text=True)
            if done.returncode != 0:
                failed += 1
                continue
            differ += _rows(out) != _rows(reference)
    print(f"sweeps: {n} sweeps (2 grid points x 60 replications, 2 workers) SIGKILLed in "
          f"{time.perf_counter() - start:.0f} s; worker processes left running 2 s later: {orphans}; resumed sweeps "
          f"failing: {failed}; resumed sweeps whose rows differ from an uninterrupted one: {differ}")


def _rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return sorted(tuple(r.items()) for r in csv.DictReader(fh))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a tenth of each part")
    parser.add_argument("parts", nargs="*", default=["fuzz", "scenarios", "exercises", "sweeps"])
    args = parser.parse_args()
    scale = 0.1 if args.quick else 1.0
    sizes = {"fuzz": (int(5000 * scale), int(1000 * scale)), "scenarios": (int(200 * scale),),
             "exercises": (max(2, int(20 * scale)),), "sweeps": (max(1, int(10 * scale)),)}
    sys.path.insert(0, str(ROOT / "tests"))
    for part in args.parts:
        globals()[part](*sizes[part])


if __name__ == "__main__":
    main()
