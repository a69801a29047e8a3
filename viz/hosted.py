"""The projector's source: an exercise the host runs in this process, seen read-only.

``stormdrill host EXERCISE --projector`` serves the seats and the facilitator from a thread
and opens the viewer on the same running session. The host owns the runner: the seats act
on it from their phones, the facilitator moves its clock from the console page (or the host
paces it). The viewer only looks. ``HostedRun`` offers that session to the screens with the
surface of a free run (viz.source.FreeRun), but:

- the clock is the host's: the play screen shows ``runner.now`` and never steps the model
  (``follows``); its own play / speed / next-event controls are not there;
- it is read-only: the action panel says that seats act from their phones, and ``apply``
  refuses with that reason;
- every look at the model (the clock, the snapshot, the events, the score) is taken under
  the host's lock, the one its server holds for each seat's message and clock step, so a
  picture never shows half of an action;
- injects and decision points come as lines over the map and in the feed, never as cards
  that wait for a click at the projector; who did what comes from the host's feed.

The host is duck-typed (viz never imports it): anything with ``runner`` (training's
Runner), ``session`` (its Session), ``lock`` (a threading lock), ``score`` (None until the
facilitator ends the exercise), and optionally ``version`` (a number that changes with
every message it handled), ``feed`` (its lines: {t, kind, text {zh, en}}), ``mode`` and
``ratio`` (how its clock runs), ``room.code`` and ``join_url`` (how a seat joins).
"""
import sim
from messages import texts

from .exercise import ExerciseRun

READ_ONLY = "read-only: the projector shows the exercise; each seat acts from its own phone or laptop"
"""Why the projector's action panel does nothing (the reason an action from it gets)."""
HOST_LINES = frozenset({"join", "action", "answer", "close", "poll", "expired", "finish"})
"""Kinds of the host's feed lines the projector's feed shows (who joined, who did what)."""
NOTICES_KEPT = 20


class HostedRun:
    """The host's running exercise, seen by the projector viewer (read-only)."""

    kind = "hosted"
    follows = True
    """The clock is someone else's: the play screen shows ``now`` and never steps the model."""
    read_only = True

    def __init__(self, host, lang="zh"):
        self.host, self.lock = host, host.lock
        with self.lock:
            self.runner = host.runner
            self.view = ExerciseRun(host.session, lang)  # the titles, the score card, the report
            self._now = self.runner.now
            self._version = getattr(host, "version", None)
            self.events = list(self.runner.engine.events)  # a copy, taken under the lock, grown by follow()
            self._delivered = len(self.runner.deliveries)
            self._host_seen = len(getattr(host, "feed", ()))
            self._decision = self.runner.pending_decision
            self._finished = host.score is not None
        self.scenario = self.view.scenario
        self.seed, self.title, self.title_zh = self.view.seed, self.view.title, self.view.title_zh
        self.horizon = self.runner.horizon
        self._lines, self._notices = [], []
        if self._decision is not None:
            self._opened(self._decision)

    # -- the language (the App sets it to the one shown) ----------------------------------
    @property
    def lang(self):
        return self.view.lang

    @lang.setter
    def lang(self, lang):
        self.view.lang = lang
        self.view.t = texts(lang)

    @property
    def t(self):
        return self.view.t

    @t.setter
    def t(self, t):
        if t is not None:
            self.view.t = t

    # -- the host's clock ---------------------------------------------------------------
    @property
    def now(self):
        """The host's model time (h) at the last follow()."""
        return self._now

    @property
    def finished(self):
        """True once the facilitator has ended the exercise (the score is in)."""
        return self._finished

    @property
    def pending(self):
        """Nothing waits for a click at the projector: the seats answer from their phones."""
        return None

    def follow(self):
        """Catch up with the host (under its lock): the clock, the new events, injects and
        decision points, who did what. True if anything changed since the last call."""
        with self.lock:
            runner, host = self.runner, self.host
            version = getattr(host, "version", None)
            events = runner.engine.events
            changed = runner.now != self._now or version != self._version or len(events) != len(self.events)
            self._now, self._version = runner.now, version
            self.events.extend(events[len(self.events):])
            for delivery in runner.deliveries[self._delivered:]:
                self._delivered_inject(delivery)
            self._delivered = len(runner.deliveries)
            lines = getattr(host, "feed", ())
            for line in lines[self._host_seen:]:
                if line.get("kind") in HOST_LINES:
                    self._lines.append((line["t"], line["text"].get(self.lang) or line["text"].get("en", "")))
            self._host_seen = len(lines)
            point = runner.pending_decision
            if point is not None and point is not self._decision:
                self._opened(point)
            self._decision = point
            if host.score is not None and not self._finished:
                self._finished, changed = True, True
        return changed

    def stop_at(self, t):
        return self._now

    def advance(self, t):
        """The projector never moves the clock: it only catches up with the host's."""
        self.follow()

    def next_event(self):
        """Inert: the facilitator moves the clock (the console page). Returns the time shown."""
        return self._now

    def snapshot(self):
        with self.lock:
            return self.runner.snapshot()

    def apply(self, action, rationale=""):
        """Refused: the projector is read-only."""
        return sim.Outcome(False, READ_ONLY, self._now)

    # -- what the play screen shows besides the map -----------------------------------------
    def feed_lines(self):
        """New feed lines that are not engine events, [(t, text)]: injects as delivered, who did what."""
        out, self._lines = self._lines, []
        return out

    def notices(self):
        """New lines to show over the map, [(text, colour key)]: injects, decision points."""
        out, self._notices = self._notices, []
        return out

    def banner(self):
        """The open decision point's prompt, shown over the map until a seat closes it (or None)."""
        point = self._decision
        if point is None:
            return None
        return self.view.t("Decision point {id}: {prompt}", id=point.id, prompt=point.prompt.get(self.lang))

    def clock_label(self, t):
        """What the top bar says where the viewer's speed would be: who moves the clock."""
        if getattr(self.host, "mode", "stepped") == "paced":
            return t("Projector · 1 real min = {ratio:g} model min", ratio=getattr(self.host, "ratio", 1))
        return t("Projector · the facilitator moves the clock")

    def join_lines(self, t):
        """How a late joiner joins, for the action panel: the room code and the link (or nothing)."""
        room, url = getattr(getattr(self.host, "room", None), "code", None), getattr(self.host, "join_url", None)
        return [t("Join: room code {room} · {url}", room=room, url=url)] if room and url else []

    def briefing(self, t):
        return self.view.briefing(t)

    def plan_rows(self, t):
        with self.lock:
            return self.view.plan_rows(t)

    def upcoming(self):
        with self.lock:
            return self.view.upcoming()

    def _delivered_inject(self, delivery):
        inject, t = delivery.inject, self.view.t
        sender = inject.sender(self.lang)
        text = (f"{sender}: " if sender else "") + inject.message.get(self.lang)
        line = t("Inject {id}: {text}", id=inject.id, text=text)
        self._lines.append((delivery.t, line))
        self._notice(line, "text_warn")

    def _opened(self, point):
        line = self.view.t("Decision point {id}: {prompt}", id=point.id, prompt=point.prompt.get(self.lang))
        self._lines.append((self._now, line))  # over the map it is the banner, while it is open

    def _notice(self, text, colour):
        self._notices = (self._notices + [(text, colour)])[-NOTICES_KEPT:]

    # -- the end -----------------------------------------------------------------------------
    def score_card(self):
        """The score card of the session the facilitator ended."""
        with self.lock:
            return self._ended().score_card()

    def write_report(self, folder="."):
        """training's after-action report of the session, as ``stormdrill report`` writes it."""
        with self.lock:
            return self._ended().write_report(folder)

    def _ended(self):
        """The view with the host's score in it (the projector never ends the exercise itself)."""
        if self.host.score is None:
            raise RuntimeError("the exercise has not ended: the facilitator ends it from the console page")
        self.view._score = self.host.score
        return self.view
