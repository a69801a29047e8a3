"""The table: one running exercise session and the people joined to it, without the network.

    table = Table.start(store, exercise, pacing=("stepped", 1.0))
    client, replies = table.join({"type": "join", "room": table.room.code, "name": "Li", "role": "commander"})
    replies = table.handle(client, {"type": "action", "id": "a1", "form": "open_shelter", "values": {"shelter": "S1"}})
    for message in table.updates(client): ...     # state deltas, new injects, feed lines since last asked

Every message in and out is plain JSON-ready data (docs/host.md). A seat acts only as the
role it joined as, within that role's rights: the runner refuses anything else with the same
reason the viewer and the terminal give. Each action, acknowledgement and decision answer is
recorded with role, seat name and time (training.seats), keyed by the client's own message
id, so a repeat (a phone reconnecting and sending again) returns the first outcome and
applies nothing twice — also after the host was killed and resumed.
"""
import math
import re
import threading
import time
from dataclasses import dataclass, field

from training.msel import msel
from training.pacing import Pacer
from training.runner import ReplayMismatch
from training.seats import SeatEntry
from training.session import Session
from training.situation import SituationWatch, day_clock, display_names, signal_name, start_of
from training.words import clock

from . import forms
from .rooms import Room

NAME_MAX = 40
"""Longest display name (characters)."""
ID_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
"""A client's message id: what a page makes with crypto.randomUUID() or a counter."""
FEED_KEEP = 200
"""Feed lines kept for late joiners."""
RATIONALE_MAX = 500


class TableError(Exception):
    """A message the table refuses outright (bad room code, bad secret, malformed message)."""

    def __init__(self, code, reason):
        super().__init__(reason)
        self.code, self.reason = code, reason


@dataclass
class Client:
    """One connection: a seat (a role's player), the facilitator's console or the projector."""

    kind: str  # "seat", "facilitator" or "projector"
    name: str
    role: str | None = None
    token_hash: str = ""
    last: dict = field(default_factory=dict)  # the state last sent
    inbox_sent: set = field(default_factory=set)  # inject ids sent
    feed_seen: int = 0  # feed lines sent

    @property
    def label(self):
        return f"{self.name} ({self.role})" if self.role else self.name


class Table:
    """One exercise session served to its seats, its facilitator and its projector."""

    def __init__(self, store, session, pacing=("stepped", 1.0), clock_fn=time.monotonic):
        self.store, self.session, self.runner = store, session, session.runner
        self.exercise = self.runner.exercise
        self.mode, self.ratio = pacing
        self.pacer = Pacer(self.runner, self.ratio, clock=clock_fn) if self.mode == "paced" else None
        self.room = Room(store.db, session.id)
        self.secret = None
        self.join_url, self.qr = None, None  # set by host.serve when it knows its address
        self.watch = SituationWatch(self.runner)
        self.start = start_of(self.exercise.scenario)
        self.names = {lang: display_names(self.exercise.scenario, lang) for lang in ("zh", "en")}
        self.feed = []  # {"n", "t", "kind", "text": {zh, en}, "ref"}
        self.news = {"zh": [], "en": []}  # the latest situation summary
        self.online = {}  # token hash -> count of open connections
        self.score = None
        self.version = 0
        self._views = {}
        self._announced = set()  # inject ids already in the feed
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
        """The table of a session whose host stopped: its log replayed, the same room code and
        seats, the pacing it was started with. TableError if it cannot be resumed."""
        row = store.session(session_id)
        if row["status"] == "finished":
            raise TableError("finished", f"session {session_id} has finished; see `stormdrill report {session_id}`")
        try:
            session = Session.resume(store, session_id)
        except ReplayMismatch as exc:
            raise TableError("replay", str(exc)) from None
        return cls._open(store, session, store.pacing(session_id), room_code, secret, **kw)

    @classmethod
    def _open(cls, store, session, pacing, room_code, secret, **kw):
        table = cls(store, session, pacing, **kw)
        table.secret = table.room.open(room_code, secret)
        table.runner.advance(table.runner.now)  # what is due now is delivered before anyone joins
        table._after_clock()
        return table

    # -- joining ------------------------------------------------------------------------
    def join(self, msg):
        """A connection's first message: ``join``. Returns (Client, replies); TableError if refused."""
        if not isinstance(msg, dict) or msg.get("type") != "join":
            raise TableError("join_first", "the first message must be {type: join, room: CODE, ...}")
        if not self.room.code_matches(msg.get("room")):
            raise TableError("room", "wrong room code")
        if "facilitator" in msg:
            if not self.room.is_facilitator(msg.get("facilitator")):
                raise TableError("secret", "wrong facilitator secret")
            client = Client("facilitator", _clean_name(msg.get("name")) or "facilitator")
        elif msg.get("projector"):
            client = Client("projector", "projector")
        else:
            client, token = self._seat(msg)
        welcome = {"type": "welcome", "kind": client.kind, "name": client.name, "role": client.role,
                   "session": self.session.id, "exercise": self._exercise_info(), "mode": self.mode,
                   "ratio": self.ratio}
        if client.kind == "seat":
            welcome["token"] = token
            welcome["forms"] = forms.forms(self.exercise.scenario, self.exercise.roles[client.role])
            self.online[client.token_hash] = self.online.get(client.token_hash, 0) + 1
            self._changed()
        if client.kind in ("facilitator", "projector"):
            welcome["room"] = self.room.code
            welcome["join_url"] = self.join_url
            welcome["qr"] = self.qr  # an SVG data: URI of the join link
        return client, [welcome]

    def lobby(self, msg):
        """Before joining: the exercise's name and roles, for the join form (needs the room code)."""
        if not self.room.code_matches(msg.get("room")):
            raise TableError("room", "wrong room code")
        return {"type": "lobby", "exercise": self._exercise_info()}

    def _seat(self, msg):
        token = msg.get("token")
        seat = self.room.seat(token) if token else None
        if seat is None:
            if token and not msg.get("role"):
                raise TableError("token", "this seat is not known in this session: join again with a role and a name")
            role, name = msg.get("role"), _clean_name(msg.get("name"))
            if role not in self.exercise.roles:
                raise TableError("role", f"no role {str(role)[:40]!r}; roles: {', '.join(self.exercise.roles)}")
            if not name:
                raise TableError("name", f"give a display name (1 to {NAME_MAX} characters)")
            limit = self.exercise.roles[role].seats
            taken = sum(1 for s in self.room.seats() if s.role == role and self.online.get(s.token_hash, 0) > 0)
            if limit is not None and taken >= limit:
                raise TableError("full", f"{self._role_name(role, 'en')} is played by {taken} seat(s) already, "
                                         f"the most the exercise allows ({limit})")
            seat, token = self.room.add_seat(name, role)
            self.store.add_participant(self.session.id, role, name)
            self._line("join", {"zh": f"{name} 以{self._role_name(role, 'zh')}身份加入", "en": f"{name} joined as {self._role_name(role, 'en')}"})
        return Client("seat", seat.name, seat.role, seat.token_hash), token

    def leave(self, client):
        """A connection closed."""
        if client is not None and client.kind == "seat":
            self.online[client.token_hash] = max(self.online.get(client.token_hash, 1) - 1, 0)
            self._changed()

    # -- messages -----------------------------------------------------------------------
    def handle(self, client, msg):
        """Handle one message from a joined client; return the replies to it."""
        if not isinstance(msg, dict):
            raise TableError("bad", "a message is a JSON object with a 'type'")
        kind = msg.get("type")
        handlers = SEAT_MESSAGES if client.kind == "seat" else FACILITATOR_MESSAGES if client.kind == "facilitator" else {}
        if kind == "ping":
            return [{"type": "pong", "id": msg.get("id")}]
        if kind not in handlers:
            allowed = ", ".join(sorted(handlers) + ["ping"])
            raise TableError("type", f"a {client.kind} may send: {allowed} (not {str(kind)[:30]!r})")
        return [handlers[kind](self, client, msg)]

    def _client_id(self, msg):
        cid = msg.get("id")
        if not isinstance(cid, str) or not ID_PATTERN.match(cid):
            raise TableError("id", "each action, acknowledgement and answer carries an id of 1-64 letters, "
                                   "digits or - _ . : (the same id again means the same message)")
        return cid

    def _seen(self, client, cid):
        """The reply to a message id this session has already handled, or None."""
        entry = self.store.seat_entry(self.session.id, cid)
        if entry is None:
            return None
        if entry.seat != client.name or entry.role != client.role:
            raise TableError("id", f"id {cid} was used by another seat")
        return {**entry.outcome, "repeat": True}

    def _record(self, client, cid, kind, ref, outcome):
        entry = SeatEntry(cid, kind, ref, client.role, client.name, self.runner.now, time.time(), outcome)
        self.store.note_seat(self.session.id, entry)

    def _action(self, client, msg):
        cid = self._client_id(msg)
        seen = self._seen(client, cid)
        if seen:
            return seen
        rationale = str(msg.get("rationale") or "")[:RATIONALE_MAX]
        if "form" in msg:
            try:
                action = forms.build(msg.get("form"), msg.get("values") or {}, self.exercise.scenario)
            except forms.FormError as exc:
                return self._refuse(client, cid, "action", str(msg.get("form"))[:40], str(exc))
        else:
            action = msg.get("action")
        kind = action.get("action") if isinstance(action, dict) else None
        with _transaction(self.store.db):
            try:
                entry = self.runner.act(client.role, action, rationale)
                ok, reason, seq = entry.accepted, entry.reason, entry.seq
            except Exception as exc:  # a malformed action the model could not even read
                ok, reason, seq = False, f"not an action: {exc}", None
            outcome = {"type": "result", "id": cid, "of": "action", "ok": ok, "reason": reason, "seq": seq,
                       "action": entry.action if seq else None, "t": self.runner.now}
            self._record(client, cid, "action", str(kind)[:40], outcome)
        if ok:
            self._line("action", _act_words(client, entry.action, self), ref=cid)
        self._changed()
        return outcome

    def _refuse(self, client, cid, of, ref, reason):
        """A message refused before it reached the runner: nothing applied, the attempt recorded."""
        outcome = {"type": "result", "id": cid, "of": of, "ok": False, "reason": reason, "t": self.runner.now}
        self._record(client, cid, of, ref, outcome)
        return outcome

    def _ack(self, client, msg):
        cid = self._client_id(msg)
        seen = self._seen(client, cid)
        if seen:
            return seen
        inject = str(msg.get("inject"))[:64]
        with _transaction(self.store.db):
            try:
                ack = self.runner.acknowledge(client.role, inject)
                ok, reason = True, ""
                t = ack.t
            except ValueError as exc:
                ok, reason, t = False, str(exc), self.runner.now
            outcome = {"type": "result", "id": cid, "of": "ack", "ok": ok, "reason": reason, "inject": inject, "t": t}
            self._record(client, cid, "ack", inject, outcome)
        self._changed()
        return outcome

    def _answer(self, client, msg):
        cid = self._client_id(msg)
        seen = self._seen(client, cid)
        if seen:
            return seen
        point = self.runner.pending_decision
        wanted = str(msg.get("decision"))[:64]
        option = msg.get("option")
        reason = None
        if point is None or point.id != wanted:
            reason = f"decision point {wanted} is not open" + (f" (open: {point.id})" if point else "")
        elif point.roles != "all" and client.role not in point.roles:
            reason = f"decision point {point.id} is for {', '.join(point.roles)}, not {client.role}"
        elif option is not None and (not isinstance(option, int) or isinstance(option, bool)
                                     or not 0 <= option < len(point.options)):
            reason = f"decision point {point.id} has options 0 to {len(point.options) - 1}"
        elif option is not None and not self.exercise.roles[client.role].may(point.options[option].do.action):
            allowed = self.exercise.roles[client.role].actions
            reason = (f"role {client.role!r} may not {point.options[option].do.action}; it may: {', '.join(allowed)}")
        if reason:
            return self._refuse(client, cid, "answer", wanted, reason)
        with _transaction(self.store.db):
            entry = None
            if option is not None:
                chosen = point.options[option]
                entry = self.runner.act(client.role, chosen.do.model_dump(by_alias=True),
                                        f"decision {point.id}: {chosen.label.get('en')}")
            self.runner.close_decision(client.role, note="" if option is None else f"option {option}")
            outcome = {"type": "result", "id": cid, "of": "answer", "ok": True, "decision": point.id, "option": option,
                       "action_ok": None if entry is None else entry.accepted,
                       "reason": "" if entry is None else entry.reason, "t": self.runner.now}
            self._record(client, cid, "answer", point.id, outcome)
        chosen = "—" if option is None else point.options[option].label
        self._line("answer", {lang: f"{client.name}（{self._role_name(client.role, lang)}）" if lang == "zh" else
                              f"{client.name} ({self._role_name(client.role, lang)})" for lang in ("zh", "en")},
                   ref=cid, extra={lang: f" {point.id}: {chosen if isinstance(chosen, str) else chosen.get(lang)}"
                                   for lang in ("zh", "en")})
        self._changed()
        return outcome

    # -- the facilitator ------------------------------------------------------------------
    def _facilitate(self, client, msg):
        return self._once(client, msg, self._act)

    def _advance(self, client, msg):
        return self._once(client, msg, self._step, atomic=False)  # the journal commits the clock itself

    def _finish(self, client, msg):
        return self._once(client, msg, self._end, atomic=False)  # the session commits its own end

    def _once(self, client, msg, do, atomic=True):
        """Carry out a facilitator's message once: the same id again (a reconnect, also after
        a resume) gets the first reply back."""
        cid = self._client_id(msg)
        kept = self.room.reply(cid)
        if kept is not None:
            return {**kept, "repeat": True}
        with _transaction(self.store.db) if atomic else _nothing():
            reply = {"type": "result", "id": cid, **do(client, msg)}
            self.room.keep_reply(cid, _json_safe(reply))
        self._changed()
        return reply

    def _act(self, client, msg):
        entry = self.runner.facilitate(msg.get("act"), who=client.name)
        if entry.accepted:
            self._after_clock()
        return {"of": "act", "ok": entry.accepted, "reason": entry.reason, "t": self.runner.now}

    def _step(self, client, msg):
        """Stepped mode: move the clock on ``by`` hours, or to the next inject or decision point."""
        if self.mode == "paced":
            return {"of": "advance", "ok": False, "t": self.runner.now,
                    "reason": "the exercise is paced: the clock follows the wall clock (pause / resume it instead)"}
        by = msg.get("by")
        if by is None:
            target = self.runner.horizon
        elif isinstance(by, (int, float)) and not isinstance(by, bool) and 0 < by <= 48:
            target = self.runner.now + float(by)
        else:
            raise TableError("bad", "advance takes by: hours (0 to 48), or nothing for the next inject")
        step = self.runner.advance(target)
        self._after_clock()
        why = ""
        if self.runner.pending_decision is not None and not step.injects and step.decision is None:
            why = f"decision point {self.runner.pending_decision.id} is open: close it first"
        elif self.runner.paused:
            why = "the exercise is paused"
        elif self.score is not None or self.runner.finished:
            why = "the exercise has ended"
        return {"of": "advance", "ok": not why, "reason": why, "t": self.runner.now}

    def _end(self, client, msg):
        if self.score is None:
            self.score = self.session.finish()
            self._line("finish", {"zh": "推演结束", "en": "The exercise has ended"})
        kpis = self.runner.run_out().kpis
        return {"of": "finish", "ok": True, "reason": "", "overall": self.score.overall, "grade": self.score.grade,
                "verdict": kpis.get("verdict"), "kpis": _plain(kpis)}

    # -- the clock --------------------------------------------------------------------------
    def tick(self):
        """Paced mode: play the model on by the wall time since the last tick. Returns True if
        the picture may have changed."""
        if self.pacer is None or self.score is not None or self.runner.finished and not self.runner.pending_decision:
            return False
        before = (self.runner.now, len(self.runner.deliveries), self.runner.pending_decision)
        tick = self.pacer.tick()
        if tick.expired is not None:
            self._line("expired", {"zh": f"决策点 {tick.expired.id} 时限已到，自动关闭",
                                   "en": f"decision point {tick.expired.id}: time is up, closed"})
        self._after_clock()
        after = (self.runner.now, len(self.runner.deliveries), self.runner.pending_decision)
        changed = before != after or tick.expired is not None or self.pacer.left_s() is not None
        if changed:
            self._changed()
        return changed

    def _after_clock(self):
        """Note what the model did since the last look: new injects, the situation summary."""
        for delivery in self.runner.deliveries:
            if delivery.inject.id not in self._announced:
                self._announced.add(delivery.inject.id)
                to = self.runner.recipients(delivery.inject)
                self._line("inject", {lang: f"{delivery.inject.id} → {('、' if lang == 'zh' else ', ').join(self._role_name(r, lang) for r in to)}"
                                      for lang in ("zh", "en")}, ref=delivery.inject.id)
        news = self.watch.since_last()
        if not news.quiet or news.in_danger:
            self.news = {lang: news.lines(lang, self.names[lang]) for lang in ("zh", "en")}
            if not news.quiet:
                self._line("news", {lang: ("；" if lang == "zh" else "; ").join(x.strip() for x in self.news[lang][1:])
                                    for lang in ("zh", "en")})

    # -- what each client sees ----------------------------------------------------------------
    def updates(self, client):
        """Messages bringing *client* up to date: new injects in its inbox, new feed lines, and
        the state's changes since the last call (all of it the first time)."""
        out = []
        if client.kind == "seat":
            items = [self._inbox_item(item, client.role) for item in self.runner.inbox(client.role)]
            fresh = [i for i in items if (i["id"], i["ack"] is not None) not in client.inbox_sent]
            if fresh:
                out.append({"type": "inbox", "items": fresh, "full": not client.inbox_sent})
                client.inbox_sent |= {(i["id"], i["ack"] is not None) for i in fresh}
        if client.feed_seen < len(self.feed):
            lines = self.feed[client.feed_seen:]
            if client.kind == "seat":
                lines = [line for line in lines if line["kind"] in ("news", "join", "finish", "expired")]
            if lines:
                out.append({"type": "feed", "lines": lines[-50:]})
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

    def _state(self, client):
        key = (self.version, client.kind, client.role)
        cached = self._views.get(key)
        if cached is None:
            cached = self._views[key] = self._build_state(client.kind, client.role)
        return cached

    def _build_state(self, kind, role):
        r, snap = self.runner, self.runner.snapshot()
        state = {
            "t": r.now, "clock": {lang: day_clock(r.now, self.start, lang) for lang in ("zh", "en")},
            "onset": r.onset, "deadline": r.deadline, "paused": r.paused, "finished": self.score is not None,
            "mode": self.mode, "ratio": self.ratio, "decision": self._decision(role, kind),
            "countdown_s": None if self.pacer is None or self.pacer.left_s() is None else round(self.pacer.left_s()),
            "situation": self._situation(snap, role), "news": self.news,
        }
        if kind != "seat":
            state["seats"] = [{"name": s.name, "role": s.role, "online": self.online.get(s.token_hash, 0) > 0}
                              for s in self.room.seats()]
        if kind == "facilitator":
            state["msel"] = [_msel_item(i) for i in msel(r)]
            state["room"] = self.room.code
        if self.score is not None:
            state["score"] = {"overall": self.score.overall, "grade": self.score.grade,
                              "verdict": r.run_out().kpis.get("verdict")}
        return state

    def _decision(self, role, kind):
        point = self.runner.pending_decision
        if point is None:
            return None
        rights = self.exercise.roles.get(role)
        may = kind == "seat" and (point.roles == "all" or role in point.roles)
        return {"id": point.id, "prompt": point.prompt.model_dump(), "may_answer": may,
                "roles": list(self.exercise.roles) if point.roles == "all" else list(point.roles),
                "options": [{"i": i, "label": o.label.model_dump(), "action": o.do.action,
                             "allowed": bool(may and rights is not None and rights.may(o.do.action))}
                            for i, o in enumerate(point.options)]}

    def _situation(self, snap, role):
        counts = dict(snap.counts)
        rights = self.exercise.roles.get(role)

        def may(*kinds):
            return rights is None or any(rights.may(k) for k in kinds)

        out = {"secured": int(round(snap.secured)), "counts": {k: int(v) for k, v in counts.items()},
               "left_in_danger": int(snap.left_in_danger), "response_level": snap.response_level,
               "signals": [{"zh": signal_name(k, v, "zh"), "en": signal_name(k, v, "en")} for k, v in snap.signals
                           if v not in (None, "none")],
               "closed_roads": list(snap.closed_roads)}
        if may("warn", "order_evacuation", "assign_shelter"):
            out["zones"] = [{"id": z.id, "name": self._name(z.id), "at_home": int(z.at_home), "population": int(z.population),
                             "warned": int(z.warned), "depth_m": round(z.depth_m, 2)} for z in snap.zones]
        if may("open_shelter", "assign_shelter", "dispatch", "request_reserve"):
            out["shelters"] = [{"id": s.id, "name": self._name(s.id), "state": s.state, "usable": s.usable,
                                "occupancy": int(s.occupancy), "capacity": int(s.capacity), "queued": int(s.queued),
                                "cover_h": _least_cover(s.cover_h)} for s in snap.shelters]
        if may("dispatch", "request_reserve"):
            out["depots"] = [{"id": d.id, "name": self._name(d.id),
                              "stock": [{"item": k, "label": forms.word(k), "units": round(v)} for k, v in d.stock]}
                             for d in snap.depots]
        return out

    def _inbox_item(self, item, role):
        inject, d = item.inject, item.delivery
        return {"id": inject.id, "t": d.t, "clock": clock(d.t), "from": {"zh": inject.sender("zh"), "en": inject.sender("en")},
                "message": inject.message.model_dump(),
                "ack": None if item.ack is None else item.ack.t}

    def _exercise_info(self):
        ex = self.exercise
        return {"name": {"zh": getattr(ex.spec, "name_zh", "") or ex.name, "en": ex.name},
                "roles": [{"id": r.id, "name": {"zh": r.name_zh or r.name or r.id, "en": r.name or r.id},
                           "actions": r.actions if r.actions == "all" else list(r.actions)} for r in ex.roles.values()]}

    # -- helpers ------------------------------------------------------------------------------
    def _name(self, ident):
        return {lang: self.names[lang].get(ident, ident) for lang in ("zh", "en")}

    def _role_name(self, role, lang):
        spec = self.exercise.roles.get(role)
        if spec is None:
            return role
        return (spec.name_zh or spec.name or role) if lang == "zh" else (spec.name or role)

    def _line(self, kind, text, ref=None, extra=None):
        if extra:
            text = {lang: text[lang] + extra[lang] for lang in text}
        self.feed.append({"n": len(self.feed) + 1, "t": self.runner.now, "clock": clock(self.runner.now), "kind": kind,
                          "text": text, "ref": ref, "wall": time.time()})

    def _changed(self):
        self.version += 1
        self._views = {}


SEAT_MESSAGES = {"action": Table._action, "ack": Table._ack, "answer": Table._answer}
FACILITATOR_MESSAGES = {"act": Table._facilitate, "advance": Table._advance, "finish": Table._finish}


def _clean_name(name):
    if not isinstance(name, str):
        return ""
    name = " ".join(name.split())
    return name[:NAME_MAX]


def _least_cover(cover):
    hours = [h for _, h in cover if h == h and h != float("inf")]
    return round(min(hours), 1) if hours else None


def _msel_item(item):
    return {"id": item.id, "kind": item.kind, "state": item.state, "when": item.when, "due_t": item.due_t,
            "delivered_t": item.delivered_t, "to": list(item.to), "text": item.text.model_dump(), "notes": item.notes,
            "acks": [list(a) for a in item.acks]}


def _act_words(client, action, table):
    kind = action.get("action", "?")
    what = forms.NAMES.get(kind, (kind, kind))
    target = next((str(action[k]) for k in ("shelter", "zone", "depot", "township", "level", "edge") if k in action), "")
    return {"zh": f"{client.name}（{table._role_name(client.role, 'zh')}）：{what[0]} {target}".rstrip(),
            "en": f"{client.name} ({table._role_name(client.role, 'en')}): {what[1]} {target}".rstrip()}


def _plain(kpis):
    """KPIs as JSON-safe values (NaN and infinity become None)."""
    out = {}
    for k, v in kpis.items():
        if isinstance(v, float) and not math.isfinite(v):
            v = None
        elif not (isinstance(v, (int, float, str, bool)) or v is None):
            v = str(v)
        out[k] = v
    return out


def _json_safe(value):
    """*value* with NaN and infinity (not JSON) as None, all the way down."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value


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
