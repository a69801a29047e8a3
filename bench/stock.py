"""Benchmark of the stock stress test: wall time and simulations used.

    .venv/bin/python bench/stock.py                  # coastal_street_typhoon, then river_district_flood
    .venv/bin/python bench/stock.py --only coastal_street_typhoon
    .venv/bin/python bench/stock.py --workers 2 --reps 40

Each scenario is answered as ``stormdrill stock FILE --confidence 0.95 --items
water_l,food,bedding --workers 2`` does (as planned: 40 fresh runs with the stock held now
first; when it holds in all of them they are the answer, and the runs that settle the
interval are played when no more than 40; otherwise 40 runs with ample stock, then 40 fresh
runs to verify), timed from the call to the answer, workers started inside (as a user pays
for them). It prints the wall time, the simulations used, the CPU seconds of this process,
the load average before and after (the machine is shared: say how busy it was), and the
verified probability. Targets: coastal ≤ 30 s (issue 10), river ≤ 30 s (issue 28). This is
a benchmark, not a test; docs/benchmarks.md keeps its figures.
"""
import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import planning  # noqa: E402
import sim  # noqa: E402

SCENARIOS = {
    "coastal_street_typhoon": (ROOT / "scenarios" / "coastal_street_typhoon" / "scenario.yaml", 30.0),
    "river_district_flood": (ROOT / "scenarios" / "river_district_flood" / "scenario.yaml", 30.0),
}
"""name -> (file, target wall seconds)."""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(SCENARIOS))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--reps", type=int, default=40)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, workers {args.workers}, reps {args.reps}")
    for name, (path, target) in SCENARIOS.items():
        if args.only and name != args.only:
            continue
        scenario = sim.load_scenario(path)
        load0 = os.getloadavg()
        start, cpu0 = time.perf_counter(), time.process_time()
        answer = planning.stock_test(scenario, items=["water_l", "food", "bedding"], confidence=0.95,
                                     replications=args.reps, workers=args.workers)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu0
        load1 = os.getloadavg()
        v = answer.verification
        lo, hi = v.interval
        print(f"{name}: {wall:.1f} s wall (target {target:.0f} s: {'ok' if wall <= target else 'MISSED'}), "
              f"{answer.runs} simulations, {len(scenario.shelters)} shelters, {cpu:.1f} CPU-s in this process; "
              f"load {load0[0]:.2f} before, {load1[0]:.2f} after; verified {v.p:.0%} [{lo:.0%}, {hi:.0%}], "
              f"stock holds with ample stock {answer.ample.p:.0%} (whole verdict {answer.ample_verdict.p:.0%}), "
              f"now {answer.now.p:.0%}, {answer.rounds} correction round(s); "
              f"buy {sum(n.add for n in answer.needs):,} purchase units")


if __name__ == "__main__":
    main()
