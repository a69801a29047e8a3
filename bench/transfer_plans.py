"""How often each shipped plan passes, and what its voluntary-only variant leaves behind.

    .venv/bin/python bench/transfer_plans.py              # every shipped scenario, seeds 0-9
    .venv/bin/python bench/transfer_plans.py --seeds 30 coastal_street_typhoon

Each shipped plan is written as a Chinese office writes it (a transfer list, door-to-door
sweeps, forced transfer, 防回流, lifting the order); its forced transfers are the rules whose
id starts with FT. The voluntary-only variant is the same plan with those rules never carried
out (``--set plan.rules.FT1.fail_prob=1`` ...). Per scenario this prints the PASS count over the
seeds, the median transfer share at the onset, and the people left in danger by why (summed
over the seeds), for the plan and for the variant. The suite checks a few seeds of each
(tests/scenarios/test_<scenario>.py); docs/scenarios.md keeps the figures.
"""
import argparse
import statistics
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sim  # noqa: E402
from sim.transfer_why import WHYS  # noqa: E402

NAMES = ("tutorial_village", "coastal_street_typhoon", "urban_rainstorm_631", "river_district_flood")


def voluntary(scenario):
    """Overrides that leave out every forced-transfer rule (ids starting with FT)."""
    return {f"plan.rules.{r.id}.fail_prob": 1.0 for r in scenario.plan.rules if r.id.startswith("FT")}


def play(scenario, seeds, overrides=None):
    """(PASS count, median transfer share, whys summed over the seeds)."""
    passed, shares, whys = 0, [], Counter()
    for seed in seeds:
        k = sim.run(scenario, seed=seed, overrides=overrides).kpis
        passed += k["verdict"] == "PASS"
        shares.append(k["transfer_share"])
        whys.update({w: k[f"danger_{w}"] for w in WHYS if k[f"danger_{w}"]})
    return passed, statistics.median(shares), whys


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="scenario folders (default: the four shipped ones)")
    parser.add_argument("--seeds", type=int, default=10)
    args = parser.parse_args(argv)
    seeds = range(args.seeds)
    print(f"{'scenario':<24} {'variant':<10} {'PASS':>7} {'median transfer_share':>22}  left in danger by why (all seeds)")
    for name in args.names or NAMES:
        scenario = sim.load_scenario(ROOT / "scenarios" / name / "scenario.yaml")
        for label, overrides in (("plan", None), ("voluntary", voluntary(scenario))):
            passed, share, whys = play(scenario, seeds, overrides)
            shown = ", ".join(f"{w} {n:,}" for w, n in whys.most_common()) or "none"
            print(f"{name:<24} {label:<10} {passed:>3}/{len(seeds):<3} {share:>22.4%}  {shown}")


if __name__ == "__main__":
    main()
