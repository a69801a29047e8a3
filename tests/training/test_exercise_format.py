"""Exercise files are validated like scenarios: every problem with file:line:col."""
import subprocess
import sys

import pytest

import sim
from training import load_exercise

from exercise_helpers import ROOT


def problems(path):
    with pytest.raises(sim.ScenarioError) as err:
        load_exercise(path)
    return err.value.problems


def test_the_shipped_exercises_load(exercise):
    assert len(exercise.injects) >= 10 and exercise.decisions
    assert exercise.scenario.name == "Tutorial village"


def test_unknown_field_and_bad_references_are_reported_where_they_are(village):
    path = village / "exercise.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("      - {action: close_road, edge: R8}", "      - {action: close_road, edge: R99}")
    text = text.replace("rules: [P3]}", "rules: [P33]}")
    text = text.replace("    notes: Anyone still at home", "    colour: red\n    notes: Anyone still at home")
    path.write_text(text, encoding="utf-8")
    found = problems(path)
    assert len(found) == 1 and found[0].reason == "unknown field"  # shape first: nothing else runs
    line = text.splitlines().index("    colour: red") + 1
    assert (found[0].file, found[0].line, found[0].col) == (str(path), line, 13)  # at the value

    path.write_text(text.replace("    colour: red\n", ""), encoding="utf-8")
    found = {p.path: p for p in problems(path)}
    assert "no road 'R99'" in found["injects.I10.effect.[0].edge"].reason
    assert "no plan rule 'P33'" in found["objectives.O2.tasks.O2.1.rules.[0]"].reason
    lines = text.replace("    colour: red\n", "").splitlines()
    assert found["injects.I10.effect.[0].edge"].line == next(i for i, l in enumerate(lines, 1) if "R99" in l)


def test_scenario_outside_the_folder_is_refused(village):
    path = village / "exercise.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("scenario: scenario.yaml", "scenario: ../../etc/passwd"),
                    encoding="utf-8")
    (found,) = problems(path)
    assert found.path == "scenario" and "outside" in found.reason and found.line > 1


def test_trigger_with_two_kinds_is_an_error(village):
    path = village / "exercise.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("when: {at: 20h}", "when: {at: 20h, signal: typhoon_red}"),
                    encoding="utf-8")
    found = problems(path)
    assert any(p.path.startswith("injects.I6.when") for p in found)


def test_cli_reports_a_bad_exercise_without_a_traceback_and_runs_nothing(village, tmp_path):
    path = village / "exercise.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("shelter: S2}\n", "shelter: S7}\n"), encoding="utf-8")
    db = tmp_path / "s.db"
    out = subprocess.run([sys.executable, "-m", "stormdrill.cli", "exercise", str(path), "--db", str(db)],
                         capture_output=True, text=True, input="", cwd=ROOT, timeout=60)
    assert out.returncode == 2
    assert f"{path}:" in out.stderr and "no shelter 'S7'" in out.stderr
    assert "Traceback" not in out.stderr
    assert "session" not in out.stdout


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*/exercise.yaml")), ids=lambda p: p.parent.name)
def test_every_shipped_exercise_loads_and_rewards_following_its_plan(path):
    from exercise_helpers import plan_actions, play_plan
    from training import Runner
    from training.record import record_of
    from training.scoring import score

    exercise = load_exercise(path)
    runner = play_plan(Runner(exercise), plan_actions(exercise))
    result = score(record_of(runner))
    assert result.timeliness == 1.0, [v.explain() for v in result.verdicts if v.status != "full"]
    # full marks when the plan meets the 10-hour target too; a plan that fails it cannot earn them
    assert result.overall == (100 if result.target_met else 99)
    assert len(runner.deliveries) >= 10  # injects fire on time and on the model's state
