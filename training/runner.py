"""The exercise runner: drives sim.Engine in exercise mode for the players.

    runner = Runner(exercise, seed=0)
    step = runner.advance(runner.horizon)       # stops at the next inject or decision point
    runner.act("commander", {"action": "open_shelter", "shelter": "S1"}, "river rising")
    runner.close_decision("commander")          # the clock may move again
    score = runner.finish()

Injects fire on time or on the model's state (``Engine.watch``); their effects are applied
to the model at the very moment they fire, so a replay of the same actions at the same
times gives the same run however the clock was stepped. A journal (the session store)
hears of every inject, action and decision as it happens.
"""
import math
import time
from dataclasses import dataclass

import sim
from sim.actions import parse_action
from sim.triggers import StockTrigger

from .needs import resupply_need

EPS_H = 1e-9
"""How far past an event's time (h) the clock stops so that everything due then has happened."""
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
        return self._result is not None or self.engine.now >= self.engine.horizon

    @property
    def pending_decision(self):
        """The decision point the players must close before the clock moves, or None."""
        return self._pending[0] if self._pending else None

    def next_inject_time(self):
        """When the next inject with a known time is due (h), or None (only state ones left)."""
        times = [t for key, t in self._known.items() if key[0] == "inject" and t >= self.now - EPS_H]
        return min(times, default=None)

    def advance(self, to_t):
        """Play the model up to *to_t* (h), stopping early at the next inject or decision point."""
        if self.pending_decision is not None or self.finished:
            return Step(self.now, (), self.pending_decision, (), self.finished)
        self._step_to(min(float(to_t), self.horizon))
        injects, rules = tuple(self._new), tuple(self._new_rules)
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
    def _arm(self, item, callback):
        kind = "inject" if hasattr(item, "message") else "decision"
        key = (kind, item.id)
        t = _known_time(self.engine, item.when)
        if t is None:
            self._state_waits.add(key)
        elif t <= self.horizon:
            self._known[key] = t

        def fired(t, key=key):
            self._known.pop(key, None)
            self._state_waits.discard(key)
            callback(t)

        self.engine.watch(item.when, fired)

    def _fire_inject(self, inject, t):
        effects = []
        for action in inject.effect:
            outcome = self.engine.apply(action, source=f"inject:{inject.id}")
            effects.append((action.model_dump(by_alias=True), outcome.accepted, outcome.reason))
        delivery = Delivery(inject, t, tuple(effects))
        self.deliveries.append(delivery)
        self._new.append(delivery)
        self.journal.delivered(delivery)

    def _fire_decision(self, point, t):
        self.decisions[point.id] = [t, None]
        self._pending.append(point)
        self.journal.decision_opened(point.id, t)

    def _fire_rule(self, rule_id, t):
        if rule_id not in self.rule_times:
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


def replay(exercise, seed, actions, decisions=None, until=None, journal=None):
    """A runner brought to the state of a logged session: its *actions* (ActionEntry, in
    order) taken again at their sim times from the seed, decision points closed as the log
    says (*decisions*: id -> (opened_t, closed_t)), and the clock moved on to *until*.

    Raises ReplayMismatch if an action's fate differs from the log (the model changed)."""
    runner = Runner(exercise, seed, journal)
    closed = {k: v[1] for k, v in (decisions or {}).items() if v[1] is not None}
    for entry in actions:
        runner._catch_up(entry.t, closed)
        again = runner._act(entry.role, entry.action, entry.rationale, entry.wall, record=False)
        if again.accepted != entry.accepted:
            raise ReplayMismatch(f"action {entry.seq} at T+{entry.t:g} h ({entry.action}) was "
                                 f"{'accepted' if entry.accepted else 'rejected'} when logged but not on replay")
    if until is not None:
        runner._catch_up(until, closed)
    return runner


class ReplayMismatch(Exception):
    """A logged session does not replay the same way (the scenario or the model changed)."""

