"""The exercise runner: drives sim.Engine in exercise mode for the players.

    runner = Runner(exercise, seed=0)
    step = runner.advance(runner.horizon)       # stops at the next inject or decision point
    runner.act("commander", {"action": "open_shelter", "shelter": "S1"}, "river rising")
    runner.close_decision("commander")          # the clock may move again
    score = runner.finish()

Injects fire on time or on the model's state (``Engine.watch``); their effects are applied
to the model at the very moment they fire, so a replay of the same actions at the same
times gives the same run however the clock was stepped. A journal (the session store)
hears of every inject, action, decision, facilitator act and acknowledgement as it happens.

The facilitator steers the run with ``facilitate`` (training.facilitation): pause, resume,
release / skip / re-time a scripted inject, add one. Injects reach their recipients'
inboxes (``inbox(role)``); a role marks one received with ``acknowledge``.
"""
import math
import time
from dataclasses import dataclass

import sim
from sim.actions import parse_action
from sim.tolerance import STEP_PAST_H
from sim.triggers import At, StockTrigger

from . import facilitation
from .facilitation import SETBACKS, Ack, ActEntry, InboxItem, parse_act, recipients
from .needs import resupply_need

EPS_H = STEP_PAST_H
"""How far past an event's time (h) the clock stops so that everything due then has happened
(sim.tolerance.STEP_PAST_H, which says why)."""
STATE_STEP_H = 1 / 60
"""While an inject waits on the model's state, the clock moves at most this far (h, one minute)
between checks: the runner stops within a minute of the moment the state is reached."""


@dataclass(frozen=True)
class Delivery:
    """An inject delivered to the players at time *t* (h), with what its effects did."""

    inject: object  # training.spec.Inject
    t: float
    effects: tuple  # ((action dict, accepted, reason), ...)


@dataclass(frozen=True)
class ActionEntry:
    """One line of the decision log."""

    seq: int
    t: float  # sim time, h
    wall: float  # seconds since the epoch
    role: str
    action: dict
    rationale: str
    accepted: bool
    reason: str


@dataclass(frozen=True)
class Step:
    """What happened during one ``advance``."""

    t: float
    injects: tuple  # Delivery, ...
    decision: object  # the DecisionPoint now pending, or None
    rules: tuple  # (rule id, t) of plan rules whose trigger fired
    finished: bool


class Journal:
    """Hears of everything a runner does; the session store writes it down. Does nothing here."""

    def delivered(self, delivery):
        pass

    def rule_fired(self, rule_id, t):
        pass

    def need_noted(self, rule_id, need):
        """What the reorder rule *rule_id* asked for when it fired (training.needs)."""
        pass

    def acted(self, entry):
        pass

    def decision_opened(self, decision_id, t):
        pass

    def decision_closed(self, decision_id, t, role, note):
        pass

    def clock(self, t, snapshot):
        """The clock stopped at *t* (h); ``snapshot()`` gives the state, if wanted."""
        pass

    def facilitated(self, entry):
        """The facilitator acted (a training.facilitation.ActEntry, accepted or not)."""
        pass

    def acknowledged(self, ack):
        """A role marked an inject received (a training.facilitation.Ack)."""
        pass


class Runner:
    """One exercise being played on one engine."""

    def __init__(self, exercise, seed=None, journal=None):
        self.exercise = exercise
        self.seed = exercise.spec.seed if seed is None else seed
        self.engine = sim.Engine(exercise.scenario, self.seed, mode="exercise")
        self.journal = journal or Journal()
        self.deliveries, self.actions, self.rule_times = [], [], {}
        self.needs = {}  # reorder rule id -> what it asked for when it fired (training.needs)
        self.decisions = {}  # decision id -> [opened_t, closed_t or None]
        self._pending = []  # DecisionPoints waiting for the players, oldest first
        self._new, self._new_rules = [], []
        self._known = {}  # id -> time a time-like trigger holds, for stepping
        self._state_waits = set()  # ids waiting on the model's state
        self._result = None
        self._baseline = None
        self.acts, self.acks = [], {}  # ActEntry, ...; (inject id, role) -> Ack
        self.paused = False  # the facilitator holds the clock
        self.skipped, self.retimed, self.adhoc = set(), {}, {}  # inject ids; id -> t; id -> Inject
        self.delivered_ids = set()
        self.end_h = exercise.end_h  # the exercise ends here (h): its declared end, or a facilitator's `end` act
        self._armed = {}  # inject id -> the token its live watch carries (None: disarmed)
        for inject in exercise.spec.injects:
            self._arm(inject, lambda t, i=inject: self._fire_inject(i, t))
        for point in exercise.spec.decisions:
            self._arm(point, lambda t, d=point: self._fire_decision(d, t))
        for rule in exercise.scenario.plan.rules:
            self.engine.watch(rule.when, lambda t, r=rule: self._fire_rule(r.id, t))
        for rule_id, trigger in resupply_triggers(exercise.scenario):
            self.engine.watch(trigger, lambda t, r=rule_id: self._fire_rule(r, t))

    # -- clock ------------------------------------------------------------------------
    @property
    def now(self):
        """The model's clock, hours since the start."""
        return self.engine.now

    @property
    def horizon(self):
        return self.engine.horizon

    @property
    def onset(self):
        return self.engine.onset

    @property
    def deadline(self):
        """Onset + the relief target (h): the 10-hour line."""
        return self.engine.deadline

    @property
    def finished(self):
        """Played out, or at the end of the exercise (``end_h``)."""
        return self._result is not None or self.engine.now >= min(self.engine.horizon, self.end_h)

    @property
    def pending_decision(self):
        """The decision point the players must close before the clock moves, or None."""
        return self._pending[0] if self._pending else None

    def next_inject_time(self):
        """When the next inject with a known time is due (h), or None (only state ones left)."""
        times = [t for key, t in self._known.items() if key[0] == "inject" and t >= self.now - EPS_H]
        return min(times, default=None)

    def next_event(self):
        """The next scripted inject or decision point with a known time: ("inject" | "decision",
        id, t), or None when only ones waiting on the model's state (``waiting``) are left."""
        due = [(t, kind, key) for (kind, key), t in self._known.items() if t >= self.now - EPS_H]
        if not due:
            return None
        t, kind, key = min(due)
        return kind, key, t

    @property
    def waiting(self):
        """Ids of the injects and decision points that wait on the model's state (a shelter
        filling, a stock running low, water rising), not on the clock."""
        return tuple(sorted(key for _, key in self._state_waits))

    def advance(self, to_t):
        """Play the model up to *to_t* (h), stopping early at the next inject or decision point.
        The clock does not move while a decision point is open or the facilitator has paused
        it; what the facilitator delivered meanwhile is in the Step all the same, and does not
        hold the clock (it has been delivered already)."""
        carried, carried_rules = self._new, self._new_rules
        self._new, self._new_rules = [], []
        if self.pending_decision is None and not self.finished and not self.paused:
            self._step_to(min(float(to_t), self.horizon, self.end_h))
        injects, rules = tuple(carried + self._new), tuple(carried_rules + self._new_rules)
        self._new, self._new_rules = [], []
        self.journal.clock(self.now, self.snapshot)
        return Step(self.now, injects, self.pending_decision, rules, self.finished)

    def _step_to(self, target):
        engine = self.engine
        while engine.now < target and not self._new and not self._pending:
            nxt = target
            due = [t for t in self._known.values() if t + EPS_H > engine.now]
            if due:
                nxt = min(nxt, min(due) + EPS_H)
            if self._state_waits:
                nxt = min(nxt, engine.now + STATE_STEP_H)
            engine.run_until(nxt)
            if engine.now < nxt:  # the horizon
                break

    # -- acting -----------------------------------------------------------------------
    def act(self, role, action, rationale=""):
        """Take *action* (a dict or a sim.actions object) for *role*; returns the ActionEntry,
        with ``accepted`` False and the reason when it cannot be done."""
        return self._act(role, action, rationale, time.time())

    def _act(self, role, action, rationale, wall, record=True):
        data = action.model_dump(by_alias=True) if hasattr(action, "model_dump") else action
        reason = self._refusal(role, data)
        if reason:
            accepted = False
        else:
            outcome = self.engine.apply(data, source=f"player:{role}")
            accepted, reason = outcome.accepted, outcome.reason
            if accepted:
                data = parse_action(data).model_dump(by_alias=True)
        entry = ActionEntry(len(self.actions) + 1, self.now, wall, role, data, rationale or "", accepted, reason)
        self.actions.append(entry)
        if record:
            self.journal.acted(entry)
        return entry

    def _refusal(self, role, data):
        if self._result is not None:
            return "the exercise has ended"
        if role not in self.exercise.roles:
            return f"no role {role!r}; roles: {', '.join(self.exercise.roles)}"
        if not isinstance(data, dict) or "action" not in data:
            return "an action is a mapping with an 'action' key, e.g. {action: open_shelter, shelter: S1}"
        kind = data["action"]
        if kind in SETBACKS:
            return f"{kind} is a setback only the facilitator or an inject can bring about"
        if not self.exercise.roles[role].may(kind):
            allowed = self.exercise.roles[role].actions
            return f"role {role!r} may not {kind}; it may: {', '.join(allowed)}"
        return None

    def close_decision(self, role="", note=""):
        """The players are done with the pending decision point: the clock may move again."""
        point = self.pending_decision
        if point is None:
            return None
        self._pending.pop(0)
        self.decisions[point.id][1] = self.now
        self.journal.decision_closed(point.id, self.now, role, note)
        return point

    def snapshot(self):
        """The engine's immutable picture of the state now (sim.snapshot.Snapshot)."""
        return self.engine.snapshot()

    # -- the facilitator ------------------------------------------------------------------
    def facilitate(self, act, who="facilitator"):
        """Carry out a facilitator *act* (a mapping, see training.facilitation) now; return
        the ActEntry, with ``accepted`` False and the reason when it cannot be done."""
        return self._facilitate(act, who, time.time())

    def _facilitate(self, act, who, wall, record=True):
        data = act.model_dump(by_alias=True) if hasattr(act, "model_dump") else act
        reason = "the exercise has ended" if self._result is not None else None
        parsed = None
        if reason is None:
            try:
                parsed = parse_act(data)
            except Exception as exc:  # pydantic's ValidationError, in plain words
                reason = facilitation.plain(exc)
        if parsed is not None:
            reason = facilitation.carry_out(self, parsed)
            if not reason:
                data = parsed.model_dump(by_alias=True)
                if parsed.act == "add_inject":
                    data["id"] = self.deliveries[-1].inject.id
        entry = ActEntry(len(self.acts) + 1, self.now, wall, who, data, not reason, reason or "", len(self.actions))
        self.acts.append(entry)
        if record:
            self.journal.facilitated(entry)
        return entry

    def inject(self, inject_id):
        """The scripted or ad-hoc inject called *inject_id*, or None."""
        return self.exercise.injects.get(inject_id) or self.adhoc.get(inject_id)

    def deliver(self, inject, t):
        """Deliver *inject* now (the facilitator released or wrote it)."""
        self._fire_inject(inject, t)

    def disarm(self, inject_id):
        """The scripted inject's trigger will no longer deliver it."""
        self._armed[inject_id] = None
        self._known.pop(("inject", inject_id), None)
        self._state_waits.discard(("inject", inject_id))

    def arm_at(self, inject, t):
        """Deliver *inject* at model time *t* (h) instead of on its own trigger."""
        self.disarm(inject.id)
        self._arm(inject, lambda t, i=inject: self._fire_inject(i, t), trigger=At(at=t))

    # -- the players' inboxes ---------------------------------------------------------------
    def recipients(self, inject):
        """Role ids *inject* is addressed to."""
        return recipients(inject, self.exercise)

    def inbox(self, role):
        """The injects delivered to *role*, oldest first, each with its acknowledgement or None."""
        return tuple(InboxItem(d, self.acks.get((d.inject.id, role))) for d in self.deliveries
                     if role in self.recipients(d.inject))

    def acknowledge(self, role, inject_id):
        """*role* marks the inject received; return the Ack. ValueError says why it cannot."""
        return self._acknowledge(role, inject_id, time.time())

    def _acknowledge(self, role, inject_id, wall, t=None, record=True):
        if role not in self.exercise.roles:
            raise ValueError(f"no role {role!r}; roles: {', '.join(self.exercise.roles)}")
        delivery = next((d for d in self.deliveries if d.inject.id == inject_id), None)
        if delivery is None:
            raise ValueError(f"inject {inject_id!r} has not been delivered")
        if role not in self.recipients(delivery.inject):
            raise ValueError(f"inject {inject_id} is not addressed to {role}")
        if (inject_id, role) in self.acks:
            return self.acks[(inject_id, role)]
        ack = Ack(inject_id, role, self.now if t is None else t, wall, delivery.t)
        self.acks[(inject_id, role)] = ack
        if record:
            self.journal.acknowledged(ack)
        return ack

    # -- the end ----------------------------------------------------------------------
    def finish(self):
        """Close open decision points, play to the horizon and return the Score."""
        from .record import record_of
        from .scoring import score

        self.run_out()
        return score(record_of(self))

    def run_out(self):
        """Play to the horizon with no more player actions; return the RunResult."""
        if self._result is None:
            while self._pending:
                self.close_decision(note="closed at the end of the exercise")
            self._new, self._new_rules = [], []
            self.engine.run_until(self.horizon)
            self._result = self.engine.result()
        return self._result

    def baseline(self):
        """The plan-mode run of the same scenario and seed: the yardstick (RunResult)."""
        if self._baseline is None:
            self._baseline = sim.run(self.exercise.scenario, seed=self.seed)
        return self._baseline

    def _catch_up(self, t, closed):
        """Play to *t* without stopping; what fires on the way counts as already seen."""
        if t > self.engine.now:
            self.engine.run_until(t)
        self._new, self._new_rules = [], []
        still = []
        for point in self._pending:
            if point.id in closed:
                self.decisions[point.id][1] = closed[point.id]
            else:
                still.append(point)
        self._pending = still

    # -- triggers ---------------------------------------------------------------------
    def _arm(self, item, callback, trigger=None):
        kind = "inject" if hasattr(item, "message") else "decision"
        key = (kind, item.id)
        trigger = item.when if trigger is None else trigger
        t = _known_time(self.engine, trigger)
        if t is None:
            self._state_waits.add(key)
        elif t <= self.horizon:
            self._known[key] = t
        token = object()
        if kind == "inject":
            self._armed[item.id] = token

        def fired(t, key=key):
            if kind == "inject" and self._armed.get(item.id) is not token:
                return  # skipped, released or re-timed since
            if t > self.end_h + EPS_H:
                return  # after the end of the exercise: neither delivered nor scored
            self._known.pop(key, None)
            self._state_waits.discard(key)
            callback(t)

        self.engine.watch(trigger, fired)

    def _fire_inject(self, inject, t):
        effects = []
        for action in inject.effect:
            outcome = self.engine.apply(action, source=f"inject:{inject.id}")
            effects.append((action.model_dump(by_alias=True), outcome.accepted, outcome.reason))
        delivery = Delivery(inject, t, tuple(effects))
        self._armed[inject.id] = None
        self.delivered_ids.add(inject.id)
        self.deliveries.append(delivery)
        self._new.append(delivery)
        self.journal.delivered(delivery)

    def _fire_decision(self, point, t):
        self.decisions[point.id] = [t, None]
        self._pending.append(point)
        self.journal.decision_opened(point.id, t)

    def _fire_rule(self, rule_id, t):
        if rule_id not in self.rule_times and t <= self.end_h + EPS_H:
            self.rule_times[rule_id] = t
            self._new_rules.append((rule_id, t))
            self.journal.rule_fired(rule_id, t)
            if rule_id.startswith("resupply:"):
                self.needs[rule_id] = resupply_need(self.engine, rule_id)
                self.journal.need_noted(rule_id, self.needs[rule_id])


def resupply_triggers(scenario):
    """The plan's reorder rule as one stock trigger per shelter and consumable item:
    ``("resupply:S1:water_l", trigger)``. In plan mode the engine reorders by itself; in an
    exercise the logistics officer must."""
    rule = scenario.plan.resupply
    if rule is None:
        return []
    items = scenario.relief.items
    names = list(items) if rule.items == "all" else list(rule.items)
    return [(f"resupply:{s.id}:{name}", StockTrigger(stock={"shelter": s.id, "item": name, "cover_below": rule.cover_below}))
            for s in scenario.shelters for name in names if not items[name].durable]


def _known_time(engine, trigger):
    """When a time-like trigger holds (h), or None if it waits on the model's state.

    Uses the engine's own trigger arithmetic (``engine.when``) so the two agree."""
    try:
        t = engine.when(trigger)
    except TypeError:
        return None
    return t if math.isfinite(t) else math.inf


def replay(exercise, seed, actions, decisions=None, until=None, journal=None, acts=(), acks=()):
    """A runner brought to the state of a logged session: its *actions* (ActionEntry, in
    order) and the facilitator's *acts* (ActEntry, each after the actions it followed) taken
    again at their sim times from the seed, decision points closed as the log says
    (*decisions*: id -> (opened_t, closed_t)), the *acks* (Ack) restored, and the clock moved
    on to *until*.

    Raises ReplayMismatch if an action's or act's fate differs from the log (the model changed)."""
    runner = Runner(exercise, seed, journal)
    closed = {k: v[1] for k, v in (decisions or {}).items() if v[1] is not None}
    acts = sorted(acts, key=lambda a: a.seq)
    for entry in _in_order(actions, acts, acks):
        if until is not None and entry.t > until + EPS_H:
            break
        runner._catch_up(entry.t, closed)
        if isinstance(entry, Ack):
            runner._acknowledge(entry.role, entry.inject, entry.wall, t=entry.t, record=False)
            continue
        if isinstance(entry, ActEntry):
            again = runner._facilitate(entry.act, entry.who, entry.wall, record=False)
            what = f"facilitator act {entry.seq} at T+{entry.t:g} h ({entry.act})"
        else:
            again = runner._act(entry.role, entry.action, entry.rationale, entry.wall, record=False)
            what = f"action {entry.seq} at T+{entry.t:g} h ({entry.action})"
        if again.accepted != entry.accepted:
            raise ReplayMismatch(f"{what} was {'accepted' if entry.accepted else 'rejected'} when logged "
                                 "but not on replay")
    if until is not None:
        runner._catch_up(until, closed)
    return runner


def _in_order(actions, acts, acks=()):
    """Player actions and facilitator acts merged in the order they were taken, and the
    acknowledgements (which change nothing in the model) placed among them by time."""
    acts, merged = list(acts), []
    for n, action in enumerate(actions):
        while acts and acts[0].after <= n:
            merged.append(acts.pop(0))
        merged.append(action)
    merged += acts
    out, acks = [], sorted(acks, key=lambda a: (a.t, a.wall))
    for entry in merged:
        while acks and acks[0].t < entry.t:
            out.append(acks.pop(0))
        out.append(entry)
    return out + acks


class ReplayMismatch(Exception):
    """A logged session does not replay the same way (the scenario or the model changed)."""

