"""Benchmark of the viewer: frames per second, headless, at district scale, drawing every frame.

    .venv/bin/python bench/viewer.py                 # the district scenario, 240 frames per window
    .venv/bin/python bench/viewer.py --frames 600
    .venv/bin/python bench/viewer.py --scenario scenarios/X/scenario.yaml
    .venv/bin/python bench/viewer.py --quick         # a small district, for a smoke run

Two scenarios: scenarios/river_district_flood/scenario.yaml (245 shelters, when it
exists), then a stress case: the 245-shelter, 450,000-person district that
bench/engine.py generates, with cohorts of 10 people walking at 1.5 km/h, so that
thousands of cohorts are on the roads at once (a harder picture than any real one). The viewer runs under SDL's dummy video driver at
1280×800 in plan mode at ×900, exactly as ``stormdrill play`` does: each frame steps the
model to the display clock's target, takes a snapshot and draws everything (map, panels,
feed, widgets, a hover tooltip).

Printed for three windows of simulated time — early (nothing moving yet), busy (the
moment with the most movers on the roads) and late (near the horizon) — the median and
90th-percentile frame time, the median and mean frames per second, and the most movers drawn.
The target is a median of at least 60 fps. docs/benchmarks.md keeps the figures.
"""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import sim  # noqa: E402
from viz.app import App, ViewerOptions  # noqa: E402
from viz.source import FreeRun  # noqa: E402

DISTRICT = ROOT / "scenarios" / "river_district_flood" / "scenario.yaml"
FRAME_S = 1 / 60


def scenarios(args):
    """The scenarios to draw, each with a line saying which it is."""
    if args.scenario:
        return [(sim.load_scenario(args.scenario), args.scenario)]
    out = []
    if DISTRICT.exists() and not args.quick:
        out.append((sim.load_scenario(DISTRICT), str(DISTRICT.relative_to(ROOT))))
    out.append(stress(args.quick))
    return out


def stress(quick):
    """bench/engine.py's generated district with cohorts of 10 walking at 1.5 km/h: thousands on the roads."""
    import engine as bench_engine

    data = bench_engine.district(**(bench_engine.QUICK if quick else bench_engine.FULL))
    data["cohort_size"] = 10
    data.setdefault("behaviour", {})["walking_speed_kmh"] = 1.5
    return sim.scenario_from_dict(data), "stress: generated district (bench/engine.py), cohorts of 10 walking at 1.5 km/h"


def busiest(scenario, step=0.25):
    """The time (h) with the most movers on the roads, found on a grid of *step* hours."""
    engine = sim.Engine(scenario, seed=0)
    best, at, t = -1, 0.0, 0.0
    while t <= engine.horizon:
        engine.run_until(t)
        n = len(engine.snapshot().movers)
        if n > best:
            best, at = n, t
        t += step
    return max(at - 0.25, 0.0)


def measure(app, start_h, frames):
    """Frame times (s) and movers drawn over *frames* frames from *start_h*."""
    play = app.play
    play.source.advance(start_h)
    play.clock.show(play.source.now)
    play.clock.playing = True
    play.refresh()
    play.map.hover = play.layout.map.center
    app.run_frames(5, FRAME_S)
    times, movers = [], []
    for _ in range(frames):
        t0 = time.perf_counter()
        app.frame(FRAME_S)
        times.append(time.perf_counter() - t0)
        movers.append(len(play.snap.movers))
    return times, movers


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", help="scenario YAML (default: the district file, then the stress district)")
    parser.add_argument("--frames", type=int, default=240, help="frames per window (default 240)")
    parser.add_argument("--quick", action="store_true", help="a small generated district")
    args = parser.parse_args(argv)
    for sc, name in scenarios(args):
        run(sc, name, args.frames)


def run(sc, name, frames):
    print(f"\nscenario: {name}: {len(sc.zones)} zones, {len(sc.shelters)} shelters, {sc.population:,} people")
    t0 = time.perf_counter()
    busy = busiest(sc)
    print(f"busiest moment found at T+{busy:.2f} h ({time.perf_counter() - t0:.1f} s to find)")
    app = App(FreeRun(sc), ViewerOptions(lang="zh", briefing=False))
    horizon = app.play.source.horizon
    windows = (("early", 2.0), ("busy", busy), ("late", horizon - 6.0))
    print(f"{'window':8} {'T+h':>6} {'median ms':>10} {'p90 ms':>8} {'median fps':>11} {'mean fps':>9} {'movers':>7}")
    for label, start in sorted(windows, key=lambda w: w[1]):
        times, movers = measure(app, start, frames)
        med = statistics.median(times)
        p90 = statistics.quantiles(times, n=10)[-1]
        mean_fps = len(times) / sum(times)
        print(f"{label:8} {start:6.1f} {med * 1000:10.2f} {p90 * 1000:8.2f} {1 / med:11.0f} {mean_fps:9.0f} {max(movers):7d}")
    app.close()


if __name__ == "__main__":
    main()
