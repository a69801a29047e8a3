"""Writing exercises: validate any stormdrill file, the exercise schema, the MSEL spreadsheet."""
import csv
import json
import shutil
import subprocess
import sys

import jsonschema
import pytest
import yaml

from exercise_helpers import ROOT
from training import load_exercise
from training.msel_sheet import MselError, _header_key, import_msel, to_rows, write_msel

SHIPPED = sorted((ROOT / "scenarios").glob("*/exercise.yaml"))


def cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "stormdrill.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.parent.name)
def test_validate_reads_a_shipped_exercise_as_an_exercise(path):
    out = cli("validate", path)
    assert out.returncode == 0, out.stderr
    assert "ok (exercise)" in out.stdout and "injects" in out.stdout


def test_validate_picks_the_schema_of_plans_and_scenarios_and_points_into_the_plan(tmp_path):
    folder = tmp_path / "village"
    shutil.copytree(ROOT / "scenarios" / "tutorial_village", folder)
    assert "ok (plan)" in cli("validate", folder / "plan.yaml").stdout
    assert "ok (scenario)" in cli("validate", folder / "scenario.yaml").stdout
    plan = folder / "plan.yaml"
    good_plan = plan.read_text(encoding="utf-8")
    plan.write_text(plan.read_text(encoding="utf-8").replace("zone: Z1, group: all}", "zone: Z7, group: all}", 1),
                    encoding="utf-8")
    out = cli("validate", plan)
    assert out.returncode == 2 and "plan.yaml:" in out.stderr and "Z7" in out.stderr and "Traceback" not in out.stderr
    plan.write_text(good_plan, encoding="utf-8")
    ex = folder / "exercise.yaml"
    ex.write_text(ex.read_text(encoding="utf-8").replace("role: grid_worker}", "role: gird_worker}", 1), encoding="utf-8")
    out = cli("validate", ex)
    assert out.returncode == 2 and "exercise.yaml:" in out.stderr and "gird_worker" in out.stderr
    assert out.stderr.count("\n") == 1  # one problem, not a scenario's dozen


def test_schema_of_the_exercise_format_accepts_the_shipped_exercises():
    out = cli("schema", "--exercise")
    assert out.returncode == 0, out.stderr
    schema = json.loads(out.stdout)
    assert schema["title"] == "stormdrill exercise script"
    for path in SHIPPED:
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"name": "x", "scenario": "s.yaml", "roles": [{"id": "a"}], "injects": [{"id": "I1"}]},
                            schema)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.parent.name)
def test_msel_round_trip_gives_back_the_same_exercise(tmp_path, path, suffix):
    original = load_exercise(path)
    folder = tmp_path / "ex"
    shutil.copytree(path.parent, folder)
    sheet = write_msel(original.spec, tmp_path / f"msel{suffix}")
    data, rows = import_msel(sheet, folder / "exercise.yaml")
    assert len(rows) == len(original.injects) + len(original.decisions)
    out = folder / "again.yaml"
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    again = load_exercise(out)
    assert again.spec == original.spec
    assert to_rows(again.spec) == to_rows(original.spec)


def test_msel_bad_rows_are_reported_by_row_number_all_at_once(tmp_path):
    path = ROOT / "scenarios" / "tutorial_village" / "exercise.yaml"
    folder = tmp_path / "ex"
    shutil.copytree(path.parent, folder)
    good = write_msel(load_exercise(path).spec, tmp_path / "msel.csv")
    rows = list(csv.reader(good.open(encoding="utf-8-sig")))
    col = {_header_key(h): i for i, h in enumerate(rows[0])}
    rows[2][col["type"]] = "通知"  # row 3: not a type
    rows[3][col["when"]] = "{signal: typhoon_purple}"  # row 4: no such signal
    rows[4][col["expected_action"]] = "{do: {action: warn, zones: [Z9]}}"  # row 5: no zone Z9
    rows[5][col["expected_action"]] = "{do: {action: warn"  # row 6: broken YAML
    rows[6][col["id"]] = rows[1][col["id"]]  # row 7: the id of row 2 again
    bad = tmp_path / "bad.csv"
    with bad.open("w", encoding="gbk", newline="") as f:  # as Excel saves "CSV" on a Chinese PC
        csv.writer(f).writerows(rows)
    with pytest.raises(MselError) as caught:
        import_msel(bad, folder / "exercise.yaml")
    text = "\n".join(caught.value.problems)
    for row, words in ((3, "type"), (4, "when"), (5, "Z9"), (6, "expected_action"), (7, "row 2")):
        assert any(p.startswith(f"{bad}:{row}: ") and words in p for p in caught.value.problems), (row, text)
    out = cli("exercise", "import", bad, "--base", folder / "exercise.yaml", "-o", folder / "new.yaml")
    assert out.returncode == 2 and f"{bad}:5: expected_action" in out.stderr and "Traceback" not in out.stderr
    assert not (folder / "new.yaml").exists()


def test_exercise_export_then_import_on_the_command_line(tmp_path):
    folder = tmp_path / "ex"
    shutil.copytree(ROOT / "scenarios" / "coastal_street_typhoon", folder)
    out = cli("exercise", "export", folder / "exercise.yaml", "-o", tmp_path / "msel.xlsx")
    assert out.returncode == 0, out.stderr
    out = cli("exercise", "import", tmp_path / "msel.xlsx", "--base", folder / "exercise.yaml", "-o",
              folder / "from_msel.yaml")
    assert out.returncode == 0, out.stderr
    assert "17 injects and 2 decision points" in out.stdout
    assert load_exercise(folder / "from_msel.yaml").spec == load_exercise(folder / "exercise.yaml").spec
    again = cli("exercise", "import", tmp_path / "msel.xlsx", "--base", folder / "exercise.yaml", "-o",
                folder / "from_msel.yaml")
    assert again.returncode == 2 and "--force" in again.stderr
