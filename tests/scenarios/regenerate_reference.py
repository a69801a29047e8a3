"""Write the reference KPIs of the library's scenarios: one plan-mode run, seed 0.

    .venv/bin/python tests/scenarios/regenerate_reference.py [NAME ...]

Each scenarios/NAME/reference_kpis.json holds the KPIs of ``sim.run(scenario, seed=0)``;
tests/scenarios/test_reference_kpis.py compares a fresh run against it. Regenerate only
when a change to the engine or to the scenario is meant to move the figures, and say why
in the commit.
"""
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
NAMES = ("tutorial_village", "coastal_street_typhoon", "river_district_flood", "urban_rainstorm_631")
SEED = 0
COMMAND = ".venv/bin/python tests/scenarios/regenerate_reference.py"


def reference_path(name):
    return SCENARIOS / name / "reference_kpis.json"


def jsonable(kpis):
    """KPIs with infinities written as null (JSON has no infinity)."""
    return {k: (None if isinstance(v, float) and math.isinf(v) else v) for k, v in kpis.items()}


def regenerate(name):
    sys.path.insert(0, str(ROOT))
    import sim

    scenario = sim.load_scenario(SCENARIOS / name / "scenario.yaml")
    kpis = sim.run(scenario, seed=SEED).kpis
    doc = {"scenario": f"scenarios/{name}/scenario.yaml", "mode": "plan", "seed": SEED,
           "regenerate": COMMAND + f" {name}", "kpis": jsonable(kpis)}
    reference_path(name).write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return doc


if __name__ == "__main__":
    for name in sys.argv[1:] or NAMES:
        if name not in NAMES:
            sys.exit(f"unknown scenario {name!r}; one of {', '.join(NAMES)}")
        regenerate(name)
        print(f"wrote {reference_path(name).relative_to(ROOT)}")
