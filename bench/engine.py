"""Benchmark of the engine: a whole district in plan mode, against a bare SimPy loop.

    .venv/bin/python bench/engine.py            # 450,000 people, 245 shelters, 72 h, 5 repetitions
    .venv/bin/python bench/engine.py --reps 9
    .venv/bin/python bench/engine.py --quick    # a small district, for a CI smoke run
    .venv/bin/python bench/engine.py --population 5000000 --reps 1   # the same district, more people
    .venv/bin/python bench/engine.py --scale    # 450 k, 1 M, 2 M, 5 M people, each in its own process

The scenario is generated here, in code: a river-valley coastal district of 11 townships
and about 200 village / community zones, the 245 shelters of the district plan in
local-documents.md §A (grade A 101, B 91, C 53; district 4, town 38, village 203), a
district → town → village depot network, a road network of several hundred nodes, a
typhoon with rain and a river, and a plan that warns, opens the shelters, orders the
exposed zones out and resupplies the shelters. It is validated with
``sim.scenario_from_dict`` like any scenario.

Printed: wall seconds to build the scenario, to build the engine and to run it (each
repetition, then the median), SimPy events processed per second of the run, the same
figure for a bare SimPy loop of timeouts in this process and their ratio, peak memory,
and the key KPIs; and, in the same repetitions, the minimal cohort model of
bench/minimal_model.py on the same cohorts (warn, mobilise, travel, intake, ration and nothing
else) with the ratio engine / minimal. ``--scale`` runs the district at 450,000, 1, 2 and 5
million people, each size in a fresh process (so each peak RSS is its own), and prints CPU
seconds per thousand cohorts: linear scaling keeps that figure flat. This is a benchmark,
not a test; docs/benchmarks.md keeps its figures.
"""
import argparse
import gc
import json
import math
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import simpy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sim  # noqa: E402
import sim.engine  # noqa: E402
from minimal_model import minimal_run  # noqa: E402

SCALE = (450_000, 1_000_000, 2_000_000, 5_000_000)
"""People in the district for --scale."""

FULL = dict(townships=11, zones=198, population=450_000, horizon="72h",
            shelters={"district": 4, "town": 38, "village": 203}, grades={"A": 101, "B": 91, "C": 53})
"""The district of local-documents.md §A: 245 shelters, 450,000 residents."""
QUICK = dict(townships=2, zones=36, population=45_000, horizon="72h",
             shelters={"district": 1, "town": 7, "village": 37}, grades={"A": 19, "B": 16, "C": 10})
"""A small district for a smoke run (about a tenth of the full one)."""

CAPACITY = {("district", "A"): 2500, ("town", "A"): 1200, ("village", "A"): 450, ("village", "B"): 300,
            ("village", "C"): 150}
"""Persons a shelter holds, by tier and grade (illustrative sizes of school halls, gyms, village halls)."""


# -- the scenario ------------------------------------------------------------------------
def district(townships, zones, population, horizon, shelters, grades, seed=2026):
    """A district scenario as a plain mapping (the same shape as a scenario YAML file)."""
    rng = np.random.default_rng(seed)
    nodes, edges, nodes_by = [], [], {}

    def node(nid, x, y, zone=None):
        nodes.append({"id": nid, "x_km": round(float(x), 3), "y_km": round(float(y), 3),
                      **({"zone": zone} if zone else {})})
        nodes_by[nid] = nodes[-1]
        return nid

    def road(a, b, speed, **extra):
        pa, pb = nodes_by[a], nodes_by[b]
        length = max(0.2, 1.25 * math.hypot(pa["x_km"] - pb["x_km"], pa["y_km"] - pb["y_km"]))
        edges.append({"id": f"E{len(edges) + 1}", "from": a, "to": b, "length_km": round(length, 3),
                      "speed_kmh": speed, **extra})

    # Townships along a river valley running west to east, the coast to the south-east.
    towns = [f"T{t + 1}" for t in range(townships)]
    centre = {}
    for t, town in enumerate(towns):
        x = 6.0 * t + rng.uniform(-1, 1)
        y = 8.0 * (t % 2) - 4.0 + rng.uniform(-1, 1)
        centre[town] = (x, y)
    for town, (x, y) in centre.items():
        node(f"C{town}", x, y)
    # Zones around their town centre; low-lying riverside zones near y = 0 flood first.
    zone_specs, per_town = [], np.array_split(np.arange(zones), townships)
    weights = rng.lognormal(0.0, 0.5, zones)
    people = np.floor(population * weights / weights.sum()).astype(int)
    people[: population - people.sum()] += 1
    for t, town in enumerate(towns):
        cx, cy = centre[town]
        for k, z in enumerate(per_town[t]):
            angle = 2 * math.pi * k / len(per_town[t]) + rng.uniform(-0.2, 0.2)
            radius = rng.uniform(1.5, 4.5)
            x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
            zid = f"Z{z + 1:03d}"
            riverside = abs(y) < 3.0
            zone_specs.append({
                "id": zid, "name": f"Community {z + 1}", "population": int(people[z]),
                "assisted_share": round(float(rng.uniform(0.06, 0.14)), 3), "x_km": round(x, 3), "y_km": round(y, 3),
                "node": f"N{zid}", "township": town, "wind_exposed": bool(rng.random() < 0.3),
                "_riverside": riverside,
            })
            # Two junctions between the village and its town centre.
            j1 = node(f"J{zid}a", cx + (x - cx) / 3, cy + (y - cy) / 3, zid)
            j2 = node(f"J{zid}b", cx + 2 * (x - cx) / 3, cy + 2 * (y - cy) / 3, zid)
            home = node(f"N{zid}", x, y, zid)
            road(f"C{town}", j1, 40)
            road(j1, j2, 30)
            road(j2, home, 25)
        # Village lanes between neighbouring villages of the township.
        ring = [f"N{zone_specs[z]['id']}" for z in per_town[t]]
        for a, b in zip(ring, ring[1:] + ring[:1]):
            road(a, b, 20)
    # Trunk roads between town centres, and a second link every other town (the valley road and a ridge road).
    for a, b in zip(towns, towns[1:]):
        road(f"C{a}", f"C{b}", 60)
    for a, b in zip(towns, towns[2:]):
        road(f"C{a}", f"C{b}", 50, closes_at_wind_ms=28.0)

    # Shelters: district ones by the middle town centres, town ones at their centres,
    # village ones in the villages (most villages have one; some have two).
    shelter_specs = []
    grade_left = dict(grades)
    grade_left["A"] -= shelters["district"] + shelters["town"]  # district and town shelters are all grade A
    village_grades = ["A"] * grade_left["A"] + ["B"] * grade_left["B"] + ["C"] * grade_left["C"]
    assert len(village_grades) == shelters["village"], "grades and tiers must add up to the same total"
    rng.shuffle(village_grades)

    def shelter(tier, grade, at, township, zone):
        sid = f"S{len(shelter_specs) + 1:03d}"
        cap = CAPACITY[(tier, grade)]
        p = nodes_by[at]
        shelter_specs.append({
            "id": sid, "grade": grade, "tier": tier, "capacity": cap, "beds": cap // 2,
            "area_m2": round(cap * 4.0), "intake": {"desks": {"district": 6, "town": 4, "village": 2}[tier],
                                                    "time_per_person": "1min"},
            "opening_delay": {"dist": "uniform", "low": "30min", "high": "90min"},
            "stock": {"water_l": cap * 6, "food": cap, "bedding": cap // 2, "medical": max(5, cap // 40)},
            "x_km": p["x_km"], "y_km": p["y_km"], "node": at, "township": township, "generator": grade == "A",
            **({"zone": zone} if zone else {}),
        })
        return sid

    middle = towns[len(towns) // 2 - shelters["district"] // 2:][: shelters["district"]] or towns[:1]
    district_ids = [shelter("district", "A", f"C{t}", t, None) for t in (middle * shelters["district"])[: shelters["district"]]]
    town_of = {}
    for k in range(shelters["town"]):
        t = towns[k % townships]
        town_of.setdefault(t, []).append(shelter("town", "A", f"C{t}", t, None))
    village_of = {}
    hosts = [zone_specs[z % zones] for z in range(shelters["village"])]
    for grade, zs in zip(village_grades, hosts):
        village_of.setdefault(zs["id"], []).append(shelter("village", grade, zs["node"], zs["township"], zs["id"]))

    # Depots: the district reserve, one per township, one in every sixth village.
    depots = [{"id": "D-district", "tier": "district", "trucks": 12, "truck_capacity_kg": 8000, "loading": "45min",
               "stock": {"water_l": 1_500_000, "food": 150_000, "bedding": 40_000, "medical": 3_000},
               "x_km": nodes_by[f"C{middle[0]}"]["x_km"], "y_km": nodes_by[f"C{middle[0]}"]["y_km"],
               "node": f"C{middle[0]}", "township": middle[0]}]
    for t in towns:
        p = nodes_by[f"C{t}"]
        depots.append({"id": f"D-{t}", "tier": "town", "trucks": 3, "truck_capacity_kg": 5000, "loading": "30min",
                       "stock": {"water_l": 120_000, "food": 12_000, "bedding": 4_000, "medical": 300},
                       "x_km": p["x_km"], "y_km": p["y_km"], "node": f"C{t}", "township": t})
    for zs in zone_specs[::6]:
        depots.append({"id": f"D-{zs['id']}", "tier": "village", "trucks": 1, "truck_capacity_kg": 2000,
                       "loading": "20min", "stock": {"water_l": 6_000, "food": 900, "bedding": 300, "medical": 30},
                       "x_km": zs["x_km"], "y_km": zs["y_km"], "node": zs["node"], "township": zs["township"]})

    # Exposed zones: riverside (they flood) and those with weak housing (wind).
    exposed = [zs["id"] for zs in zone_specs if zs["_riverside"] or zs["wind_exposed"]]
    drainage = {zs["id"]: ({"capacity_mm_h": 18, "ponding_factor": 4, "recession_m_h": 0.04, "bank_m": 3.5}
                           if zs["_riverside"] else {"capacity_mm_h": 30, "ponding_factor": 1.5})
                for zs in zone_specs}
    assignments = {}
    for zs in zone_specs:
        own = village_of.get(zs["id"], [])
        assignments[zs["id"]] = own + town_of.get(zs["township"], []) + district_ids[:1]
    rules = [
        {"id": "P1", "name": "Blue signal: warn everyone by broadcast and SMS", "when": {"signal": "typhoon_blue"},
         "do": [{"action": "warn", "zones": "all", "channels": ["broadcast", "sms"]}]},
        {"id": "P2", "name": "Yellow signal: open every shelter, response IV", "when": {"signal": "typhoon_yellow"},
         "delay": "30min",
         "do": [{"action": "open_shelter", "shelter": s["id"]} for s in shelter_specs]
         + [{"action": "raise_response", "level": "IV"}]},
        {"id": "P3", "name": "6 h call-up: evacuate the exposed zones, response III", "when": {"callup": "6h"},
         "delay": {"dist": "uniform", "low": "15min", "high": "45min"},
         "do": [{"action": "order_evacuation", "zone": z} for z in exposed]
         + [{"action": "raise_response", "level": "III"}]},
        {"id": "P4", "name": "Red signal: door-to-door sweep of the exposed zones, response II",
         "when": {"signal": "typhoon_red"},
         "do": [{"action": "raise_response", "level": "II"}]
         + [{"action": "order_evacuation", "zone": z, "channels": ["door_to_door"]} for z in exposed]},
        {"id": "P5", "name": "Onset: ask the district reserve for the two worst-hit townships",
         "when": {"before_onset": "0h"},
         "do": [{"action": "request_reserve", "township": t, "cover": 24} for t in towns[:2]]},
    ]
    for zs in zone_specs:
        del zs["_riverside"]
    west, east = centre[towns[0]][0], centre[towns[-1]][0]
    return {
        "name": f"Bench district ({population:,} residents)",
        "horizon": horizon,
        "cohort_size": 50,
        "series_step": "15min",
        "zones": zone_specs,
        "shelters": shelter_specs,
        "depots": depots,
        "roads": {"nodes": nodes, "edges": edges},
        "hazard": {
            "kind": "typhoon",
            "onset": "40h",
            "storm": {"track": [
                {"t": "0h", "x_km": east + 1300, "y_km": -1100, "max_wind_ms": 45, "rmw_km": 40, "rain_max_mm_h": 50,
                 "rain_radius_km": 180},
                {"t": "40h", "x_km": (west + east) / 2, "y_km": -10, "max_wind_ms": 42, "rmw_km": 40,
                 "rain_max_mm_h": 55, "rain_radius_km": 180},
                {"t": "52h", "x_km": west - 150, "y_km": 150, "max_wind_ms": 20, "rmw_km": 55, "rain_max_mm_h": 20,
                 "rain_radius_km": 150},
                {"t": "64h", "x_km": west - 350, "y_km": 300, "max_wind_ms": 0, "rmw_km": 60, "rain_max_mm_h": 0,
                 "rain_radius_km": 120},
            ]},
            "river": {"base_stage_m": 1.0, "gain_m_per_mm": 0.012, "lag_h": 8, "spread_h": 6},
            "drainage": drainage,
        },
        "plan": {"name": "District typhoon plan", "assignments": assignments, "rules": rules,
                 "resupply": {"cover_below": "12h", "cover_target": "24h", "depots": "nearest"}},
    }


# -- measuring ---------------------------------------------------------------------------
class CountingEnvironment(simpy.Environment):
    """A SimPy environment that counts the events it processes (used in counting runs only)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.processed = 0

    def step(self):
        self.processed += 1
        super().step()


def count_events(make_and_run):
    """Events processed by *make_and_run()*, with the engine's SimPy swapped for the counting one."""
    made = []

    class Counting(CountingEnvironment):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    plain = sim.engine.simpy.Environment
    sim.engine.simpy.Environment = Counting
    try:
        make_and_run()
    finally:
        sim.engine.simpy.Environment = plain
    return sum(env.processed for env in made)


def bare_loop(env, processes, steps):
    """*processes* SimPy processes that each wait *steps* random timeouts; nothing else."""
    rng = np.random.default_rng(1)

    def walker(delays):
        for d in delays:
            yield env.timeout(d)

    for _ in range(processes):
        env.process(walker(rng.exponential(1.0, steps).tolist()))
    return env


def timed(fn):
    """(wall seconds, result) of *fn()*."""
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def pin_to_one_core(cpu):
    """Run this process on CPU *cpu* only; return a description of where it runs."""
    if cpu is None:
        return f"not pinned (CPUs {sorted(os.sched_getaffinity(0))}; the run is single-threaded: compare CPU and wall time)"
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def peak_rss_mb():
    """Peak resident memory of this process so far (MB); ru_maxrss is in kB on Linux."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=5, help="timed repetitions of the run (default 5)")
    parser.add_argument("--quick", action="store_true", help="a small district (45,000 people), for a smoke run")
    parser.add_argument("--seed", type=int, default=0, help="engine seed (default 0)")
    parser.add_argument("--cpu", type=int, default=None, help="pin the process to this CPU (default: not pinned)")
    parser.add_argument("--population", type=int, default=None,
                        help="people in the full district (default 450,000; the shelters stay the same)")
    parser.add_argument("--scale", action="store_true", help="450 k, 1 M, 2 M and 5 M people, one process each")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # one line for --scale
    args = parser.parse_args(argv)
    if args.reps < 1:
        parser.error("--reps must be at least 1")
    if args.population is not None and args.population < 1000:
        parser.error("--population must be at least 1000")
    if args.scale:
        return scale(args)
    try:
        where = pin_to_one_core(args.cpu)
    except (OSError, ValueError) as exc:
        parser.error(f"cannot pin to CPU {args.cpu}: {exc}")
    print(f"load average {os.getloadavg()[0]:.2f} (1 min) at the start; {where}; Python {sys.version.split()[0]}, SimPy {simpy.__version__}, numpy {np.__version__}")
    size = QUICK if args.quick else FULL
    if args.population is not None:
        size = dict(size, population=args.population)
    rss_start = peak_rss_mb()

    gen_s, data = timed(lambda: district(**size))
    val_s, scenario = timed(lambda: sim.scenario_from_dict(data, file="<bench district>"))
    print(f"scenario: {len(scenario.zones)} zones, {len(scenario.shelters)} shelters "
          f"({_tally(s.grade for s in scenario.shelters)}; {_tally(s.tier for s in scenario.shelters)}), "
          f"{len(scenario.depots)} depots ({_tally(d.tier for d in scenario.depots)}), "
          f"{len(scenario.nodes)} road nodes, {len(scenario.edges)} roads, {scenario.population:,} people, "
          f"cohort_size {scenario.spec.cohort_size}, horizon {scenario.spec.horizon:g} h")
    print(f"generate scenario dict: {gen_s:.3f} s   validate (scenario_from_dict): {val_s:.3f} s")

    kpis = []
    events = count_events(lambda: kpis.append(sim.Engine(scenario, seed=args.seed, mode="plan").run().kpis))
    processes, steps = 1000, 100
    bare_events = count_events_bare(processes, steps)
    print(f"one run processes {events:,} SimPy events; the bare loop ({processes} processes x {steps} timeouts) "
          f"{bare_events:,}")

    # Each repetition times an engine run and then the bare loop, so both see the same load on the machine.
    builds, runs, cpus, totals, rates, bare_rates, ratios, result = [], [], [], [], [], [], [], None
    minimal_cpus, floor_ratios = [], []
    for rep in range(args.reps):
        del result
        gc.collect()
        build_s, engine = timed(lambda: sim.Engine(scenario, seed=args.seed, mode="plan"))
        cohorts = len(engine.population)
        cpu_start = time.process_time()
        run_s, result = timed(engine.run)
        cpu_s = time.process_time() - cpu_start
        del engine
        kpis.append(result.kpis)
        gc.collect()
        cpu_start = time.process_time()  # the yardstick on the same cohorts, build included as for the engine
        minimal_run(scenario, seed=args.seed)
        minimal_cpus.append(time.process_time() - cpu_start)
        engine_cpu = cpu_s + build_s  # build is single-threaded numpy work: wall ~ CPU
        floor_ratios.append(engine_cpu / minimal_cpus[-1])
        gc.collect()
        env = bare_loop(simpy.Environment(), processes, steps)
        bare_s = timed(env.run)[0]
        del env
        builds.append(build_s)
        runs.append(run_s)
        cpus.append(cpu_s)
        totals.append(build_s + run_s)
        rates.append(events / run_s)
        bare_rates.append(bare_events / bare_s)
        ratios.append(rates[-1] / bare_rates[-1])
        print(f"  rep {rep + 1}: engine build {build_s:.3f} s   run {run_s:.3f} s (CPU {cpu_s:.3f} s)   "
              f"total {totals[-1]:.3f} s   engine {rates[-1]:,.0f} events/s   bare loop {bare_rates[-1]:,.0f} events/s   "
              f"ratio {ratios[-1]:.3f}   minimal model CPU {minimal_cpus[-1]:.3f} s (engine / minimal "
              f"{floor_ratios[-1]:.2f})")
    rss_engine = peak_rss_mb()
    print(f"load average {os.getloadavg()[0]:.2f} (1 min) after the timed runs")
    if any(not _same(k, kpis[0]) for k in kpis):
        print("WARNING: the same seed gave different KPIs in different runs")
    gc.collect()
    traced_peak = math.nan
    if not args.json:  # (slow at millions of people; --scale reports the peak RSS of each size instead)
        tracemalloc.start()
        sim.Engine(scenario, seed=args.seed, mode="plan").run()
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

    k = result.kpis
    print()
    med = statistics.median
    print(f"median of {args.reps}: engine build {med(builds):.3f} s   run {med(runs):.3f} s   "
          f"build + run {med(totals):.3f} s   (target < 3 s for the full district); run CPU time {med(cpus):.3f} s")
    print(f"SimPy events per run: {events:,} ({cohorts:,} cohorts)")
    print(f"median events/s: engine {med(rates):,.0f}   bare SimPy loop {med(bare_rates):,.0f}   "
          f"ratio engine / bare loop {med(ratios):.3f}")
    print(f"minimal cohort model (bench/minimal_model.py, same {cohorts:,} cohorts): CPU {med(minimal_cpus):.3f} s; "
          f"engine build + run / minimal: {med(floor_ratios):.2f} (target <= 2)")
    print(f"peak RSS: {rss_engine:.0f} MB after the timed runs (process start {rss_start:.0f} MB); "
          f"tracemalloc peak of one build + run: {traced_peak / 2**20:.0f} MB   (target < 500 MB)")
    print("KPIs: " + "   ".join(f"{name} {_fmt(k[name])}" for name in (
        "people_ordered", "people_evacuated", "people_to_shelters", "people_in_danger_at_peak", "ete_90_h",
        "shelter_peak_occupancy", "shelter_overflow", "relief_secured_share", "relief_target_met",
        "relief_p90_h", "first_stockout_h")))
    print(f"events logged: {len(result.events):,} ({_tally((e['kind'] for e in result.events), top=6)})")
    if args.json:
        print(json.dumps({"people": scenario.population, "cohorts": cohorts, "build_s": med(builds),
                          "run_s": med(runs), "run_cpu_s": med(cpus), "minimal_cpu_s": med(minimal_cpus),
                          "ratio": med(floor_ratios), "peak_rss_mb": rss_engine, "events": events}))


def scale(args):
    """The district at each size of SCALE, each in a fresh process; a table of the figures."""
    import subprocess

    print(f"load average {os.getloadavg()[0]:.2f} (1 min) at the start; each size in its own process, "
          f"{args.reps} repetition(s), median")
    print(f"{'people':>10} {'cohorts':>8} {'build s':>8} {'run s':>7} {'run CPU s':>10} {'CPU ms/1k cohorts':>18} "
          f"{'minimal CPU s':>14} {'ratio':>6} {'peak RSS MB':>12}")
    for people in SCALE:
        cmd = [sys.executable, __file__, "--population", str(people), "--reps", str(args.reps), "--seed",
               str(args.seed), "--json"] + ([] if args.cpu is None else ["--cpu", str(args.cpu)])
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.splitlines()[-1]
        r = json.loads(out)
        print(f"{r['people']:>10,} {r['cohorts']:>8,} {r['build_s']:>8.3f} {r['run_s']:>7.3f} {r['run_cpu_s']:>10.3f} "
              f"{1000 * 1000 * r['run_cpu_s'] / r['cohorts']:>18.1f} {r['minimal_cpu_s']:>14.3f} {r['ratio']:>6.2f} "
              f"{r['peak_rss_mb']:>12.0f}")
    print(f"load average {os.getloadavg()[0]:.2f} (1 min) at the end")


def count_events_bare(processes, steps):
    env = bare_loop(CountingEnvironment(), processes, steps)
    env.run()
    return env.processed


def _same(a, b):
    """True if two KPI dicts hold the same values (NaN equal to NaN)."""
    return a.keys() == b.keys() and all(a[k] == b[k] or (a[k] != a[k] and b[k] != b[k]) for k in a)


def _tally(values, top=None):
    counts = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    pairs = sorted(counts.items(), key=lambda p: -p[1])[:top] if top else sorted(counts.items())
    return ", ".join(f"{k} {n}" for k, n in pairs)


def _fmt(value):
    if isinstance(value, float):
        return f"{value:.3f}" if math.isfinite(value) else "inf"
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


if __name__ == "__main__":
    main()
