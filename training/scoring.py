"""Scoring a recorded session against the community plan and the relief target.

``score(record)`` is a pure function of the record: the same session always scores the same.

Rubric (docs/exercise-format.md, shown in every report):

* **Process** — every action the plan expects (each action of each plan rule whose trigger
  held, each expected action of each delivered inject or decision point, the reorder rule
  at each shelter that ran low) is judged on the team's actions of the same kind, on the
  same target, through the channels the plan names (a plan action on every channel asks
  for every channel of the scenario), in the window from the trigger to the deadline
  (before the trigger only where the plan says early is fine), in sufficient quantity of
  what the depot actually sent (training/matching.py): *full* (1 point) when covered in the
  window; *late* when covered only after the deadline, graded by how late
  (``late_points``: 0.75 just past the deadline, down to 0.25 once as late again as the
  window allowed, at least an hour); *partial* (the share covered in the window, plus the
  share covered later at the late points of when it was) when never covered — "covered 3.0
  of 12.0 h"; *early* (0) when done only before a trigger that does not allow it; *wrong*
  (0) when the team acted only on another target or channel; *missing* (0) when nothing of
  the kind was done.
* **Outcome** — four KPIs, each 0–1: the 10-hour relief target against what the plan
  promised (1 if the relief verdict passes, else the kept share over the target share, so a
  FAIL never earns full marks; left out when nobody needed relief), and against the
  baseline of the same seed: people left in danger at the hazard peak, shelter overflow,
  unmet person-hours of relief items.
* **Overall** — 100 × (½ process + ½ outcome), rounded, and at most 99 when the relief
  verdict fails; 90+ excellent, 75+ good, 60+ pass.
* **Objectives** — each critical task scores the mean of its items (expectations as above,
  KPI criteria 1 pass / 0 fail); an objective scores the mean of its tasks and is rated
  P (≥ 0.9), S (≥ 0.7), M (≥ 0.4) or U (below), the HSEEP four-level scale.
"""
import math
from dataclasses import dataclass, field, replace

from messages import LANGS, N_, texts
from sim.tolerance import NOTHING, SAME_KPI, SAME_MOMENT_H
from sim.verdict import FAIL, NOTHING_TO_JUDGE, PASS

from .evaluation import observations, overrides
from .matching import SUFFICIENT, assess, describe, on_target, same_kind
from .plain import place, plain_action
from .words import clock, hm, role_name

RESUPPLY_DEADLINE_H = 1.0
"""Hours the team has to dispatch once a shelter's stock falls below the reorder rule's cover."""
POINTS = {"full": 1.0, "late": None, "partial": None, "early": 0.0, "wrong": 0.0, "missing": 0.0}
"""Points of each status; None where they depend on how late (``late_points``) or how much."""
LATE_FIRST, LATE_LAST = 0.75, 0.25
"""Points of an expectation covered just past its deadline, and once it is as late again as
its window allowed (or later): lateness costs a quarter at once and up to three quarters in
all, and late stays worth more than never (stormdrill's choice, *unverified*)."""
LATE_SCALE_MIN_H = 1.0
"""The lateness scale (h) is the expectation's window, but at least this: ten minutes past a
15-minute deadline is not as bad as an hour and a half past a 2-hour one."""
RATINGS = ((0.9, "P"), (0.7, "S"), (0.4, "M"), (-math.inf, "U"))
GRADES = ((90, "excellent"), (75, "good"), (60, "pass"), (-math.inf, "fail"))
FAILED_MAX = 99
"""The highest overall score of a team whose relief verdict fails (rounding may not reach 100)."""
LOG_ROUNDING = 0.05
"""The event log keeps dispatched units to 0.1: a logged quantity may exceed the true one by this."""
SEMICOLON = N_("; ")
"""Between the cited actions of one judgement."""


def late_points(overdue_h, within_h):
    """Points for an expectation covered *overdue_h* hours past its deadline, its window being
    *within_h* hours: LATE_FIRST just past the deadline, falling in a straight line to LATE_LAST
    when it is late by the window again (at least LATE_SCALE_MIN_H), and LATE_LAST after."""
    scale = max(within_h, LATE_SCALE_MIN_H)
    return LATE_FIRST - (LATE_FIRST - LATE_LAST) * min(1.0, max(overdue_h, 0.0) / scale)


def in_both(message, **fields):
    """*message* in every language, as ``{"zh": ..., "en": ...}``; a field may be a function of
    the language (a name, a duration) and is called with it."""
    out = {}
    for lang in LANGS:
        values = {k: (v(lang) if callable(v) else v) for k, v in fields.items()}
        out[lang] = texts(lang)(message, **values)
    return out


@dataclass(frozen=True)
class Judgement:
    """One action the plan expected and how the team did it: its status and points, with the
    team's actions that earned them (scoring is the judgement of every such action)."""

    source: str  # "rule", "inject" or "decision"
    source_id: str
    name: str
    expected: dict
    role: str | None
    due_from: float  # h: when the trigger held or the inject arrived
    within: float  # h
    status: str  # full / late / partial / early / wrong / missing
    share: float = 0.0  # points, 0..1
    cited: tuple = ()  # (t, role, action dict) of the team's actions this judgement rests on
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
        _ = texts(lang)
        if self.status == "missing":
            return _("{want}: missing — not done by the end of the exercise", want=self._want(_))
        head = self._head(_)
        cites = _.join([_.pick(c) for c in self.cited_text], sep=_(SEMICOLON))
        return _("{head}. Earned by: {cites}", head=head, cites=cites) if cites else head

    def _want(self, _):
        return _.pick(self.what) or describe(self.expected)

    def _head(self, _):
        want, lang = self._want(_), _.lang
        reason = _.pick(self.reason) if self.reason else ""
        if self.status == "full" and reason:
            return _("{want}: nothing more to send — {reason}", want=want, reason=reason)
        if self.status == "full" and self.ahead:
            return _("{want}: done within the {within} deadline (ahead of the trigger, which the plan allows)",
                     want=want, within=hm(self.within, lang))
        if self.status == "full":
            return _("{want}: done within the {within} deadline", want=want, within=hm(self.within, lang))
        if self.status == "late":
            return _("{want}: late — completed {delay} after the trigger, {overdue} past the {within} deadline "
                     "({points:.2f} of a point)", want=want, delay=hm(self.delay_h, lang),
                     overdue=hm(self.overdue_h, lang), within=hm(self.within, lang), points=self.share)
        if self.status == "partial":
            return _("{want}: partly done ({share:.0%}) — {reason}", want=want, share=self.share, reason=reason)
        if self.status == "early":
            return _("{want}: done only before the trigger at {at}, which the plan does not count",
                     want=want, at=clock(self.due_from))
        return _("{want}: wrong target or channel — {reason}", want=want, reason=reason)


@dataclass(frozen=True)
class OutcomeScore:
    """One outcome KPI of the team, against what the plan promised or the baseline, scored 0–1."""

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
    """A session's score: every expected action judged, the outcome KPIs, the objectives."""

    verdicts: tuple  # Judgement, in order of when each fell due
    outcomes: tuple  # OutcomeScore
    objectives: tuple
    timeliness: float | None  # 0..1, the process part; None if nothing was expected
    outcome: float  # 0..1
    overall: int  # 0..100
    grade: str
    target_met: bool  # the team's relief verdict passed (people left in danger count); False: failed or nothing to judge
    target_met_baseline: bool
    target_judged: bool = True  # False: nobody needed relief, so the target was neither met nor missed

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
    if record.kpis.get("verdict") == FAIL:
        overall = min(overall, FAILED_MAX)
    grade = next(name for bound, name in GRADES if overall >= bound)
    return Score(verdicts, outcomes, objectives, timeliness, outcome, overall, grade, met, met_base,
                 record.kpis.get("verdict") != NOTHING_TO_JUDGE)


def expectations(record):
    """A Judgement for every action expected in this session, in order of when it fell due."""
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


@dataclass(frozen=True)
class _Case:
    """One expected action being judged: what is asked, from when, and the team's actions."""

    base: dict  # the Judgement's fields that do not depend on the status
    asked: dict  # the expected action as matching reads it (every channel spelled out)
    t0: float
    end: float  # the deadline, h (within SAME_MOMENT_H)
    start: float  # from when actions count, h
    aimed: list  # the team's actions on target, each as sent (see _as_sent)
    originals: dict  # seq -> the team's ActionEntry as logged
    need: dict | None
    zones: tuple


def _judge(source, source_id, name, action, role, t0, within, record, siblings=(), early=False, need=None):
    """The Judgement on one expected action (the rubric in the module docstring). An action
    that does another expectation of the same rule or inject (*siblings*) is not "wrong"
    for this one."""
    ex = record.exercise
    expected = action.model_dump(by_alias=True) if hasattr(action, "model_dump") else action
    possible = _plan_could_send(expected, t0, record)
    done = [a for a in record.actions if a.accepted or moot(a)]
    sent = _as_sent(done, record)
    base = dict(source=source, source_id=source_id, name=name, expected=expected,
                role=role or ex.role_for(expected["action"]), due_from=t0, within=within, early_ok=early,
                what={lang: plain_action(expected, ex.scenario, lang) for lang in LANGS})
    if possible is not None and possible is not expected:  # say what is judged, and why it is less than asked
        base["what"] = in_both(N_("{action} (no more: {depot} held only this much then in the plan's own run)"),
                               action=lambda lang: plain_action(possible, ex.scenario, lang),
                               depot=lambda lang: place("depot", expected["depot"], ex.scenario, lang))
    case = _Case(base, _every_channel(expected, ex.scenario), t0, t0 + within + SAME_MOMENT_H,
                 -math.inf if early else t0 - SAME_MOMENT_H, [a for a in sent if on_target(a.action, expected)],
                 {a.seq: a for a in done}, need, tuple(z.id for z in ex.scenario.zones))
    if need is not None and need.get("units", 0.0) <= NOTHING:
        before = sorted((a for a in case.aimed if a.t < t0 + SAME_MOMENT_H), key=_canonical)
        return _verdict(case, ex, "full", 1.0, before[-3:], in_both(N_("enough was on hand or on its way")))
    if possible is None:  # the same for every team: it neither rewards nor punishes
        return _verdict(case, ex, "full", 1.0, [], in_both(
            N_("{depot} had none of it left by then even in the plan's own run"),
            depot=lambda lang: place("depot", expected["depot"], ex.scenario, lang)))
    if possible is not expected:
        case = replace(case, asked=possible)
    return _by_time(case, ex) or _off_target(case, ex, sent, siblings, source_id)


def _by_time(case, ex):
    """full, late or partial by when the team covered it; early; or None if nothing covered it."""
    on_time = assess(case.asked, [a for a in case.aimed if case.start <= a.t <= case.end], case.need, case.zones)
    if on_time.share >= SUFFICIENT - NOTHING:
        return _verdict(case, ex, "full", 1.0, on_time.cited)
    after = assess(case.asked, [a for a in case.aimed if a.t >= case.start], case.need, case.zones)
    if after.share > 0:
        overdue = max(a.t for a in after.cited) - case.end
        late = late_points(overdue, case.base["within"])
        if after.share >= SUFFICIENT - NOTHING:
            return _verdict(case, ex, "late", round(late, 4), after.cited)
        points = on_time.share + late * (after.share - on_time.share)
        return _verdict(case, ex, "partial", round(points, 4), after.cited, after.reason)
    before = assess(case.asked, [a for a in case.aimed if a.t < case.t0 - SAME_MOMENT_H], case.need, case.zones)
    if before.share > 0:
        return _verdict(case, ex, "early", 0.0, before.cited)
    if after.cited:  # on target, but through another channel or for other people
        return _verdict(case, ex, "wrong", 0.0, after.cited, after.reason)
    return None


def _off_target(case, ex, done, siblings, source_id):
    """wrong when the team did the same kind of thing to another target after the trigger,
    else missing. Not for the reorder rule, where a dispatch elsewhere answers another need."""
    expected = case.base["expected"]
    others = [] if source_id.startswith("resupply:") else sorted(
        (a for a in done if same_kind(a.action, expected) and a.t >= case.t0 - SAME_MOMENT_H
         and not any(on_target(a.action, s) for s in siblings)), key=_canonical)
    if others:
        first = case.originals.get(others[0].seq, others[0])
        reason = in_both(N_("the team did {action} instead"),
                         action=lambda lang: plain_action(first.action, ex.scenario, lang))
        return _verdict(case, ex, "wrong", 0.0, [others[0]], reason)
    return _verdict(case, ex, "missing", 0.0, [])


def _verdict(case, ex, status, share, cited, reason=None):
    """The Judgement, citing the team's actions as they were logged."""
    cited = tuple(sorted((case.originals.get(a.seq, a) for a in cited), key=_canonical))
    return Judgement(status=status, share=share, cited=tuple((a.t, a.role, a.action) for a in cited),
                     cited_text=tuple(_cite(a, ex) for a in cited), reason=reason or dict.fromkeys(LANGS, ""),
                     ahead=bool(cited) and status == "full" and not reason and cited[0].t < case.t0 - SAME_MOMENT_H,
                     **case.base)


def _plan_could_send(expected, t0, record):
    """*expected*, a dispatch, with each quantity capped at what its depot still held at *t0* in
    the baseline (the plan played by the model on the same seed): a plan cannot ask a team to
    send what its own run had already sent elsewhere. None when the depot held none of any
    item then; *expected* itself when nothing is capped (not a dispatch of set quantities, or
    a record without the baseline's dispatches). The baseline does not depend on the team,
    so no team action makes an expectation easier."""
    items, depot = expected.get("items") or {}, expected.get("depot")
    dispatches = ((getattr(record, "tables", None) or {}).get("baseline") or {}).get("dispatches")
    spec = record.exercise.scenario.depot.get(depot) if depot else None
    if expected.get("action") != "dispatch" or spec is None or dispatches is None or "any" in items.values():
        return expected
    sent = {k: sum(float(d["items"].get(k, 0.0)) for d in dispatches
                   if d["depot"] == depot and d["t"] <= t0 + SAME_MOMENT_H) for k in items}
    left = {k: float(spec.stock.get(k, 0.0)) - sent[k] for k in items}
    if all(left[k] >= float(u) for k, u in items.items()):
        return expected
    capped = {k: min(float(u), left[k]) for k, u in items.items() if left[k] > LOG_ROUNDING}
    return dict(expected, items=capped) if capped else None


def _every_channel(expected, scenario):
    """*expected* as matching reads it: a warning or an order the plan gives on every channel
    asks for each channel of the scenario, so one channel alone covers only its share."""
    if expected.get("action") in ("warn", "order_evacuation") and expected.get("channels", "all") == "all":
        return dict(expected, channels=list(scenario.behaviour.channels))
    return expected


def _as_sent(entries, record):
    """The team's actions with each dispatch carrying what the depot actually sent (it sends
    no more than it has), read off the dispatches of the team's run (``record.tables``); a
    record without them (older sessions) counts what was asked."""
    runs = (getattr(record, "tables", None) or {}).get("team", {})
    if "dispatches" not in runs:
        return list(entries)
    pending = {}
    for d in runs["dispatches"]:
        if d.get("source") == "action":
            pending.setdefault((d["depot"], d["shelter"]), []).append(d)
    out = []
    for a in sorted(entries, key=lambda e: e.seq):
        if a.accepted and a.action.get("action") == "dispatch":
            queue = pending.get((a.action.get("depot"), a.action.get("shelter")), [])
            match = next((d for d in queue if _sent_for(d, a)), None)
            if match is not None:
                queue.remove(match)
                asked = a.action.get("items", {})
                a = replace(a, action=dict(a.action, items={k: min(float(u), float(match["items"].get(k, 0.0)))
                                                             for k, u in asked.items()}))
        out.append(a)
    return out


def _sent_for(dispatch, entry):
    """Is *dispatch* (a logged dispatch) what the team's *entry* sent? The same moment, and no
    item it did not ask for nor more of one than it asked (the log rounds to 0.1 unit)."""
    asked = entry.action.get("items", {})
    return abs(dispatch["t"] - entry.t) <= SAME_MOMENT_H and all(
        k in asked and float(v) <= float(asked[k]) + LOG_ROUNDING for k, v in dispatch["items"].items())


def _canonical(entry):
    """Order of actions taken at the same moment that does not depend on the typing order."""
    return entry.t, entry.role, repr(sorted(entry.action.items()))


def moot(entry):
    """A team action the model turned down because what it asks is already so (everyone in
    the zone already on the move, the shelter already open): it is done, not refused."""
    return not entry.accepted and "already" in (entry.reason or "")


def _cite(entry, ex):
    """One team action as a citation: time, role, what it did, in zh and en."""
    out = in_both(N_("{at} {role}: {action}"), at=clock(entry.t), role=lambda lang: role_name(ex, entry.role, lang),
                  action=lambda lang: plain_action(entry.action, ex.scenario, lang))
    if moot(entry):
        from .reasons import reason_text

        out = in_both(N_("{cite} (nothing left to do: {reason})"), cite=out.get,
                      reason=lambda lang: reason_text(entry.reason, ex, lang))
    return out


def unmet(kpis):
    """Unmet person-hours summed over relief items."""
    return sum(v for k, v in kpis.items() if k.startswith("unmet_person_hours_"))


def kpi_value(kpis, name):
    return unmet(kpis) if name == "unmet_person_hours" else kpis[name]


def outcome_lines(record):
    """(OutcomeScore lines, team met the target, baseline met the target)."""
    team, base = record.kpis, record.baseline
    population = max(team["population"], 1)
    slack = record.exercise.spec.scoring.in_danger_tolerance * population

    def met(k):
        if "verdict" in k:  # the engine's relief verdict (everyone needing relief secured and kept in time)
            return k["verdict"] == PASS
        return bool(k["relief_target_met"]) and k["people_in_danger_at_peak"] <= base["people_in_danger_at_peak"] + slack

    met_team, met_base = met(team), met(base)
    lines = []
    if team.get("verdict") != NOTHING_TO_JUDGE:  # nobody needed relief: no target to measure against
        target = record.exercise.scenario.relief.target_share
        relief = 1.0 if met_team else min(1.0, _share(team) / max(target, NOTHING))
        lines.append(OutcomeScore("relief_target_met", float(met_team), float(met_base), relief))
    refs = {
        "people_in_danger_at_peak": (slack, max(base["people_in_danger_at_peak"], 0.1 * population)),
        "shelter_overflow": (0.0, max(base["shelter_overflow"], 0.1 * max(base["shelter_peak_occupancy"], 1))),
        "unmet_person_hours": (SAME_KPI, max(unmet(base), max(base["people_displaced"], 1) * 1.0)),
    }
    for name, (tolerance, ref) in refs.items():
        t, b = kpi_value(team, name), kpi_value(base, name)
        lines.append(OutcomeScore(name, t, b, _lower_better(t, b, tolerance, ref)))
    return tuple(lines), met_team, met_base


def _share(k):
    """Share of the relief population secured in time and kept supplied (the engine's
    ``relief_kept_share``), else (older sessions) of displaced and endangered people secured
    in time."""
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
    rating = "-" if value is None else next(r for bound, r in RATINGS if value >= bound - NOTHING)
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


def criterion(c, record, tolerance, lang="en"):
    """(passed, explanation in *lang*) for a KPI criterion."""
    _ = texts(lang)
    value = kpi_value(record.kpis, c.kpi)
    ok, parts = True, []
    if c.at_most is not None:
        ok &= value <= c.at_most + NOTHING
        parts.append(_("at most {limit:g}", limit=c.at_most))
    if c.at_least is not None:
        ok &= value >= c.at_least - NOTHING
        parts.append(_("at least {limit:g}", limit=c.at_least))
    if c.no_worse_than_baseline:
        base = kpi_value(record.baseline, c.kpi)
        slack = tolerance * record.kpis["population"] if c.kpi == "people_in_danger_at_peak" else SAME_KPI
        ok &= value <= base + slack if c.lower_is_better else value >= base - slack
        parts.append(_("no worse than the baseline's {value}", value=_num(base, _)))
    line = _("{kpi} = {value} ({conditions}): met", kpi=c.kpi, value=_num(value, _), conditions=_.join(parts)) if ok \
        else _("{kpi} = {value} ({conditions}): not met", kpi=c.kpi, value=_num(value, _), conditions=_.join(parts))
    return bool(ok), line


def _num(x, _):
    if isinstance(x, bool):
        return _("yes") if x else _("no")
    if isinstance(x, float):
        return _("never") if math.isinf(x) else f"{x:,.2f}".rstrip("0").rstrip(".")
    return f"{x:,}"


def _mean(values):
    values = list(values)
    return sum(values) / len(values) if values else None
