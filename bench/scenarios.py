"""Benchmark of the shipped scenarios: load (YAML + validation) and one plan-mode run each.

    .venv/bin/python bench/scenarios.py             # every scenario in scenarios/, 5 repetitions
    .venv/bin/python bench/scenarios.py --reps 9 river_district_flood

Prints, per scenario and repetition, the wall seconds to load the scenario, to build the
engine and to run it to the horizon, then the medians, and the people and cohorts so the
scale is visible. This is a benchmark, not a test; docs/benchmarks.md keeps its figures.
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sim  # noqa: E402


def once(path, seed):
    """(load s, build s, run s, engine) for one repetition."""
    t0 = time.perf_counter()
    scenario = sim.load_scenario(path)
    t1 = time.perf_counter()
    engine = sim.Engine(scenario, seed=seed)
    t2 = time.perf_counter()
    engine.run()
    t3 = time.perf_counter()
    return t1 - t0, t2 - t1, t3 - t2, engine


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="scenario folders under scenarios/ (default: all)")
    parser.add_argument("--reps", type=int, default=5, help="repetitions per scenario (default 5)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    folders = [ROOT / "scenarios" / n for n in args.names] if args.names else sorted(
        p.parent for p in (ROOT / "scenarios").glob("*/scenario.yaml"))
    print(f"{'scenario':<24} {'people':>9} {'cohorts':>8} {'load s':>8} {'build s':>8} {'run s':>8} {'total s':>8}")
    for folder in folders:
        rows = [once(folder / "scenario.yaml", args.seed) for _ in range(args.reps)]
        engine = rows[-1][3]
        for load, build, run, _ in rows:
            print(f"  {folder.name:<22} {'':>9} {'':>8} {load:8.3f} {build:8.3f} {run:8.3f} {load + build + run:8.3f}")
        med = [statistics.median(r[k] for r in rows) for k in range(3)]
        print(f"{folder.name:<24} {engine.scenario.population:>9,} {len(engine.population):>8,} "
              f"{med[0]:8.3f} {med[1]:8.3f} {med[2]:8.3f} {sum(med):8.3f}   (median of {args.reps})")


if __name__ == "__main__":
    main()
