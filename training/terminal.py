"""The exercise in a terminal: injects printed as they arrive, actions typed or picked
from a numbered menu. For trainers without a projector, and for tests (stdin driven).

Commands: next (or an empty line), go 2h, status, menu, N [why], do {action: ...} [-- why],
as ROLE, done, pause, resume, log, help, quit, end.
"""
import math

import yaml

from sim.units import parse_duration

from .improvement import text
from .matching import describe
from .words import GRADE, RATING, STATUS, clock, role_name

HELP = {
    "en": """commands:
  next (or Enter)      play on to the next inject or decision point
  go 2h                play on for a while (stops early at an inject)
  status               shelters, people, stocks, signals now
  menu                 numbered list of actions
  3 [why]              take action 3 of the menu, with an optional rationale
  do {{action: open_shelter, shelter: S1}} [-- why]   take any action
  as ROLE              act as another role ({roles})
  done                 close the decision point; the clock may move again
  pause / resume       stop / restart the clock
  log                  the decision log so far
  end                  play to the end and score
  quit                 leave; resume later with `stormdrill exercise --resume {sid}`""",
    "zh": """命令：
  next（或回车）        推进到下一个情景注入或决策点
  go 2h                推进一段时间（遇注入提前停）
  status               当前避灾点、人员、物资、预警
  menu                 动作编号列表
  3 [理由]              执行菜单第3项，可附理由
  do {{action: open_shelter, shelter: S1}} [-- 理由]   执行任意动作
  as 岗位               切换岗位（{roles}）
  done                 关闭决策点，时钟继续
  pause / resume       暂停 / 继续
  log                  决策记录
  end                  推演到结束并评分
  quit                 退出；之后用 `stormdrill exercise --resume {sid}` 继续""",
}


class TerminalExercise:
    """Plays a Session (or a bare Runner) with a trainer at the keyboard."""

    def __init__(self, session, lang="en", read=input, write=print):
        self.session = session
        self.runner = getattr(session, "runner", session)
        self.ex = self.runner.exercise
        self.lang, self.read, self.write = lang, read, write
        self.role = self.ex.spec.roles[0].id
        self.paused = False
        self.menu = []
        self.score = None

    # -- the loop ---------------------------------------------------------------------
    def run(self):
        """Play until the end or quit; return the Score, or None if the trainer quit."""
        self._intro()
        while self.score is None:
            try:
                line = self.read(self._prompt())
            except EOFError:
                self.write("(end of input: the session is saved and can be resumed)")
                return None
            if self._command(line.strip()) == "quit":
                return None
        return self.score

    def _prompt(self):
        point = self.runner.pending_decision
        flag = f" decision {point.id}" if point else (" paused" if self.paused else "")
        return f"[{clock(self.runner.now)} {self.role}{flag}]> "

    def _intro(self):
        ex, sid = self.ex, getattr(self.session, "id", None)
        name = (ex.spec.name_zh or ex.name) if self.lang == "zh" else ex.name
        self.write(f"== {name} ==")
        if sid is not None:
            self.write(f"session {sid} · seed {self.runner.seed} · onset {clock(self.runner.onset)} · "
                       f"10-hour line {clock(self.runner.deadline)}")
        items = getattr(self.session, "open_items", [])
        if items:
            self.write(f"open improvement items from earlier exercises ({len(items)}):")
            for item in items:
                self.write(f"  #{item['id']} due {item['due']} [{item['role']}]: {text(item['issue'], self.lang)}")
        if self.runner.actions:
            self.write(f"resumed at {clock(self.runner.now)} with {len(self.runner.actions)} logged actions replayed")
        self.write("roles: " + ", ".join(f"{r.id} ({role_name(ex, r.id, self.lang)})" for r in ex.spec.roles))
        self.write("type `help` for commands")
        if self.runner.pending_decision is not None:
            self._show_decision(self.runner.pending_decision)

    def _command(self, line):
        word, _, rest = line.partition(" ")
        word = word.lower()
        handlers = {
            "": self._next, "next": self._next, "go": self._go, "status": self._status, "menu": self._menu,
            "do": self._do, "as": self._as, "done": self._done, "pause": self._pause, "resume": self._resume,
            "log": self._log, "help": self._help, "end": self._end, "quit": self._quit,
        }
        if word.isdigit():
            return self._pick(int(word), rest.strip())
        handler = handlers.get(word)
        if handler is None:
            self.write(f"unknown command {word!r}; type `help`")
            return None
        return handler(rest.strip())

    # -- the clock --------------------------------------------------------------------
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
        if self.paused:
            self.write("paused: type `resume` first")
            return None
        if self.runner.pending_decision is not None:
            self.write(f"decision point {self.runner.pending_decision.id} is open: act, then type `done`")
            return None
        step = self.runner.advance(to_t)
        for delivery in step.injects:
            self._show_inject(delivery)
        if step.decision is not None:
            self._show_decision(step.decision)
        if step.finished:
            return self._end()
        if not step.injects and step.decision is None:
            self.write(f"{clock(step.t)}: nothing new")
        return None

    def _pause(self, _rest):
        self.paused = True
        self.write("paused")

    def _resume(self, _rest):
        self.paused = False
        self.write("resumed")

    # -- showing ----------------------------------------------------------------------
    def _show_inject(self, delivery):
        inject = delivery.inject
        to = "all" if inject.to == "all" else ", ".join(inject.to)
        source = f" from {inject.from_}" if inject.from_ else ""
        self.write(f"[{clock(delivery.t)}] INJECT {inject.id}{source} to {to}:")
        self.write(f"    {inject.message.get(self.lang)}")
        for action, accepted, reason in delivery.effects:
            self.write(f"    effect: {describe(action)}" + ("" if accepted else f" (not applied: {reason})"))

    def _show_decision(self, point):
        self.write(f"[{clock(self.runner.now)}] DECISION {point.id}: {point.prompt.get(self.lang)}")
        self._menu("")
        self.write("    act (a number from the menu, or `do {...}`), then `done` to go on")

    def _status(self, _rest):
        snap = self.runner.snapshot()
        counts = dict(snap.counts)
        signals = ", ".join(f"{k} {v}" for k, v in snap.signals if v and v != "none") or "none"
        self.write(f"{clock(snap.t)} · onset {clock(snap.onset_h)} · 10-hour line {clock(snap.deadline_h)} · "
                   f"signals: {signals} · response {snap.response_level or '-'}")
        self.write("people: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()) + f" · secured {snap.secured:,.0f}")
        for s in snap.shelters:
            cover = ", ".join(f"{item} {'-' if math.isinf(h) else f'{h:.1f} h'}" for item, h in s.cover_h)
            self.write(f"  {s.id} {s.state:8s} {s.occupancy:>5}/{s.capacity:<5} queued {s.queued:<4} cover: {cover}")
        for z in snap.zones:
            self.write(f"  {z.id} at home {z.at_home:>5}/{z.population:<5} depth {z.depth_m:.2f} m wind {z.wind_ms:.0f} m/s")
        if snap.closed_roads:
            self.write("  closed roads: " + ", ".join(map(str, snap.closed_roads)))

    def _log(self, _rest):
        if not self.runner.actions:
            self.write("no actions yet")
        for a in self.runner.actions:
            fate = "ok" if a.accepted else f"REJECTED: {a.reason}"
            why = f" — {a.rationale}" if a.rationale else ""
            self.write(f"  {a.seq:>3} {clock(a.t)} {a.role}: {describe(a.action)}{why} [{fate}]")

    def _help(self, _rest):
        roles = ", ".join(self.ex.roles)
        self.write(HELP[self.lang].format(roles=roles, sid=getattr(self.session, "id", "ID")))

    # -- acting -----------------------------------------------------------------------
    def _menu(self, _rest):
        self.menu = action_menu(self.runner, self.lang)
        for i, (label, _action) in enumerate(self.menu, 1):
            self.write(f"  {i:>2}. {label}")

    def _pick(self, n, why):
        if not self.menu:
            self.menu = action_menu(self.runner, self.lang)
        if not 1 <= n <= len(self.menu):
            self.write(f"no item {n} in the menu (1-{len(self.menu)}); type `menu`")
            return None
        return self._take(self.menu[n - 1][1], why)

    def _do(self, rest):
        body, _, why = rest.partition(" -- ")
        try:
            action = yaml.safe_load(body)
        except yaml.YAMLError as exc:
            self.write(f"cannot read the action: {exc}")
            return None
        return self._take(action, why.strip())

    def _take(self, action, why):
        entry = self.runner.act(self.role, action, why)
        if entry.accepted:
            self.write(f"  ok {clock(entry.t)} {self.role}: {describe(entry.action)}")
        else:
            self.write(f"  rejected: {entry.reason}")
        return None

    def _as(self, rest):
        if rest not in self.ex.roles:
            self.write(f"no role {rest!r}; roles: {', '.join(self.ex.roles)}")
            return None
        self.role = rest
        self.write(f"acting as {role_name(self.ex, rest, self.lang)}")

    def _done(self, _rest):
        point = self.runner.close_decision(self.role)
        self.write(f"decision point {point.id} closed" if point else "no decision point is open")

    # -- the end ----------------------------------------------------------------------
    def _quit(self, _rest):
        sid = getattr(self.session, "id", None)
        if sid is not None:
            self.write(f"session {sid} saved; resume with `stormdrill exercise --resume {sid}`")
        return "quit"

    def _end(self, _rest=""):
        finish = getattr(self.session, "finish", None) or self.runner.finish
        self.score = score = finish()
        lang = self.lang
        self.write(f"== end of exercise: {score.overall}/100 ({GRADE[score.grade][lang]}) ==")
        target = "met" if score.target_met else "missed"
        self.write(f"10-hour relief target {target} (plan baseline: {'met' if score.target_met_baseline else 'missed'})")
        self.write("expected actions: " + ", ".join(f"{STATUS[k][lang]} {n}" for k, n in score.counts.items()))
        for o in score.objectives:
            self.write(f"  {o.id} {(o.name_zh or o.name) if lang == 'zh' else o.name}: {RATING[o.rating][lang]}")
        sid = getattr(self.session, "id", None)
        if sid is not None:
            self.write(f"after-action report: stormdrill report {sid}")
        return "end"


def action_menu(runner, lang="en"):
    """[(label, action dict)]: the pending decision's options first, then what can be done now."""
    s = runner.exercise.scenario
    snap = runner.snapshot()
    menu = []
    point = runner.pending_decision
    if point is not None:
        menu += [(f"{o.label.get(lang)}  [{describe(o.do.model_dump(by_alias=True))}]", o.do.model_dump(by_alias=True))
                 for o in point.options]
    menu.append(("warn every zone, every channel", {"action": "warn"}))
    for z in s.zones:
        menu.append((f"order evacuation of {z.id} {z.name}", {"action": "order_evacuation", "zone": z.id}))
        menu.append((f"order evacuation of {z.id} {z.name}: assisted residents only",
                     {"action": "order_evacuation", "zone": z.id, "group": "assisted"}))
    for sh in snap.shelters:
        if sh.state == "closed":
            menu.append((f"open shelter {sh.id}", {"action": "open_shelter", "shelter": sh.id}))
    levels = ("IV", "III", "II", "I")
    current = levels.index(snap.response_level) if snap.response_level in levels else -1
    for level in levels[current + 1:]:
        menu.append((f"raise the response to level {level}", {"action": "raise_response", "level": level}))
    items = {name: spec for name, spec in s.relief.items.items() if not spec.durable}
    for sh in snap.shelters:
        if sh.state != "closed" and s.depots:
            depot = s.depots[0].id
            cap = s.shelter[sh.id].capacity
            load = {name: round(cap * spec.share * spec.per_person_per_day / 24 * 12, 1) for name, spec in items.items()}
            menu.append((f"dispatch 12 h of supplies from {depot} to {sh.id}",
                         {"action": "dispatch", "depot": depot, "shelter": sh.id, "items": load}))
    for township in sorted({z.township for z in s.zones if z.township}):
        menu.append((f"request the district reserve for township {township}",
                     {"action": "request_reserve", "township": township}))
    return menu
