"""What each ``stormdrill`` subcommand does; output formatting lives in stormdrill.output."""
import json
import sys
from pathlib import Path

import sim
from messages import N_, texts

from . import options
from .errors import UserError
from .options import (MAX_REPS, MAX_RUNS, MAX_SEED, MAX_WORKERS, bounded_int, positive_int,  # noqa: F401
                      seed_option, session_arg, worker_count)  # (other command modules import them from here)
from .progress import run_with_progress

# Imported where used, so that `stormdrill --help` and `validate` start fast:
# sim.units / sim.overrides (pydantic, YAML) and stormdrill.output (rich).


def load(path, overrides=(), lang=None):
    """Load a scenario, with the ``--set`` *overrides* (``["PATH=VALUE", ...]``) applied, or raise
    UserError listing every problem."""
    try:
        scenario = sim.load_scenario(path)
        return scenario.with_overrides(parse_overrides(overrides, lang)) if overrides else scenario
    except sim.ScenarioError as exc:
        raise problems_error(exc, lang) from None


def problems_error(exc, lang=None):
    """A UserError listing every problem of *exc* (anything with ``.problems``), one per line."""
    count = len(exc.problems)
    head = texts(lang).plural("{n} problem found:", "{n} problems found:", count) + "\n" if count > 1 else ""
    return UserError(head + "\n".join(str(p) for p in exc.problems), bare=True)


def validate(args):
    from training.authoring import check_file

    _ = texts(args.lang)
    try:
        kind, summary = check_file(args.file, args.kind)
        if args.overrides:
            if kind != "scenario":
                raise UserError(_("--set: {file} is a {kind} file; --set changes a scenario", file=args.file,
                                  kind=_(KINDS[kind])))
            load(args.file, args.overrides, args.lang)
    except sim.ScenarioError as exc:
        raise problems_error(exc, args.lang) from None
    print(_("{file}: ok ({kind}) — {summary}", file=args.file, kind=_(KINDS[kind]), summary=summary))


KINDS = {"scenario": N_("scenario"), "plan": N_("plan"), "exercise": N_("exercise")}
"""The kinds of file validate checks, as said to the user."""


def check_runs(points, reps, lang=None):
    """Refuse a sweep of *points* grid points x *reps* replications beyond MAX_RUNS, before any work."""
    if points * reps > MAX_RUNS:
        _ = texts(lang)
        raise UserError(_("--reps / --vary: {points:,} grid point(s) x {reps:,} replications make {runs:,} runs; "
                          "the limit is {limit:,}", points=points, reps=reps, runs=points * reps, limit=MAX_RUNS))


def hours_option(flag, text, low, high, lang=None):
    """The duration *text* given to *flag* (``"12h"``, ``"90min"``) in hours, within
    [*low*, *high*]; else a UserError naming the flag."""
    from sim.units import parse_duration

    try:
        hours = parse_duration(text)
    except ValueError as exc:
        raise UserError(f"{flag}: {exc}") from None
    if not low <= hours <= high:
        _ = texts(lang)
        raise UserError(_("{flag}: {hours:g} h is not between {low:g} and {high:g} h after the start",
                          flag=flag, hours=hours, low=low, high=high))
    return hours


def parse_overrides(pairs, lang=None):
    """``["a.b=1", ...]`` -> ``{"a.b": 1, ...}``; values read as YAML."""
    from sim.overrides import parse_value

    out = {}
    for pair in pairs:
        path, sep, value = pair.partition("=")
        if not sep or not path:
            _ = texts(lang)
            raise UserError(_("--set {pair!r}: write PATH=VALUE, e.g. shelters.S1.capacity=400", pair=pair))
        try:
            out[path.strip()] = parse_value(value)
        except ValueError as exc:
            raise UserError(f"--set {pair!r}: {exc}") from None
    return out


def run(args):
    from . import output

    _ = texts(args.lang)
    if args.builtin == bool(args.file):
        raise UserError(_("give a scenario FILE or --builtin (one of the two)"))
    scenario = load(sim.builtin_path() if args.builtin else args.file, lang=args.lang)
    out_dir = Path(args.out) if args.out else None
    if out_dir is not None:
        output.check_writable(out_dir, output.RUN_FILES, args.force, UserError)
    try:
        result = run_with_progress(scenario, seed=args.seed, overrides=parse_overrides(args.overrides, args.lang),
                                   quiet=args.quiet, lang=args.lang)
    except sim.ScenarioError as exc:
        raise problems_error(exc, args.lang) from None
    output.print_kpis(scenario, result, args.seed, lang=args.lang)
    if out_dir is not None:
        output.write_run(out_dir, result)
        print(_("wrote {folder}/: {files}", folder=out_dir, files=_.join(output.RUN_FILES)))
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
        _ = texts(args.lang)
        raise UserError(_("give --plan or --exercise, not both"))
    if args.exercise:
        from training.authoring import exercise_schema

        doc = exercise_schema()
    else:
        doc = plan_schema() if args.plan else scenario_schema()
    json.dump(doc, sys.stdout, indent=2, ensure_ascii=False)
    print()


def register(sub, _):
    """Add run, validate and schema to the ``stormdrill`` parser, in the language of *_*."""
    p = sub.add_parser("run", description=_(
        "Run a scenario in plan mode (the engine carries out the community plan) and print the KPIs and the "
        "verdict against the 10-hour relief target."))
    p.add_argument("file", nargs="?", help=_("scenario YAML file (omit with --builtin)"))
    p.add_argument("--builtin", action="store_true", help=_("run the built-in tutorial village scenario"))
    options.add_seed(p)
    options.add_set(p)
    options.add_out(p, _("write kpis.json, verdict.json, shelters.csv, zones.csv, series.csv and events.jsonl "
                         "to DIR"))
    options.add_force(p)
    options.add_quiet(p, _("no progress bar (shown on stderr, in a terminal, for runs longer than a few seconds)"))
    options.add_lang(p)
    p.set_defaults(func=run)

    p = sub.add_parser("validate", description=_(
        "Check a scenario (and the plan it names), a plan file, or an exercise script (and the scenario it plays); "
        "the kind is read off the file. Print every problem as file:line:col."))
    p.add_argument("file", help=_("scenario, plan or exercise YAML file"))
    p.add_argument("--kind", choices=tuple(KINDS), help=_("check as this kind (default: from its fields)"))
    options.add_set(p)
    options.add_lang(p)
    p.set_defaults(func=validate)

    p = sub.add_parser("schema", description=_(
        "Print a JSON Schema of the scenario format, for editors to check and complete files."))
    p.add_argument("--plan", action="store_true", help=_("the schema of a separate plan file instead"))
    p.add_argument("--exercise", action="store_true", help=_("the schema of an exercise script instead"))
    options.add_lang(p)
    p.set_defaults(func=schema)
