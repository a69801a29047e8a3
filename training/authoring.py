"""Which kind of stormdrill file is this, and is it valid? Scenario, plan or exercise.

    kind, summary = check_file("scenarios/coastal_street_typhoon/exercise.yaml")
    # ("exercise", "16 injects, 2 decision points, 4 objectives, 5 roles; scenario ... ok")

The kind is read off the file's top-level fields (an exercise names a ``scenario`` file and
has ``roles``; a scenario has ``zones``; a plan has ``rules``, ``assignments`` or
``resupply`` and no zones), so each is checked against its own schema. A plan file is
checked in the scenario beside it that names it, when there is one, so its references to
zones and shelters are checked too.
"""
from pathlib import Path

from pydantic import ValidationError

import sim
from sim import scenario as scenario_loader
from sim.errors import ScenarioError
from sim.source import read_document

KINDS = ("scenario", "plan", "exercise")
PLAN_FIELDS = {"rules", "assignments", "resupply"}


def file_kind(data):
    """"scenario", "plan" or "exercise" for the top-level mapping *data*, or None."""
    if not isinstance(data, dict):
        return None
    if "zones" in data:
        return "scenario"
    if "roles" in data or "injects" in data or "decisions" in data or isinstance(data.get("scenario"), str):
        return "exercise"
    if PLAN_FIELDS & set(data):
        return "plan"
    return None


def check_file(path, kind=None):
    """(kind, one-line summary) of a valid file; ScenarioError with every problem otherwise."""
    path = Path(path)
    doc = read_document(path)
    kind = kind or file_kind(doc.data)
    if kind is None:
        raise ScenarioError([doc.problem((), "not a scenario (zones), a plan (rules) or an exercise "
                                             "(scenario, roles); say which with --kind")])
    if kind == "scenario":
        s = sim.load_scenario(path)
        return kind, (f"{len(s.zones)} zones, {len(s.shelters)} shelters, {len(s.depots)} depots, "
                      f"{s.population:,} people, {len(s.plan.rules)} plan rules")
    if kind == "exercise":
        from .exercise import load_exercise

        ex = load_exercise(path)
        return kind, (f"{len(ex.injects)} injects, {len(ex.decisions)} decision points, "
                      f"{len(ex.spec.objectives)} objectives, {len(ex.roles)} roles; scenario "
                      f"{ex.scenario.name!r} with plan {ex.scenario.plan.name or '(unnamed)'!r}")
    return kind, _check_plan(path, doc)


def _check_plan(path, doc):
    from sim.plan import PlanSpec

    if not isinstance(doc.data, dict):
        raise ScenarioError([doc.problem((), "a plan file must be a mapping of fields")])
    try:
        plan = PlanSpec.model_validate(doc.data)
    except ValidationError as exc:
        raise ScenarioError(scenario_loader.validation_problems(exc, doc.data, doc, None)) from None
    for other in sorted(path.resolve().parent.glob("*.y*ml")):
        try:
            data = read_document(other).data
        except ScenarioError:
            continue
        if file_kind(data) == "scenario" and isinstance(data.get("plan"), str) and \
                (path.resolve().parent / data["plan"]).resolve() == path.resolve():
            s = sim.load_scenario(other)  # problems in the plan point into the plan file
            return (f"{len(plan.rules)} rules, {len(plan.assignments)} zone assignments; "
                    f"checked against {other.name} ({len(s.zones)} zones, {len(s.shelters)} shelters)")
    return (f"{len(plan.rules)} rules, {len(plan.assignments)} zone assignments; no scenario beside it names "
            f"this plan, so its zone and shelter ids were not checked")


def exercise_schema():
    """The JSON Schema of an exercise file."""
    from .spec import ExerciseSpec

    doc = ExerciseSpec.model_json_schema(by_alias=True)
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    doc["title"] = "stormdrill exercise script"
    return doc
