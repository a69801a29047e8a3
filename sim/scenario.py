"""Load a scenario: YAML in, validated immutable objects out, or one report of every problem.

    scenario = load_scenario("scenarios/tutorial_village/scenario.yaml")

Problems are reported as ``file:line:col: path.to.field: reason``; the plan may live in
its own file, named by a path relative to the scenario (and inside its folder).
"""
import copy
import math
from pathlib import Path

from pydantic import ValidationError

from .checks import cross_check, peak_problems
from .errors import Problem, ScenarioError
from .overrides import apply_overrides
from .scenario_spec import ScenarioSpec
from .source import Document, read_document
from .transfer_checks import check_transfer
from .userfile import UnusableFile, beside

MAX_POPULATION = 50_000_000
"""Refuse scenarios with more residents than this (persons)."""
MAX_COHORTS = 400_000
"""Refuse scenarios that would need more cohorts than this (about 1 kB each in a run)."""
MAX_SERIES_VALUES = 5_000_000
"""Refuse recorded series larger than this (values: grid points × (shelters × (items + 1) + 8))."""
MAX_HAZARD_VALUES = 10_000_000
"""Refuse hazard grids larger than this (values: zones × grid points, per quantity)."""


class Scenario:
    """A validated scenario: its parts as tuples of frozen objects, with lookups by id."""

    def __init__(self, spec, source, file="<scenario>"):
        self.spec = spec
        self.source = source  # the raw mapping, plan included, for overrides
        self.file = str(file)
        self.name = spec.name
        self.zones = tuple(spec.zones)
        self.shelters = tuple(spec.shelters)
        self.depots = tuple(spec.depots)
        self.nodes = tuple(spec.roads.nodes)
        self.edges = tuple(spec.roads.edges)
        self.zone = {z.id: z for z in self.zones}
        self.shelter = {s.id: s for s in self.shelters}
        self.depot = {d.id: d for d in self.depots}
        self.plan = spec.plan
        self.hazard = spec.hazard
        self.behaviour = spec.behaviour
        self.relief = spec.relief
        self.townships = tuple(spec.townships)
        self.township = {t.id: t for t in self.townships}
        self.timezone = spec.timezone

    def local_time(self, t_h):
        """The local wall-clock time (an aware datetime in the scenario's time zone) at *t_h*
        hours after the start, or None if the scenario gives no start."""
        from datetime import datetime, timedelta
        from zoneinfo import ZoneInfo

        try:
            start = datetime.fromisoformat(self.spec.start) if self.spec.start else None
        except ValueError:
            return None
        if start is None:
            return None
        zone = ZoneInfo(self.timezone)
        start = start.replace(tzinfo=zone) if start.tzinfo is None else start.astimezone(zone)
        return (start.astimezone(ZoneInfo("UTC")) + timedelta(hours=t_h)).astimezone(zone)

    @property
    def population(self):
        """Residents of all zones, persons."""
        return sum(z.population for z in self.zones)

    def with_overrides(self, overrides):
        """A new scenario with dotted-path overrides applied (``shelters.S1.stock.water_l``)."""
        if not overrides:
            return self
        data = apply_overrides(self.source, overrides)
        scenario = scenario_from_dict(data, file=f"{self.file} (overrides: {', '.join(overrides)})")
        scenario.file = self.file  # the label above is for problems only
        return scenario

    def __repr__(self):
        return f"<Scenario {self.name!r}: {len(self.zones)} zones, {len(self.shelters)} shelters, {self.population} people>"


def load_scenario(path):
    """Read, validate and cross-check the scenario file at *path*; raise ScenarioError."""
    path = Path(path)
    doc = read_document(path)
    if not isinstance(doc.data, dict):
        raise ScenarioError([doc.problem((), "a scenario file must be a mapping of fields")])
    plan_doc = None
    data = dict(doc.data)
    if isinstance(data.get("plan"), str):
        plan_doc = _read_plan(doc, path, data["plan"])
        data["plan"] = plan_doc.data
    return validate_documents(data, doc, plan_doc)


def scenario_from_dict(data, file="<scenario>"):
    """Validate a scenario given as a mapping (plan inline); raise ScenarioError."""
    if not isinstance(data, dict):
        raise ScenarioError([Problem(file, 0, 0, "", "a scenario must be a mapping of fields")])
    return validate_documents(copy.deepcopy(data), Document(file, data, {}), None)


def _read_plan(doc, path, name):
    try:
        beside(path, name, "scenario")
    except UnusableFile as exc:
        raise ScenarioError([doc.problem(("plan",), f"plan file {name!r}: {exc}")]) from None
    plan_doc = read_document(path.parent / name)  # named as the user would write it
    if not isinstance(plan_doc.data, dict):
        raise ScenarioError([plan_doc.problem((), "a plan file must be a mapping of fields")])
    return plan_doc


def validate_documents(data, doc, plan_doc):
    """Validate scenario *data* read from *doc* (and *plan_doc*, the plan's own file, or None);
    return the Scenario or raise ScenarioError with every problem at its file and position."""
    _check_size(data, doc)
    try:
        spec = ScenarioSpec.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(validation_problems(exc, data, doc, plan_doc)) from None
    found = cross_check(spec) or check_transfer(spec) or _check_run(spec)
    if found:
        raise ScenarioError([locate_problem(path, reason, data, doc, plan_doc) for path, reason in found])
    return Scenario(spec, data, doc.file)


def _check_run(spec):
    """(path, reason) for a valid scenario that still cannot be run: grids too large for
    memory, no onset, or a horizon that ends before the relief deadline or the hazard's peak."""
    from .hazard import build_hazard

    found = []
    points = spec.horizon / spec.series_step + 1
    values = points * (len(spec.shelters) * (len(spec.relief.items) + 1) + 8)
    if values > MAX_SERIES_VALUES:
        found.append((("series_step",), (
            f"a {spec.horizon:g} h run recorded every {spec.series_step:g} h would hold {values:,.0f} values, "
            f"more than the {MAX_SERIES_VALUES:,} that fit in memory; shorten the horizon or lengthen series_step")))
    cells = (spec.horizon / spec.hazard.step + 1) * len(spec.zones)
    if cells > MAX_HAZARD_VALUES:
        found.append((("hazard", "step"), (
            f"{len(spec.zones)} zones over {spec.horizon:g} h every {spec.hazard.step:g} h make {cells:,.0f} "
            f"hazard values, more than the {MAX_HAZARD_VALUES:,} that fit in memory; shorten the horizon or lengthen hazard.step")))
    if found:
        return found
    try:
        hazard = build_hazard(spec.hazard, [(z.id, z.x_km, z.y_km) for z in spec.zones], spec.horizon)
    except ValueError as exc:
        return [(("hazard",), str(exc))]
    onset = hazard.onset_h
    found += peak_problems(spec, hazard)
    deadline = onset + spec.relief.target
    if deadline > spec.horizon:
        found.append((("horizon",), (
            f"the run ends at {spec.horizon:g} h, before the relief deadline at {deadline:g} h "
            f"(onset {onset:g} h + target {spec.relief.target:g} h); lengthen the horizon")))
    return found


def _check_size(data, doc):
    """Refuse scenarios too large to run, before building anything."""
    zones = data.get("zones")
    if not isinstance(zones, list):
        return
    size = _whole(data.get("cohort_size", 50))
    size = size if size is not None and size > 0 else 50
    people = cohorts = 0
    largest, where = -1, ("zones",)
    for i, zone in enumerate(zones):
        pop = _whole(zone.get("population") if isinstance(zone, dict) else None)
        if pop is not None and pop > 0:
            people += pop
            cohorts += -(-pop // size) + 1
            if pop > largest:
                largest, where = pop, ("zones", i, "population")
    if people > MAX_POPULATION:
        raise ScenarioError([locate_problem(where, (
            f"{people:,} residents in all zones; the limit is {MAX_POPULATION:,}"), data, doc, None)])
    if cohorts > MAX_COHORTS:
        at = ("cohort_size",) if "cohort_size" in data else where
        raise ScenarioError([locate_problem(at, (
            f"{people:,} residents in cohorts of {size} make about {cohorts:,} cohorts, more than the "
            f"{MAX_COHORTS:,} that fit in memory; raise cohort_size"), data, doc, None)])


def _whole(value):
    """*value* as the whole number validation will make of it (``5.0e+15`` is 5000000000000000),
    so a limit holds however the number is spelled; None for anything else."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else None
    return value


def validation_problems(exc, data, doc, plan_doc):
    """Problems of a pydantic ValidationError, each at its place in *doc* (or *plan_doc*)."""
    out = []
    for err in exc.errors(include_url=False):
        out.append(locate_problem(err["loc"], _reason(err), data, doc, plan_doc))
    return out


def _reason(err):
    kind = err["type"]
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "required field is missing"
    msg = err["msg"]
    return msg[len("Value error, "):] if msg.startswith("Value error, ") else msg


def locate_problem(loc, reason, data, doc, plan_doc):
    """A Problem at *loc* (a pydantic or cross-check path), in whichever file holds it."""
    path, shown = _walk(loc, data)
    if plan_doc is not None and path[:1] == ("plan",):
        return plan_doc.problem(path[1:], reason, display=".".join(shown[1:]))
    return doc.problem(path, reason, display=".".join(shown))


def _walk(loc, data):
    """Follow *loc* through *data*: keep the steps that exist (dropping union tags) and show
    list items by their id when they have one."""
    path, shown, node = [], [], data
    for i, step in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, dict) and step in node:
            path.append(step)
            shown.append(str(step))
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            path.append(step)
            item = node[step]
            shown.append(str(item["id"]) if isinstance(item, dict) and isinstance(item.get("id"), (str, int)) else f"[{step}]")
            node = item
        elif last and isinstance(step, str) and not _is_tag(step):
            shown.append(step)
    return tuple(path), shown


def _is_tag(step):
    return "[" in step or step in {"function-after", "function-before"}
