"""The exercise in a terminal: injects printed as they arrive, actions typed or picked
from a numbered menu, the facilitator's console as commands. For trainers without a
projector, and for tests (stdin driven).

Stepped (the clock moves only on ``next`` / ``go``) or paced (the model clock follows the
wall clock at a ratio, training.pacing.Pacer; at a real terminal injects, decision points
and passed deadlines appear by themselves while it waits). A bare Enter never moves the
clock. Between prompts the terminal says what the model did (training.situation); every
line carries the day and the time. Every word comes from the message catalogue (domain
``training``); each command has a Chinese name too (``下一步`` for ``next``), shown in
Chinese sessions.
"""
import re
import select
import sys

from messages import N_, texts
from sim.errors import ScenarioError
from sim.source import read_value
from sim.units import parse_duration

from . import roles
from .improvement import text
from .msel import STATE_WORDS as STATES, msel, plan_status
from .plain import item_name, plain_action, plain_trigger
from .reasons import reason_text
from .situation import SituationWatch, day_clock, display_names, start_of
from .status import DeadlineWatch, status_lines
from .words import GRADE, RATING, STATUS, clock, hm, role_name

COMMANDS = {
    "help": N_("command: help"), "next": N_("command: next"), "go": N_("command: go"), "status": N_("command: status"),
    "menu": N_("command: menu"), "do": N_("command: do"), "as": N_("command: as"), "done": N_("command: done"),
    "inbox": N_("command: inbox"), "ack": N_("command: ack"), "log": N_("command: log"),
    "pause": N_("command: pause"), "resume": N_("command: resume"), "msel": N_("command: msel"),
    "plan": N_("command: plan"), "notes": N_("command: notes"), "release": N_("command: release"),
    "skip": N_("command: skip"), "retime": N_("command: retime"), "add": N_("command: add"), "end": N_("command: end"),
    "quit": N_("command: quit"),
}
"""Each command and its Chinese name (the catalogue's Chinese of ``command: next`` is the word
typed in Chinese; in English the command is typed as its key)."""
HELP = (
    ("next", "", N_("play on to the next inject or decision point (paced: jump there)")),
    ("go", "2h", N_("play on for a while (stops early at an inject or decision point)")),
    ("", "", N_("(Enter) never moves the clock; in paced mode shows what happened meanwhile")),
    ("status", "", N_("shelters, depots and trucks, people, signals, the expected actions so far")),
    ("menu", "", N_("numbered list of actions; `{menu} {kind}` lists every choice of one kind")),
    ("", "3 …", N_("take action 3 of the menu, with an optional rationale; 1 2 3 or 1,2,3 takes several")),
    ("do", "{…} -- …", N_("take any action, written as in the plan, with an optional rationale")),
    ("as", "2", N_("act as role 2 (its number, id or name)")),
    ("inbox", "", N_("the injects sent to your role; `{ack} I3` marks one received")),
    ("done", "", N_("close the decision point; the clock may move again")),
    ("log", "", N_("the decision log and the facilitator's acts so far")),
    ("pause", "", N_("hold the exercise clock (recorded); `{resume}` lets it run")),
    ("msel", "", N_("every inject and decision point with its state; `{plan}`: the plan's rules")),
    ("notes", "I7", N_("an inject's controller notes and expected actions")),
    ("release", "I7", N_("deliver a scripted inject now; `{skip} I7`: never deliver it")),
    ("retime", "I7 T+14:30", N_("deliver it at T+14:30 instead (or +0:30 from now)")),
    ("add", "…", N_("an ad-hoc inject to everyone; recipients and effects as in the exercise file")),
    ("end", "", N_("end the exercise now and score what fell due before it")),
    ("quit", "", N_("leave; resume later with `stormdrill exercise --resume {sid}`")),
)
"""The help: (command, its arguments, what it does)."""
ACTS = {"pause": N_("pause"), "resume": N_("resume"), "release": N_("release {inject}"), "skip": N_("skip {inject}"),
        "retime": N_("re-time {inject} → {at}"), "add_inject": N_("add inject {id} → {to}: {text}"),
        "end": N_("end the exercise")}
"""A facilitator's act in words."""
POLL_S = 0.5
"""Paced mode at a terminal: how often (real seconds) the clock is brought up to the wall clock while waiting."""


class TerminalExercise:
    """Plays a Session (or a bare Runner) with a trainer at the keyboard; *pacer* (a
    training.pacing.Pacer) makes it paced, else it is stepped."""

    def __init__(self, session, lang="en", read=input, write=print, pacer=None, who="facilitator"):
        self.session = session
        self.runner = getattr(session, "runner", session)
        self.ex = self.runner.exercise
        self.lang, self.read, self._out = lang, read, write
        self._ = texts(lang)
        self.written = 0  # lines written so far (the paced loop shows the prompt again after news)
        self.pacer, self.who = pacer, who
        self.role = self.ex.spec.roles[0].id
        self.menu = []
        self.score = None
        self.watch = SituationWatch(self.runner)
        self.names = display_names(self.ex.scenario, lang)
        self.start = start_of(self.ex.scenario)
        self._shown = None  # the decision point last shown
        self.deadlines = DeadlineWatch(self.runner)
        self.commands = self._command_table()

    def write(self, line):
        self.written += 1
        self._out(line)

    def what(self, action):
        """An action in plain words."""
        return plain_action(action, self.ex.scenario, self.lang)

    def role_word(self, role):
        return role_name(self.ex, role, self.lang)

    def word(self, command):
        """A command as typed in this language (``next`` / ``下一步``)."""
        return self._(COMMANDS[command]).removeprefix("command: ")  # English: the command itself

    def stamp(self, t=None):
        return day_clock(self.runner.now if t is None else t, self.start, self.lang)

    def refused(self, reason):
        return self._("  refused: {reason}", reason=reason_text(reason, self.ex, self.lang))

    # -- the loop ---------------------------------------------------------------------
    def run(self):
        """Play until the end or quit; return the Score, or None if the trainer quit."""
        self._intro()
        polling = self.pacer is not None and self.read is input and _selectable(sys.stdin)
        while self.score is None:
            try:
                line = self._poll() if polling else self.read(self._prompt())
            except EOFError:
                self.write(self._("(end of input: the session is saved and can be resumed)"))
                return None
            if line is None:  # the paced clock reached the end while waiting
                return self.score
            if self.pacer is not None and not polling and self._tick(quiet=bool(line.strip())) == "end":
                return self.score
            if self._command(line.strip()) == "quit":
                return None
        return self.score

    def _poll(self):
        """Paced mode at a real terminal: wait for a line, ticking the pacer every POLL_S seconds
        so that injects, decision points and passed deadlines appear by themselves; the prompt
        is shown again after anything was said. None when the exercise reached its end."""
        sys.stdout.write(self._prompt())
        sys.stdout.flush()
        while True:
            ready, _w, _x = select.select([sys.stdin], [], [], POLL_S)
            if ready:
                line = sys.stdin.readline()
                if not line:
                    raise EOFError
                return line.rstrip("\n")
            seen = self.written
            if self._tick(quiet=True) == "end":
                return None
            if self.written != seen:  # something was said: show the prompt (and the time) again
                sys.stdout.write(self._prompt())
                sys.stdout.flush()

    def _prompt(self):
        _ = self._
        point = self.runner.pending_decision
        flag = _(" · decision {id}", id=point.id) if point else (_(" · paused") if self.runner.paused else "")
        return f"[{self.stamp()} {self.role_word(self.role)}{flag}]> "

    def _intro(self):
        _, ex, sid = self._, self.ex, getattr(self.session, "id", None)
        self.write(f"== {_.name(ex.spec)} ==")
        if sid is not None:
            self.write(_("session {sid} · seed {seed} · onset {onset} · 10-hour line {line}", sid=sid,
                         seed=self.runner.seed, onset=clock(self.runner.onset), line=clock(self.runner.deadline)))
        if self.pacer is not None:
            self.write(self._paced_words())
        why = _("declared by the exercise") if ex.spec.end is not None else _("the end of the scenario")
        self.write(_("the exercise ends at {t} ({why})", t=clock(self.runner.end_h), why=why))
        items = getattr(self.session, "open_items", [])
        if items:
            self.write(_("open improvement items from earlier exercises ({n}):", n=len(items)))
            for item in items:
                self.write(_("  #{id} due {due} [{role}]: {issue}", id=item["id"], due=item["due"],
                             role=self.role_word(item["role"]), issue=text(item["issue"], self.lang)))
        if self.runner.acts:
            self.write(_("resumed at {t} with {n} logged actions and {m} facilitator acts replayed", t=clock(self.runner.now),
                         n=len(self.runner.actions), m=len(self.runner.acts)))
        elif self.runner.actions:
            self.write(_("resumed at {t} with {n} logged actions replayed", t=clock(self.runner.now), n=len(self.runner.actions)))
        listed = _.join(_("{n} {role}", n=n, role=self.role_word(r.id)) for n, r in enumerate(ex.spec.roles, 1))
        self.write(_("roles: {roles} (`{as_} 2` acts as role 2)", roles=listed, as_=self.word("as")))
        self.write(_("type `{help}` for the commands", help=self.word("help")))
        if self.runner.pending_decision is not None:
            self._show_decision(self.runner.pending_decision)

    def _paced_words(self):
        return self._("the clock runs with the wall clock (1 real min = {ratio:g} model min): `{pause}` holds it, "
                      "`{next}` or `{go} 1h` jump ahead", ratio=self.pacer.ratio, pause=self.word("pause"),
                      next=self.word("next"), go=self.word("go"))

    def _command_table(self):
        """Typed word -> handler: every command by its key, and by its Chinese name."""
        handlers = {
            "": self._enter, "next": self._next, "go": self._go, "status": self._status, "menu": self._menu,
            "do": self._do, "as": self._as, "done": self._done, "pause": self._pause, "resume": self._resume,
            "log": self._log, "help": self._help, "end": self._end, "quit": self._quit,
            "inbox": self._inbox, "ack": self._ack, "msel": self._msel, "plan": self._plan, "notes": self._notes,
            "release": self._release, "skip": self._skip, "retime": self._retime, "add": self._add,
        }
        chinese = texts("zh")
        return {**handlers, **{chinese(COMMANDS[k]): h for k, h in handlers.items() if k in COMMANDS}}

    def _command(self, line):
        word, _sep, rest = line.partition(" ")
        if re.match(r"\d", word):
            return self._picks(line)
        handler = self.commands.get(word.lower()) or self.commands.get(word)
        if handler is None:
            self.write(self._("unknown command {word!r}; type `{help}`", word=word, help=self.word("help")))
            return None
        return handler(rest.strip())

    # -- the clock --------------------------------------------------------------------
    def _enter(self, _rest=""):
        _ = self._
        if self.pacer is None:
            self.write(_("(Enter does not move the clock: type `{next}`, or `{go} 1h`)", next=self.word("next"),
                         go=self.word("go")))
        else:
            paused = _(" · paused") if self.runner.paused else ""
            self.write(_("{stamp} · paced, 1 real min = {ratio:g} model min{paused}", stamp=self.stamp(),
                         ratio=self.pacer.ratio, paused=paused))

    def _next(self, _rest=""):
        return self._advance(self.runner.horizon)

    def _go(self, rest):
        try:
            hours = parse_duration(rest or "1h")
        except ValueError as exc:
            self.write(str(exc))
            return None
        return self._advance(self.runner.now + hours)

    def _advance(self, to_t):
        _ = self._
        if self.runner.paused:
            self.write(_("paused: type `{resume}` first", resume=self.word("resume")))
            return None
        if self.runner.pending_decision is not None:
            self.write(_("decision point {id} is open: act, then type `{done}`", id=self.runner.pending_decision.id,
                         done=self.word("done")))
            return None
        step = self.runner.advance(to_t)
        if self.pacer is not None:  # paced: the wall clock goes on from here
            self.pacer.last = self.pacer.clock()
        return self._show_step(step)

    def _show_step(self, step, expired=None, quiet=False):
        """Show what a step (or a pacer's tick) brought: injects, passed deadlines, a decision,
        the situation (with *quiet*, only when an inject or a decision point came)."""
        if expired is not None:
            self.write(self._("[{stamp}] decision point {id} closed: its real-time limit passed", stamp=self.stamp(),
                              id=expired.id))
        for line in self.deadlines.lines(self.lang, self.start):  # they passed before the injects arrived
            self.write(line)
        for delivery in step.injects:
            self._show_inject(delivery)
        news = self.watch.since_last() if not quiet or step.injects or step.decision is not None else None
        if news is not None and not (quiet and news.quiet):
            for line in news.lines(self.lang, self.names):
                self.write(line)
        if step.decision is not None and step.decision.id != self._shown:
            self._show_decision(step.decision)
        if step.finished:
            return self._end()
        return None

    def _tick(self, quiet):
        """Paced mode: bring the model up to the wall clock and show what happened."""
        tick = self.pacer.tick()
        result = self._show_step(tick.step, tick.expired, quiet=quiet)
        if tick.left_s is not None:
            self.write(self._("    {s:.0f} s left to decide", s=tick.left_s))
        return result

    def _facilitate(self, act):
        entry = self.runner.facilitate(act, who=self.who)
        if entry.accepted:
            self.write(self._("  facilitator: {what}", what=self.act_words(entry.act)))
            step = self.runner.advance(self.runner.now)  # what it delivered, the clock unmoved
            for delivery in step.injects:
                self._show_inject(delivery)
        else:
            self.write(self.refused(entry.reason))
        return entry

    def act_words(self, act):
        """A facilitator's act in words."""
        _ = self._
        kind = act.get("act", "?")
        if kind == "retime":
            return _(ACTS[kind], inject=act.get("inject", ""), at=clock(act.get("at", 0.0)))
        if kind == "add_inject":
            to = act.get("to", "all")
            to = _("all roles") if to == "all" else _.join(self.role_word(r) for r in to)
            effects = "".join(f" [{self.what(e)}]" for e in act.get("effect", []))
            return _(ACTS[kind], id=act.get("id") or "", to=to, text=_.pick(act.get("message", {}) or {})) + effects
        return _(ACTS[kind], inject=act.get("inject", "")) if kind in ACTS else kind

    def _pause(self, _rest):
        entry = self.runner.facilitate({"act": "pause"}, who=self.who)
        self.write(self._("paused") if entry.accepted else self.refused(entry.reason))

    def _resume(self, _rest):
        entry = self.runner.facilitate({"act": "resume"}, who=self.who)
        self.write(self._("resumed") if entry.accepted else self.refused(entry.reason))

    # -- the facilitator's console ---------------------------------------------------------
    def _release(self, rest):
        self._facilitate({"act": "release", "inject": rest})

    def _skip(self, rest):
        self._facilitate({"act": "skip", "inject": rest})

    def _retime(self, rest):
        inject, _sep, when = rest.partition(" ")
        when = when.strip()
        try:
            at = self.runner.now + hours_of(when[1:]) if when.startswith("+") else hours_of(
                when[2:] if when.upper().startswith("T+") else when)
        except ValueError:
            self.write(self._("write `{retime} I7 T+14:30` or `{retime} I7 +0:30` (from now)", retime=self.word("retime")))
            return
        self._facilitate({"act": "retime", "inject": inject, "at": at})

    def _add(self, rest):
        usage = self._("write `{add}` and the text of the inject, or `{add} {{message: …, to: […], effect: […]}}`",
                       add=self.word("add"))
        if not rest:
            self.write(usage)
            return
        if rest.startswith("{"):
            try:
                act = read_value(rest, "add")
            except ScenarioError as exc:
                self.write(f"{usage} ({line_problem(exc)})")
                return
            if not isinstance(act, dict):
                self.write(usage)
                return
            act = {"act": "add_inject", **act}
        else:
            act = {"act": "add_inject", "message": {self.lang: rest}}
        self._facilitate(act)

    def _msel(self, _rest):
        _ = self._
        def when(item):
            t = item.delivered_t if item.delivered_t is not None else item.due_t
            return (t is None, t or 0.0)

        for item in sorted(msel(self.runner), key=when):  # in time order; those waiting on the model's state last
            spec = self.ex.injects.get(item.id) or self.ex.decisions.get(item.id) or self.runner.adhoc.get(item.id)
            t = item.delivered_t if item.delivered_t is not None else item.due_t
            when = clock(t) if t is not None else plain_trigger(spec.when, self.ex.scenario, self.lang)
            to = _.join(self.role_word(r) for r in item.to)
            if set(item.to) == set(self.ex.roles):
                to = _("all roles")
            self.write(_("  {id} {state} {when} → {to}: {text}", id=item.id.ljust(5), state=_(STATES[item.state]),
                         when=when, to=to, text=_short(_.pick(item.text))))

    def _plan(self, _rest):
        _ = self._
        rules = {r.id: r for r in self.ex.scenario.plan.rules}
        for rule in plan_status(self.runner):
            name, when = self._rule_words(rule, rules.get(rule.id))
            when = clock(rule.fired_t) if rule.fired_t is not None else when
            due = _(" due {t}", t=clock(rule.fired_t + rule.deadline_h)) if rule.fired_t is not None else ""
            self.write(f"  {rule.id.split(':')[0]:<8} {_(STATES[rule.state]):<9} {when}{due}  {_short(name)}")

    def _rule_words(self, status, rule):
        """(name, trigger) of a plan rule, or of one reorder of the resupply rule."""
        _, s = self._, self.ex.scenario
        if rule is not None:
            return _.name(rule), plain_trigger(rule.when, s, self.lang)
        _r, shelter, item = status.id.split(":")  # the reorder rule: resupply:SHELTER:ITEM
        where = _.name(s.shelter[shelter])
        return (_("reorder {item} at {shelter}", item=item_name(item, self.lang), shelter=where),
                _("{item} at {shelter} below {h} h of use", item=item_name(item, self.lang), shelter=where,
                  h=_num(s.plan.resupply.cover_below)))

    def _notes(self, rest):
        _ = self._
        item = next((m for m in msel(self.runner) if m.id == rest), None)
        if item is None:
            self.write(_("no inject {id!r}", id=rest))
            return
        self.write(f"{item.id}: {_.pick(item.text)}")
        spec = self.ex.injects.get(item.id) or self.ex.decisions.get(item.id)
        notes = _.pick({"zh": getattr(spec, "notes_zh", ""), "en": item.notes})
        self.write(_("    controller notes: {notes}", notes=notes) if notes else _("    (no controller notes)"))
        for e in item.expected:
            due = clock(e.due_by) if e.due_by is not None else "-"
            self.write(_("    expects: {what} by {due} [{state}]", what=self.what(e.action), due=due, state=_(STATES[e.state])))

    # -- the players' inboxes ---------------------------------------------------------------
    def _inbox(self, _rest):
        _ = self._
        items = self.runner.inbox(self.role)
        if not items:
            self.write(_("no injects for {role} yet", role=self.role_word(self.role)))
        for item in items:
            mark = "✓" if item.ack is not None else "·"
            self.write(f"  {mark} [{self.stamp(item.delivery.t)}] {item.inject.id}: {_short(_.pick(item.inject.message))}")

    def _ack(self, rest):
        try:
            ack = self.runner.acknowledge(self.role, rest)
        except ValueError as exc:
            self.write(self.refused(str(exc)))
            return
        self.write(self._("  {role} acknowledged {id} ({delay} after it arrived)", role=self.role_word(self.role),
                          id=ack.inject, delay=hm(ack.delay_h, self.lang)))

    # -- showing ----------------------------------------------------------------------
    def _show_inject(self, delivery):
        _, inject = self._, delivery.inject
        to = _("all roles") if inject.to == "all" else _.join(self.role_word(r) for r in inject.to)
        sender = inject.sender(self.lang)
        if sender:
            self.write(_("[{stamp}] INJECT {id} from {who} to {to}:", stamp=self.stamp(delivery.t), id=inject.id,
                         who=sender, to=to))
        else:
            self.write(_("[{stamp}] INJECT {id} to {to}:", stamp=self.stamp(delivery.t), id=inject.id, to=to))
        self.write(f"    {_.pick(inject.message)}")
        for action, accepted, reason in delivery.effects:
            line = _("    effect: {what}", what=self.what(action))
            if not accepted:
                line += _(" (not applied: {reason})", reason=reason_text(reason, self.ex, self.lang))
            self.write(line)

    def _show_decision(self, point):
        self._shown = point.id
        self.write(self._("[{stamp}] DECISION {id}: {prompt}", stamp=self.stamp(), id=point.id,
                          prompt=self._.pick(point.prompt)))
        self._menu("")
        self.write(self._("    act (a number from the menu, or `{do} {{…}}`), then `{done}` to go on",
                          do=self.word("do"), done=self.word("done")))

    def _status(self, _rest):
        for line in status_lines(self.runner, self.lang):
            self.write(line)

    def _log(self, _rest):
        _ = self._
        if not self.runner.actions:
            self.write(_("no actions yet"))
        for a in self.runner.actions:
            fate = _("ok") if a.accepted else _("refused: {reason}", reason=reason_text(a.reason, self.ex, self.lang))
            why = f" — {a.rationale}" if a.rationale else ""
            self.write(_("  {n} {t} {who}: {what}{why} [{fate}]", n=str(a.seq).rjust(3), t=clock(a.t), who=self.role_word(a.role),
                         what=self.what(a.action), why=why, fate=fate))
        for a in self.runner.acts:
            fate = _("ok") if a.accepted else _("refused: {reason}", reason=reason_text(a.reason, self.ex, self.lang))
            who = _("facilitator") if a.who == "facilitator" else a.who
            self.write(_("  {n} {t} {who}: {what}{why} [{fate}]", n="F" + str(a.seq).rjust(2), t=clock(a.t), who=who,
                         what=self.act_words(a.act), why="", fate=fate))

    def _help(self, _rest):
        _ = self._
        self.write(_("commands:"))
        words = {c: self.word(c) for c in COMMANDS}
        kind = _(roles.KIND_NAMES["close_road"])
        for command, args, does in HELP:
            typed = " ".join(x for x in (self.word(command) if command else "", args) if x)
            self.write(f"  {typed:<22} {_(does, sid=getattr(self.session, 'id', 'ID'), kind=kind, **words)}")

    # -- acting -----------------------------------------------------------------------
    def _menu(self, rest=""):
        """The acting role's menu (training.roles.menu); ``menu KIND`` lists every choice of one kind."""
        _ = self._
        kind = find_kind(rest) if rest.strip() else None
        if rest.strip() and kind is None:
            self.write(_("no kind of action {kind!r}; type `{menu}`", kind=rest.strip(), menu=self.word("menu")))
            return
        menu = roles.menu(self.runner, self.role, kind)
        self.menu = list(menu.items)
        section = None
        point = self.runner.pending_decision
        for i, item in enumerate(self.menu, 1):
            head = "options" if item.option is not None else ("due" if item.duty is not None else "other")
            if head != section and kind is None:
                section = head
                if head == "options":
                    self.write(_("  options of {id} (take several at once: 1 2 3):", id=point.id) if point.multi
                               else _("  options of {id} (take one):", id=point.id))
                elif head == "due":
                    self.write(_("  due now, as the plan expects of {role}:", role=self.role_word(self.role)))
                else:
                    self.write(_("  other actions:"))
            label = item.label[self.lang]
            if item.option is not None and self.what(item.action) != label:
                label = f"{label}  [{self.what(item.action)}]"
            self.write(f"  {i:>3}. {label}")
        for _kind, label, n in menu.folded:
            self.write(_("  more: `{menu} {kind}` lists its {n} choices", menu=self.word("menu"), kind=label[self.lang], n=n))
        if not self.menu and not menu.folded:
            self.write(_("  nothing {role} may do now", role=self.role_word(self.role)))

    def _picks(self, line):
        """Take the menu items numbered at the start of *line* (``1 2 3`` or ``1,2,3``); the rest is the rationale."""
        _ = self._
        numbers, rest = menu_picks(line)
        if not self.menu:
            self.menu = list(roles.menu(self.runner, self.role).items)
        bad = [n for n in numbers if not 1 <= n <= len(self.menu)]
        if bad:
            self.write(_("no item {n} in the menu (1-{last}); type `{menu}`", n=bad[0], last=len(self.menu),
                         menu=self.word("menu")))
            return None
        chosen = [self.menu[n - 1] for n in dict.fromkeys(numbers)]
        point = self.runner.pending_decision
        options = [c for c in chosen if c.option is not None]
        if point is not None and len(options) > 1 and not point.multi:
            self.write(_("{id} takes one option: choose one of {numbers}", id=point.id,
                         numbers=" ".join(str(numbers[chosen.index(c)]) for c in options)))
            return None
        for item in chosen:
            self._take(item.action, rest)
        return None

    def _do(self, rest):
        body, _sep, why = rest.partition(" -- ")
        try:
            action = read_value(body, "do")
        except ScenarioError as exc:
            self.write(self._("cannot read the action: {error}", error=line_problem(exc)))
            return None
        return self._take(action, why.strip())

    def _take(self, action, why):
        entry = self.runner.act(self.role, action, why)
        if entry.accepted:
            self.write(self._("  ok {t} {role}: {what}", t=clock(entry.t), role=self.role_word(self.role),
                              what=self.what(entry.action)))
        else:
            self.write(self._("  rejected: {reason}", reason=reason_text(entry.reason, self.ex, self.lang)))
        return None

    def _as(self, rest):
        _ = self._
        role = find_role(self.ex, rest)
        if role is None:
            listed = _.join(_("{n} {role}", n=n, role=self.role_word(r.id)) for n, r in enumerate(self.ex.spec.roles, 1))
            self.write(_("no role {role!r}; roles: {roles}", role=rest, roles=listed))
            return None
        self.role = role
        self.write(_("acting as {role}", role=self.role_word(role)))

    def _done(self, _rest):
        point = self.runner.close_decision(self.role)
        self.write(self._("decision point {id} closed", id=point.id) if point else self._("no decision point is open"))

    # -- the end ----------------------------------------------------------------------
    def _quit(self, _rest):
        sid = getattr(self.session, "id", None)
        if sid is not None:
            self.write(self._("session {sid} saved; resume with `stormdrill exercise --resume {sid}`", sid=sid))
        return "quit"

    def _end(self, _rest=""):
        """End the exercise now (a facilitator act, recorded) or at its declared end, and score
        what fell due before it."""
        _, lang = self._, self.lang
        if not self.runner.finished:
            entry = self.runner.facilitate({"act": "end"}, who=self.who)
            if not entry.accepted:
                self.write(self.refused(entry.reason))
                return None
        self.write(_("the exercise ends at {t}: what fell due after it is not scored", t=clock(self.runner.now)))
        finish = getattr(self.session, "finish", None) or self.runner.finish
        self.score = score = finish()
        self.write(_("== end of exercise: {overall}/100 ({grade}) ==", overall=score.overall, grade=GRADE[score.grade][lang]))
        met = {True: _("met"), False: _("not met")}
        if score.target_judged:
            self.write(_("10-hour relief target {team} (plan baseline: {base})", team=met[bool(score.target_met)],
                         base=met[bool(score.target_met_baseline)]))
        else:  # nobody needed relief: the target was neither met nor missed
            self.write(_("10-hour relief target: nothing to judge (nobody needed relief)"))
        counts = _.join(_("{state} {n}", state=STATUS[k][lang], n=n) for k, n in score.counts.items())
        self.write(_("expected actions: {counts}", counts=counts))
        for o in score.objectives:
            self.write(f"  {o.id} {_.name(o)}: {RATING[o.rating][lang]}")
        for line in ack_lines(self.runner, lang):
            self.write(line)
        sid = getattr(self.session, "id", None)
        if sid is not None:
            self.write(_("after-action report: stormdrill report {sid}", sid=sid))
        return "end"


def _num(x):
    return f"{x:g}"


def hours_of(text):
    """Hours in *text*: a clock ``14:30`` or a duration ``14h30min``; ValueError otherwise."""
    m = re.fullmatch(r"(\d+):(\d{2})", text.strip())
    if m:
        return int(m.group(1)) + int(m.group(2)) / 60
    return parse_duration(text)


def find_kind(typed):
    """The kind of action *typed* names: its key (``close_road``) or its name in either language; or None."""
    typed = typed.strip().lower()
    for kind, name in roles.KIND_NAMES.items():
        if typed in (kind, name.lower(), texts("zh")(name)):
            return kind
    return None


def find_role(exercise, typed):
    """The role id *typed* names: its number (1 = the first role), id or name in either language; or None."""
    typed = typed.strip()
    ids = list(exercise.roles)
    if typed.isdigit() and 1 <= int(typed) <= len(ids):
        return ids[int(typed) - 1]
    for r in exercise.spec.roles:
        if typed in (r.id, r.name, r.name_zh):
            return r.id
    return None


def _selectable(stream):
    """*stream* can be waited on with select (a terminal, a pipe; not a StringIO)."""
    try:
        stream.fileno()
    except (AttributeError, OSError, ValueError):
        return False
    return True


def line_problem(exc):
    """A typed line's YAML problem (a ScenarioError from read_value), with its column."""
    p = exc.problems[0]
    return f"col {p.col}: {p.reason}" if p.col else p.reason


def ack_lines(runner, lang="en"):
    """Time to acknowledge per role, as lines (GB/T 46792 response-time indicator)."""
    _ = texts(lang)
    per_role = {}
    for ack in runner.acks.values():
        per_role.setdefault(ack.role, []).append(ack.delay_h)
    if not per_role:
        return []
    return [_("time to acknowledge injects (mean, slowest):")] + [
        _("  {role}: {mean}, {slowest} ({n})", role=role_name(runner.exercise, r, lang), mean=hm(sum(d) / len(d), lang),
          slowest=hm(max(d), lang), n=len(d)) for r, d in per_role.items()]


def _short(text, n=70):
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


PICKS = re.compile(r"\s*(\d+(?:\s*,?\s*\d+)*)(?:\s*,)?\s*(?:--)?\s*(.*)", re.S)


def menu_picks(line):
    """([numbers], rationale) of a typed line: the numbers at its start, separated by spaces or
    commas (``1 2 3``, ``1,2,3``, ``1, 2``), then the rationale (after an optional ``--``)."""
    m = PICKS.fullmatch(line)
    if m is None:
        return [], line
    return [int(n) for n in re.findall(r"\d+", m.group(1))], m.group(2).strip()


__all__ = ["TerminalExercise", "ack_lines", "find_role", "menu_picks"]
