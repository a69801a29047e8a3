"""An independent check of a stock recommendation: apply it and run storms it never saw.

    .venv/bin/python bench/stock_check.py scenarios/coastal_street_typhoon/scenario.yaml OUT/stock.csv \\
        --no-resupply --seed 3 --first 113 --runs 150

Reads the ``recommended`` column of the ``stock.csv`` that ``stormdrill stock --out OUT``
wrote, puts those stocks in the scenario (and, with ``--no-resupply``, takes every depot's
trucks away, as the stock test does), and runs replications ``--first`` .. ``--first`` +
``--runs`` - 1 of ``--seed`` — the answer prints the first replication it did not use. It
prints in how many the stock held (planning.draws.stock_held: no ``no_first_ration`` and no
``cut_off`` reason for the stock's items), with the 95 % Wilson interval. Compare it with the
interval the command printed: it should land inside, and never below a "meets" claim.
Not a test (it takes minutes); docs/sweeps.md records its figures.
"""
import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sim  # noqa: E402
from planning.draws import stock_held, stock_measure  # noqa: E402
from planning.joint import wilson  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario")
    parser.add_argument("stock_csv")
    parser.add_argument("--no-resupply", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--first", type=int, required=True, help="first replication (the answer says which)")
    parser.add_argument("--runs", type=int, default=150)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    scenario = sim.load_scenario(args.scenario)
    with open(args.stock_csv, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    overrides = {f"shelters.{r['shelter']}.stock.{r['item']}": float(r["recommended"]) for r in rows}
    if args.no_resupply:
        overrides.update({f"depots.{d.id}.trucks": 0 for d in scenario.depots})
    items = sorted({r["item"] for r in rows})
    result = sim.sweep(scenario.with_overrides(overrides), replications=list(range(args.first, args.first + args.runs)),
                       seed=args.seed, workers=args.workers, progress=False, measure=stock_measure)
    held = sum(stock_held(r, items) for r in result.rows)
    lo, hi = wilson(held, len(result.rows))
    print(f"{Path(args.scenario).parent.name}: the recommendation held in {held} of {len(result.rows)} fresh runs "
          f"(replications {args.first}-{args.first + args.runs - 1}, seed {args.seed}): {held / len(result.rows):.1%}, "
          f"95 % interval {lo:.1%}-{hi:.1%}")


if __name__ == "__main__":
    main()
