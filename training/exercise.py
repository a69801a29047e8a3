"""Load an exercise script: YAML in, a validated Exercise (with its scenario) out.

    exercise = load_exercise("scenarios/tutorial_village/exercise.yaml")

Every problem is reported as ``file:line:col: path: reason`` through sim.ScenarioError,
exactly as for scenarios; nothing runs on a bad file.
"""
import hashlib
from pathlib import Path

from pydantic import ValidationError

import sim
from sim import scenario as scenario_loader
from sim.checks import RefCheck, check_action, check_trigger
from sim.errors import ScenarioError
from sim.source import read_document
from sim.userfile import UnusableFile, beside, read_user_bytes

from .spec import ExerciseSpec


class Exercise:
    """A validated exercise script and the scenario (with the plan) it plays."""

    def __init__(self, spec, scenario, file, digest):
        self.spec = spec
        self.scenario = scenario
        self.file = str(file)
        self.digest = digest  # sha256 of the exercise file, to notice edits between sessions
        self.roles = {r.id: r for r in spec.roles}
        self.injects = {i.id: i for i in spec.injects}
        self.decisions = {d.id: d for d in spec.decisions}
        self.community = spec.community or scenario.name  # the key that carries improvement items over
        self.community_zh = spec.community_zh or scenario.spec.name_zh or self.community

    @property
    def name(self):
        return self.spec.name

    @property
    def end_h(self):
        """When the exercise ends (h since the start): its declared ``end``, else the scenario's
        horizon. Nothing due after it is delivered or scored."""
        horizon = float(self.scenario.spec.horizon)
        return horizon if self.spec.end is None else min(float(self.spec.end), horizon)

    def role_for(self, kind):
        """The role responsible for actions of *kind*: the first that lists it, else the first
        allowed to take any action, else None."""
        listed = [r.id for r in self.spec.roles if r.actions != "all" and kind in r.actions]
        return listed[0] if listed else next((r.id for r in self.spec.roles if r.may(kind)), None)

    def __repr__(self):
        return f"<Exercise {self.name!r}: {len(self.injects)} injects, {len(self.decisions)} decision points>"


def load_exercise(path):
    """Read, validate and cross-check the exercise at *path*; raise sim.ScenarioError."""
    path = Path(path)
    doc = read_document(path)
    if not isinstance(doc.data, dict):
        raise ScenarioError([doc.problem((), "an exercise file must be a mapping of fields")])
    try:
        spec = ExerciseSpec.model_validate(doc.data)
    except ValidationError as exc:
        raise ScenarioError(scenario_loader.validation_problems(exc, doc.data, doc, None)) from None
    scenario = _load_scenario(spec, doc, path)
    found = cross_check(spec, scenario)
    if found:
        raise ScenarioError([scenario_loader.locate_problem(p, reason, doc.data, doc, None) for p, reason in found])
    digest = hashlib.sha256(read_user_bytes(path)).hexdigest()
    return Exercise(spec, scenario, path, digest)


def _inside(doc, path, field, name):
    try:
        return beside(path, name, "exercise")
    except UnusableFile as exc:
        raise ScenarioError([doc.problem((field,), f"{field} file {name!r}: {exc}")]) from None


def _load_scenario(spec, doc, path):
    """The scenario the exercise names, with the exercise's plan if it names one."""
    target = _inside(doc, path, "scenario", spec.scenario)
    if spec.plan is None:
        return sim.load_scenario(target)
    plan_path = _inside(doc, path, "plan", spec.plan)
    scenario_doc = read_document(target)
    plan_doc = read_document(plan_path)
    if not isinstance(scenario_doc.data, dict):
        raise ScenarioError([scenario_doc.problem((), "a scenario file must be a mapping of fields")])
    if not isinstance(plan_doc.data, dict):
        raise ScenarioError([plan_doc.problem((), "a plan file must be a mapping of fields")])
    data = dict(scenario_doc.data, plan=plan_doc.data)
    return scenario_loader.validate_documents(data, scenario_doc, plan_doc)


def cross_check(spec, scenario):
    """Every reference in the exercise to something that does not exist, as (path, reason)."""
    found = []
    ref = RefCheck(found)
    s = scenario
    zones, shelters, depots = set(s.zone), set(s.shelter), set(s.depot)
    edges, items = {e.id for e in s.edges}, set(s.relief.items)
    channels = set(s.behaviour.channels)
    townships = {z.township for z in s.zones if z.township}
    roles = _unique(spec.roles, ("roles",), found)
    points = _unique(list(spec.injects) + list(spec.decisions), None, found, spec)
    rules = {r.id for r in s.plan.rules} | ({"resupply"} if s.plan.resupply is not None else set())
    _unique(spec.objectives, ("objectives",), found)
    if spec.end is not None and spec.end > s.spec.horizon:
        found.append((("end",), f"{spec.end:g} h is after the end of the scenario (horizon {s.spec.horizon:g} h)"))

    def action(a, path):
        check_action(a, path, ref, zones, shelters, depots, edges, items, channels, townships)

    def expectations(expect, path):
        for j, e in enumerate(expect):
            action(e.do, path + (j, "do"))
            if e.role is not None:
                ref.check(path + (j, "role"), e.role, roles, "role")

    for i, inj in enumerate(spec.injects):
        base = ("injects", i)
        check_trigger(inj.when, base + ("when",), ref, zones, shelters, items)
        if inj.to != "all":
            for j, r in enumerate(inj.to):
                ref.check(base + ("to", j), r, roles, "role")
        for j, a in enumerate(inj.effect):
            action(a, base + ("effect", j))
        expectations(inj.expect, base + ("expect",))
    for i, dp in enumerate(spec.decisions):
        base = ("decisions", i)
        check_trigger(dp.when, base + ("when",), ref, zones, shelters, items)
        if dp.roles != "all":
            for j, r in enumerate(dp.roles):
                ref.check(base + ("roles", j), r, roles, "role")
        for j, o in enumerate(dp.options):
            action(o.do, base + ("options", j, "do"))
        expectations(dp.expect, base + ("expect",))
    for i, obj in enumerate(spec.objectives):
        for j, task in enumerate(obj.tasks):
            base = ("objectives", i, "tasks", j)
            for k, r in enumerate(task.rules):
                ref.check(base + ("rules", k), r, rules, "plan rule")
            for k, p in enumerate(task.injects):
                ref.check(base + ("injects", k), p, points, "inject or decision point")
            for k, c in enumerate(task.criteria):
                if c.kpi not in KNOWN_KPIS and not c.kpi.startswith("unmet_person_hours_"):
                    found.append((base + ("criteria", k, "kpi"), f"no KPI {c.kpi!r}; known: {', '.join(KNOWN_KPIS)}"))
                if c.at_most is None and c.at_least is None and not c.no_worse_than_baseline:
                    found.append((base + ("criteria", k), "give at_most, at_least or no_worse_than_baseline"))
    return found


KNOWN_KPIS = (
    "people_warned", "people_ordered", "people_evacuated", "people_to_shelters", "people_in_danger_at_peak",
    "ete_50_h", "ete_90_h", "ete_100_h", "shelter_peak_occupancy", "shelter_peak_share", "shelter_overflow",
    "people_displaced", "relief_secured_share", "relief_p90_h", "relief_max_h", "relief_unsecured_at_end",
    "first_stockout_h", "unmet_person_hours", "people_left_in_danger", "people_needing_relief", "relief_kept_share",
    "relief_cut_off", "sheltered_without_bed_peak",
)
"""KPIs a criterion may name (sim/results.py; ``unmet_person_hours`` is the sum over items)."""


def _unique(items, prefix, found, spec=None):
    """Ids of *items*; report repeats. With *spec*, items are injects then decision points."""
    seen = set()
    n_injects = len(spec.injects) if spec is not None else 0
    for i, item in enumerate(items):
        if spec is None:
            path = prefix + (i, "id")
        else:
            path = ("injects", i, "id") if i < n_injects else ("decisions", i - n_injects, "id")
        if item.id in seen:
            found.append((path, f"id {item.id!r} is used twice"))
        seen.add(item.id)
    return seen
