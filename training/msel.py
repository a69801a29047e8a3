"""The master scenario events list (MSEL) as it stands now, for any front-end to show.

    items = msel(runner)          # every inject and decision point, with its state
    rules = plan_status(runner)   # every plan rule, with its state

An inject or decision point is *coming* (not yet delivered), *skipped* (the facilitator
dropped it), *released* (delivered; what it expects is still within its deadline, or
recipients have not all acknowledged it), *answered* (every expected action taken, or,
expecting none, acknowledged by every recipient / the decision point closed) or *overdue*
(an expected action is past its deadline and not taken). A plan rule is *waiting* (its
trigger has not held), *due* (triggered, deadline ahead, not done), *done* (every action
taken by the deadline), *late* (taken, after the deadline) or *missed* (deadline passed,
not taken). An action counts when the team took it after the trigger, on the right target,
through the channel the plan names and in the quantity asked (training.matching), as
scoring counts it (scoring also credits actions before a trigger whose plan says early is fine,
several actions together, and the reorder rule's quantity read off the model).
"""
import math
from dataclasses import dataclass

from .matching import covers
from .scoring import RESUPPLY_DEADLINE_H

ITEM_STATES = ("coming", "skipped", "released", "answered", "overdue")
RULE_STATES = ("waiting", "due", "done", "late", "missed")


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


def _judge(action, role, start, within, done, now):
    """Where the team stands with one expected action (dict) due *within* h of *start*."""
    if start is None:
        return Expected(action, role, None, "waiting")
    due_by = start + within
    hit = next((a for a in done if a.t >= start - 1e-6 and covers(a.action, action)), None)
    if hit is not None:
        return Expected(action, role, due_by, "done" if hit.t <= due_by + 1e-9 else "late", hit.t)
    return Expected(action, role, due_by, "missed" if now > due_by + 1e-9 else "due")


def _worst(states):
    for state in ("missed", "due", "late", "done"):
        if state in states:
            return state
    return "done"


def msel(runner):
    """Every inject (scripted, then ad-hoc) and decision point, in script order, with its state."""
    ex, now = runner.exercise, runner.now
    done = [a for a in runner.actions if a.accepted]
    delivered = {d.inject.id: d.t for d in runner.deliveries}
    acks = {}
    for (iid, role), ack in runner.acks.items():
        acks.setdefault(iid, []).append((role, ack.t))
    out = []
    for inject in list(ex.spec.injects) + list(runner.adhoc.values()):
        adhoc = inject.id in runner.adhoc
        t0 = delivered.get(inject.id)
        expected = tuple(_judge(e.do.model_dump(by_alias=True), e.role or ex.role_for(e.do.action), t0, e.within, done, now)
                         for e in inject.expect)
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
        expected = tuple(_judge(e.do.model_dump(by_alias=True), e.role or ex.role_for(e.do.action), opened, e.within,
                                done, now) for e in point.expect)
        to = tuple(ex.roles) if point.roles == "all" else tuple(point.roles)
        state = "coming" if opened is None else _item_state(expected, closed is not None)
        out.append(MselItem(point.id, "decision", state, point.when.describe(), _due(runner, point), opened, to, "",
                            point.prompt, point.notes, expected, (), False))
    return tuple(out)


def _item_state(expected, heard):
    """released / answered / overdue for a delivered item; *heard*: acknowledged or closed."""
    states = {e.state for e in expected}
    if "missed" in states:
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
    """Every rule of the plan (and each reorder of its resupply rule that fell due), with its state."""
    ex, now = runner.exercise, runner.now
    done = [a for a in runner.actions if a.accepted]
    out = []
    for rule in ex.scenario.plan.rules:
        t0 = runner.rule_times.get(rule.id)
        expected = tuple(_judge(a.model_dump(by_alias=True), ex.role_for(a.action), t0, rule.deadline, done, now)
                         for a in rule.do)
        state = "waiting" if t0 is None else _worst({e.state for e in expected})
        out.append(RuleStatus(rule.id, rule.name, rule.when.describe(), t0, rule.deadline, state, expected))
    for rule_id, t0 in sorted(runner.rule_times.items(), key=lambda kv: kv[1]):
        if rule_id.startswith("resupply:"):
            _, shelter, item = rule_id.split(":")
            action = {"action": "dispatch", "shelter": shelter, "items": {item: "any"}}
            expected = (_judge(action, ex.role_for("dispatch"), t0, RESUPPLY_DEADLINE_H, done, now),)
            cover = ex.scenario.plan.resupply.cover_below
            out.append(RuleStatus(rule_id, f"resupply {item} at {shelter}", f"{item} at {shelter} below {cover:g} h of cover",
                                  t0, RESUPPLY_DEADLINE_H, expected[0].state, expected))
    return tuple(out)
