"""Exercises in the viewer: an exercise file, played by the exercise runner (training/).

An exercise file names a scenario and a plan and lists injects and decision points; a
scenario file has zones and shelters. ``is_exercise`` tells them apart by their keys.
``ExerciseRun`` offers the runner to the screens with the same surface as a free run
(viz.source.FreeRun) plus the cards the players must see: each inject delivered, and each
decision point, which holds the clock until the players close it.
"""
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from sim.errors import ScenarioError
from sim.source import read_document

import sim

from messages import texts

from .feed import Names, describe_action
from .format import hm, hours, trigger_text
from .source import JUMP_STEP_H, NOTABLE, SCORE_KPIS, PlanRow, ScoreCard
from .words import OBSERVATIONS, STATES, word

EXERCISE_KEYS = frozenset({"injects", "decisions", "roles"})
DEFAULT_SEAT = "viewer"
"""The seat name a viewer records its chosen role under (``stormdrill play --seat``)."""
STATE_COLOUR = {
    "coming": "text_dim", "skipped": "text_dim", "released": "text_warn", "answered": "text_good", "overdue": "text_bad",
    "waiting": "text_dim", "due": "text_warn", "done": "text_good", "late": "text_warn", "partial": "text_warn",
    "missed": "text_bad",
}
"""Theme colour of each MSEL and plan-rule state (training.msel)."""
NEXT_EPS_H = 1e-6
"""How far past an inject's time "next event" plays, so that it has been delivered (h)."""


class ExerciseUnavailable(Exception):
    """The exercise cannot be opened (no runner, or the file has problems); the message says why."""


def is_exercise(path):
    """True if the YAML file at *path* is an exercise script rather than a scenario."""
    try:
        data = read_document(path).data
    except ScenarioError:  # not readable (or a device, a FIFO): the scenario loader says why
        return False
    return isinstance(data, dict) and "zones" not in data and isinstance(data.get("scenario"), str) \
        and bool(EXERCISE_KEYS & set(data))


def open_exercise(path, seed=None, session=None, db=None, record=True):
    """The exercise at *path* as a viewer source, recorded as a session in the SQLite store at
    *db* (default: training's default path); with *session*, resume that recorded session;
    with *record* False (a screenshot), nothing is stored. ExerciseUnavailable says why it
    cannot be run."""
    try:
        from training.exercise import load_exercise
        from training.runner import ReplayMismatch
        from training.session import Session
        from training.store import SessionStore, StoreError, default_path
    except ImportError as exc:
        raise ExerciseUnavailable(f"{path}: exercise files need the exercise runner (training/): {exc}") from None
    try:
        if not record and session is None:
            return ExerciseRun(Unrecorded(load_exercise(path), seed))
        store = SessionStore(Path(db) if db else default_path())
        if session is not None:
            sid = _session_id(session)
            if store.session(sid)["status"] == "finished":
                raise ExerciseUnavailable(f"session {sid} has finished; see `stormdrill report {sid}`")
            recorded = Session.resume(store, sid)
        else:
            recorded = Session.start(store, load_exercise(path), seed=seed)
    except sim.ScenarioError as exc:
        raise ExerciseUnavailable("\n".join(str(p) for p in exc.problems)) from None
    except (StoreError, ReplayMismatch) as exc:
        raise ExerciseUnavailable(str(exc)) from None
    return ExerciseRun(recorded)


def _session_id(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        raise ExerciseUnavailable(f"--resume {text!r}: a session id is a number (see `stormdrill exercise`)") from None


class Unrecorded:
    """A session that is not stored (for a screenshot): a runner, and a score at the end."""

    id = None
    store = None

    def __init__(self, exercise, seed=None):
        from training.runner import Runner

        self.runner = Runner(exercise, seed=seed)

    def finish(self):
        return self.runner.finish()


@dataclass(frozen=True)
class Card:
    """Something the players must see before the clock moves on: an inject or a decision point."""

    t: float  # h
    title: str
    text: str
    options: tuple  # ((key, label), ...): empty for an inject card
    ref: object  # the Delivery or the DecisionPoint
    actions: tuple = ()  # the action of each option, as offered when the card was shown (training.roles.decision_options)


class ExerciseRun:
    """A recorded exercise session (training.session.Session) played by its runner, seen by the viewer."""

    kind = "exercise"

    def __init__(self, session, lang=None):
        self.session = session
        self.runner = session.runner
        self.exercise = self.runner.exercise
        self.scenario = self.exercise.scenario
        self.seed = self.runner.seed
        self.engine = self.runner.engine
        self.title = self.exercise.name
        self.title_zh = self.exercise.spec.name_zh
        self.t = texts(lang)
        self.lang = self.t.lang
        self.cards = deque()
        self._score = None
        self.seat = DEFAULT_SEAT
        self.acting_role = self.exercise.spec.roles[0].id
        self.who = "facilitator"
        from training.situation import SituationWatch

        self.watch = SituationWatch(self.runner)
        if self.runner.pending_decision is not None:  # a resumed session stopped at a decision
            self.cards.append(self._decision_card(self.runner.pending_decision, self.runner.now))

    # -- the clock --------------------------------------------------------------------
    @property
    def now(self):
        return self.runner.now

    @property
    def horizon(self):
        return self.runner.horizon

    @property
    def events(self):
        return self.engine.events

    @property
    def finished(self):
        return self.runner.finished and not self.cards

    @property
    def pending(self):
        """The first card the players have not closed yet, or None."""
        return self.cards[0] if self.cards else None

    def stop_at(self, t):
        return min(t, self.horizon)

    def advance(self, t):
        """Play towards *t* (h); the runner stops early at an inject or a decision point."""
        if self.cards:
            return
        step = self.runner.advance(t)
        for delivery in step.injects:
            self.cards.append(self._inject_card(delivery))
        if step.decision is not None and not any(c.ref is step.decision for c in self.cards):
            self.cards.append(self._decision_card(step.decision, step.t))

    def snapshot(self):
        return self.runner.snapshot()

    def next_event(self):
        """Play on to the next inject (or notable event when none is timed); return the time (h)."""
        t = self.runner.next_inject_time()
        if t is not None:
            self.advance(t + NEXT_EPS_H)
            return self.now
        seen = len(self.events)
        while not self.runner.finished and not self.cards:
            self.advance(self.now + JUMP_STEP_H)
            if any(e["kind"] in NOTABLE for e in self.events[seen:]):
                break
            seen = len(self.events)
        return self.now

    def briefing(self, t):
        """What the briefing says about this exercise: who plays which role."""
        roles = [t.name(r) for r in self.exercise.spec.roles]
        return t("Exercise: the team takes the actions; the community plan is the yardstick. Roles: {roles}.",
                 roles=t.join(roles))

    # -- the players -------------------------------------------------------------------
    def roles(self):
        """(label, role id) of every role, for the role picker."""
        return [(self.t.name(r), r.id) for r in self.exercise.spec.roles]

    def sit_at(self, seat):
        """This viewer is the seat called *seat*: act as the role it chose last in this session."""
        self.seat = seat
        store, sid = self.session.store, self.session.id
        chosen = store.seat_role(sid, seat) if store is not None and sid is not None else None
        if chosen in self.exercise.roles:
            self.acting_role = chosen

    def choose_role(self, role):
        """Act as *role* from now on (remembered for this seat in the session)."""
        if role not in self.exercise.roles:
            raise ValueError(f"no role {role!r}; roles: {', '.join(self.exercise.roles)}")
        self.acting_role = role
        store, sid = self.session.store, self.session.id
        if store is not None and sid is not None:
            store.set_seat_role(sid, self.seat, role)

    def role_for(self, kind):
        """The role that takes an action of *kind* from the viewer's action panel: the role
        the seat acts as."""
        return self.acting_role

    def apply(self, action, rationale=""):
        """Take a player's action as the acting role; a sim.Outcome with the reason if refused."""
        entry = self.runner.act(self.acting_role, action, rationale)
        return sim.Outcome(entry.accepted, entry.reason, entry.t)

    def acknowledge(self, delivery):
        """The seat read an inject card: its role marks the inject received, if it was sent to it."""
        if self.acting_role in self.runner.recipients(delivery.inject) and not self.runner.finished:
            return self.runner.acknowledge(self.acting_role, delivery.inject.id)
        return None

    # -- the facilitator's console ---------------------------------------------------------
    @property
    def paused(self):
        return self.runner.paused

    def set_paused(self, paused):
        """Pause or resume the exercise (a facilitator act, recorded) if it is not so already."""
        if paused != self.runner.paused:
            self.facilitate({"act": "pause" if paused else "resume"})

    def facilitate(self, act):
        """A facilitator act (training.facilitation); the ActEntry. What it delivers becomes a card."""
        entry = self.runner.facilitate(act, who=self.who)
        if entry.accepted:
            step = self.runner.advance(self.runner.now)
            for delivery in step.injects:
                self.cards.append(self._inject_card(delivery))
        return entry

    def msel(self):
        from training.msel import msel

        return msel(self.runner)

    def rule_status(self):
        from training.msel import plan_status

        return plan_status(self.runner)

    def plan_rows(self, t):
        """The facilitator's MSEL panel as rows (text, right text, colour key, second line or "")."""
        rows = []
        names, specs = Names(self.scenario, t), {r.id: r for r in self.scenario.plan.rules}
        for rule in self.rule_status():
            due = "" if rule.fired_t is None else f" T+{hm(rule.fired_t + rule.deadline_h)}"
            right = word(t, STATES, rule.state) + due
            spec = specs.get(rule.id)  # the rule's name and trigger in the language shown
            name, when = (t.name(spec), trigger_text(t, names, spec.when)) if spec else (rule.name, rule.when)
            rows.append(PlanRow(t("{id} {name}", id=rule.id, name=name), right, STATE_COLOUR[rule.state],
                                t("when {trigger}; within {deadline}", trigger=when, deadline=hours(t, rule.deadline_h))))
        for item in self.msel():
            when = item.delivered_t if item.delivered_t is not None else item.due_t
            right = word(t, STATES, item.state) + ("" if when is None else f" T+{hm(when)}")
            roles = self.exercise.roles
            to = t("everyone") if set(item.to) == set(roles) else t.join(
                t.name(roles[r]) if r in roles else r for r in item.to)
            spec = self.exercise.injects.get(item.id) or self.exercise.decisions.get(item.id)
            notes = t.pick({"zh": spec.notes_zh, "en": spec.notes}) if spec is not None else item.notes
            rows.append(PlanRow(f"{item.id} · {item.text.get(self.lang)}", right, STATE_COLOUR[item.state],
                                t("to {to}", to=to) + (f" · {notes}" if notes else "")))
        return rows

    def resolve(self, card, choice):
        """The players closed *card*; *choice* is the key of the option they took, a list of
        keys (a multi-select decision point), or None. Returns the outcome of the last action."""
        if self.cards and self.cards[0] is card:
            self.cards.popleft()
        point = card.ref
        if not card.options and not hasattr(point, "prompt"):
            self.acknowledge(point)
            return None
        keys = [] if choice is None else ([choice] if isinstance(choice, (str, int)) else list(choice))
        if len(keys) > 1 and not point.multi:
            keys = keys[:1]
        labels = dict(card.options)
        outcome = None
        for key in keys:
            action = card.actions[int(key)]
            outcome = self.apply(action, rationale=f"decision {point.id}: {labels[str(key)]}")
        self.runner.close_decision(self.acting_role, note="" if not keys else f"option {' '.join(map(str, keys))}")
        return outcome

    def offers(self):
        """The acting role's actions as forms (training.roles.Offer): what its rights allow and
        the scenario and the model can carry out now, with the choices to pick from."""
        from training.roles import offers

        return offers(self.exercise, self.acting_role, self.runner)

    def menu(self):
        """The acting role's menu now (training.roles.Menu): decision options, what is due, the offers."""
        from training.roles import menu

        return menu(self.runner, self.acting_role)

    def _inject_card(self, delivery):
        inject = delivery.inject
        sender = inject.sender(self.lang)
        source = f"{sender}: " if sender else ""
        to = "" if inject.to == "all" else "\n" + self.t("to {to}", to=self.t.join(inject.to))
        return Card(delivery.t, inject.id, source + inject.message.get(self.lang) + to + self._news(), (), delivery)

    def _decision_card(self, point, t):
        from training.roles import decision_options

        found = decision_options(self.exercise, point, self.runner)
        options = tuple((str(i), o.label.get(self.lang)) for i, o in enumerate(found))
        return Card(t, point.id, point.prompt.get(self.lang) + self._news(), options, point,
                    tuple(o.action for o in found))

    def _news(self):
        """What the model did since the last card, said under the card's text (or nothing)."""
        from training.situation import display_names

        news = self.watch.since_last()
        if news.quiet:
            return ""
        return "\n\n" + "\n".join(line.strip() for line in news.lines(self.lang, display_names(self.scenario, self.lang)))

    # -- for the facilitator ------------------------------------------------------------
    def expected(self):
        """The plan's rules with when their trigger held: [(rule, t or None)]."""
        times = self.runner.rule_times
        return [(rule, times.get(rule.id)) for rule in self.scenario.plan.rules]

    def upcoming(self):
        """For the facilitator: actions expected after injects and decisions still open to
        them (with their deadlines), then the injects and decision points still to come."""
        t, names, now = self.t, Names(self.scenario, self.t), self.runner.now
        lines = []
        sources = [(d.inject.id, d.t, d.inject.expect) for d in self.runner.deliveries]
        sources += [(pid, times[0], self.exercise.decisions[pid].expect) for pid, times in self.runner.decisions.items()]
        for source, start, expect in sources:
            for e in expect:
                if now <= start + e.within:
                    what = describe_action(t, names, e.do.model_dump(by_alias=True))
                    lines.append(t("{source}: expected {what} by T+{due}", source=source, what=what,
                                   due=hm(start + e.within)))
        delivered = {d.inject.id for d in self.runner.deliveries}
        for inject in self.exercise.spec.injects:
            if inject.id not in delivered:
                lines.append(t("{id} · {when} · {text}", id=inject.id, when=inject.when.describe(),
                               text=inject.message.get(self.lang)))
        for point in self.exercise.spec.decisions:
            if point.id not in self.runner.decisions:
                lines.append(t("{id} · {when} · {text}", id=point.id, when=point.when.describe(),
                               text=point.prompt.get(self.lang)))
        return lines

    # -- the end ---------------------------------------------------------------------------
    def score(self):
        """training's Score of the session (plays to the horizon and records the end first)."""
        if self._score is None:
            self._score = self.session.finish()
        return self._score

    def score_card(self):
        score = self.score()
        result = self.runner.run_out()
        kpis = result.kpis
        timeliness = "—" if score.timeliness is None else f"{score.timeliness:.0%}"
        lines = [self.t("{grade} · timeliness {timeliness} · outcome {outcome:.0%}", grade=score.grade,
                        timeliness=timeliness, outcome=score.outcome)]
        lines += [f"{o.id} {self.t.name(o)}: {o.rating}" for o in score.objectives]
        return ScoreCard(bool(score.target_met), tuple((k, kpis[k]) for k in SCORE_KPIS), score.overall, lines,
                         verdict=result.verdict)

    # -- the evaluator ------------------------------------------------------------------
    @property
    def can_evaluate(self):
        """Overrides and observations need a recorded session to keep them."""
        return getattr(self.session, "store", None) is not None

    def evaluation_targets(self):
        """(label, target) of the objectives and expected actions an evaluator may judge."""
        from training.evaluate_console import judgement_targets

        return judgement_targets(self.session.store, self.session.id, self.lang)

    def evaluation_ratings(self):
        """(label, rating) of every rating an evaluator may give, verdicts first."""
        from training.evaluation import OBJECTIVE_RATINGS, VERDICT_RATINGS
        from training.words import RATING, STATUS

        out = [(STATUS[r][self.lang], r) for r in VERDICT_RATINGS]
        out += [(RATING[r][self.lang], r) for r in OBJECTIVE_RATINGS]
        return out + [(word(self.t, OBSERVATIONS, k), k) for k in ("strength", "improvement")]

    def evaluate(self, target, rating, comment, evaluator, role="evaluator"):
        """Record the evaluator's override (or observation, for strength / improvement) in the
        session; return (True, new id) or (False, why not)."""
        from training.evaluate_console import record_judgement
        from training.evaluation import EvaluationError

        kind = "observation" if rating in ("strength", "improvement") else "override"
        try:
            sim_t = None if self.runner.finished else self.runner.now
            return True, record_judgement(self.session.store, self.session.id, kind, target, rating, comment,
                                          evaluator, role, sim_t)
        except EvaluationError as exc:
            return False, str(exc)

    def write_report(self, folder="."):
        """training's after-action report (HTML and Markdown) in *folder*, next to nothing it would
        overwrite; returns the HTML path."""
        from training.report import write_report

        self.score()
        store = self.session.store
        stem = free_stem(Path(folder), f"aar-session{self.session.id or 0}-{self.lang}", (".html", ".md"))
        if store is None:
            from training.record import record_of

            return write_report(record_of(self.runner), stem.with_suffix(".html"), lang=self.lang)
        return write_report(store.record(self.session.id), stem.with_suffix(".html"), lang=self.lang, store=store)


def free_stem(folder, stem, suffixes):
    """``folder/stem`` (or stem-2, -3 …) such that no file with any of *suffixes* exists there."""
    folder.mkdir(parents=True, exist_ok=True)
    n, name = 1, stem
    while any((folder / f"{name}{s}").exists() for s in suffixes):
        n += 1
        name = f"{stem}-{n}"
    return folder / name
