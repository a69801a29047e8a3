"""Scoring a recorded session against the community plan and the plan-mode baseline.

``score(record)`` is a pure function of the record: the same session always scores the same.

Rubric (docs/exercise-format.md, shown in every report):

* **Timeliness** — every action the plan expects (each action of each plan rule whose
  trigger held, each expected action of each delivered inject or decision point) is
  *full* (1 point) if the team took it on the right target by the deadline (earlier counts),
  *late* (0.5) if after the deadline, *wrong* (0) if the team only took that kind of action
  on another target, *missing* (0) if nothing of the kind was done.
* **Outcome** — four KPIs against the baseline of the same seed, each 0–1: the 10-hour
  relief target, people left in danger at the hazard peak, shelter overflow, unmet
  person-hours of relief items.
* **Overall** — 100 × (½ timeliness + ½ outcome); 90+ excellent, 75+ good, 60+ pass.
* **Objectives** — each critical task scores the mean of its items (expectations as above,
  KPI criteria 1 pass / 0 fail); an objective scores the mean of its tasks and is rated
  P (≥ 0.9), S (≥ 0.7), M (≥ 0.4) or U (below), the HSEEP four-level scale.
"""
import math
from dataclasses import dataclass

from .matching import covers, describe, same_kind

RESUPPLY_DEADLINE_H = 1.0
"""Hours the team has to dispatch once a shelter's stock falls below the reorder rule's cover."""
POINTS = {"full": 1.0, "late": 0.5, "wrong": 0.0, "missing": 0.0}
RATINGS = ((0.9, "P"), (0.7, "S"), (0.4, "M"), (-math.inf, "U"))
GRADES = ((90, "excellent"), (75, "good"), (60, "pass"), (-math.inf, "fail"))


@dataclass(frozen=True)
class Verdict:
    """One expected action and what the team did about it."""

    source: str  # "rule", "inject" or "decision"
    source_id: str
    name: str
    expected: dict
    role: str | None
    due_from: float  # h: when the trigger held or the inject arrived
    within: float  # h
    status: str  # full / late / wrong / missing
    taken_t: float | None = None
    taken: dict | None = None

    @property
    def points(self):
        return POINTS[self.status]

    @property
    def due_by(self):
        return self.due_from + self.within

    @property
    def delay_h(self):
        """Hours from the trigger to the action (negative: acted before it)."""
        return None if self.taken_t is None else self.taken_t - self.due_from

    @property
    def overdue_h(self):
        """Hours past the deadline, for a late action."""
        return None if self.taken_t is None else max(0.0, self.taken_t - self.due_by)

    @property
    def key(self):
        """Names this expectation across sessions, for the improvement plan."""
        return f"{self.source}:{self.source_id}:{describe(self.expected)}"

    def explain(self):
        """Plain English: what was expected and what happened."""
        want = describe(self.expected)
        if self.status == "full":
            return f"{want}: done at T+{self.taken_t:.2f} h, within {self.within:g} h"
        if self.status == "late":
            return (f"{want}: late — taken {_hm(self.delay_h)} after the trigger, "
                    f"{_hm(self.overdue_h)} past the {_hm(self.within)} deadline")
        if self.status == "wrong":
            return f"{want}: wrong target — the team did {describe(self.taken)} instead"
        return f"{want}: missing — not done by the end of the exercise"


@dataclass(frozen=True)
class Outcome:
    """One outcome KPI of the team against the baseline."""

    kpi: str
    team: float
    baseline: float
    score: float  # 0..1


@dataclass(frozen=True)
class TaskResult:
    id: str
    name: str
    name_zh: str
    score: float | None  # None: nothing to observe (its triggers never held)
    notes: tuple  # plain-English lines


@dataclass(frozen=True)
class ObjectiveRating:
    id: str
    name: str
    name_zh: str
    capability: str
    score: float | None
    rating: str  # P / S / M / U, or "-" when not observed
    tasks: tuple


@dataclass(frozen=True)
class Score:
    verdicts: tuple
    outcomes: tuple
    objectives: tuple
    timeliness: float | None  # 0..1; None if nothing was expected
    outcome: float  # 0..1
    overall: int  # 0..100
    grade: str
    target_met: bool  # the team met the 10-hour target (people left in danger count)
    target_met_baseline: bool

    @property
    def counts(self):
        return {s: sum(v.status == s for v in self.verdicts) for s in POINTS}

    def resolved_keys(self):
        """Improvement keys this session shows done: full expectations and P / S objectives."""
        keys = {v.key for v in self.verdicts if v.status == "full"}
        keys |= {f"objective:{o.id}" for o in self.objectives if o.rating in ("P", "S")}
        return keys


def score(record):
    """Score a SessionRecord (see the module docstring for the rubric)."""
    verdicts = tuple(expectations(record))
    outcomes, met, met_base = outcome_lines(record)
    objectives = tuple(_objective(o, record, verdicts) for o in record.exercise.spec.objectives)
    timeliness = _mean([v.points for v in verdicts])
    outcome = _mean([o.score for o in outcomes])
    overall = round(100 * (outcome if timeliness is None else 0.5 * timeliness + 0.5 * outcome))
    grade = next(name for bound, name in GRADES if overall >= bound)
    return Score(verdicts, outcomes, objectives, timeliness, outcome, overall, grade, met, met_base)


def expectations(record):
    """A Verdict for every action expected in this session, in order of when it fell due."""
    ex = record.exercise
    out = []
    for rule in ex.scenario.plan.rules:
        if rule.id in record.rule_times:
            t0 = record.rule_times[rule.id]
            siblings = [a.model_dump(by_alias=True) for a in rule.do]
            for action in rule.do:
                out.append(_judge("rule", rule.id, rule.name, action, None, t0, rule.deadline, record, siblings))
    for rule_id, t0 in sorted(record.rule_times.items()):
        if rule_id.startswith("resupply:"):
            _, shelter, item = rule_id.split(":")
            action = {"action": "dispatch", "shelter": shelter, "items": {item: "any"}}
            name = f"Reorder rule: {item} at {shelter} below {ex.scenario.plan.resupply.cover_below:g} h of cover"
            out.append(_judge("rule", rule_id, name, action, None, t0, RESUPPLY_DEADLINE_H, record))
    points = [(i, "inject", record.deliveries) for i in ex.spec.injects]
    points += [(d, "decision", {k: v[0] for k, v in record.decisions.items()}) for d in ex.spec.decisions]
    for item, source, times in points:
        if item.id in times:
            name = item.message.en if source == "inject" else item.prompt.en
            siblings = [e.do.model_dump(by_alias=True) for e in item.expect]
            for e in item.expect:
                out.append(_judge(source, item.id, name, e.do, e.role, times[item.id], e.within, record, siblings))
    return sorted(out, key=lambda v: (v.due_from, v.source, v.source_id))


def _judge(source, source_id, name, action, role, t0, within, record, siblings=()):
    """The Verdict on one expected action. An action that does another expectation of the
    same rule or inject (*siblings*) is not "wrong" for this one."""
    expected = action.model_dump(by_alias=True) if hasattr(action, "model_dump") else action
    role = role or record.exercise.role_for(expected["action"])
    done = [a for a in record.actions if a.accepted]
    hits = [a for a in done if covers(a.action, expected)]
    base = dict(source=source, source_id=source_id, name=name, expected=expected, role=role,
                due_from=t0, within=within)
    if hits:
        first = hits[0]
        status = "full" if first.t <= t0 + within + 1e-9 else "late"
        return Verdict(status=status, taken_t=first.t, taken=first.action, **base)
    others = [a for a in done if same_kind(a.action, expected) and a.t >= t0 - 1e-9
              and not any(covers(a.action, s) for s in siblings)]
    if others:
        return Verdict(status="wrong", taken_t=others[0].t, taken=others[0].action, **base)
    return Verdict(status="missing", **base)


def unmet(kpis):
    """Unmet person-hours summed over relief items."""
    return sum(v for k, v in kpis.items() if k.startswith("unmet_person_hours_"))


def kpi_value(kpis, name):
    return unmet(kpis) if name == "unmet_person_hours" else kpis[name]


def outcome_lines(record):
    """(Outcome lines, team met the target, baseline met the target)."""
    team, base = record.kpis, record.baseline
    population = max(team["population"], 1)
    slack = record.exercise.spec.scoring.in_danger_tolerance * population

    def met(k):
        return bool(k["relief_target_met"]) and k["people_in_danger_at_peak"] <= base["people_in_danger_at_peak"] + slack

    met_team, met_base = met(team), met(base)
    if met_team:
        target = 1.0
    elif met_base:
        target = 0.0
    else:
        target = min(1.0, _share(team) / max(_share(base), 1e-9))
    lines = [Outcome("relief_target_met", float(met_team), float(met_base), target)]
    refs = {
        "people_in_danger_at_peak": (slack, max(base["people_in_danger_at_peak"], 0.1 * population)),
        "shelter_overflow": (0.0, max(base["shelter_overflow"], 0.1 * max(base["shelter_peak_occupancy"], 1))),
        "unmet_person_hours": (1e-6, max(unmet(base), max(base["people_displaced"], 1) * 1.0)),
    }
    for name, (tolerance, ref) in refs.items():
        t, b = kpi_value(team, name), kpi_value(base, name)
        lines.append(Outcome(name, t, b, _lower_better(t, b, tolerance, ref)))
    return tuple(lines), met_team, met_base


def _share(k):
    """Share of displaced and endangered people secured in time."""
    secured = k["relief_secured_share"] * k["people_displaced"]
    return secured / max(k["people_displaced"] + k["people_in_danger_at_peak"], 1)


def _lower_better(team, base, tolerance, ref):
    if team <= base + tolerance:
        return 1.0
    return max(0.0, 1.0 - (team - base) / ref)


def _objective(obj, record, verdicts):
    tasks = tuple(_task(t, record, verdicts) for t in obj.tasks)
    value = _mean([t.score for t in tasks if t.score is not None])
    rating = "-" if value is None else next(r for bound, r in RATINGS if value >= bound - 1e-9)
    return ObjectiveRating(obj.id, obj.name, obj.name_zh, obj.capability, value, rating, tasks)


def _task(task, record, verdicts):
    points, notes = [], []
    for v in verdicts:
        in_rules = v.source_id in task.rules or ("resupply" in task.rules and v.source_id.startswith("resupply:"))
        if (v.source == "rule" and in_rules) or (v.source != "rule" and v.source_id in task.injects):
            points.append(v.points)
            notes.append(f"{v.source} {v.source_id}: {v.explain()}")
    for c in task.criteria:
        ok, line = criterion(c, record, record.exercise.spec.scoring.in_danger_tolerance)
        points.append(1.0 if ok else 0.0)
        notes.append(line)
    return TaskResult(task.id, task.name, task.name_zh, _mean(points), tuple(notes))


def criterion(c, record, tolerance):
    """(passed, explanation) for a KPI criterion."""
    value = kpi_value(record.kpis, c.kpi)
    ok, parts = True, []
    if c.at_most is not None:
        ok &= value <= c.at_most + 1e-9
        parts.append(f"at most {c.at_most:g}")
    if c.at_least is not None:
        ok &= value >= c.at_least - 1e-9
        parts.append(f"at least {c.at_least:g}")
    if c.no_worse_than_baseline:
        base = kpi_value(record.baseline, c.kpi)
        slack = tolerance * record.kpis["population"] if c.kpi == "people_in_danger_at_peak" else 1e-6
        ok &= value <= base + slack if c.lower_is_better else value >= base - slack
        parts.append(f"no worse than the baseline's {_num(base)}")
    verdict = "met" if ok else "not met"
    return bool(ok), f"{c.kpi} = {_num(value)} ({' and '.join(parts)}): {verdict}"


def _num(x):
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float):
        return "never" if math.isinf(x) else f"{x:,.2f}".rstrip("0").rstrip(".")
    return f"{x:,}"


def _mean(values):
    values = list(values)
    return sum(values) / len(values) if values else None


def _hm(hours):
    """Hours as ``1 h 05 min``."""
    minutes = round(abs(hours) * 60)
    h, m = divmod(minutes, 60)
    text = f"{h} h {m:02d} min" if h else f"{m} min"
    return f"-{text}" if hours < 0 else text
