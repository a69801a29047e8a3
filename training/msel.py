"""The master scenario events list (MSEL) as it stands now, for any front-end to show.

    items = msel(runner)          # every inject and decision point, with its state
    rules = plan_status(runner)   # every plan rule, with its state

An inject or decision point is *coming* (not yet delivered), *skipped* (the facilitator
dropped it), *released* (delivered; what it expects is still within its deadline, or
recipients have not all acknowledged it), *answered* (every expected action taken, or,
expecting none, acknowledged by every recipient / the decision point closed) or *overdue*
(an expected action is past its deadline and not done in full). A plan rule is *waiting*
(its trigger has not held), *due* (triggered, deadline ahead, not done in full), *done*
(every action done in full by the deadline), *late* (done, after the deadline), *partial*
(deadline passed, part done) or *missed* (deadline passed, nothing or the wrong thing done).

The states come from the scorer itself: ``live_verdicts(runner)`` is
training.scoring.expectations on the session so far, so the live status always agrees with
the score (an opening ahead of a trigger whose rule allows it counts; a token load is
partial; several actions together count; the reorder rule's quantity is read off the model).
"""
import math
from dataclasses import dataclass

from messages import N_

from .record import SessionRecord
from .scoring import expectations

STATE_WORDS = {
    "coming": N_("coming"), "skipped": N_("skipped"), "released": N_("released"), "answered": N_("answered"),
    "overdue": N_("OVERDUE"), "waiting": N_("waiting"), "due": N_("due"), "done": N_("done"), "late": N_("late"),
    "partial": N_("partly done"), "missed": N_("MISSED"),
}
"""Each MSEL and plan-rule state in words (the catalogue, domain ``training``)."""
ITEM_STATES = ("coming", "skipped", "released", "answered", "overdue")
RULE_STATES = ("waiting", "due", "done", "late", "partial", "missed")


@dataclass(frozen=True)
class Expected:
    """One expected action and where the team stands with it."""

    action: dict
    role: str | None
    due_by: float | None  # h; None while the trigger has not held
    state: str  # waiting / due / done / late / missed
    taken_t: float | None = None


@dataclass(frozen=True)
class MselItem:
    """One inject or decision point of the exercise (scripted or added by the facilitator)."""

    id: str
    kind: str  # "inject", "decision" or "adhoc"
    state: str  # one of ITEM_STATES
    when: str  # its trigger as written (sim.triggers ``describe()``: "at T+20 h", "signal typhoon orange")
    due_t: float | None  # when it is due (h): its time trigger, or the facilitator's new time; None otherwise
    delivered_t: float | None
    to: tuple  # role ids
    source: str  # who it comes from
    text: object  # training.spec.Text: the message or the prompt
    notes: str  # for the facilitator only
    expected: tuple  # Expected, ...
    acks: tuple  # (role, t), ... of those who marked it received
    retimed: bool  # the facilitator moved it to due_t


@dataclass(frozen=True)
class RuleStatus:
    """One rule of the community plan and where the team stands with it."""

    id: str
    name: str
    when: str
    fired_t: float | None
    deadline_h: float
    state: str  # one of RULE_STATES
    expected: tuple  # Expected, ...


def live_record(runner):
    """The runner's session so far as a SessionRecord (no KPIs): what scoring reads."""
    return SessionRecord(
        exercise=runner.exercise, seed=runner.seed, actions=tuple(runner.actions),
        deliveries={d.inject.id: d.t for d in runner.deliveries},
        decisions={k: tuple(v) for k, v in runner.decisions.items()}, rule_times=dict(runner.rule_times),
        kpis={}, baseline={}, needs=dict(runner.needs))


def live_verdicts(runner):
    """The verdicts scoring would give now (training.scoring.expectations on the session so
    far): one per expected action that has fallen due, judged on the actions taken so far."""
    key = (len(runner.actions), len(runner.deliveries), len(runner.rule_times), len(runner.decisions), runner.now)
    cached = getattr(runner, "_live_verdicts", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    verdicts = tuple(expectations(live_record(runner)))
    runner._live_verdicts = (key, verdicts)
    return verdicts


def live_state(verdict, now):
    """Where the team stands with one expected action now, from its live Verdict: *done* (in
    full in time), *late*, *due* (deadline ahead, not yet in full), *partial* (deadline passed,
    part done) or *missed* (deadline passed, nothing or the wrong thing done)."""
    if verdict.status == "full":
        return "done"
    if verdict.status == "late":
        return "late"
    if now <= verdict.due_by + 1e-9:
        return "due"
    return "partial" if verdict.status == "partial" else "missed"


def _expected(verdict, now):
    return Expected(verdict.expected, verdict.role, verdict.due_by, live_state(verdict, now), verdict.last_t)


def _waiting(action, role):
    return Expected(action, role, None, "waiting")


def _worst(states):
    for state in ("missed", "partial", "due", "late", "done"):
        if state in states:
            return state
    return "done"


def _by_source(runner):
    """source id -> [Verdict, ...] of the live verdicts (in the order scoring gives them)."""
    out = {}
    for v in live_verdicts(runner):
        out.setdefault((v.source, v.source_id), []).append(v)
    return out


def _expected_of(verdicts, expect, ex, now):
    """Expected lines of a delivered item's *expect* list from its live verdicts (in order)."""
    if not verdicts:
        return tuple(_waiting(e.do.model_dump(by_alias=True), e.role or ex.role_for(e.do.action)) for e in expect)
    return tuple(_expected(v, now) for v in verdicts)


def msel(runner):
    """Every inject (scripted, then ad-hoc) and decision point, in script order, with its state."""
    ex, now = runner.exercise, runner.now
    judged = _by_source(runner)
    delivered = {d.inject.id: d.t for d in runner.deliveries}
    acks = {}
    for (iid, role), ack in runner.acks.items():
        acks.setdefault(iid, []).append((role, ack.t))
    out = []
    for inject in list(ex.spec.injects) + list(runner.adhoc.values()):
        adhoc = inject.id in runner.adhoc
        t0 = delivered.get(inject.id)
        expected = _expected_of(judged.get(("inject", inject.id)), inject.expect, ex, now)
        to = runner.recipients(inject)
        got = tuple(sorted(acks.get(inject.id, ()), key=lambda p: p[1]))
        if t0 is None:
            state = "skipped" if inject.id in runner.skipped else "coming"
        else:
            state = _item_state(expected, all(r in dict(got) for r in to))
        out.append(MselItem(inject.id, "adhoc" if adhoc else "inject", state, inject.when.describe(),
                            _due(runner, inject), t0, to, inject.from_, inject.message, inject.notes, expected, got,
                            inject.id in runner.retimed))
    for point in ex.spec.decisions:
        opened, closed = runner.decisions.get(point.id, (None, None))
        expected = _expected_of(judged.get(("decision", point.id)), point.expect, ex, now)
        to = tuple(ex.roles) if point.roles == "all" else tuple(point.roles)
        state = "coming" if opened is None else _item_state(expected, closed is not None)
        out.append(MselItem(point.id, "decision", state, point.when.describe(), _due(runner, point), opened, to, "",
                            point.prompt, point.notes, expected, (), False))
    return tuple(out)


def _item_state(expected, heard):
    """released / answered / overdue for a delivered item; *heard*: acknowledged or closed."""
    states = {e.state for e in expected}
    if states & {"missed", "partial"}:
        return "overdue"
    if expected:
        return "answered" if states <= {"done", "late"} else "released"
    return "answered" if heard else "released"


def _due(runner, item):
    """When the item is due by its (possibly re-timed) trigger, if that is a time (h)."""
    if item.id in runner.retimed:
        return runner.retimed[item.id]
    try:
        t = runner.engine.when(item.when)
    except TypeError:
        return None
    return t if math.isfinite(t) else None


def plan_status(runner):
    """Every rule of the plan, then each reorder of its resupply rule that fell due (in the
    order they did), with its state: the live verdicts of scoring, so that it agrees with the
    score (an opening ahead of a trigger whose rule allows it is *done*; a token load *partial*)."""
    ex, now = runner.exercise, runner.now
    judged = _by_source(runner)
    out = []
    for rule in ex.scenario.plan.rules:
        t0 = runner.rule_times.get(rule.id)
        verdicts = judged.get(("rule", rule.id))
        if t0 is None or not verdicts:
            expected = tuple(_waiting(a.model_dump(by_alias=True), ex.role_for(a.action)) for a in rule.do)
            state = "waiting"
        else:
            expected = tuple(_expected(v, now) for v in verdicts)
            state = _worst({e.state for e in expected})
        out.append(RuleStatus(rule.id, rule.name, rule.when.describe(), t0, rule.deadline, state, expected))
    reorders = [v for v in live_verdicts(runner) if v.source_id.startswith("resupply:")]
    for v in sorted(reorders, key=lambda v: (v.due_from, v.source_id)):
        _, shelter, item = v.source_id.split(":")
        e = _expected(v, now)
        out.append(RuleStatus(v.source_id, f"resupply {item} at {shelter}", v.name, v.due_from, v.within, e.state, (e,)))
    return tuple(out)
