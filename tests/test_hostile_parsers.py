"""Parsers with bounds: YAML keeps only plain values (a date stays the text written; sets,
bytes, ordered pairs and tags of one's own are refused at their line and column), in files,
``--set`` and lines typed at the exercise prompt; numbers are bounded whatever their spelling;
a file of too many values is refused before it is built, with the cap in the message; an .xlsx
is read only when its parts are few, small once unpacked and free of DTDs (a real zip bomb of
1 GB, a real DOCTYPE)."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import sim
from sim.source import MAX_INT, MAX_VALUES, parse_document, read_value
from sim.userfile import MAX_WORKBOOK_BYTES, UnusableFile, check_workbook
from stormdrill.cli import main

import hostile_xlsx

ROOT = Path(__file__).resolve().parents[1]
VILLAGE = ROOT / "scenarios" / "tutorial_village"


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("STORMDRILL_LANG", "en")


@pytest.fixture
def village(tmp_path):
    folder = tmp_path / "village"
    shutil.copytree(VILLAGE, folder)
    return folder


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def where(path, value):
    """``line:col`` of the first *value* in *path* (1-based, as the messages give it)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if value in line:
            return f"{number}:{line.index(value) + 1}"
    raise AssertionError(f"{value} not in {path}")


# -- tags ----------------------------------------------------------------------------------
@pytest.mark.parametrize("text, value", [
    ("a: 2026-09-13", "2026-09-13"),
    ("a: 2026-09-13 06:00:00", "2026-09-13 06:00:00"),
    ("a: 2026-09-13t06:00:00Z", "2026-09-13t06:00:00Z"),
    ("a: !!timestamp 2026-09-13 06:00", "2026-09-13 06:00"),  # ended in an AttributeError traceback
    ("a: !!timestamp 2026-13-45", "2026-13-45"),
    ("a: !!str 12", "12"),
])
def test_a_date_or_time_is_kept_as_the_text_written(text, value):
    assert parse_document(text).data == {"a": value}


@pytest.mark.parametrize("text, tag", [
    ("a: !!set {x}", "!!set"), ("a: !!binary aGVsbG8=", "!!binary"), ("a: !!omap [b: 1]", "!!omap"),
    ("a: !!pairs [b: 1]", "!!pairs"), ("a: !mine x", "!mine"), ("a: !!python/object:os.system ls", "!!python/object"),
    ("a: !!timestamp [1, 2]", "!!timestamp"),
])
def test_tags_stormdrill_files_never_use_are_refused_at_their_place(text, tag):
    with pytest.raises(sim.ScenarioError) as refused:
        parse_document(text, "x.yaml")
    (problem,) = refused.value.problems
    assert (problem.file, problem.line, problem.col) == ("x.yaml", 1, 4)
    assert f"the tag {tag}" in problem.reason and "is not used in stormdrill files" in problem.reason


def test_an_unquoted_start_time_with_seconds_loads(village, capsys):
    edit(village / "scenario.yaml", 'start: "2026-09-13T06:00"', "start: 2026-09-13 06:00:00")
    assert sim.load_scenario(village / "scenario.yaml").spec.start == "2026-09-13 06:00:00"


def test_a_timestamp_given_with_set_or_typed_at_the_prompt_is_answered_not_raised(village, capsys):
    assert main(["run", "--builtin", "--quiet", "--set", "start=!!timestamp 2026-09-13 06:00"]) == 0
    assert main(["run", "--builtin", "--quiet", "--set", "name=!!set {a}"]) == 2
    assert "--set 'name=!!set {a}': " in capsys.readouterr().err
    from training import load_exercise
    from training.runner import Runner
    from training.terminal import TerminalExercise

    said = []
    terminal = TerminalExercise(Runner(load_exercise(village / "exercise.yaml"), 0), read=None, write=said.append)
    for line in ("do !!timestamp 2026-09-13 06:00", "do {action: warn, at: !!timestamp 2026-09-13 06:00}",
                 "do {action: warn, zones: !!set {Z1}}"):
        terminal._command(line)
    assert len(said) == 3 and "the tag !!set is not used" in said[2]


# -- numbers -------------------------------------------------------------------------------
@pytest.mark.parametrize("spelling", ["1.0e+16", "10000000000000000.0", "10000000000000000", "1e17", "-9.1e15"])
def test_numbers_beyond_two_to_the_53_are_refused_however_they_are_spelled(village, capsys, spelling):
    edit(village / "scenario.yaml", "population: 820", f"population: {spelling}")
    assert main(["validate", str(village / "scenario.yaml")]) == 2
    err = capsys.readouterr().err
    assert f"scenario.yaml:{where(village / 'scenario.yaml', spelling)}: zones.Z1.population:" in err, err
    assert f"{MAX_INT:,} (2^53)" in err, err


@pytest.mark.parametrize("spelling", ["5.0e+15", "50000001.0", "5.0e+7"])
def test_the_population_limit_holds_for_decimals_and_exponents(village, capsys, spelling):
    edit(village / "scenario.yaml", "population: 820", f"population: {spelling}")
    assert main(["validate", str(village / "scenario.yaml")]) == 2
    assert "residents in all zones; the limit is 50,000,000" in capsys.readouterr().err


def test_the_limits_hold_through_set_too(capsys):
    assert main(["run", "--builtin", "--set", "zones.Z1.population=5.0e+15"]) == 2
    assert "the limit is 50,000,000" in capsys.readouterr().err
    assert main(["run", "--builtin", "--set", "zones.Z1.population=1.0e+16"]) == 2
    assert "(2^53)" in capsys.readouterr().err
    assert read_value("9007199254740992.0") == 2.0 ** 53


# -- sizes ---------------------------------------------------------------------------------
def _peak_kb(args):
    """(exit code, stderr, peak memory in kB) of ``stormdrill *args*`` in a process of its own."""
    code = ("import re, sys; from stormdrill.cli import main; c = main(sys.argv[1:]); "  # VmHWM: this program's
            "print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1], file=sys.stderr); "
            "sys.exit(c)")  # own peak (ru_maxrss keeps the parent's from before exec)
    out = subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True, cwd=ROOT,
                         timeout=300, env={**os.environ, "STORMDRILL_LANG": "en"})
    *lines, peak = out.stderr.strip().splitlines()
    return out.returncode, "\n".join(lines), int(peak)


def test_a_49_mb_list_is_refused_before_it_is_built_with_the_cap_in_the_message(tmp_path):
    big = tmp_path / "scenario.yaml"
    big.write_text("name: big\nzones:\n" + "  - 1\n" * 8_000_000, encoding="utf-8")  # 48 MB, under the file cap
    code, err, peak = _peak_kb(["validate", big])
    assert code == 2 and f"more than {MAX_VALUES:,} values in the file, the limit" in err, err
    assert err.startswith(f"{big}:") and "aliases" not in err
    assert peak < 500_000, f"{peak:,} kB used before refusing"


def test_a_document_of_many_values_under_the_cap_still_loads():
    data = parse_document("a:\n" + "  - 1\n" * 300_000).data
    assert len(data["a"]) == 300_000


# -- workbooks -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    return hostile_xlsx.zip_bomb(tmp_path_factory.mktemp("bomb") / "shelters.xlsx")


def test_an_xlsx_bomb_is_refused_from_its_directory_without_unpacking(bomb, village, tmp_path):
    import zipfile

    unpacked = sum(i.file_size for i in zipfile.ZipFile(bomb).infolist())
    assert unpacked > 10**9 > 250 * bomb.stat().st_size  # 1 GB from under 4 MB
    for args in (["import", bomb, "-o", tmp_path / "s.yaml"],
                 ["exercise", "import", bomb, "--base", village / "exercise.yaml", "-o", village / "e.yaml"]):
        code, err, peak = _peak_kb(args)
        assert code == 2 and "the workbook unpacks to 1,073,6" in err and f"the limit is {MAX_WORKBOOK_BYTES:,}" in err
        assert "Traceback" not in err and peak < 500_000, (err, peak)
    assert not (tmp_path / "s.yaml").exists() and not (village / "e.yaml").exists()


def test_an_xlsx_that_lies_about_its_sizes_is_never_unpacked_further(tmp_path):
    with pytest.raises(UnusableFile, match="Bad CRC-32"):
        check_workbook(hostile_xlsx.zip_bomb(tmp_path / "lie.xlsx", lie=True))


@pytest.mark.parametrize("entity", [True, False])
def test_an_xlsx_declaring_a_dtd_is_refused_with_a_reason(tmp_path, village, capsys, entity):
    book = hostile_xlsx.with_dtd(tmp_path / "dtd.xlsx", entity=entity)
    assert main(["import", str(book), "-o", str(tmp_path / "s.yaml")]) == 2
    assert "part xl/worksheets/sheet1.xml declares a DTD" in capsys.readouterr().err
    assert main(["exercise", "import", str(book), "--base", str(village / "exercise.yaml"),
                 "-o", str(village / "e.yaml")]) == 2
    assert "declares a DTD" in capsys.readouterr().err


def test_a_small_workbook_of_many_rows_is_still_read(tmp_path):
    book = hostile_xlsx.zip_bomb(tmp_path / "rows.xlsx", unpacked=4 << 20)
    check_workbook(book)
    from openpyxl import load_workbook

    assert sum(1 for _ in load_workbook(book, read_only=True).active.iter_rows()) > 40_000
