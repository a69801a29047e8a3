"""The ``stormdrill`` command as a user meets it: bad input, runs, result files, the schema.

Each kind of bad input must give exactly one line ``file:line:col: path.to.field: reason``
pointing at the offending value, and exit code 2, never a traceback.
"""
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

import sim
from stormdrill.cli import main

SCENARIO = textwrap.dedent("""\
    name: Two hamlets
    horizon: 48h
    cohort_size: 25
    zones:
      - {id: Z1, population: 120, x_km: 0, y_km: 0, node: N1}
      - {id: Z2, population: 80, x_km: 1, y_km: 0, node: N2}
    shelters:
      - id: S1
        grade: A
        tier: town
        capacity: 300
        stock: {water_l: 3000, food: 300, bedding: 300, medical: 20}
        open_at_start: true
        x_km: 2
        y_km: 0
        node: N3
    roads:
      nodes:
        - {id: N1, x_km: 0, y_km: 0}
        - {id: N2, x_km: 1, y_km: 0}
        - {id: N3, x_km: 2, y_km: 0}
        - {id: N4, x_km: 9, y_km: 9}
      edges:
        - {id: R1, from: N1, to: N2, length_km: 1.0}
        - {id: R2, from: N2, to: N3, length_km: 1.0}
    hazard:
      kind: flood
      onset: 20h
    plan: plan.yaml
    """)

PLAN = textwrap.dedent("""\
    assignments:
      Z1: [S1]
      Z2: [S1]
    rules:
      - id: P1
        when: {at: 1h}
        do:
          - {action: order_evacuation, zone: Z1}
          - {action: order_evacuation, zone: Z2}
    """)

ERROR_LINE = re.compile(r"(?:stormdrill: )?(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<path>\S+): (?P<reason>.+)")


def at(text, needle, nth=1):
    """(line, col), 1-based, where the *nth* occurrence of *needle* starts in *text*."""
    pos = -1
    for _ in range(nth):
        pos = text.index(needle, pos + 1)
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def folder(tmp_path, scenario=SCENARIO, plan=PLAN):
    (tmp_path / "scenario.yaml").write_text(scenario, encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    return tmp_path / "scenario.yaml"


def validate(capsys, path):
    code = main(["validate", str(path)])
    out = capsys.readouterr()
    return code, out.out, out.err.splitlines()


def test_the_base_files_are_valid(tmp_path, capsys):
    code, out, err = validate(capsys, folder(tmp_path))
    assert code == 0 and err == []
    assert "ok" in out and "200 people" in out


# (name, replace this, with this, in which file, the offending text, its occurrence, path, reason)
BAD = [
    ("yaml_syntax", "- {id: N3, x_km: 2, y_km: 0}", "- {id: N3, x_km: 2, y_km: 0", "scenario.yaml",
     "{id: N4", 1, "(file)", r"YAML syntax: while parsing a flow mapping .*(expected|did not find expected) ',' or '}'"),
    ("unknown_field", "    open_at_start: true\n", "    open_at_start: true\n    colour: red\n", "scenario.yaml",
     "red", 1, "shelters.S1.colour", r"unknown field"),
    ("wrong_type", "capacity: 300", "capacity: lots", "scenario.yaml",
     "lots", 1, "shelters.S1.capacity", r"valid integer"),
    ("negative_capacity", "capacity: 300", "capacity: -40", "scenario.yaml",
     "-40", 1, "shelters.S1.capacity", r"greater than 0"),
    ("area_for_nobody", "    capacity: 300\n", "    capacity: 300\n    area_m2: 2.5\n", "scenario.yaml",
     "2.5", 1, "shelters.S1.area_m2", r"2.5 m2 leaves room for nobody at 3.5 m2 per person"),
    ("unknown_node", "    node: N3\n", "    node: N9\n", "scenario.yaml",
     "N9", 1, "shelters.S1.node", r"no node 'N9'"),
    ("unknown_shelter", "Z2: [S1]", "Z2: [S7]", "plan.yaml",
     "S7", 1, "assignments.Z2.[0]", r"no shelter 'S7'"),
    ("zone_cut_off", "node: N2}", "node: N4}", "scenario.yaml",
     "N4", 1, "zones.Z2.node", r"zone 'Z2' cannot reach any shelter by road"),
    ("plan_unknown_zone", "zone: Z2}", "zone: Z5}", "plan.yaml",
     "Z5", 1, "rules.P1.do.[1].zone", r"no zone 'Z5'"),
    ("plan_outside_folder", "plan: plan.yaml", "plan: ../plan.yaml", "scenario.yaml",
     "../plan.yaml", 1, "plan", r"outside the scenario's folder"),
    ("duplicate_key", "    grade: A\n", "    grade: A\n    grade: B\n", "scenario.yaml",
     "grade", 2, "shelters.S1.grade", r"key appears twice"),
    ("unsafe_tag", "name: Two hamlets", "name: !!python/object/apply:os.system [echo hi]", "scenario.yaml",
     "!!python", 1, "(file)", r"!!python/object/apply:os\.system"),  # the tag named, in either language
    ("absurd_population", "population: 120,", "population: 90000000000,", "scenario.yaml",
     "90000000000", 1, "zones.Z1.population", r"90,000,000,080 residents in all zones; the limit is 50,000,000"),
    ("not_finite", "onset: 20h", "onset: .nan", "scenario.yaml",
     ".nan", 1, "hazard.onset", r"finite number"),
    ("horizon_before_deadline", "horizon: 48h", "horizon: 29h", "scenario.yaml",
     "29h", 1, "horizon", r"before the relief deadline at 30 h \(onset 20 h \+ target 10 h\)"),
    ("billion_laughs", "name: Two hamlets\n",
     "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
     "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
     "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\nname: *g\n", "scenario.yaml",
     None, 1, "(file)", r"more than 1,000,000 values once aliases"),
]


def make_bad(tmp_path, old, new, where):
    scenario, plan = SCENARIO, PLAN
    if where == "plan.yaml":
        assert old in plan
        plan = plan.replace(old, new, 1)
    else:
        assert old in scenario
        scenario = scenario.replace(old, new, 1)
    path = folder(tmp_path, scenario, plan)
    return path, scenario if where == "scenario.yaml" else plan


@pytest.mark.parametrize("name, old, new, where, needle, nth, field, reason", BAD, ids=[b[0] for b in BAD])
def test_each_bad_input_gives_one_line_at_the_offending_value_and_exit_code_2(
        tmp_path, capsys, name, old, new, where, needle, nth, field, reason):
    path, text = make_bad(tmp_path, old, new, where)
    code, out, err = validate(capsys, path)
    assert code == 2
    assert out == ""
    assert len(err) == 1, err
    match = ERROR_LINE.fullmatch(err[0])
    assert match, err[0]
    assert Path(match["file"]) == tmp_path / where
    if needle is None:  # somewhere in the expansion: the place says little
        line, col = int(match["line"]), int(match["col"])
    else:  # for the syntax error: the next item, where the parser sees the mapping was not closed
        line, col = at(text, needle, nth)
    assert (int(match["line"]), int(match["col"])) == (line, col), err[0]
    assert match["path"] == field
    assert re.search(reason, match["reason"]), match["reason"]
    assert "Traceback" not in err[0]


def test_all_problems_of_a_file_are_reported_together(tmp_path, capsys):
    text = SCENARIO.replace("capacity: 300", "capacity: -1").replace("length_km: 1.0}", "length_km: far}", 1)
    code, _, err = validate(capsys, folder(tmp_path, text))
    assert code == 2
    assert err[0].endswith("2 problems found:")
    places = sorted(ERROR_LINE.fullmatch(e).group("path") for e in err[1:])
    assert places == ["roads.edges.R1.length_km", "shelters.S1.capacity"]


def test_a_bad_file_through_a_real_process(tmp_path):
    path, text = make_bad(tmp_path, "capacity: 300", "capacity: -40", "scenario.yaml")
    done = subprocess.run([sys.executable, "-m", "stormdrill.cli", "validate", str(path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()
    line_no, col = at(text, "-40")
    assert line.endswith(f"{path}:{line_no}:{col}: shelters.S1.capacity: Input should be greater than 0")


# --- run -----------------------------------------------------------------------------

RESULT_FILES = ("kpis.json", "series.csv", "events.jsonl")


def test_run_builtin_writes_kpis_series_and_events(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", "--builtin", "--out", str(out), "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert re.search(r"(PASS|FAIL) 10-hour relief target", printed)
    kpis = json.loads((out / "kpis.json").read_text())
    expected = sim.run(sim.builtin_scenario(), seed=0).kpis
    assert kpis["people_displaced"] == expected["people_displaced"]
    assert kpis["relief_target_met"] == expected["relief_target_met"]
    assert kpis["end_home"] + kpis["end_moving"] + kpis["end_queued"] + kpis["end_sheltered"] \
        + kpis["end_relatives"] + kpis["end_overflow"] == kpis["population"]
    rows = (out / "series.csv").read_text().splitlines()
    header = rows[0].split(",")
    assert header[:8] == ["t", "home", "moving", "queued", "sheltered", "relatives", "overflow", "secured"]
    assert "occupancy_S1" in header and "stock_S2_water_l" in header
    last = dict(zip(header, rows[-1].split(",")))
    assert float(last["t"]) == 60.0  # the built-in scenario's horizon
    assert int(last["sheltered"]) == kpis["end_sheltered"]
    events = [json.loads(line) for line in (out / "events.jsonl").read_text().splitlines()]
    assert [e["t"] for e in events] == sorted(e["t"] for e in events)
    assert any(e["kind"] == "onset" and e["t"] == kpis["onset_h"] for e in events)


def test_a_second_run_without_force_refuses_and_leaves_the_files_alone(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", "--builtin", "--out", str(out)]) == 0
    before = {name: (out / name).read_bytes() for name in RESULT_FILES}
    capsys.readouterr()
    assert main(["run", "--builtin", "--seed", "7", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "would overwrite" in err and "--force" in err
    assert {name: (out / name).read_bytes() for name in RESULT_FILES} == before
    assert main(["run", "--builtin", "--seed", "7", "--out", str(out), "--force"]) == 0
    assert (out / "events.jsonl").read_bytes() != before["events.jsonl"]


def test_set_overrides_change_the_result(tmp_path, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["run", "--builtin", "--out", str(a)]) == 0
    assert main(["run", "--builtin", "--out", str(b), "--set", "shelters.S1.stock.bedding=0",
                 "--set", "shelters.S2.stock.bedding=0", "--set", "depots.D1.trucks=0"]) == 0
    capsys.readouterr()
    base, changed = (json.loads((d / "kpis.json").read_text()) for d in (a, b))
    assert base["verdict"] == "PASS" and base["verdict_reasons"] == ""  # the village's plan (issue 23)
    # no bedding anywhere and no truck to bring any: nobody can be secured
    assert changed["relief_target_met"] is False
    assert changed["relief_secured_share"] == 0.0
    assert changed["verdict_reasons"] == "no_first_ration"
    assert changed["unmet_person_hours_bedding"] > 0


def test_a_bad_override_is_a_clear_error(capsys):
    assert main(["run", "--builtin", "--set", "shelters.S9.capacity=5"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "shelters.S9.capacity" in line and "no item with id 'S9'" in line


# --- schema ----------------------------------------------------------------------------


def conforms(value, schema, root):
    """A small JSON Schema check (the keywords `stormdrill schema` uses); True if *value* fits."""
    if "$ref" in schema:
        target = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return conforms(value, {**target, **{k: v for k, v in schema.items() if k != "$ref"}}, root)
    if "anyOf" in schema and not any(conforms(value, s, root) for s in schema["anyOf"]):
        return False
    if "oneOf" in schema and sum(conforms(value, s, root) for s in schema["oneOf"]) != 1:
        return False
    types = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind] if kind else []
    if kinds and not any(_is(value, k, types) for k in kinds):
        return False
    if "const" in schema and value != schema["const"]:
        return False
    if "enum" in schema and value not in schema["enum"]:
        return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"] or "maximum" in schema and value > schema["maximum"]:
            return False
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            return False
    if isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"], value):
        return False
    if isinstance(value, dict):
        props = schema.get("properties", {})
        if any(k not in value for k in schema.get("required", [])):
            return False
        extra = schema.get("additionalProperties", True)
        for k, v in value.items():
            if k in props:
                if not conforms(v, props[k], root):
                    return False
            elif extra is False or isinstance(extra, dict) and not conforms(v, extra, root):
                return False
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems", len(value)):
            return False
        first = schema.get("prefixItems", [])
        if any(not conforms(v, s, root) for v, s in zip(value, first)):
            return False
        if "items" in schema and any(not conforms(v, schema["items"], root) for v in value[len(first):]):
            return False
    return True


def _is(value, kind, types):
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, types[kind])


def test_schema_is_json_schema_that_the_tutorial_scenario_satisfies(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    assert {"name", "zones", "shelters", "roads", "hazard"} <= set(schema["required"])
    tutorial = yaml.safe_load(sim.builtin_path().read_text(encoding="utf-8"))
    try:
        import jsonschema
    except ImportError:
        jsonschema = None
    if jsonschema is not None:
        jsonschema.validate(tutorial, schema)
    assert conforms(tutorial, schema, schema)
    # and the schema is strict enough to catch the mistakes an editor should flag
    typo = {**tutorial, "horizen": "60h"}
    assert not conforms(typo, schema, schema)
    negative = yaml.safe_load(sim.builtin_path().read_text(encoding="utf-8").replace("capacity: 450", "capacity: -450"))
    assert not conforms(negative, schema, schema)
    bad_duration = {**tutorial, "horizon": "60 hours"}
    assert not conforms(bad_duration, schema, schema)


def test_plan_schema_fits_the_tutorial_plan(capsys):
    assert main(["schema", "--plan"]) == 0
    schema = json.loads(capsys.readouterr().out)
    plan = yaml.safe_load((sim.builtin_path().parent / "plan.yaml").read_text(encoding="utf-8"))
    assert conforms(plan, schema, schema)
    plan["rules"][0]["do"][0]["action"] = "evacuate_everyone"
    assert not conforms(plan, schema, schema)


def test_help_explains_each_subcommand(capsys):
    for command in ("validate", "run", "schema"):
        with pytest.raises(SystemExit) as done:
            main([command, "--help"])
        assert done.value.code == 0
        assert command in capsys.readouterr().out


def test_a_bad_override_value_names_the_override_not_a_line_of_the_file(capsys):
    assert main(["run", "--builtin", "--set", "shelters.S1.capacity=-5"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.endswith("scenario.yaml (overrides: shelters.S1.capacity): shelters.S1.capacity: "
                         "Input should be greater than 0")


def test_a_zone_behind_a_one_way_road_the_wrong_way_cannot_reach_a_shelter(tmp_path, capsys):
    text = SCENARIO.replace("{id: R2, from: N2, to: N3, length_km: 1.0}", "{id: R2, from: N3, to: N2, length_km: 1.0, oneway: true}")
    code, _, err = validate(capsys, folder(tmp_path, text))
    assert code == 2
    assert err[0].endswith("2 problems found:")
    assert [ERROR_LINE.fullmatch(e)["path"] for e in err[1:]] == ["zones.Z1.node", "zones.Z2.node"]
    # the right way round, both reach S1
    text = SCENARIO.replace("{id: R2, from: N2, to: N3, length_km: 1.0}", "{id: R2, from: N2, to: N3, length_km: 1.0, oneway: true}")
    assert validate(capsys, folder(tmp_path, text))[0] == 0


@pytest.mark.parametrize("name, reason", [
    (r'"pl\0an.yaml"', "the file name contains a NUL character"),
    ("loop1", "its symbolic links form a loop"),
    ("other.yaml", "not found next to the scenario"),
])
def test_an_unusable_plan_path_is_reported_at_the_plan_line(tmp_path, capsys, name, reason):
    (tmp_path / "loop1").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop1")
    text = SCENARIO.replace("plan: plan.yaml", f"plan: {name}")
    code, _, err = validate(capsys, folder(tmp_path, text))
    assert code == 2
    (line,) = err
    row, col = at(text, name)
    assert f"scenario.yaml:{row}:{col}: plan: plan file " in line and reason in line
