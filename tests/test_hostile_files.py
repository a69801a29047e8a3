"""Hostile and careless files and flags: one line that says where and why, exit code 2,
never a traceback and never a hang (devices, FIFOs and symlink loops are refused before
anything opens them)."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import sim
from stormdrill.cli import main

ROOT = Path(__file__).resolve().parents[1]
VILLAGE = ROOT / "scenarios" / "tutorial_village"


@pytest.fixture
def village(tmp_path):
    folder = tmp_path / "village"
    shutil.copytree(VILLAGE, folder)
    return folder


def cli(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.err.strip()


def place(text, needle):
    """(line, col), 1-based, of the first *needle* in *text*."""
    i = text.index(needle)
    return text.count("\n", 0, i) + 1, i - (text.rfind("\n", 0, i) + 1) + 1


@pytest.fixture
def fifo(village):
    path = village / "pipe.yaml"
    os.mkfifo(path)
    return path


def test_devices_fifos_and_symlinks_to_them_are_refused_not_read(village, fifo, capsys):
    (village / "zero.yaml").symlink_to("/dev/zero")
    for path, kind in [("/dev/zero", "a device"), (village / "zero.yaml", "a device"), (fifo, "a FIFO")]:
        code, err = cli(capsys, "validate", path)
        assert code == 2 and f"is {kind}" in err and "only regular files are read" in err
    code, err = cli(capsys, "import", fifo, "-o", village / "out.yaml")
    assert code == 2 and err == f"stormdrill: {fifo}: is a FIFO (named pipe), not a regular file; only regular files are read"
    assert not (village / "out.yaml").exists()


def test_an_exercise_naming_a_fifo_a_symlink_loop_or_a_nul_is_refused_at_the_scenario_line(village, fifo, capsys):
    (village / "loop1").symlink_to(village / "loop2")
    (village / "loop2").symlink_to(village / "loop1")
    original = (village / "exercise.yaml").read_text(encoding="utf-8")
    for name, reason in [("pipe.yaml", "is a FIFO"), ("loop1", "its symbolic links form a loop"),
                         (r'"sc\0enario.yaml"', "contains a NUL character")]:
        text = original.replace("scenario: scenario.yaml", f"scenario: {name}")
        (village / "exercise.yaml").write_text(text, encoding="utf-8")
        for args in (["validate"], ["exercise", "--db", village / "s.db"]):
            code, err = cli(capsys, *args, village / "exercise.yaml")
            line, col = place(text, name)
            assert code == 2
            assert err.startswith(f"{village / 'exercise.yaml'}:{line}:{col}: scenario: scenario file ") and reason in err


@pytest.mark.parametrize("old, new, where, reason", [
    ("capacity: 450", "capacity: !!float x", "!!float", "YAML value: 'x' is not a valid float"),
    ("capacity: 450", "capacity: !!int", "!!int", "YAML value: '' is not a valid int"),
    ("generator: true", "generator: !!bool maybe", "!!bool", "YAML value: 'maybe' is not a valid bool"),
    ("capacity: 450", "capacity: " + "9" * 100_000, "9999", "is not a valid int (more than 4300 digits)"),
    ("beds: 150", "beds: 9223372036854775808", "9223372036854775808",
     "shelters.S1.beds: a number of 19 digits; the limit is 9,007,199,254,740,992 (2^53)"),
    ("beds: 150", "beds: 0b1" + "0" * 70, "0b1", "shelters.S1.beds: a number of 22 digits"),
    ("x_km: 1.9", "x_km: 1.0e+400", "1.0e+400", "shelters.S1.x_km: a number too large to hold"),
    ("capacity: 450", "capacity: " + "[" * 200 + "]" * 200, "[", "nested more than 100 levels deep"),
    ("capacity: 450", "capacity: &a [*a]", "&a", "an alias that contains itself"),
])
def test_bad_yaml_values_are_reported_at_their_line_and_column(village, capsys, old, new, where, reason):
    text = (village / "scenario.yaml").read_text(encoding="utf-8").replace(old, new, 1)
    (village / "scenario.yaml").write_text(text, encoding="utf-8")
    for command in ("validate", "run"):
        code, err = cli(capsys, command, village / "scenario.yaml")
        assert code == 2
        line, _ = place(text, where)
        assert err.startswith(f"{village / 'scenario.yaml'}:{line}:") and reason in err, err


def test_text_that_is_not_utf8_is_reported_at_the_byte_that_is_not(village, capsys):
    raw = (village / "scenario.yaml").read_bytes().replace("教学村".encode(), "教学".encode() + b"\xff" + "村".encode(), 1)
    (village / "scenario.yaml").write_bytes(raw)
    code, err = cli(capsys, "validate", village / "scenario.yaml")
    line, col = place(raw.decode("utf-8", "replace"), "\ufffd")
    assert code == 2 and err == f"{village / 'scenario.yaml'}:{line}:{col}: (file): not UTF-8 text (byte 0xff, invalid start byte); save the file as UTF-8"


@pytest.mark.parametrize("args, message", [
    (["sweep", "{s}", "--reps", "1e9"], "argument --reps: '1e9' is more than the limit of 1,000,000 replications"),
    (["sweep", "{s}", "--reps", "1e6", "--vary", "shelters.S1.capacity=" + ",".join(map(str, range(100, 200)))],
     "--reps / --vary: 100 grid point(s) x 1,000,000 replications make 100,000,000 runs; the limit is 1,000,000"),
    (["run", "{s}", "--seed", "-1"], "argument --seed: '-1' is not a whole number of at least 0"),
    (["run", "{s}", "--seed", str(2 ** 70)], "is more than the limit of 9,223,372,036,854,775,807"),
    (["stock", "{s}", "--seed", str(2 ** 70)], "is more than the limit of 9,223,372,036,854,775,807"),
    (["report", str(2 ** 70)], "is more than the limit of 9,223,372,036,854,775,807 (2^63 - 1, the largest session id)"),
    (["run", "{s}", "--set", "shelters.S1.capacity=!!int x"], "--set 'shelters.S1.capacity=!!int x': YAML value: 'x' is not a valid int"),
    (["sweep", "{s}", "--vary", "shelters.S1.beds=1,9" + "9" * 30], "--vary 'shelters.S1.beds=1,9"),
])
def test_flags_out_of_bounds_are_refused_up_front_naming_the_flag_and_the_limit(village, capsys, args, message):
    args = [a.replace("{s}", str(village / "scenario.yaml")) for a in args]
    try:
        code = main(args)
    except SystemExit as exc:  # argparse's own refusal
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err
    assert not list(village.glob("*.jsonl"))  # no work started


def test_a_fifo_given_to_the_command_does_not_hang_it(fifo):
    """The same through a real process: it ends at once instead of waiting for a writer."""
    out = subprocess.run([sys.executable, "-m", "stormdrill.cli", "validate", str(fifo)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "is a FIFO" in out.stderr


def test_the_api_refuses_a_fifo_with_a_scenario_error(fifo):
    with pytest.raises(sim.ScenarioError, match="is a FIFO"):
        sim.load_scenario(fifo)


def test_output_paths_that_are_symlink_loops_or_devices_are_refused(village, capsys):
    (village / "loop1").symlink_to(village / "loop2")
    (village / "loop2").symlink_to(village / "loop1")
    registry = ROOT / "scenarios" / "examples" / "import" / "shelters.csv"
    for args, message in [
        (["run", village / "scenario.yaml", "--out", village / "loop1"], "exists and is not a folder"),
        (["import", registry, "-o", village / "loop1"], "its symbolic links form a loop"),
        (["exercise", village / "exercise.yaml", "--db", village / "loop1"], "its symbolic links form a loop"),
        (["exercise", village / "exercise.yaml", "--db", "/dev/null"], "is not a regular file"),
    ]:
        code, err = cli(capsys, *args)
        assert code == 2 and message in err
    assert (village / "loop1").is_symlink() and (village / "loop2").is_symlink()  # left as they were
