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
  writes     every writer with a symbolic link planted at NAME.tmp; run, sweep, stock and report
             into full disks of several sizes, a read-only file system, a closed folder (a tmpfs
             in a mount namespace: needs unshare): links followed, temporaries left, tracebacks,
             messages of more than one line
  sessions   the session database swapped for a folder, another file or nothing mid-exercise, and
             a disk that fills mid-exercise: actions answered "ok" that were not recorded,
             tracebacks, a full disk called damage
  parsers    a 48 MB YAML list, a 1 GB .xlsx zip bomb, an .xlsx with a DTD, numbers spelled five
             ways beyond the limits: time and peak memory until refused, failures
  stops      Ctrl-C (to the process group) and SIGTERM sent to `stock` and `sweep` at a random
             moment from worker start-up on: tracebacks, leaked semaphores, processes left,
             messages of more than one line
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

    orphans = lasting = differ = failed = 0
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
            for _ in range(100):  # a forkserver still importing when its sweep died ends once it has
                if not live(left):
                    break
                time.sleep(0.1)
            lasting += len(live(left))
            for pid in live(left):
                os.kill(pid, signal.SIGKILL)
            done = subprocess.run([*CLI, *args, "--out", str(out), "--resume"], cwd=tmp, capture_output=True, text=True)
            if done.returncode != 0:
                failed += 1
                continue
            differ += _rows(out) != _rows(reference)
    print(f"sweeps: {n} sweeps (2 grid points x 60 replications, 2 workers) SIGKILLed in "
          f"{time.perf_counter() - start:.0f} s; worker processes left running 2 s later: {orphans}, 12 s later: "
          f"{lasting}; resumed sweeps "
          f"failing: {failed}; resumed sweeps whose rows differ from an uninterrupted one: {differ}")


def _rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return sorted(tuple(r.items()) for r in csv.DictReader(fh))


def writes(rounds):
    import shutil

    import test_hostile_writes as hw
    from stormdrill.cli import main as cli

    kinds, tried = collections.Counter(), 0
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(rounds):
            for name, (args, files) in sorted(hw.COMMANDS.items()):
                case = Path(tmp) / f"link-{name}-{k}"
                victim = case / "victim.txt"
                case.mkdir()
                victim.write_text(hw.PRECIOUS)
                hw.plant(case / "out", files, victim)
                tried += 1
                code = _quietly(cli, args(str(case / "out"), case))
                kinds["link followed"] += victim.read_text() != hw.PRECIOUS
                kinds["temporary left"] += bool(hw.left_over(case))
                kinds["not written"] += code != 0
        cases = [(command, size) for command in sorted(hw.WRITERS) for size in ("4k", "8k", "16k", "64k", "ro")]
        for command, size in cases * rounds:
            case = Path(tmp) / f"disk-{command}-{size}-{tried}"
            case.mkdir()
            tried += 1
            options = "ro,size=1m" if size == "ro" else f"size={size}"
            code, err, left = hw.on_tmpfs(case, options, hw.WRITERS[command][0])
            kinds["traceback"] += "Traceback" in err
            kinds["temporary left"] += any(name.endswith(".tmp") for name in left)
            kinds["not one line"] += code != 0 and err.count("\n") != 1
            kinds["unclear"] += code != 0 and "cannot write:" not in err
            shutil.rmtree(case, ignore_errors=True)
    failures = {k: v for k, v in kinds.items() if v}
    print(f"writes: {tried} cases ({len(hw.COMMANDS) * rounds} writers with planted links, "
          f"{tried - len(hw.COMMANDS) * rounds} full, read-only disks) in {time.perf_counter() - start:.0f} s; "
          f"failures: {sum(failures.values())} {failures or ''}")


def _quietly(function, *args):
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return function(list(args[0]) if len(args) == 1 else args)


def sessions(n):
    import shutil

    import test_hostile_sessions as hs

    rng = random.Random(29)
    unrecorded_ok = tracebacks = untold = damage = 0
    swaps = [hs._swap_for_folder, hs._swap_for_file, Path.unlink]
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(n):
            db = Path(tmp) / f"s{k}" / "sessions.db"
            db.parent.mkdir()
            proc = hs._playing(db)
            for i in range(rng.randint(1, 5)):
                hs._act(proc, f"before{i}")
            rng.choice(swaps)(db)
            answers = [hs._act(proc, "after")]  # the exercise stops at the first write it cannot make
            out, err = proc.communicate(timeout=60)
            unrecorded_ok += sum("  ok " in a for a in answers) + out.count("  ok ")
            tracebacks += "Traceback" in err
            untold += "while in use" not in err
        for k in range(max(1, n // 5)):
            case = Path(tmp) / f"full{k}"
            case.mkdir()
            long = "x" * rng.randint(10_000, 60_000)
            typed = "".join(f"do {{action: warn}} -- n{i} {long}\n" for i in range(60)) + "end\n"
            out = hs.on_tmpfs(case, "1m", ["exercise", hs.EXERCISE, "--db", "MNT/sessions.db"], typed)
            acknowledged = sum("  ok " in line for line in out.stdout.splitlines())
            recorded = len(hs.SessionStore(case / "keep" / "sessions.db").actions(1))
            unrecorded_ok += max(0, acknowledged - recorded)
            tracebacks += "Traceback" in out.stderr
            damage += "damaged" in out.stderr or "disk holding it is full" not in out.stderr
            shutil.rmtree(case, ignore_errors=True)
    print(f"sessions: {n} databases swapped mid-exercise, {max(1, n // 5)} disks filled mid-exercise in "
          f"{time.perf_counter() - start:.0f} s; actions answered ok but not recorded: {unrecorded_ok}; "
          f"tracebacks: {tracebacks}; swaps not told: {untold}; full disks not called full: {damage}")


def parsers():
    import hostile_xlsx
    import test_hostile_parsers as hp

    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "scenario.yaml"
        big.write_text("name: big\nzones:\n" + "  - 1\n" * 8_000_000, encoding="utf-8")
        cases = {"48 MB YAML list": ["validate", big],
                 "1 GB .xlsx bomb (import)": ["import", hostile_xlsx.zip_bomb(Path(tmp) / "b.xlsx"), "-o",
                                              Path(tmp) / "s.yaml"],
                 ".xlsx with a DTD (import)": ["import", hostile_xlsx.with_dtd(Path(tmp) / "d.xlsx"), "-o",
                                               Path(tmp) / "s.yaml"]}
        for spelling in ("1.0e+16", "1e17", "10000000000000000.0", "5.0e+15", "50000001.0"):
            text = (VILLAGE / "scenario.yaml").read_text(encoding="utf-8").replace("population: 820",
                                                                                   f"population: {spelling}", 1)
            case = Path(tmp) / f"n{len(cases)}"
            case.mkdir()
            for name in ("plan.yaml", "exercise.yaml"):
                (case / name).write_text((VILLAGE / name).read_text(encoding="utf-8"), encoding="utf-8")
            (case / "scenario.yaml").write_text(text, encoding="utf-8")
            cases[f"population: {spelling}"] = ["validate", case / "scenario.yaml"]
        failures = 0
        for name, args in cases.items():
            began = time.perf_counter()
            code, err, peak = hp._peak_kb(args)
            ok = code == 2 and "Traceback" not in err and len(err.splitlines()) == 1
            failures += not ok
            print(f"  {name}: refused in {time.perf_counter() - began:.1f} s, peak {peak / 1000:.0f} MB"
                  f"{'' if ok else ' FAILED: ' + err[-200:]}")
    print(f"parsers: {len(cases)} cases in {time.perf_counter() - start:.0f} s; failures: {failures}")


def stops(n):
    import test_hostile_sweeps as hs

    rng = random.Random(5)
    kinds, tried = collections.Counter(), 0
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for command in sorted(hs.STOPPED):
            for how, count in (("SIGINT", n), ("SIGTERM", max(1, n * 5 // 12))):
                for _ in range(count):
                    tried += 1
                    code, err, left = hs._stop_once(command, how, rng.uniform(0.0, 1.5), Path(tmp))
                    kinds["traceback"] += "Traceback" in err
                    kinds["leaked semaphore"] += "leaked" in err
                    kinds["processes left"] += bool(left)
                    kinds["not one line"] += len(err.splitlines()) != 1
                    kinds["wrong exit code"] += code not in (130, 143)
    failures = {k: v for k, v in kinds.items() if v}
    print(f"stops: {tried} stops of stock and sweep ({n} Ctrl-C and {max(1, n * 5 // 12)} SIGTERM each, 0-1.5 s "
          f"after the first helper process started) in {time.perf_counter() - start:.0f} s; failures: "
          f"{sum(failures.values())} {failures or ''}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a tenth of each part")
    parser.add_argument("parts", nargs="*", default=["fuzz", "scenarios", "exercises", "sweeps", "writes",
                                                     "sessions", "parsers", "stops"])
    args = parser.parse_args()
    scale = 0.1 if args.quick else 1.0
    sizes = {"fuzz": (int(5000 * scale), int(1000 * scale)), "scenarios": (int(200 * scale),),
             "exercises": (max(2, int(20 * scale)),), "sweeps": (max(1, int(10 * scale)),),
             "writes": (1,), "sessions": (max(2, int(20 * scale)),), "parsers": (),
             "stops": (max(2, int(24 * scale)),)}
    sys.path.insert(0, str(ROOT / "tests"))
    for part in args.parts:
        globals()[part](*sizes[part])


if __name__ == "__main__":
    main()
