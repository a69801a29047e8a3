"""Scoring a recorded session against the community plan and the plan-mode baseline.

``score(record)`` is a pure function of the record: the same session always scores the same.

Rubric (docs/exercise-format.md, shown in every report):

* **Process** — every action the plan expects (each action of each plan rule whose trigger
  held, each expected action of each delivered inject or decision point, the reorder rule
  at each shelter that ran low) is judged on the team's actions of the same kind, on the
  same target, through the channel the plan names, in the window from the trigger to the
  deadline (before the trigger only where the plan says early is fine), in sufficient
  quantity (training/matching.py):
  *full* (1 point) when covered in the window; *late* (0.5) when covered only after the
  deadline; *partial* (the share covered in the window, plus half the share covered
  later) when never covered — "covered 3.0 of 12.0 h"; *early* (0) when done only before a
  trigger that does not allow it; *wrong* (0) when the team acted only on another target
  or channel; *missing* (0) when nothing of the kind was done.
* **Outcome** — four KPIs against the baseline of the same seed, each 0–1: the 10-hour
  relief target, people left in danger at the hazard peak, shelter overflow, unmet
  person-hours of relief items.
* **Overall** — 100 × (½ process + ½ outcome); 90+ excellent, 75+ good, 60+ pass.
* **Objectives** — each critical task scores the mean of its items (expectations as above,
  KPI criteria 1 pass / 0 fail); an objective scores the mean of its tasks and is rated
  P (≥ 0.9), S (≥ 0.7), M (≥ 0.4) or U (below), the HSEEP four-level scale.
"""
import math
from dataclasses import dataclass, field, replace

from .evaluation import observations, overrides
from .matching import SUFFICIENT, assess, describe, on_target, same_kind
from .plain import plain_action
from .words import clock, hm, role_name

RESUPPLY_DEADLINE_H = 1.0
"""Hours the team has to dispatch once a shelter's stock falls below the reorder rule's cover."""
POINTS = {"full": 1.0, "late": 0.5, "partial": None, "early": 0.0, "wrong": 0.0, "missing": 0.0}
RATINGS = ((0.9, "P"), (0.7, "S"), (0.4, "M"), (-math.inf, "U"))
GRADES = ((90, "excellent"), (75, "good"), (60, "pass"), (-math.inf, "fail"))
EPS_H = 1e-6
"""Times this close (h) are the same moment (the log keeps microseconds)."""


@dataclass(frozen=True)
class Verdict:
    """One expected action and what the team did about it, with the actions that earned it."""

    source: str  # "rule", "inject" or "decision"
    source_id: str
    name: str
    expected: dict
    role: str | None
    due_from: float  # h: when the trigger held or the inject arrived
    within: float  # h
    status: str  # full / late / partial / early / wrong / missing
    share: float = 0.0  # points, 0..1
    cited: tuple = ()  # (t, role, action dict) of the team's actions this verdict rests on
    what: dict = field(default_factory=dict)  # {"en", "zh"}: the expected action in plain words
    cited_text: tuple = ()  # ({"en", "zh"}, ...): each cited action, "T+14:20 grid worker: warn ..."
    reason: dict = field(default_factory=dict)  # {"en", "zh"}: why not full, "" when full
    early_ok: bool = False  # the plan counts actions before the trigger
    ahead: bool = False  # credited from an action taken before the trigger (allowed)
    override: object = None  # the evaluator's training.evaluation.Evaluation, which counts

    @property
    def points(self):
        return self.override.points if self.override is not None else self.share

    @property
    def final_status(self):
        """The evaluator's rating where there is one, else the computed status."""
        return self.override.rating if self.override is not None else self.status

    @property
    def taken_t(self):
        """When the first cited action was taken (h), or None."""
        return self.cited[0][0] if self.cited else None

    @property
    def taken(self):
        return self.cited[0][2] if self.cited else None

    @property
    def last_t(self):
        return self.cited[-1][0] if self.cited else None

    @property
    def due_by(self):
        return self.due_from + self.within

    @property
    def delay_h(self):
        """Hours from the trigger to the action that completed it (negative: before it)."""
        return None if self.last_t is None else self.last_t - self.due_from

    @property
    def overdue_h(self):
        """Hours past the deadline, for a late action."""
        return None if self.last_t is None else max(0.0, self.last_t - self.due_by)

    @property
    def key(self):
        """Names this expectation across sessions, for the improvement plan."""
        return f"{self.source}:{self.source_id}:{describe(self.expected)}"

    def explain(self, lang="en"):
        """What was expected and what happened, citing the team's actions by time and role."""
        want = self.what.get(lang) or describe(self.expected)
        zh = lang == "zh"
        cites = ("；" if zh else "; ").join(c[lang] for c in self.cited_text)
        reason = self.reason.get(lang, "") if self.reason else ""
        if self.status == "full" and reason:
            head = f"{want}：无需再调运 — {reason}" if zh else f"{want}: nothing more to send — {reason}"
        elif self.status == "full":
            if zh:
                head = f"{want}：按时完成（时限{hm(self.within, 'zh')}）" + ("，提前于触发（预案允许）" if self.ahead else "")
            else:
                head = f"{want}: done within the {hm(self.within)} deadline" + (
                    " (ahead of the trigger, which the plan allows)" if self.ahead else "")
        elif self.status == "late":
            if zh:
                head = (f"{want}：延迟 — 触发后{hm(self.delay_h, 'zh')}才完成，"
                        f"超过{hm(self.within, 'zh')}时限{hm(self.overdue_h, 'zh')}")
            else:
                head = (f"{want}: late — completed {hm(self.delay_h)} after the trigger, "
                        f"{hm(self.overdue_h)} past the {hm(self.within)} deadline")
        elif self.status == "partial":
            head = f"{want}：部分完成（{self.share:.0%}）— {reason}" if zh else \
                f"{want}: partly done ({self.share:.0%}) — {reason}"
        elif self.status == "early":
            head = (f"{want}：只在触发（{clock(self.due_from)}）之前执行，预案不计提前动作" if zh else
                    f"{want}: done only before the trigger at {clock(self.due_from)}, which the plan does not count")
        elif self.status == "wrong":
            head = f"{want}：对象或渠道错误 — {reason}" if zh else f"{want}: wrong target or channel — {reason}"
        else:
            return f"{want}：未执行" if zh else f"{want}: missing — not done by the end of the exercise"
        if not cites:
            return head
        return f"{head}。依据：{cites}" if zh else f"{head}. Earned by: {cites}"


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
    rating: str  # P / S / M / U, or "-" when not observed: the evaluator's where there is one
    tasks: tuple
    computed: str = ""  # the rating the scorer computed
    override: object = None  # the evaluator's training.evaluation.Evaluation
    observations: tuple = ()  # the evaluator's observations tied to this objective


@dataclass(frozen=True)
class Score:
    verdicts: tuple
    outcomes: tuple
    objectives: tuple
    timeliness: float | None  # 0..1, the process part; None if nothing was expected
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
        keys = {v.key for v in self.verdicts if v.final_status == "full"}
        keys |= {f"objective:{o.id}" for o in self.objectives if o.rating in ("P", "S")}
        return keys


def score(record):
    """Score a SessionRecord (see the module docstring for the rubric)."""
    judged = overrides(record.evaluations)
    verdicts = tuple(replace(v, override=judged[v.key]) if v.key in judged else v for v in expectations(record))
    outcomes, met, met_base = outcome_lines(record)
    objectives = tuple(_objective(o, record, verdicts, judged.get(f"objective:{o.id}"),
                                  tuple(observations(record.evaluations, o.id)))
                       for o in record.exercise.spec.objectives)
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
            early = bool(getattr(rule, "early", False))
            for action in rule.do:
                out.append(_judge("rule", rule.id, rule.name, action, None, t0, rule.deadline, record, siblings, early))
    needs = getattr(record, "needs", {}) or {}
    for rule_id, t0 in sorted(record.rule_times.items()):
        if rule_id.startswith("resupply:"):
            _, shelter, item = rule_id.split(":")
            action = {"action": "dispatch", "shelter": shelter, "items": {item: "any"}}
            name = f"Reorder rule: {item} at {shelter} below {ex.scenario.plan.resupply.cover_below:g} h of cover"
            out.append(_judge("rule", rule_id, name, action, None, t0, RESUPPLY_DEADLINE_H, record,
                              need=needs.get(rule_id)))
    out += _opening_top_ups(record)
    points = [(i, "inject", record.deliveries) for i in ex.spec.injects]
    points += [(d, "decision", {k: v[0] for k, v in record.decisions.items()}) for d in ex.spec.decisions]
    for item, source, times in points:
        if item.id in times:
            name = item.message.en if source == "inject" else item.prompt.en
            siblings = [e.do.model_dump(by_alias=True) for e in item.expect]
            for e in item.expect:
                out.append(_judge(source, item.id, name, e.do, e.role, times[item.id], e.within, record, siblings,
                                  bool(getattr(e, "early", False))))
    return sorted(out, key=lambda v: (v.due_from, v.source, v.source_id))


def _opening_top_ups(record):
    """The reorder rule's other half: when the team opens a shelter, its durable items
    (bedding, medical kits) are to be topped up to its capacity within RESUPPLY_DEADLINE_H.
    The need is what its capacity asks beyond its own stock; dispatches sent before the
    opening count towards it (early is fine)."""
    ex = record.exercise
    rule = ex.scenario.plan.resupply
    if rule is None:
        return []
    items = ex.scenario.relief.items
    names = [n for n in (items if rule.items == "all" else rule.items) if items[n].durable]
    opened = {}
    for a in sorted(record.actions, key=_canonical):
        if a.accepted and a.action.get("action") == "open_shelter":
            opened.setdefault(a.action["shelter"], a.t)
    out = []
    for sid, t0 in opened.items():
        shelter = ex.scenario.shelter[sid]
        for name in names:
            spec = items[name]
            want = shelter.capacity * spec.share * spec.first_ration - shelter.stock.get(name, 0.0)
            need = {"units": round(max(0.0, want), 3), "per_hour": 0.0, "unit": spec.unit}
            action = {"action": "dispatch", "shelter": sid, "items": {name: "any"}}
            label = f"Reorder rule: {name} at {sid} topped up to capacity on opening"
            # stock sent before the opening is part of the top-up: early is fine here
            out.append(_judge("rule", f"resupply:{sid}:{name}", label, action, None, t0, RESUPPLY_DEADLINE_H,
                              record, early=True, need=need))
    return out


def _judge(source, source_id, name, action, role, t0, within, record, siblings=(), early=False, need=None):
    """The Verdict on one expected action (the rubric in the module docstring). An action
    that does another expectation of the same rule or inject (*siblings*) is not "wrong"
    for this one."""
    ex = record.exercise
    expected = action.model_dump(by_alias=True) if hasattr(action, "model_dump") else action
    role = role or ex.role_for(expected["action"])
    zones = tuple(z.id for z in ex.scenario.zones)
    done = [a for a in record.actions if a.accepted or moot(a)]
    aimed = [a for a in done if on_target(a.action, expected)]
    end = t0 + within + EPS_H
    start = -math.inf if early else t0 - EPS_H
    base = dict(source=source, source_id=source_id, name=name, expected=expected, role=role, due_from=t0,
                within=within, early_ok=early,
                what={lang: plain_action(expected, ex.scenario, lang) for lang in ("en", "zh")})

    def verdict(status, share, cited, reason=None):
        cited = tuple(sorted(cited, key=_canonical))
        return Verdict(status=status, share=share, cited=tuple((a.t, a.role, a.action) for a in cited),
                       cited_text=tuple(_cite(a, ex) for a in cited), reason=reason or {"en": "", "zh": ""},
                       ahead=bool(cited) and status == "full" and not reason and cited[0].t < t0 - EPS_H, **base)

    if need is not None and need.get("units", 0.0) <= 1e-6:
        before = sorted((a for a in aimed if a.t < t0 + EPS_H), key=_canonical)
        reason = {"en": "enough was on hand or on its way", "zh": "现有及在途物资已足够"}
        return verdict("full", 1.0, before[-3:], reason)
    on_time = assess(expected, [a for a in aimed if start <= a.t <= end], need, zones)
    if on_time.share >= SUFFICIENT - 1e-9:
        return verdict("full", 1.0, on_time.cited)
    after = assess(expected, [a for a in aimed if a.t >= start], need, zones)
    if after.share >= SUFFICIENT - 1e-9:
        return verdict("late", POINTS["late"], after.cited)
    if after.share > 0:
        points = on_time.share + 0.5 * (after.share - on_time.share)
        return verdict("partial", round(points, 4), after.cited, after.reason)
    before = assess(expected, [a for a in aimed if a.t < t0 - EPS_H], need, zones)
    if before.share > 0:
        return verdict("early", 0.0, before.cited)
    if after.cited:  # on target, but through another channel or for other people
        return verdict("wrong", 0.0, after.cited, after.reason)
    # another target: not for the reorder rule, where a dispatch elsewhere answers another shelter's need
    others = [] if source_id.startswith("resupply:") else sorted(
        (a for a in done if same_kind(a.action, expected) and a.t >= t0 - EPS_H
         and not any(on_target(a.action, s) for s in siblings)), key=_canonical)
    if others:
        first = others[0]
        reason = {"en": f"the team did {plain_action(first.action, ex.scenario, 'en')} instead",
                  "zh": f"实际执行了：{plain_action(first.action, ex.scenario, 'zh')}"}
        return verdict("wrong", 0.0, [first], reason)
    return verdict("missing", 0.0, [])


def _canonical(entry):
    """Order of actions taken at the same moment that does not depend on the typing order."""
    return entry.t, entry.role, repr(sorted(entry.action.items()))


def moot(entry):
    """A team action the model turned down because what it asks is already so (everyone in
    the zone already on the move, the shelter already open): it is done, not refused."""
    return not entry.accepted and "already" in (entry.reason or "")


def _cite(entry, ex):
    """One team action as a citation: time, role, what it did, in zh and en."""
    out = {}
    for lang in ("en", "zh"):
        text = f"{clock(entry.t)} {role_name(ex, entry.role, lang)}{'：' if lang == 'zh' else ': '}" \
               f"{plain_action(entry.action, ex.scenario, lang)}"
        if moot(entry):
            text += f"（已无需执行：{entry.reason}）" if lang == "zh" else f" (nothing left to do: {entry.reason})"
        out[lang] = text
    return out


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
        if "verdict" in k:  # the engine's relief verdict (everyone needing relief secured and kept in time)
            return k["verdict"] == "PASS"
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
    """Share of the relief population secured in time and kept supplied (the engine's
    ``relief_kept_share``), else of displaced and endangered people secured in time."""
    if "relief_kept_share" in k:
        return k["relief_kept_share"]
    secured = k["relief_secured_share"] * k["people_displaced"]
    return secured / max(k["people_displaced"] + k["people_in_danger_at_peak"], 1)


def _lower_better(team, base, tolerance, ref):
    if team <= base + tolerance:
        return 1.0
    return max(0.0, 1.0 - (team - base) / ref)


def _objective(obj, record, verdicts, override=None, notes=()):
    tasks = tuple(_task(t, record, verdicts) for t in obj.tasks)
    value = _mean([t.score for t in tasks if t.score is not None])
    rating = "-" if value is None else next(r for bound, r in RATINGS if value >= bound - 1e-9)
    final = override.rating if override is not None else rating
    return ObjectiveRating(obj.id, obj.name, obj.name_zh, obj.capability, value, final, tasks, rating, override, notes)


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

