"""One command line (issue 27): every command spells an option the same way and gives it the
same default (stormdrill/options.py), `replay` prints the table `run` prints, `--help` loads no
command it does not show, and an optional package that is missing is named with its extra."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

import messages
from stormdrill import options
from stormdrill.cli import COMMANDS, build_parser, main

ROOT = Path(__file__).resolve().parents[1]
TUTORIAL = ROOT / "scenarios" / "tutorial_village" / "exercise.yaml"

WRITES = {"run", "sweep", "stock", "import", "play", "report", "salvage", "exercise-import", "exercise-export",
          "handouts"}
"""Commands that write files (play: the reports written from its score card)."""
LOADS_A_SCENARIO = {"run", "validate", "sweep", "stock", "reserve", "play"}
"""Commands that load a scenario file the user names (exercise and host load the one an exercise
names, and a session keeps that scenario as written, so they take no --set)."""
LONG = {"run", "sweep", "stock", "import"}
"""Commands that can run for more than a few seconds unattended."""
RESUMES = {"exercise", "host", "play", "sweep"}


def _flags(command):
    parser = build_parser(messages.texts("en"), command)._subparsers._group_actions[0].choices[command]
    return {s: a for a in parser._actions for s in a.option_strings}


@pytest.mark.parametrize("command", sorted(WRITES))
def test_a_command_that_writes_takes_out_with_o_and_force_beside_it(command):
    flags = _flags(command)
    assert flags["--out"] is flags["-o"] and "--force" in flags


@pytest.mark.parametrize("command", sorted(LOADS_A_SCENARIO))
def test_a_command_that_loads_a_scenario_takes_set(command):
    assert _flags(command)["--set"].dest == "overrides"


@pytest.mark.parametrize("command", sorted(LONG))
def test_a_long_command_takes_quiet(command):
    assert "--quiet" in _flags(command)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_the_same_option_has_the_same_default_everywhere(command):
    flags = _flags(command)
    if "--reps" in flags:
        assert flags["--reps"].default == options.REPLICATIONS
    if "--confidence" in flags:
        assert flags["--confidence"].default == options.CONFIDENCE
    if "--seed" in flags:
        assert flags["--seed"].default in (0, None)  # None: the exercise's own seed
    visible = {s for s, a in flags.items() if a.help != "==SUPPRESS=="}
    assert "--session" not in visible  # a recorded session is resumed with --resume everywhere
    if command in RESUMES:
        assert "--resume" in flags


def test_play_still_understands_session_as_resume():
    flags = _flags("play")
    assert flags["--session"].dest == flags["--resume"].dest == "resume"


def test_the_seed_limit_is_the_models():
    from sim.streams import MAX_SEED

    assert options.MAX_SEED == MAX_SEED


def _kpi_names(text):
    return re.findall(r"^\s*│?\s+([a-z][a-z0-9_]+)\s", text, flags=re.M)


def test_replay_prints_the_table_run_prints(tmp_path, capsys):
    db = tmp_path / "s.db"
    done = subprocess.run([sys.executable, "-m", "stormdrill.cli", "exercise", str(TUTORIAL), "--db", str(db)],
                          input="end\n", capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert main(["run", "--builtin", "--lang", "en"]) == 0
    run = capsys.readouterr().out
    assert main(["replay", "1", "--db", str(db), "--lang", "en"]) == 0
    replay = capsys.readouterr().out
    assert _kpi_names(replay) == _kpi_names(run) and len(_kpi_names(run)) > 20
    for heading in ("Relief (10-hour target)", "Evacuation", "Shelters", "10-hour relief target"):
        assert heading in run and heading in replay
    assert "replay of session 1: all" in replay and "KPIs identical to the recorded run" in replay


def test_help_loads_no_command_module_and_no_numpy():
    code = ("import sys\nfrom stormdrill.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('stormdrill.', 'numpy', 'sim.', 'rich'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "['stormdrill.cli', 'stormdrill.options']"


def test_a_missing_pandas_is_named_with_its_extra(monkeypatch):
    import sim

    monkeypatch.setitem(sys.modules, "pandas", None)
    result = sim.run(sim.load_scenario(sim.builtin_path()), seed=0)
    with pytest.raises(ImportError, match=r"pip install 'stormdrill\[pandas\]'"):
        result.shelters.to_pandas()
