"""What each ``stormdrill`` subcommand does; output formatting lives in stormdrill.output."""
import argparse
import json
import sys
from pathlib import Path

import sim

from sim.streams import MAX_SEED

from .errors import UserError
from .progress import run_with_progress

# Imported where used, so that `stormdrill --help` and `validate` start fast:
# sim.units / sim.overrides (pydantic, YAML) and stormdrill.output (rich).


def load(path):
    """Load a scenario or raise UserError listing every problem."""
    try:
        return sim.load_scenario(path)
    except sim.ScenarioError as exc:
        raise problems_error(exc) from None


def problems_error(exc):
    """A UserError listing every problem of *exc* (anything with ``.problems``), one per line."""
    count = len(exc.problems)
    head = f"{count} problems found:\n" if count > 1 else ""
    return UserError(head + "\n".join(str(p) for p in exc.problems), bare=True)


def validate(args):
    from training.authoring import check_file

    try:
        kind, summary = check_file(args.file, args.kind)
    except sim.ScenarioError as exc:
        raise problems_error(exc) from None
    print(f"{args.file}: ok ({kind}) — {summary}")


MAX_REPS = 1_000_000
"""Most replications one flag may ask for (--reps, --verify-reps)."""
MAX_RUNS = 1_000_000
"""Most runs one sweep may ask for (grid points x replications): at a tenth of a second a run,
more than a day of work on one machine."""
MAX_WORKERS = 512
"""Most worker processes one flag may ask for."""


def _whole(text):
    """*text* as a whole number, also when spelled as a float (``1e9``, ``20.0``); else None."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if value.is_integer() else None


def bounded_int(low, high, what):
    """argparse type: a whole number from *low* to *high*; the message names the limit."""
    def parse(text):
        value = _whole(text.strip())
        if value is None or value < low:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least {low}")
        if value > high:
            raise argparse.ArgumentTypeError(f"{text!r} is more than the limit of {high:,} {what}")
        return value
    parse.__name__ = what  # argparse names the type in its messages
    return parse


positive_int = bounded_int(1, MAX_REPS, "replications")
"""argparse type: a replication count, 1 to MAX_REPS."""
worker_count = bounded_int(1, MAX_WORKERS, "workers")
"""argparse type: a number of worker processes, 1 to MAX_WORKERS."""
seed_option = bounded_int(0, MAX_SEED, "(2^63 - 1, the largest seed a session can keep)")
"""argparse type: a seed, 0 to sim.streams.MAX_SEED."""
session_arg = bounded_int(1, MAX_SEED, "(2^63 - 1, the largest session id)")
"""argparse type: a session id (a SQLite row id)."""


def check_runs(points, reps):
    """Refuse a sweep of *points* grid points x *reps* replications beyond MAX_RUNS, before any work."""
    if points * reps > MAX_RUNS:
        raise UserError(f"--reps / --vary: {points:,} grid point(s) x {reps:,} replications make "
                        f"{points * reps:,} runs; the limit is {MAX_RUNS:,}")


def hours_option(flag, text, low, high):
    """The duration *text* given to *flag* (``"12h"``, ``"90min"``) in hours, within
    [*low*, *high*]; else a UserError naming the flag."""
    from sim.units import parse_duration

    try:
        hours = parse_duration(text)
    except ValueError as exc:
        raise UserError(f"{flag}: {exc}") from None
    if not low <= hours <= high:
        raise UserError(f"{flag}: {hours:g} h is not between {low:g} and {high:g} h after the start")
    return hours


def parse_overrides(pairs):
    """``["a.b=1", ...]`` -> ``{"a.b": 1, ...}``; values read as YAML."""
    from sim.overrides import parse_value

    out = {}
    for pair in pairs:
        path, sep, value = pair.partition("=")
        if not sep or not path:
            raise UserError(f"--set {pair!r}: write PATH=VALUE, e.g. shelters.S1.capacity=400")
        try:
            out[path.strip()] = parse_value(value)
        except ValueError as exc:
            raise UserError(f"--set {pair!r}: {exc}") from None
    return out


def run(args):
    from . import output

    if args.builtin == bool(args.file):
        raise UserError("give a scenario FILE or --builtin (one of the two)")
    scenario = load(sim.builtin_path() if args.builtin else args.file)
    out_dir = Path(args.out) if args.out else None
    if out_dir is not None:
        output.check_writable(out_dir, output.RUN_FILES, args.force, UserError)
    try:
        result = run_with_progress(scenario, seed=args.seed, overrides=parse_overrides(args.overrides),
                                   quiet=args.quiet, lang=args.lang)
    except sim.ScenarioError as exc:
        raise problems_error(exc) from None
    output.print_kpis(scenario, result, args.seed, lang=args.lang)
    if out_dir is not None:
        output.write_run(out_dir, result)
        print(f"wrote {out_dir}/: {', '.join(output.RUN_FILES)}")
    return 0


def scenario_schema():
    """The JSON Schema of a scenario file (its plan inline or named by a path)."""
    from sim.scenario_spec import ScenarioSpec

    doc = ScenarioSpec.model_json_schema(by_alias=True)
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    doc["title"] = "stormdrill scenario"
    plan = doc["properties"]["plan"]
    doc["properties"]["plan"] = {"anyOf": [
        {"type": "string", "description": "path of a plan file, relative to the scenario and inside its folder"},
        plan]}
    return doc


def plan_schema():
    """The JSON Schema of a separate plan file."""
    from sim.plan import PlanSpec

    doc = PlanSpec.model_json_schema(by_alias=True)
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    doc["title"] = "stormdrill community plan"
    return doc


def schema(args):
    if args.plan and args.exercise:
        raise UserError("give --plan or --exercise, not both")
    if args.exercise:
        from training.authoring import exercise_schema

        doc = exercise_schema()
    else:
        doc = plan_schema() if args.plan else scenario_schema()
    json.dump(doc, sys.stdout, indent=2, ensure_ascii=False)
    print()


def register(sub):
    """Add validate, run and schema to the ``stormdrill`` parser."""
    p = sub.add_parser("validate", help="check a scenario, plan or exercise file and report every problem",
                       description="Check a scenario (and the plan it names), a plan file, or an exercise script (and "
                                   "the scenario it plays); the kind is read off the file. Print every problem as "
                                   "file:line:col.")
    p.add_argument("file", help="scenario, plan or exercise YAML file")
    p.add_argument("--kind", choices=("scenario", "plan", "exercise"), help="check as this kind (default: from its fields)")
    p.set_defaults(func=validate)

    p = sub.add_parser("run", help="run a scenario in plan mode and print its KPIs",
                       description="Run a scenario in plan mode (the engine carries out the community plan) and "
                                   "print the KPIs against the 10-hour relief target.")
    p.add_argument("file", nargs="?", help="scenario YAML file (omit with --builtin)")
    p.add_argument("--builtin", action="store_true", help="run the built-in tutorial village scenario")
    p.add_argument("--seed", type=seed_option, default=0, help="random seed (default 0); same seed, same result")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE",
                   help="override one value by dotted path, e.g. shelters.S1.stock.water_l=5000 (repeatable)")
    p.add_argument("--out", metavar="DIR", help="write kpis.json, verdict.json, shelters.csv, zones.csv, series.csv "
                                                "and events.jsonl to DIR")
    p.add_argument("--force", action="store_true", help="overwrite those files in DIR if they exist")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the verdict (default zh)")
    p.add_argument("--quiet", action="store_true", help="no progress bar (shown on stderr, in a terminal, for "
                                                        "runs longer than a few seconds)")
    p.set_defaults(func=run)

    p = sub.add_parser("schema", help="print the JSON Schema of the scenario, plan or exercise format",
                       description="Print a JSON Schema of the scenario format, for editors to check and complete files.")
    p.add_argument("--plan", action="store_true", help="the schema of a separate plan file instead")
    p.add_argument("--exercise", action="store_true", help="the schema of an exercise script instead")
    p.set_defaults(func=schema)
