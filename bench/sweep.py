"""Benchmark of sim.sweep: replications per second with 1 and 2 worker processes.

    .venv/bin/python bench/sweep.py                 # tutorial_village and coastal_street_typhoon
    .venv/bin/python bench/sweep.py --repeats 5
    .venv/bin/python bench/sweep.py --quick         # fewer replications, for a smoke run
    .venv/bin/python bench/sweep.py --only tutorial_village --modes warm --repeats 5

For each scenario and each number of workers the same sweep (replications of the scenario
as it is, seed 0) is timed *repeats* times and the median is printed, two ways:

* warm: on a pool whose workers are already running and have the scenario validated
  (what a long sweep, or the stock search's many small sweeps, see); "2 workers" is this
  process and one worker process, as a two-worker sweep runs;
* cold: ``sim.sweep`` as a user calls it: a pool starts only if the work pays for it
  (sim/sweep_backends.py), and stops at the end;
* cli: ``stormdrill sweep FILE --reps R --workers W --quiet`` timed as a whole command,
  start-up included (the command's figure beside the API's).

The 1-worker and 2-worker sweeps are timed in turn, so both see the same load. For the
warm sweeps it also prints the CPU seconds each run cost in the workers and the cores the
sweep obtained on average (worker CPU seconds / wall seconds): on a shared machine a
2-worker sweep that obtains 1.1 cores cannot be 1.8x faster, whatever the code does.

``workers=1`` runs in this process (no pool to start). The speedup is the 2-worker rate
over the 1-worker rate. This is a benchmark, not a test; docs/benchmarks.md keeps its
figures. On a machine shared with other work the figures are noisy: compare medians.
"""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sim  # noqa: E402
from sim.sweep_backends import open_backend  # noqa: E402

SCENARIOS = {
    "tutorial_village": (ROOT / "scenarios" / "tutorial_village" / "scenario.yaml", 200),
    "coastal_street_typhoon": (ROOT / "scenarios" / "coastal_street_typhoon" / "scenario.yaml", 40),
}
"""name -> (file, replications per timed sweep)."""


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def cpu_stamp(_result):
    """Kept with each run (in the worker): the worker's id and its CPU seconds so far."""
    return {"pid": os.getpid(), "cpu_s": time.process_time()}


def cores_used(rows, wall):
    """CPU seconds per run in the workers, and cores obtained on average (CPU seconds / wall)."""
    by_pid = {}
    for row in rows:
        by_pid.setdefault(row["pid"], []).append(row["cpu_s"])
    spent = sum(max(v) - min(v) for v in by_pid.values())  # each worker, from its first run's end to its last's
    runs = sum(len(v) - 1 for v in by_pid.values())
    return spent / max(runs, 1), spent / wall


def warm_pair(scenario, reps, repeats):
    """Seconds per timed sweep with 1 worker (this process) and on a running 2-worker pool,
    alternating, so that both see the same load from the machine's other users; and for
    each, the CPU seconds per run and the cores obtained (from the last repeat)."""
    one, two = open_backend("process", 1), open_backend("process", 2, eager=True)
    try:
        for pool in (one, two):  # warm up: workers started, scenario validated
            sim.sweep(scenario, replications=4, seed=99, pool=pool, progress=False, measure=cpu_stamp)
        t1, t2, cpu = [], [], {}
        for _ in range(repeats):
            for pool, times, name in ((one, t1, 1), (two, t2, 2)):
                start = time.perf_counter()
                result = sim.sweep(scenario, replications=reps, seed=0, pool=pool, progress=False, measure=cpu_stamp)
                times.append(time.perf_counter() - start)
                cpu[name] = cores_used(result.rows, times[-1])
    finally:
        two.close()
    return t1, t2, cpu


def cold_pair(scenario, reps, repeats):
    """The same, each sweep starting and stopping its own workers, as a user's call does."""
    t1, t2 = [], []
    for _ in range(repeats):
        t1.append(timed(lambda: sim.sweep(scenario, replications=reps, seed=0, workers=1, progress=False)))
        t2.append(timed(lambda: sim.sweep(scenario, replications=reps, seed=0, workers=2, progress=False)))
    return t1, t2, None


def cli_pair(path, reps, repeats):
    """The same through the command line, each a whole process: start-up, loading, the sweep."""
    import subprocess
    import tempfile

    command = [str(Path(sys.executable).with_name("stormdrill")), "sweep", str(path), "--reps", str(reps), "--quiet",
               "--force"]
    t1, t2 = [], []
    with tempfile.TemporaryDirectory() as where:  # the sweep keeps its runs file there while it works
        for _ in range(repeats):
            for workers, times in ((1, t1), (2, t2)):
                times.append(timed(lambda: subprocess.run(command + ["--workers", str(workers)], check=True,
                                                           capture_output=True, cwd=where)))
    return t1, t2, None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="timed sweeps per setting (median reported)")
    parser.add_argument("--quick", action="store_true", help="a quarter of the replications")
    parser.add_argument("--only", choices=sorted(SCENARIOS), help="one scenario")
    parser.add_argument("--modes", default="warm,cold,cli", help="comma-separated: warm, cold, cli (default all)")
    args = parser.parse_args(argv)
    modes = [m for m in ("warm", "cold", "cli") if m in args.modes.split(",")]
    print(f"cores: {os.cpu_count()}, load average at start: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'scenario':24} {'reps':>5} {'mode':5} {'1 worker/s':>11} {'2 workers/s':>12} {'speedup':>8}")
    for name, (path, reps) in SCENARIOS.items():
        if args.only and name != args.only:
            continue
        if not path.exists():
            print(f"{name:24} (missing: {path})")
            continue
        scenario = sim.load_scenario(path)
        reps = max(8, reps // 4) if args.quick else reps
        for mode, measure in ((m, {"warm": warm_pair, "cold": cold_pair, "cli": cli_pair}[m]) for m in modes):
            t1, t2, cpu = measure(path if mode == "cli" else scenario, reps, args.repeats)
            one, two = reps / statistics.median(t1), reps / statistics.median(t2)
            print(f"{name:24} {reps:5d} {mode:5} {one:11.1f} {two:12.1f} {two / one:7.2f}x"
                  f"   (s: 1w {', '.join(f'{t:.2f}' for t in t1)}; 2w {', '.join(f'{t:.2f}' for t in t2)})")
            if cpu:
                print(f"{'':36} CPU ms per run: 1w {cpu[1][0] * 1000:.1f}, 2w {cpu[2][0] * 1000:.1f}; "
                      f"cores obtained: 1w {cpu[1][1]:.2f}, 2w {cpu[2][1]:.2f}")
    print(f"load average at end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
