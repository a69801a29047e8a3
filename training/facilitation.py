"""The facilitator's acts, the players' inboxes and their acknowledgements, as plain data.

A facilitator steers a running exercise with a small vocabulary of acts, each a mapping
with an ``act`` key, validated before anything changes::

    {act: pause}                                   # hold the clock (paced or stepped)
    {act: resume}
    {act: release, inject: I7}                     # deliver a scripted inject now
    {act: skip, inject: I7}                        # it will not be delivered
    {act: retime, inject: I7, at: 14h30min}        # deliver it at T+14:30 instead
    {act: add_inject, message: {zh: ..., en: ...}, to: [logistics],
     effect: [{action: close_road, edge: R3}]}     # an ad-hoc inject, delivered now
    {act: end}                                     # the exercise ends now: nothing later is delivered or scored

    entry = runner.facilitate({"act": "skip", "inject": "I7"}, who="Wang (facilitator)")
    entry.accepted, entry.reason

Every act is an ``ActEntry`` in ``runner.acts`` and goes to the journal (the session store
commits it), so ``stormdrill replay`` applies it again at the same model time, in the same
order relative to the players' actions. Injects reach the roles in their ``to`` list
(default every role); a role acknowledges one with ``runner.acknowledge(role, inject_id)``
and the time it took is kept (``Ack.delay_h``).
"""
from dataclasses import dataclass
from typing import Annotated, Literal, Union

from pydantic import Field, TypeAdapter, ValidationError

from sim.actions import Action
from sim.base import Spec
from sim.checks import RefCheck, check_action
from sim.units import NonNegDuration

from .spec import Inject, Text

SETBACKS = frozenset({"fail_generator", "shelter_unusable", "lose_stock", "delay_trucks"})
"""Actions only an inject or the facilitator may take (sim.actions): players are refused them
(a failed generator is something that happens to the team, not something it does)."""
ADHOC_PREFIX = "F"
"""Ad-hoc injects without an id are numbered F1, F2, ..."""


class Pause(Spec):
    """Hold the exercise clock: paced time stops and the stepped clock will not move."""

    act: Literal["pause"] = "pause"


class Resume(Spec):
    """Let the clock run again."""

    act: Literal["resume"] = "resume"


class Release(Spec):
    """Deliver a scripted inject now, whatever its trigger (held back, or not due yet)."""

    act: Literal["release"] = "release"
    inject: str


class Skip(Spec):
    """A scripted inject that has not arrived will not be delivered."""

    act: Literal["skip"] = "skip"
    inject: str


class Retime(Spec):
    """Deliver a scripted inject at model time ``at`` (hours since the start) instead."""

    act: Literal["retime"] = "retime"
    inject: str
    at: NonNegDuration


class AddInject(Spec):
    """An inject the facilitator writes during the exercise, delivered now."""

    act: Literal["add_inject"] = "add_inject"
    id: str | None = Field(None, description="default F1, F2, ...")
    from_: str = Field("", alias="from")
    to: list[str] | Literal["all"] = "all"
    message: Text
    effect: list[Action] = Field(default_factory=list)
    notes: str = ""


class End(Spec):
    """The exercise ends now: nothing due after this moment is delivered or scored."""

    act: Literal["end"] = "end"


Act = Annotated[Union[Pause, Resume, Release, Skip, Retime, AddInject, End], Field(discriminator="act")]
"""Any facilitator act; the ``act`` key says which."""
ACTS = ("pause", "resume", "release", "skip", "retime", "add_inject", "end")
_ADAPTER = TypeAdapter(Act)


def parse_act(data):
    """Build an act from a mapping such as ``{"act": "skip", "inject": "I7"}``."""
    return _ADAPTER.validate_python(data)


@dataclass(frozen=True)
class ActEntry:
    """One line of the facilitator's log."""

    seq: int
    t: float  # model time, h
    wall: float  # seconds since the epoch
    who: str  # the facilitator's name or post
    act: dict
    accepted: bool
    reason: str
    after: int  # how many player actions had been taken before it (its place in the replay)


@dataclass(frozen=True)
class Ack:
    """A role marked an inject received."""

    inject: str
    role: str
    t: float  # model time of the acknowledgement, h
    wall: float
    delivered_t: float  # model time the inject arrived, h

    @property
    def delay_h(self):
        """Model hours from delivery to acknowledgement."""
        return self.t - self.delivered_t


@dataclass(frozen=True)
class InboxItem:
    """An inject in one role's inbox."""

    delivery: object  # training.runner.Delivery
    ack: Ack | None

    @property
    def inject(self):
        return self.delivery.inject


def recipients(inject, exercise):
    """The role ids an inject is addressed to (``to``, or every role)."""
    return tuple(exercise.roles) if inject.to == "all" else tuple(inject.to)


def plain(error):
    """A pydantic ValidationError in plain words."""
    if not isinstance(error, ValidationError):
        return str(error)
    return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" if e["loc"] else e["msg"] for e in error.errors())


def effect_problems(scenario, effects):
    """What is wrong with *effects* (actions) on *scenario*: names it does not have."""
    found = []
    s = scenario
    ref = RefCheck(found)
    for j, action in enumerate(effects):
        check_action(action, ("effect", j), ref, set(s.zone), set(s.shelter), set(s.depot),
                     {e.id for e in s.edges}, set(s.relief.items), set(s.behaviour.channels),
                     {z.township for z in s.zones if z.township})
    return ["; ".join(".".join(map(str, p)) + ": " + r for p, r in found)] if found else []


# -- what each act does to a runner: None, or why it is refused -----------------------------

def carry_out(runner, act):
    """Do *act* (a parsed act) on *runner*; return None, or why it cannot be done now."""
    return _HANDLERS[type(act)](runner, act)


def _pause(runner, act):
    if runner.paused:
        return "the exercise is already paused"
    runner.paused = True


def _resume(runner, act):
    if not runner.paused:
        return "the exercise is not paused"
    runner.paused = False


def _scripted(runner, inject_id):
    """(inject, None) or (None, why it cannot be steered)."""
    inject = runner.exercise.injects.get(inject_id)
    if inject is None:
        known = ", ".join(runner.exercise.injects) or "none"
        return None, f"no scripted inject {inject_id!r}; injects: {known}"
    if inject_id in runner.delivered_ids:
        return None, f"inject {inject_id} was already delivered"
    return inject, None


def _release(runner, act):
    inject, why = _scripted(runner, act.inject)
    if why:
        return why
    runner.disarm(inject.id)
    runner.skipped.discard(inject.id)
    runner.deliver(inject, runner.now)


def _skip(runner, act):
    inject, why = _scripted(runner, act.inject)
    if why:
        return why
    if inject.id in runner.skipped:
        return f"inject {inject.id} is already skipped"
    runner.disarm(inject.id)
    runner.skipped.add(inject.id)


def _retime(runner, act):
    inject, why = _scripted(runner, act.inject)
    if why:
        return why
    if act.at < runner.now:
        return f"T+{act.at:g} h has passed (the clock is at T+{runner.now:.2f} h): release it instead"
    if act.at > min(runner.horizon, runner.end_h):
        return f"T+{act.at:g} h is after the end of the exercise (T+{min(runner.horizon, runner.end_h):g} h)"
    runner.skipped.discard(inject.id)
    runner.retimed[inject.id] = act.at
    runner.arm_at(inject, act.at)


def _add(runner, act):
    ex = runner.exercise
    taken = set(ex.injects) | set(ex.decisions) | set(runner.adhoc)
    inject_id = act.id or next(f"{ADHOC_PREFIX}{n}" for n in range(1, len(taken) + 2) if f"{ADHOC_PREFIX}{n}" not in taken)
    if inject_id in taken:
        return f"id {inject_id!r} is taken by another inject or decision point"
    if not (act.message.zh or act.message.en):
        return "the message is empty: give zh, en or both"
    if act.to != "all":
        unknown = [r for r in act.to if r not in ex.roles]
        if unknown or not act.to:
            return f"no role {', '.join(map(repr, unknown)) or '(none given)'}; roles: {', '.join(ex.roles)}"
    problems = effect_problems(ex.scenario, act.effect)
    if problems:
        return problems[0]
    inject = Inject.model_validate({
        "id": inject_id, "when": {"at": runner.now}, "from": act.from_, "to": act.to,
        "message": act.message.model_dump(), "effect": [a.model_dump(by_alias=True) for a in act.effect],
        "notes": act.notes})
    runner.adhoc[inject_id] = inject
    runner.deliver(inject, runner.now)


def _end(runner, act):
    if runner.now >= runner.end_h:
        return "the exercise is already at its end"
    runner.end_h = runner.now


_HANDLERS = {Pause: _pause, Resume: _resume, Release: _release, Skip: _skip, Retime: _retime, AddInject: _add,
             End: _end}
