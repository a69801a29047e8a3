"""``stormdrill import`` on the command line: exit codes, nothing half written, nothing overwritten."""
import pytest

import sim
from registry_files import EXAMPLES, HEADER_ZH, ROWS, write_csv
from stormdrill.cli import main


def run(*argv):
    return main(["import", *map(str, argv)])


def test_import_writes_a_scenario_that_validates(tmp_path, capsys):
    out = tmp_path / "scenario.yaml"
    assert run(EXAMPLES / "shelters.csv", "--zones", EXAMPLES / "zones.csv", "-o", out) == 0
    assert sim.load_scenario(out).population == 8200
    assert "wrote" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scenario.yaml"]


def test_bad_rows_exit_2_and_leave_no_file(tmp_path, capsys):
    rows = [list(r) for r in ROWS]
    rows[5][HEADER_ZH.index("容纳人数")] = "abc"
    rows[2][HEADER_ZH.index("等级")] = "D"
    shelters = write_csv(tmp_path / "shelters.csv", rows=rows)
    out = tmp_path / "scenario.yaml"
    assert run(shelters, "--zones", EXAMPLES / "zones.csv", "-o", out) == 2
    err = capsys.readouterr().err
    assert f"{shelters}:7: 容纳人数: 'abc' is not a number" in err
    assert f"{shelters}:4: 等级: 'D' is not a grade" in err
    assert "2 problems found" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shelters.csv"]  # no output, no temp file


def test_existing_output_is_kept_unless_force(tmp_path, capsys):
    out = tmp_path / "scenario.yaml"
    out.write_text("my own work\n", encoding="utf-8")
    args = (EXAMPLES / "shelters.csv", "--zones", EXAMPLES / "zones.csv", "-o", out)
    assert run(*args) == 2
    assert "exists already" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "my own work\n"
    assert run(*args, "--force") == 0
    assert sim.load_scenario(out).population == 8200


@pytest.mark.parametrize("flag, value, message", [
    ("--onset", "soon", "--onset: cannot read duration"),
    ("--onset", "-3h", "--onset: -3 h is not between 0"),
    ("--detour", "0.5", "--detour: 0.5 is not a detour factor"),
])
def test_bad_options_exit_2(tmp_path, capsys, flag, value, message):
    out = tmp_path / "scenario.yaml"
    assert run(EXAMPLES / "shelters.csv", "--zones", EXAMPLES / "zones.csv", f"{flag}={value}", "-o", out) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_onset_sets_the_hazard(tmp_path):
    out = tmp_path / "scenario.yaml"
    assert run(EXAMPLES / "shelters.csv", "--zones", EXAMPLES / "zones.csv", "--hazard", "rainstorm",
               "--onset", "6h", "-o", out) == 0
    scenario = sim.load_scenario(out)
    assert (scenario.hazard.kind, scenario.hazard.onset) == ("rainstorm", 6.0)


def test_an_input_file_is_never_the_output_even_with_force(tmp_path, capsys):
    shelters = write_csv(tmp_path / "shelters.csv")
    before = shelters.read_bytes()
    assert run(shelters, "--zones", EXAMPLES / "zones.csv", "-o", shelters, "--force") == 2
    assert "is one of the input files" in capsys.readouterr().err
    assert shelters.read_bytes() == before


def test_a_scenario_the_engine_refuses_is_not_written(tmp_path):
    from registry import RegistryError, import_registry, write_scenario

    data = import_registry(EXAMPLES / "shelters.csv", EXAMPLES / "zones.csv").data
    data["hazard"]["onset"] = "100h"  # past the horizon: the relief deadline cannot be measured
    out = tmp_path / "scenario.yaml"
    with pytest.raises(RegistryError) as info:
        write_scenario(data, out, ["shelters.csv"])
    assert "horizon" in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_registry_is_a_library_the_cli_only_wires():
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]

    def imported(package):
        for path in (root / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    yield path, [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    yield path, [node.module or ""]

    for path, names in imported("registry"):
        assert not any(n.split(".")[0] in ("stormdrill", "viz", "pygame", "training", "host") for n in names), path
    for path, names in imported("sim"):
        assert not any(n.split(".")[0] == "registry" for n in names), path
    assert not (root / "stormdrill" / "registry").exists()
