"""Every scenario of the library loads with ``stormdrill validate`` and the small ones run
with ``stormdrill run`` (the district one is run through sim.run by its own tests)."""
import json

import pytest

from regenerate_reference import SCENARIOS
from stormdrill.cli import main

SIZES = {  # zones, shelters, residents: what each README says the scenario holds
    "tutorial_village": (3, 2, 2_610),
    "coastal_street_typhoon": (9, 16, 100_000),
    "river_district_flood": (110, 245, 470_000),
    "urban_rainstorm_631": (5, 4, 55_000),
}


@pytest.mark.parametrize("name", sorted(SIZES))
def test_validate_accepts_each_scenario(name, capsys):
    assert main(["validate", str(SCENARIOS / name / "scenario.yaml")]) == 0
    zones, shelters, people = SIZES[name]
    out = capsys.readouterr().out
    assert f"ok (scenario) — {zones} zones, {shelters} shelters" in out
    assert f"{people:,} people" in out


@pytest.mark.parametrize("name", ["tutorial_village", "urban_rainstorm_631"])
def test_run_writes_the_reference_kpis(name, tmp_path, capsys):
    assert main(["run", str(SCENARIOS / name / "scenario.yaml"), "--seed", "0", "--out", str(tmp_path),
                 "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert "PASS 10-hour relief target" in printed and "transfer_share" in printed
    written = json.loads((tmp_path / "kpis.json").read_text())
    reference = json.loads((SCENARIOS / name / "reference_kpis.json").read_text())["kpis"]
    assert written["people_displaced"] == reference["people_displaced"]
    assert written["relief_max_h"] == pytest.approx(reference["relief_max_h"], rel=1e-6)
