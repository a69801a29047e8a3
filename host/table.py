"""The table: one running exercise session and the people joined to it, without the network.

    table = ExerciseTable.start(store, exercise, pacing=("stepped", 1.0))
    client, replies = table.join({"type": "join", "room": table.room.code, "name": "Li", "role": "commander"})
    replies = table.handle(client, {"type": "action", "id": "a1", "form": "open_shelter", "values": {"shelter": "S1"}})
    for message in table.updates(client): ...     # state deltas, new injects, feed lines since last asked

Every message in and out is plain JSON-ready data (docs/host.md). A seat acts only as the
role it joined as, within that role's rights and its card: the host refuses setbacks,
actions its card does not offer, null or missing values and quantities that are not
finite, positive and bounded by what exists (host.guard); the runner refuses anything
else with the same reason the viewer and the terminal give. Each action, acknowledgement
and decision answer is recorded with role, seat name and time (training.seats), keyed by the
client's own message id, so a repeat (a phone reconnecting and sending again) returns the
first outcome and applies nothing twice — also after the host was killed and resumed.
"""
import re
import threading
import time
from dataclasses import dataclass, field

from messages import N_
from training import roles
from training.facilitation import SETBACKS
from training.pacing import Pacer
from training.runner import ReplayMismatch
from training.seats import SeatEntry
from training.session import Session
from training.situation import SituationWatch, display_names, start_of
from training.words import clock

from . import cards, control, guard, mapview, scorepage, views
from .feed import Feed
from .guard import Refusal
from .polls import Polls
from .presence import Presence
from .rooms import MAX_SEATS, Room
from .words import both, said

NAME_MAX = 40
"""Longest display name (characters)."""
ID_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
"""A client's message id: what a page makes with crypto.randomUUID() or a counter."""
RATIONALE_MAX = 500


class TableError(Exception):
    """A message the table refuses outright (bad room code, bad secret, malformed message);
    ``reason`` in English, ``text`` in every language."""

    def __init__(self, code, message, words=None, **fields):
        self.code = code
        self.text = words or said(message, **fields)
        self.reason = self.text["en"]
        super().__init__(self.reason)


@dataclass
class Client:
    """One connection: a seat (a role's player), the facilitator's console or the projector."""

    kind: str  # "seat", "facilitator" or "projector"
    name: str
    role: str | None = None
    token_hash: str = ""
    last: dict = field(default_factory=dict)  # the state last sent
    inbox_sent: set = field(default_factory=set)  # (inject id, acknowledged) sent
    feed_seen: int = 0  # feed lines sent
    history_sent: int = 0  # the seat's own log entries sent

    @property
    def label(self):
        return f"{self.name} ({self.role})" if self.role else self.name


class ExerciseTable:
    """One exercise session served to its seats, its facilitator and its projector."""

    def __init__(self, store, session, pacing=("stepped", 1.0), clock_fn=time.monotonic):
        self.store, self.session, self.runner = store, session, session.runner
        self.exercise = self.runner.exercise
        self.mode, self.ratio = pacing
        self.pacer = Pacer(self.runner, self.ratio, clock=clock_fn) if self.mode == "paced" else None
        self.room = Room(store.db, session.id)
        self.secret = None
        self.join_url, self.qr = None, None  # set by host.serve when it knows its address
        self.allowed_hosts = {"127.0.0.1", "localhost", "::1"}  # host.serve adds the machine's own names
        self.watch = SituationWatch(self.runner)
        self.start = start_of(self.exercise.scenario)
        self.names = {lang: display_names(self.exercise.scenario, lang) for lang in ("zh", "en")}
        self.feed = Feed(self.room)
        self.presence = Presence(store.seat_log(session.id))
        self.polls = Polls(self.room)
        self.map = mapview.geometry(self.exercise.scenario)
        self.news = {"zh": [], "en": []}  # the latest situation summary
        self.score = None
        self.score_page = None
        self.version = 0
        self._views = {}
        self._snap = None
        self.lock = threading.RLock()
        """The one lock over the runner and the record: the server's handlers hold it for each
        message and clock step, and a projector viewer in another thread (viz.hosted) for each
        look at the model, so that a picture never shows half of an action."""

    # -- opening ------------------------------------------------------------------------
    @classmethod
    def start(cls, store, exercise, seed=None, pacing=("stepped", 1.0), room_code=None, secret=None, **kw):
        session = Session.start(store, exercise, seed=seed)
        store.set_pacing(session.id, *pacing)
        return cls._open(store, session, pacing, room_code, secret, **kw)

    @classmethod
    def resume(cls, store, session_id, room_code=None, secret=None, **kw):
        """The table of a session whose host stopped: its log replayed, the same room code,
        seats, consoles and feed, the pacing it was started with. TableError if it cannot be resumed."""
        row = store.session(session_id)
        if row["status"] == "finished":
            raise TableError("finished", N_("session {id} has finished; see `stormdrill report {id}`"), id=session_id)
        try:
            session = Session.resume(store, session_id)
        except ReplayMismatch as exc:
            raise TableError("replay", N_("session {id} does not replay as recorded: {why}"), id=session_id,
                             why=str(exc)) from None
        return cls._open(store, session, store.pacing(session_id), room_code, secret, **kw)

    @classmethod
    def _open(cls, store, session, pacing, room_code, secret, **kw):
        table = cls(store, session, pacing, **kw)
        table.secret = table.room.open(room_code, secret)
        table.runner.advance(table.runner.now)  # what is due now is delivered before anyone joins
        table.after_clock()
        return table

    # -- joining ------------------------------------------------------------------------
    def join(self, msg):
        """A connection's first message: ``join``. Returns (Client, replies); TableError if refused."""
        if not isinstance(msg, dict) or msg.get("type") != "join":
            raise TableError("join_first", N_("the first message must be {type: join, room: CODE, ...}"))
        if not self.room.code_matches(msg.get("room")):
            raise TableError("room", N_("wrong room code"))
        welcome = {"type": "welcome", "session": self.session.id, "exercise": views.exercise_info(self),
                   "mode": self.mode, "ratio": self.ratio}
        if "console" in msg or "facilitator" in msg:
            client = self._console(msg, welcome)
        elif msg.get("projector"):
            client = Client("projector", "projector")
        else:
            client, token = self._seat(msg)
            welcome["token"] = token
            welcome["card"] = cards.card(self.exercise, client.role)
            welcome["forms"] = welcome["card"]["forms"]
            self.presence.came(client.token_hash)
            self._changed()
        welcome.update(kind=client.kind, name=client.name, role=client.role)
        if client.kind in ("facilitator", "projector"):
            welcome.update(room=self.room.code, join_url=self.join_url, qr=self.qr, map=self.map)
        return client, [welcome]

    def _console(self, msg, welcome):
        """The facilitator's console: by its console token (a reconnect, also after a resume),
        or by the secret, which gives it a token (the page then drops the secret from its address)."""
        if "console" in msg:
            name = self.room.console(msg.get("console"))
            if name is None:
                raise TableError("console", N_("this console's login is not known here: log in with the facilitator "
                                               "secret printed in the host's terminal"))
            return Client("facilitator", name)
        secret = msg.get("facilitator")
        if not self.room.is_facilitator(secret):
            replaced = self.room.was_facilitator(secret)
            if replaced is not None:
                raise TableError("secret_old", N_("this facilitator secret was replaced when the host restarted "
                                                  "({when}); the new one is printed in the host's terminal and in its "
                                                  "--info file"), when=time.strftime("%H:%M", time.localtime(replaced)))
            raise TableError("secret", N_("wrong facilitator secret"))
        name = _clean_name(msg.get("name")) or "facilitator"
        welcome["console"] = self.room.add_console(name)
        return Client("facilitator", name)

    def lobby(self, msg):
        """Before joining: the exercise's name and roles, for the join form (needs the room code)."""
        if not self.room.code_matches(msg.get("room")):
            raise TableError("room", N_("wrong room code"))
        return {"type": "lobby", "exercise": views.exercise_info(self)}

    def _seat(self, msg):
        token = msg.get("token")
        seat = self.room.seat(token) if token else None
        if seat is None:
            if token and not msg.get("role"):
                raise TableError("token", N_("this seat is not known in this session: join again with a role and a name"))
            role, name = msg.get("role"), _clean_name(msg.get("name"))
            if role not in self.exercise.roles:
                raise TableError("role", N_("no role {role}; roles: {roles}"), role=repr(str(role)[:40]),
                                 roles=", ".join(self.exercise.roles))
            if not name:
                raise TableError("name", N_("give a display name (1 to {n} characters)"), n=NAME_MAX)
            self._room_for(role)
            seat, token = self.room.add_seat(name, role)
            self.store.add_participant(self.session.id, role, seat.name)
            spec = self.exercise.roles[role]
            self.line("join", both(lambda _: _("{name} joined as {role}", name=seat.name, role=_.name(spec))))
        return Client("seat", seat.name, seat.role, seat.token_hash), token

    def _room_for(self, role):
        """TableError unless one more seat of *role* fits (the role's seats, the room's MAX_SEATS)."""
        seats = self.room.seats()
        if len(seats) >= MAX_SEATS:
            raise TableError("full", N_("this room has all its {n} seats; ask the facilitator"), n=MAX_SEATS)
        limit = self.exercise.roles[role].seats
        taken = sum(1 for s in seats if s.role == role and self.presence.is_online(s.token_hash))
        if limit is not None and taken >= limit:
            spec = self.exercise.roles[role]
            raise TableError("full", "", words=both(lambda _: _(
                "{role} is played by {n} seat(s) already, the most the exercise allows ({limit})",
                role=_.name(spec), n=taken, limit=limit)))

    def leave(self, client):
        """A connection closed."""
        if client is not None and client.kind == "seat":
            self.presence.went(client.token_hash)
            self._changed()

    # -- messages -----------------------------------------------------------------------
    def handle(self, client, msg):
        """Handle one message from a joined client; return the replies to it."""
        if not isinstance(msg, dict):
            raise TableError("bad", N_("a message is a JSON object with a 'type'"))
        kind = msg.get("type")
        if client.kind == "seat":
            self.presence.saw(client.token_hash)
        handlers = SEAT_MESSAGES if client.kind == "seat" else FACILITATOR_MESSAGES if client.kind == "facilitator" else {}
        if kind == "ping":
            return [{"type": "pong", "id": msg.get("id")}]
        if kind not in handlers:
            allowed = ", ".join(sorted(handlers) + ["ping"])
            raise TableError("type", N_("a {kind} may send: {allowed} (not {type})"), kind=client.kind, allowed=allowed,
                             type=repr(str(kind)[:30]))
        return [handlers[kind](self, client, msg)]

    def _client_id(self, msg):
        cid = msg.get("id")
        if not isinstance(cid, str) or not ID_PATTERN.match(cid):
            raise TableError("id", N_("each message that changes something carries an id of 1-64 letters, digits or "
                                      "- _ . : (the same id again means the same message)"))
        return cid

    def _seen(self, client, cid):
        """The reply to a message id this session has already handled, or None."""
        entry = self.store.seat_entry(self.session.id, cid)
        if entry is None:
            return None
        if entry.seat != client.name or entry.role != client.role:
            raise TableError("id", N_("id {id} was used by another seat"), id=cid)
        return {**entry.outcome, "repeat": True}

    def _record(self, client, cid, kind, ref, outcome):
        entry = SeatEntry(cid, kind, ref, client.role, client.name, self.runner.now, time.time(), outcome)
        if self.store.note_seat(self.session.id, entry):
            self.presence.noted(entry)

    def _seat_message(self, client, msg, of, ref, do):
        """Handle a seat's message once: its id recorded with the outcome in the same
        transaction as what it did; a Refusal recorded as a refused attempt."""
        cid = self._client_id(msg)
        seen = self._seen(client, cid)
        if seen:
            return seen
        with self.transaction():
            try:
                outcome = {"type": "result", "id": cid, "of": of, **do()}
            except Refusal as exc:
                outcome = {"type": "result", "id": cid, "of": of, "ok": False, "reason": exc.reason, "text": exc.text,
                           "t": self.runner.now}
            outcome.setdefault("t", self.runner.now)
            self._record(client, cid, of, str(ref)[:64], outcome)
        self._changed()
        return outcome

    def _action(self, client, msg):
        rationale = str(msg.get("rationale") or "")[:RATIONALE_MAX]
        raw = msg.get("action")
        ref = msg.get("form") if "form" in msg else (raw.get("action") if isinstance(raw, dict) else None)

        def do():
            action = self._seat_action(client, msg)
            entry = self.runner.act(client.role, action, rationale)
            if entry.accepted:
                self.line("action", _act_words(self, client, entry.action), ref=msg["id"])
            return {"ok": entry.accepted, "reason": entry.reason, "seq": entry.seq,
                    "action": entry.action if entry.accepted else None}
        return self._seat_message(client, msg, "action", ref, do)

    def _seat_action(self, client, msg):
        """The sim action a seat's message asks for, checked (host.guard); Refusal if it may not."""
        card, rights = cards.card(self.exercise, client.role), self.exercise.roles[client.role]
        kind = msg.get("form") if "form" in msg else (msg.get("action") or {}).get("action") \
            if isinstance(msg.get("action"), dict) else None
        if isinstance(kind, str) and kind not in SETBACKS and not rights.may(kind):
            return {"action": kind}  # the runner refuses it with the reason every front-end gives
        if "form" in msg:
            action = cards.build(self.exercise, msg.get("form"), msg.get("values"), client.role, self.runner)
        else:
            action = msg.get("action")
        guard.seat_action(action, card["kinds"], self.exercise.scenario, self.snapshot(), self.runner.horizon)
        return action

    def _ack(self, client, msg):
        inject = str(msg.get("inject"))[:64]

        def do():
            try:
                ack = self.runner.acknowledge(client.role, inject)
            except ValueError as exc:
                return {"ok": False, "reason": str(exc), "inject": inject}
            return {"ok": True, "reason": "", "inject": inject, "t": ack.t}
        return self._seat_message(client, msg, "ack", inject, do)

    def _answer(self, client, msg):
        wanted = str(msg.get("decision"))[:64]
        return self._seat_message(client, msg, "answer", wanted, lambda: self._answered(client, msg, wanted))

    def _answered(self, client, msg, wanted):
        point, rights = self.runner.pending_decision, self.exercise.roles[client.role]
        if point is None or point.id != wanted:
            raise Refusal(N_("decision point {id} is not open"), id=wanted)
        if point.roles != "all" and client.role not in point.roles:
            raise Refusal(N_("decision point {id} is for {roles}, not {role}"), id=point.id,
                          roles=", ".join(point.roles), role=client.role)
        offered = roles.decision_options(self.exercise, point)
        options = _chosen(msg, point, offered)
        for i in options:
            if not rights.may(offered[i].action["action"]):
                raise Refusal(N_("role {role} may not {action}; it may: {allowed}"), role=repr(client.role),
                              action=offered[i].action["action"], allowed=", ".join(rights.actions))
        results = []
        for i in options:
            entry = self.runner.act(client.role, dict(offered[i].action),
                                    f"decision {point.id}: {offered[i].label.get('en')}")
            results.append({"i": i, "ok": entry.accepted, "reason": entry.reason})
        self.runner.close_decision(client.role, note="no option" if not options else
                                   "option " + ", ".join(map(str, options)))
        role = rights
        chosen = both(lambda _: _.join(_.pick(offered[i].label) for i in options) or "—")
        self.line("answer", both(lambda _: _("{who} answered {id}: {chosen}", who=_.paren(client.name, _.name(role)),
                                             id=point.id, chosen=chosen[_.lang])), ref=msg["id"])
        failed = [r for r in results if not r["ok"]]
        return {"ok": True, "reason": "", "decision": point.id, "options": results,
                "option": options[0] if len(options) == 1 else None,
                "action_ok": None if not results else not failed, "action_reason": "; ".join(r["reason"] for r in failed)}

    def _vote(self, client, msg):
        def do():
            options = msg.get("options") if "options" in msg else [msg.get("option")]
            chosen = self.polls.vote(str(msg.get("poll"))[:64], client.token_hash, options)
            return {"ok": True, "reason": "", "poll": msg.get("poll"), "options": chosen}
        return self._facilitator_style(client, msg, "vote", do)

    def _seat_note(self, client, msg):
        def do():
            if self.score is None:
                raise Refusal(N_("hotwash notes are taken once the exercise has ended"))
            return control.note(self, client, msg["id"], msg, client.role, ("strength", "improvement"))
        return self._facilitator_style(client, msg, "note", do)

    # -- the facilitator ------------------------------------------------------------------
    def _facilitator_style(self, client, msg, of, do, atomic=True):
        """Carry out a message once: the same id again (a reconnect, also after a resume) gets
        the first reply back. A Refusal is the reply, kept like any other."""
        cid = self._client_id(msg)
        kept = self.room.reply(cid)
        if kept is not None:
            return {**kept, "repeat": True}
        with self.transaction() if atomic else _nothing():
            try:
                reply = {"type": "result", "id": cid, "of": of, **do()}
            except Refusal as exc:
                reply = {"type": "result", "id": cid, "of": of, "ok": False, "reason": exc.reason, "text": exc.text,
                         "t": self.runner.now}
            self.room.keep_reply(cid, reply)
        self._changed()
        return reply

    def _facilitate(self, client, msg):
        return self._facilitator_style(client, msg, "act", lambda: control.act(self, client, msg))

    def _advance(self, client, msg):  # the journal commits the clock itself
        return self._facilitator_style(client, msg, "advance", lambda: control.advance(self, client, msg), atomic=False)

    def _close(self, client, msg):
        return self._facilitator_style(client, msg, "close", lambda: control.close(self, client, msg))

    def _finish(self, client, msg):  # the session commits its own end
        return self._facilitator_style(client, msg, "finish", lambda: control.finish(self, client, msg), atomic=False)

    def _poll(self, client, msg):
        return self._facilitator_style(client, msg, "poll", lambda: control.poll(self, client, msg))

    def _poll_close(self, client, msg):
        return self._facilitator_style(client, msg, "poll_close", lambda: control.poll_close(self, client, msg))

    def _note(self, client, msg):
        return self._facilitator_style(client, msg, "note", lambda: control.facilitator_note(self, client, msg))

    def end(self):
        """Play to the end, score and record, and make the score page (from the record as stored)."""
        self.score = self.session.finish()
        self.score_page = scorepage.page(self.store.record(self.session.id))
        self.line("finish", both(lambda _: _("The exercise has ended: {score}/100", score=self.score.overall)))

    # -- the clock --------------------------------------------------------------------------
    def tick(self):
        """Paced mode: play the model on by the wall time since the last tick. Returns True if
        the picture may have changed."""
        if self.pacer is None or self.score is not None or self.runner.finished and not self.runner.pending_decision:
            return False
        before = (self.runner.now, len(self.runner.deliveries), self.runner.pending_decision)
        tick = self.pacer.tick()
        if tick.expired is not None:
            self.line("expired", both(lambda _: _("decision point {id}: time is up, closed", id=tick.expired.id)))
        self.after_clock()
        after = (self.runner.now, len(self.runner.deliveries), self.runner.pending_decision)
        changed = before != after or tick.expired is not None or self.pacer.left_s() is not None
        if changed:
            self._changed()
        return changed

    def after_clock(self):
        """Note what the model did since the last look: new injects (each announced once,
        also across a restart of the host), the situation summary."""
        announced = self.feed.refs("inject")
        for delivery in self.runner.deliveries:
            if delivery.inject.id not in announced:
                to = [self.exercise.roles[r] for r in self.runner.recipients(delivery.inject) if r in self.exercise.roles]
                self.line("inject", both(lambda _, d=delivery: _("{id} → {to}", id=d.inject.id,
                                                                  to=_.join(_.name(r) for r in to))), ref=delivery.inject.id,
                          t=delivery.t)
        news = self.watch.since_last()
        if not news.quiet or news.in_danger:
            self.news = {lang: news.lines(lang, self.names[lang]) for lang in ("zh", "en")}
            if not news.quiet:
                self.line("news", both(lambda _: _.join((x.strip() for x in self.news[_.lang][1:]), sep=_("; "))))

    # -- what each client sees ----------------------------------------------------------------
    def updates(self, client):
        """Messages bringing *client* up to date: new injects in its inbox and its own new log
        entries (a seat), new feed lines, and the state's changes since the last call (all of
        it the first time)."""
        out = []
        if client.kind == "seat":
            out += self._seat_updates(client)
        if client.feed_seen < len(self.feed):
            lines = self.feed.since(client.feed_seen, seat=client.kind == "seat")
            if lines:
                out.append({"type": "feed", "lines": lines})
            client.feed_seen = len(self.feed)
        state = self._state(client)
        if not client.last:
            out.append({"type": "state", **state})
        else:
            changes = {k: v for k, v in state.items() if client.last.get(k) != v}
            if changes:
                out.append({"type": "delta", "changes": changes})
        client.last = state
        return out

    def _seat_updates(self, client):
        out = []
        items = [views.inbox_item(item) for item in self.runner.inbox(client.role)]
        fresh = [i for i in items if (i["id"], i["ack"] is not None) not in client.inbox_sent]
        if fresh:
            out.append({"type": "inbox", "items": fresh, "full": not client.inbox_sent})
            client.inbox_sent |= {(i["id"], i["ack"] is not None) for i in fresh}
        mine = self.presence.history.get((client.name, client.role), [])
        if client.history_sent < len(mine):
            out.append({"type": "history", "items": [_history_item(self, e) for e in mine[client.history_sent:]],
                        "full": client.history_sent == 0})
            client.history_sent = len(mine)
        return out

    def _state(self, client):
        """The state *client* sees: built once per version for each kind and role (a seat's own
        vote in the open poll laid over it)."""
        key = (self.version, client.kind, client.role)
        cached = self._views.get(key)
        if cached is None:
            cached = self._views[key] = views.build(self, client.kind, client.role)
        if client.kind == "seat" and cached.get("poll") and cached["poll"]["open"]:
            return {**cached, "poll": self.polls.view(client.token_hash, counts=False)}
        return cached

    # -- helpers ------------------------------------------------------------------------------
    def name(self, ident):
        return {lang: self.names[lang].get(ident, ident) for lang in ("zh", "en")}

    def line(self, kind, text, ref=None, t=None):
        """A feed line now (or at model time *t*), kept in the room."""
        self.feed.add(kind, text, self.runner.now if t is None else t, ref)

    def transaction(self):
        """BEGIN ... COMMIT around one message, so what it did and its record land together."""
        return _transaction(self.store.db)

    def snapshot(self):
        """The model's picture now, taken once per version of the table (every view shares it)."""
        if self._snap is None or self._snap[0] != (self.version, self.runner.now):
            self._snap = ((self.version, self.runner.now), self.runner.snapshot())
        return self._snap[1]

    def _changed(self):
        self.version += 1
        self._views = {}


SEAT_MESSAGES = {"action": ExerciseTable._action, "ack": ExerciseTable._ack, "answer": ExerciseTable._answer, "vote": ExerciseTable._vote,
                 "note": ExerciseTable._seat_note}
FACILITATOR_MESSAGES = {"act": ExerciseTable._facilitate, "advance": ExerciseTable._advance, "close": ExerciseTable._close,
                        "finish": ExerciseTable._finish, "poll": ExerciseTable._poll, "poll_close": ExerciseTable._poll_close,
                        "note": ExerciseTable._note}


def _chosen(msg, point, offered):
    """The option numbers a seat's answer chose (``options`` list, or ``option`` number or
    null) among the *offered* (training.roles.decision_options); Refusal if they are not
    the decision point's, or several where it takes one."""
    options = msg.get("options") if "options" in msg else ([] if msg.get("option") is None else [msg.get("option")])
    if not isinstance(options, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in options) \
            or any(not 0 <= i < len(offered) for i in options):
        raise Refusal(N_("decision point {id} has options 0 to {last}"), id=point.id, last=len(offered) - 1)
    options = sorted(set(options))
    if len(options) > 1 and not getattr(point, "multi", False):
        raise Refusal(N_("decision point {id} takes one option"), id=point.id)
    return options


def _clean_name(name):
    if not isinstance(name, str):
        return ""
    name = " ".join(name.split())
    return name[:NAME_MAX]


def _act_words(table, client, action):
    """{zh, en}: "Chen (shelter manager): open shelter S1 ..."."""
    spec = table.exercise.roles.get(client.role)
    what = _what(table, action)
    return both(lambda _: _("{who}: {what}", who=_.paren(client.name, _.name(spec) if spec else client.role),
                            what=what[_.lang]))


def _what(table, action):
    """{zh, en}: an action in plain words; the kind's name when it is too broken to describe."""
    try:
        return cards.action_words(action, table.exercise.scenario)
    except Exception:  # a refused action may lack the fields its words need
        kind = str(action.get("action", "?"))
        return both(lambda _: _(roles.KIND_NAMES[kind]) if kind in roles.KIND_NAMES else kind)


def _history_item(table, entry):
    """One of a seat's own log entries, for its "What I did" list."""
    o = entry.outcome
    if entry.kind == "action":
        text = _what(table, o.get("action") or {"action": entry.ref})
    elif entry.kind == "ack":
        text = both(lambda _: _("Marked {inject} received", inject=entry.ref))
    else:
        text = both(lambda _: _("Answered decision point {id}", id=entry.ref))
    return {"id": entry.client_id, "kind": entry.kind, "ref": entry.ref, "t": entry.t, "clock": clock(entry.t),
            "ok": entry.accepted, "reason": o.get("reason", ""), "text": text}


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


class _transaction:
    """BEGIN ... COMMIT around one seat message, so the runner's record and the seat's record
    land together (or, if the host dies in between, neither does)."""

    def __init__(self, db):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN")

    def __exit__(self, kind, exc, tb):
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
        return False
