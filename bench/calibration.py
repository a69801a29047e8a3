"""Calibration of the transfer model against published transfers (docs/calibration.md).

    .venv/bin/python bench/calibration.py                 # every case, 100 seeds each, 2 workers
    .venv/bin/python bench/calibration.py --seeds 200 --only yagi,luonan
    .venv/bin/python bench/calibration.py --markdown      # the table as docs/calibration.md shows it

Each case is a stylised scenario of one published transfer (the people, the timeline and the
plan an office would have followed, built here in code) and one figure the office published.
The script plays it with seeds 0 .. N-1 and prints, per case, the published figure, the
model's median and 90 % interval, the band the median is held to and the source. It exits
with status 1 when a median leaves its band. This is a benchmark, not a test: the suite runs
a small check of the same cases (tests/sim/test_calibration.py).

The scenarios are stylised: equal villages on a straight coast, one shelter each, hazard
series typed in (not a storm model), only as much of a plan as the figure depends on. What
each case assumes is in its docstring and in docs/calibration.md.
"""
import argparse
import statistics
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

import sim  # noqa: E402


@dataclass(frozen=True)
class Case:
    """One published figure and the stylised scenario that should reproduce it."""

    id: str
    event: str
    figure: str
    published: float
    band: tuple  # (low, high): the model's median must lie inside
    source: str
    default: str  # the default this case calibrates


# -- building stylised scenarios ----------------------------------------------------------------

def villages(count, people, cohort, points, onset, horizon, rules, kind="typhoon", transfer=None, **extra):
    """A scenario of *count* equal villages (*people* in all) on a straight coast, each with its
    own open shelter 1 km inland (room for everyone, no stocks: relief is not measured here),
    the same hazard *points* in every village, and a plan of *rules*."""
    share, rest = divmod(people, count)
    zones, shelters, nodes, edges, hazard = [], [], [], [], {}
    for k in range(count):
        z = f"Z{k:02d}"
        zones.append({"id": z, "population": share + (1 if k < rest else 0), "x_km": 2.0 * k, "y_km": 0.0,
                      "node": f"N{z}", "township": "T1"})
        shelters.append({"id": f"S{k:02d}", "grade": "B", "tier": "village", "capacity": share + 1,
                         "open_at_start": True, "intake": {"desks": 50, "time_per_person": "1s"},
                         "x_km": 2.0 * k, "y_km": 1.0, "node": f"NS{k:02d}", "township": "T1"})
        nodes += [{"id": f"N{z}", "x_km": 2.0 * k, "y_km": 0.0, "zone": z},
                  {"id": f"NS{k:02d}", "x_km": 2.0 * k, "y_km": 1.0}]
        edges.append({"id": f"R{k:02d}", "from": f"N{z}", "to": f"NS{k:02d}", "length_km": 1.0})
        hazard[z] = points
    plan = {"name": "stylised plan", "assignments": {z["id"]: [s["id"]] for z, s in zip(zones, shelters)},
            "rules": rules}
    if transfer is not None:
        plan["transfer"] = transfer
    data = {"name": "stylised", "horizon": horizon, "cohort_size": cohort, "zones": zones, "shelters": shelters,
            "roads": {"nodes": nodes, "edges": edges}, "hazard": {"kind": kind, "onset": onset, "points": hazard},
            "plan": plan}
    data.update(extra)
    return data


def rule(rid, at, *actions):
    return {"id": rid, "when": {"at": at}, "do": list(actions)}


def each(zone_ids, **action):
    return [{**action, "zone": z} for z in zone_ids]


def zone_ids(count):
    return [f"Z{k:02d}" for k in range(count)]


# -- the cases ----------------------------------------------------------------------------------

def yagi():
    """Yagi (摩羯) 2024, Hainan. Due 419,323; landfall in the afternoon of 6 Sep (taken as 16:20,
    T+32.3 h from 08:00 on 5 Sep); the 09:00 report (T+25 h): 418,275 transferred. The stylised
    plan warns everyone by broadcast and SMS, and the responsible cadres carry the order to
    every household on the list on the afternoon before (T+6 h, door to door: the first sweep)
    and keep them out (防回流), sweep again in the evening (T+12 h) and force the refusers out
    overnight (T+15 h, 80 teams per village of 10,500). The figure is the share transferred at
    the 09:00 report: after two sweeps, the households neither sweep found."""
    ids = zone_ids(40)
    points = {"t": [0, 20, 32.3, 40, 60], "wind_ms": [5, 15, 45, 20, 5], "depth_m": [0, 0, 0.8, 0.3, 0]}
    door = {"action": "order_evacuation", "channels": ["door_to_door"]}
    rules = [rule("P0", 0, {"action": "warn", "channels": ["broadcast", "sms"]}),
             rule("P1", 6, *each(ids, **door), *each(ids, action="prevent_return")),
             rule("P2", 12, *each(ids, **door)),
             rule("F1", 15, *each(ids, action="forced_transfer", teams=80))]
    return villages(40, 419_323, 100, points, 32.3, 48, rules)


def lekima():
    """Lekima (利奇马) 2019, Zhejiang. Before the 01:45 landfall on 10 Aug more than 700,000
    people were transferred, more than 110,000 of them into shelters (about 16 %). The stylised
    plan: 720,000 due in 60 villages, ordered a day before landfall (every channel), swept
    again, refusers forced out (to shelters); the figure is the share of the transferred in
    public shelters (集中安置) at landfall."""
    ids = zone_ids(60)
    points = {"t": [0, 18, 30, 40, 60], "wind_ms": [5, 15, 45, 20, 5], "depth_m": [0, 0, 0.8, 0.3, 0]}
    rules = [rule("P1", 6, *each(ids, action="order_evacuation"), *each(ids, action="prevent_return")),
             rule("P2", 14, *each(ids, action="order_evacuation", channels=["door_to_door"])),
             rule("F1", 18, *each(ids, action="forced_transfer", teams=40))]
    return villages(60, 720_000, 200, points, 30, 44, rules)


def luonan():
    """Luonan (洛南), Shaanxi, 6 Aug 2020: of 5 dead and 10 missing, 3 dead and 4 missing had gone
    back home after transferring (7 of 15). A flash flood: heavy rain in the afternoon, a lull
    in the evening, the flood at night. The stylised plan is what failed there: one order with a
    door-to-door sweep, no 防回流, no forced transfer. The figure is the share of the people
    left in danger at the flood peak who had gone back home."""
    ids = zone_ids(10)
    points = {"t": [0, 1, 6, 7, 13, 14, 18, 24, 40], "rain_mm_h": [30, 40, 40, 5, 5, 50, 60, 5, 0],
              "depth_m": [0, 0, 0.2, 0.2, 0.1, 0.3, 1.5, 0.5, 0]}
    rules = [rule("P1", 1, *each(ids, action="order_evacuation"))]
    return villages(10, 6_000, 10, points, 14, 40, rules, kind="flood")


def yuhuan():
    """Yuhuan (玉环), Taizhou, 2015, typhoon Chan-hom: after the notice to leave, 62 of 312 boats
    were still in the unsafe harbour, and cadres went boat to boat. One boat is one cohort of two
    fishermen; the notice goes out by broadcast and SMS (no knock: that came after); the figure
    is the share of boats still in harbour 6 hours after the notice."""
    rules = [rule("P1", 1, {"action": "order_evacuation", "zone": "Z00", "channels": ["broadcast", "sms"]})]
    points = {"t": [0, 20, 30, 40], "wind_ms": [5, 20, 45, 5]}
    data = villages(1, 624, 2, points, 30, 42, rules)
    data["zones"][0]["assisted_share"] = 0.0  # fishermen, all able to move
    return data


def share_at(series, name, t, total):
    return float(np.interp(t, series["t"], series[name])) / total


CASES = {
    "yagi": (Case("yagi", "Yagi 2024 (摩羯), Hainan", "transferred share at the 09:00 report, 7.3 h before landfall",
                  418_275 / 419_323, (0.9950, 0.9995),
                  "The Paper (澎湃), 6 Sep 2024 09:00: due 419,323, transferred 418,275",
                  "door_to_door reach 0.95 (not found 5 % per sweep)"),
             yagi, lambda r: float(np.interp(25.0, r.series["t"], r.series["transferred"])) / r.kpis["people_due"]),
    "lekima": (Case("lekima", "Lekima 2019 (利奇马), Zhejiang", "share of the transferred in public shelters at landfall",
                    110_000 / 700_000, (0.12, 0.20),
                    "Xinhua, 10 Aug 2019: >700,000 transferred, >110,000 in 12,000 shelters",
                    "public_share"),
               lekima, lambda r: r.kpis["people_central"] / r.kpis["people_transferred"]),
    "luonan": (Case("luonan", "Luonan flash flood 2020 (洛南), Shaanxi",
                    "share of the people caught by the flood who had gone back home", 7 / 15, (0.30, 0.65),
                    "Luonan, 6 Aug 2020: 3 of 5 dead and 4 of 10 missing had returned home after transferring",
                    "transfer.return_share"),
               luonan, lambda r: r.kpis["danger_returned"] / max(r.kpis["people_left_in_danger"], 1)),
    "yuhuan": (Case("yuhuan", "Chan-hom 2015 (灿鸿), Yuhuan harbour", "share of boats still in harbour after the notice",
                    62 / 312, (0.15, 0.25),
                    "Yuhuan (Taizhou), 2015: 62 of 312 boats still in an unsafe harbour after the notice",
                    "compliance"),
               yuhuan, lambda r: share_at(r.series, "home", 7.0, r.kpis["population"])),
}
"""id -> (Case, scenario builder, measure(RunResult) -> the figure)."""


@lru_cache(maxsize=None)
def scenario(case_id):
    return sim.scenario_from_dict(CASES[case_id][1]())


def measure(case_id, seed):
    """The case's figure in one run with *seed*."""
    return CASES[case_id][2](sim.run(scenario(case_id), seed=seed))


def figures(case_id, seeds, workers=1):
    """The figure over *seeds* (a range), in seed order."""
    if workers <= 1:
        return [measure(case_id, s) for s in seeds]
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(measure, [case_id] * len(seeds), seeds))


def summary(values):
    """(median, 5th percentile, 95th percentile) of *values*."""
    low, high = np.percentile(values, [5, 95])
    return statistics.median(values), float(low), float(high)


def row(case, values):
    median, low, high = summary(values)
    inside = case.band[0] <= median <= case.band[1]
    return {"case": case, "median": median, "low": low, "high": high, "n": len(values), "inside": inside}


def print_rows(rows, markdown=False):
    if markdown:
        print("| event | figure | published | model median | model 90 % interval | band | seeds | calibrates | source |")
        print("| --- | --- | ---: | ---: | --- | --- | ---: | --- | --- |")
        for r in rows:
            c = r["case"]
            print(f"| {c.event} | {c.figure} | {c.published:.2%} | {r['median']:.2%} | {r['low']:.2%} – "
                  f"{r['high']:.2%} | {c.band[0]:.2%} – {c.band[1]:.2%} | {r['n']} | {c.default} | {c.source} |")
        return
    for r in rows:
        c = r["case"]
        mark = "ok" if r["inside"] else "OUTSIDE"
        print(f"{c.id:<8} published {c.published:8.2%}  median {r['median']:8.2%}  90% [{r['low']:.2%}, "
              f"{r['high']:.2%}]  band [{c.band[0]:.2%}, {c.band[1]:.2%}]  n={r['n']}  {mark}")
        print(f"         {c.event}: {c.figure}; calibrates {c.default}; {c.source}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=100, help="seeds per case (default 100)")
    parser.add_argument("--only", default="", help="comma-separated case ids: " + ", ".join(CASES))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--markdown", action="store_true", help="print the table as docs/calibration.md shows it")
    args = parser.parse_args(argv)
    chosen = [c for c in args.only.split(",") if c] or list(CASES)
    unknown = [c for c in chosen if c not in CASES]
    if unknown:
        parser.error(f"unknown case {', '.join(unknown)}; one of {', '.join(CASES)}")
    rows = [row(CASES[c][0], figures(c, range(args.seeds), args.workers)) for c in chosen]
    print_rows(rows, args.markdown)
    outside = [r["case"].id for r in rows if not r["inside"]]
    if outside:
        print(f"outside the band: {', '.join(outside)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
