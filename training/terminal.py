"""The exercise in a terminal: injects printed as they arrive, actions typed or picked
from a numbered menu, the facilitator's console as commands. For trainers without a
projector, and for tests (stdin driven).

Stepped (the clock moves only on ``next`` / ``go``) or paced (the model clock follows the
wall clock at a ratio, training.pacing.Pacer). A bare Enter never moves the clock: in
stepped mode it says how to; in paced mode it shows what happened meanwhile. Between
prompts the terminal says what the model did (training.situation); every line carries the
day and the time.
"""
import math
import re
import select
import sys

from sim.errors import ScenarioError
from sim.source import read_value
from sim.units import parse_duration

from messages import texts

from . import roles
from .improvement import text
from .live_report import act_text
from .matching import describe
from .msel import msel, plan_status
from .plain import item_name, plain_action, plain_trigger
from .situation import SituationWatch, day_clock, display_names, signal_name, start_of
from .status import DeadlineWatch, status_lines
from .words import GRADE, RATING, STATUS, clock, role_name

HELP = {
    "en": """commands:
  next                 play on to the next inject or decision point (stepped mode)
  go 2h                play on for a while (stops early at an inject)
  (Enter)              never moves the clock; in paced mode shows what happened meanwhile
  status               shelters, people, stocks, signals now
  menu                 numbered list of actions
  3 [why]              take action 3 of the menu, with an optional rationale
  do {{action: open_shelter, shelter: S1}} [-- why]   take any action
  as ROLE              act as another role ({roles})
  inbox                the injects sent to the role you act as; ack I3 marks one received
  done                 close the decision point; the clock may move again
  log                  the decision log and the facilitator's acts so far
facilitator:
  pause / resume       hold / restart the exercise clock (recorded)
  msel                 every inject and decision point with its state; plan: the plan's rules
  notes I7             an inject's controller notes and expected actions
  release I7           deliver a scripted inject now;  skip I7: never deliver it
  retime I7 14h30min   deliver it at T+14:30 instead (or +30min from now)
  add TEXT             an ad-hoc inject to everyone; or add {{message: {{zh: ..., en: ...}},
                       to: [logistics], effect: [{{action: close_road, edge: R3}}]}}
  end                  play to the end and score
  quit                 leave; resume later with `stormdrill exercise --resume {sid}`""",
    "zh": """命令：
  next                 推进到下一个情景注入或决策点（分步模式）
  go 2h                推进一段时间（遇注入提前停）
  （回车）              不推进时钟；计时模式下显示期间发生的情况
  status               当前避灾点、人员、物资、预警
  menu                 动作编号列表
  3 [理由]              执行菜单第3项，可附理由
  do {{action: open_shelter, shelter: S1}} [-- 理由]   执行任意动作
  as 岗位               切换岗位（{roles}）
  inbox                本岗位收到的情景注入；ack I3 确认收到
  done                 关闭决策点，时钟继续
  log                  决策记录和导调操作
导调：
  pause / resume       暂停 / 继续推演时钟（记录在案）
  msel                 全部情景注入和决策点及其状态；plan：预案条款
  notes I7             注入的导调备注和应有行动
  release I7           立即下发预设注入；skip I7：不再下发
  retime I7 14h30min   改在 T+14:30 下发（或 +30min 从现在起）
  add 文字              向全体临时注入；或 add {{message: {{zh: ..., en: ...}},
                       to: [logistics], effect: [{{action: close_road, edge: R3}}]}}
  end                  推演到结束并评分
  quit                 退出；之后用 `stormdrill exercise --resume {sid}` 继续""",
}

SAY = {
    "en": {
        "enter_stepped": "(Enter does not move the clock: type `next`, or `go 30min`)",
        "enter_paced": "{stamp} · paced, 1 real min = {ratio:g} model min{paused}",
        "paced_next": "the clock runs with the wall clock (1 real min = {ratio:g} model min): `pause` holds it, `next` or `go 1h` jump ahead",
        "paused_first": "paused: type `resume` first",
        "decision_open": "decision point {id} is open: act, then type `done`",
        "paused": "paused", "resumed": "resumed",
        "act_ok": "  facilitator: {what}", "act_refused": "  refused: {reason}",
        "no_inject": "no inject {id!r}",
        "unknown": "unknown command {word!r}; type `help`",
        "inbox_empty": "no injects for {role} yet",
        "acked": "  {role} acknowledged {id} ({delay} after it arrived)",
        "expired": "[{stamp}] decision point {id} closed: its real-time limit passed",
        "left": "    {s:.0f} s left to decide",
        "notes": "    controller notes: {notes}", "no_notes": "    (no controller notes)",
        "expects": "    expects: {what} by {due} [{state}]",
        "retime_usage": "write `retime I7 14h30min` (T+14:30) or `retime I7 +30min` (from now)",
        "add_usage": "write `add the text of the inject` or `add {{message: {{en: ...}}, to: [...], effect: [...]}}`",
        "flag_decision": " decision {id}", "flag_paused": " paused",
        "session": "session {sid} · seed {seed} · onset {onset} · 10-hour line {line}",
        "open_items": "open improvement items from earlier exercises ({n}):",
        "open_item": "  #{id} due {due} [{role}]: {issue}",
        "roles": "roles: {roles}", "help_hint": "type `help` for commands",
        "inject": "[{stamp}] INJECT {id}{source} to {to}:", "from": " from {who}", "to_all": "all",
        "effect": "    effect: {what}", "not_applied": " (not applied: {reason})",
        "decision": "[{stamp}] DECISION {id}: {prompt}",
        "decision_help": "    act (a number from the menu, or `do {{...}}`), then `done` to go on",
        "status": "{stamp} · onset {onset} · 10-hour line {line} · signals: {signals} · response {level}",
        "no_signal": "none",
        "people": "people: {counts} · secured {secured}",
        "shelter": "  {id} {state:8s} {occ:>5}/{cap:<5} queued {queued:<4} cover: {cover}",
        "zone": "  {id} at home {home:>5}/{pop:<5} depth {depth:.2f} m wind {wind:.0f} m/s",
        "closed_roads": "  closed roads: {roads}",
        "no_actions": "no actions yet", "ok": "ok", "rejected_fate": "REJECTED: {reason}",
        "no_item": "no item {n} in the menu (1-{last}); type `menu`",
        "unreadable": "cannot read the action: {error}",
        "taken": "  ok {t} {role}: {what}", "rejected": "  rejected: {reason}",
        "no_role": "no role {role!r}; roles: {roles}", "acting_as": "acting as {role}",
        "closed": "decision point {id} closed", "none_open": "no decision point is open",
        "saved": "session {sid} saved; resume with `stormdrill exercise --resume {sid}`",
        "end": "== end of exercise: {overall}/100 ({grade}) ==",
        "target": "10-hour relief target {team} (plan baseline: {base})", "met": "met", "missed": "missed",
        "expected": "expected actions: {counts}", "report": "after-action report: stormdrill report {sid}",
    },
    "zh": {
        "enter_stepped": "（回车不推进时钟：输入 `next` 或 `go 30min`）",
        "enter_paced": "{stamp} · 计时模式，现实1分钟 = 推演{ratio:g}分钟{paused}",
        "paced_next": "时钟随现实时间推进（现实1分钟 = 推演{ratio:g}分钟）：`pause` 可暂停，`next` 或 `go 1h` 可跳进",
        "paused_first": "已暂停：请先输入 `resume`",
        "decision_open": "决策点 {id} 未关闭：请处置后输入 `done`",
        "paused": "已暂停", "resumed": "已继续",
        "act_ok": "  导调：{what}", "act_refused": "  未执行：{reason}",
        "no_inject": "没有情景注入 {id!r}",
        "unknown": "未知命令 {word!r}；输入 `help` 查看",
        "inbox_empty": "{role} 尚未收到情景注入",
        "acked": "  {role} 已确认收到 {id}（下发后 {delay}）",
        "expired": "[{stamp}] 决策点 {id} 已关闭：现实时限已到",
        "left": "    剩余 {s:.0f} 秒作出决策",
        "notes": "    导调备注：{notes}", "no_notes": "    （无导调备注）",
        "expects": "    应有行动：{what}，时限 {due} [{state}]",
        "retime_usage": "格式：`retime I7 14h30min`（T+14:30）或 `retime I7 +30min`（从现在起）",
        "add_usage": "格式：`add 注入内容` 或 `add {{message: {{zh: ...}}, to: [...], effect: [...]}}`",
        "flag_decision": " 决策点 {id}", "flag_paused": " 已暂停",
        "session": "会话 {sid} · 随机种子 {seed} · 灾害影响 {onset} · 10小时时限 {line}",
        "open_items": "以往推演未完成的改进事项（{n}项）：",
        "open_item": "  #{id} 期限 {due} [{role}]：{issue}",
        "roles": "岗位：{roles}", "help_hint": "输入 `help` 查看命令",
        "inject": "[{stamp}] 情景注入 {id}{source}，发给 {to}：", "from": "，来自 {who}", "to_all": "全体",
        "effect": "    影响：{what}", "not_applied": "（未生效：{reason}）",
        "decision": "[{stamp}] 决策点 {id}：{prompt}",
        "decision_help": "    处置（输入菜单编号或 `do {{...}}`），然后输入 `done` 继续",
        "status": "{stamp} · 灾害影响 {onset} · 10小时时限 {line} · 预警：{signals} · 响应 {level}",
        "no_signal": "无",
        "people": "人员：{counts} · 已保障 {secured}",
        "shelter": "  {id} {state} {occ:>5}/{cap:<5} 排队 {queued:<4} 可用：{cover}",
        "zone": "  {id} 在家 {home:>5}/{pop:<5} 积水 {depth:.2f} 米 风速 {wind:.0f} 米/秒",
        "closed_roads": "  中断道路：{roads}",
        "no_actions": "尚无处置动作", "ok": "已执行", "rejected_fate": "未执行：{reason}",
        "no_item": "菜单中没有第 {n} 项（1-{last}）；输入 `menu` 查看",
        "unreadable": "无法识别该动作：{error}",
        "taken": "  已执行 {t} {role}：{what}", "rejected": "  未执行：{reason}",
        "no_role": "没有岗位 {role!r}；岗位：{roles}", "acting_as": "当前岗位：{role}",
        "closed": "决策点 {id} 已关闭", "none_open": "当前没有未关闭的决策点",
        "saved": "会话 {sid} 已保存；用 `stormdrill exercise --resume {sid}` 继续",
        "end": "== 推演结束：{overall}/100（{grade}）==",
        "target": "10小时救助目标：{team}（预案基准：{base}）", "met": "达成", "missed": "未达成",
        "expected": "应执行动作：{counts}", "report": "评估报告：stormdrill report {sid}",
    },
}
STATES = {
    "coming": {"en": "coming", "zh": "待下发"}, "skipped": {"en": "skipped", "zh": "已取消"},
    "released": {"en": "released", "zh": "已下发"}, "answered": {"en": "answered", "zh": "已响应"},
    "overdue": {"en": "OVERDUE", "zh": "已超时"}, "waiting": {"en": "waiting", "zh": "未触发"},
    "due": {"en": "due", "zh": "待执行"}, "done": {"en": "done", "zh": "已完成"},
    "late": {"en": "late", "zh": "延迟完成"}, "missed": {"en": "MISSED", "zh": "未执行"},
}
"""MSEL and plan-rule states in words (training.msel)."""
PLACES_ZH = {"home": "在家", "moving": "转移途中", "queued": "排队登记", "sheltered": "避灾点内", "relatives": "投亲靠友",
             "overflow": "无处安置", "closed": "未开放", "opening": "开放中", "open": "已开放"}
"""Where people are and a shelter's state, in Chinese (the snapshot's words)."""


class TerminalExercise:
    """Plays a Session (or a bare Runner) with a trainer at the keyboard; *pacer* (a
    training.pacing.Pacer) makes it paced, else it is stepped."""

    def __init__(self, session, lang="en", read=input, write=print, pacer=None, who="facilitator"):
        self.session = session
        self.runner = getattr(session, "runner", session)
        self.ex = self.runner.exercise
        self.lang, self.read, self._out = lang, read, write
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

    def write(self, text):
        self.written += 1
        self._out(text)

    def say(self, key, **fields):
        return SAY[self.lang][key].format(**fields)

    def what(self, action):
        """An action in words: the model's syntax in English, a plain sentence in Chinese."""
        return plain_action(action, self.ex.scenario, "zh") if self.lang == "zh" else describe(action)

    def shown_role(self, role):
        """A role as the terminal shows it: its id in English (as typed), its name in Chinese."""
        return role_name(self.ex, role, "zh") if self.lang == "zh" else role

    def word(self, key):
        return PLACES_ZH.get(key, key) if self.lang == "zh" else key

    def stamp(self, t=None):
        return day_clock(self.runner.now if t is None else t, self.start, self.lang)

    # -- the loop ---------------------------------------------------------------------
    def run(self):
        """Play until the end or quit; return the Score, or None if the trainer quit."""
        self._intro()
        polling = self.pacer is not None and self.read is input and _selectable(sys.stdin)
        while self.score is None:
            try:
                line = self._poll() if polling else self.read(self._prompt())
            except EOFError:
                self.write("(end of input: the session is saved and can be resumed)" if self.lang != "zh"
                           else "（输入结束：会话已保存，可继续）")
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
        prompt = self._prompt()
        sys.stdout.write(prompt)
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
                prompt = self._prompt()
                sys.stdout.write(prompt)
                sys.stdout.flush()

    def _prompt(self):
        point = self.runner.pending_decision
        flag = self.say("flag_decision", id=point.id) if point else (self.say("flag_paused") if self.runner.paused else "")
        return f"[{self.stamp()} {self.role}{flag}]> "

    def _intro(self):
        ex, sid = self.ex, getattr(self.session, "id", None)
        name = (ex.spec.name_zh or ex.name) if self.lang == "zh" else ex.name
        self.write(f"== {name} ==")
        if sid is not None:
            self.write(self.say("session", sid=sid, seed=self.runner.seed, onset=clock(self.runner.onset),
                                line=clock(self.runner.deadline)))
        if self.pacer is not None:
            self.write(self.say("paced_next", ratio=self.pacer.ratio))
        _ = texts(self.lang)
        why = _("declared by the exercise") if self.ex.spec.end is not None else _("the end of the scenario")
        self.write(_("the exercise ends at {t} ({why})", t=clock(self.runner.end_h), why=why))
        items = getattr(self.session, "open_items", [])
        if items:
            self.write(self.say("open_items", n=len(items)))
            for item in items:
                self.write(self.say("open_item", id=item["id"], due=item["due"], role=role_name(ex, item["role"], self.lang),
                                    issue=text(item["issue"], self.lang)))
        if self.runner.actions or self.runner.acts:
            if self.lang == "zh":
                acts = f"、{len(self.runner.acts)} 项导调操作" if self.runner.acts else ""
                self.write(f"已恢复到 {clock(self.runner.now)}，重放 {len(self.runner.actions)} 项处置动作{acts}")
            else:
                acts = f" and {len(self.runner.acts)} facilitator acts" if self.runner.acts else ""
                self.write(f"resumed at {clock(self.runner.now)} with {len(self.runner.actions)} logged actions{acts} replayed")
        self.write(self.say("roles", roles=", ".join(f"{r.id} ({role_name(ex, r.id, self.lang)})" for r in ex.spec.roles)))
        self.write(self.say("help_hint"))
        if self.runner.pending_decision is not None:
            self._show_decision(self.runner.pending_decision)

    def _command(self, line):
        word, _, rest = line.partition(" ")
        word = word.lower()
        handlers = {
            "": self._enter, "next": self._next, "go": self._go, "status": self._status, "menu": self._menu,
            "do": self._do, "as": self._as, "done": self._done, "pause": self._pause, "resume": self._resume,
            "log": self._log, "help": self._help, "end": self._end, "quit": self._quit,
            "inbox": self._inbox, "ack": self._ack, "msel": self._msel, "plan": self._plan, "notes": self._notes,
            "release": self._release, "skip": self._skip, "retime": self._retime, "add": self._add,
        }
        if word.split(",")[0].isdigit():
            return self._picks(line)
        handler = handlers.get(word)
        if handler is None:
            self.write(self.say("unknown", word=word))
            return None
        return handler(rest.strip())

    # -- the clock --------------------------------------------------------------------
    def _enter(self, _rest=""):
        if self.pacer is None:
            self.write(self.say("enter_stepped"))
        else:
            paused = (" · paused" if self.lang != "zh" else " · 已暂停") if self.runner.paused else ""
            self.write(self.say("enter_paced", stamp=self.stamp(), ratio=self.pacer.ratio, paused=paused))

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
        if self.runner.paused:
            self.write(self.say("paused_first"))
            return None
        if self.runner.pending_decision is not None:
            self.write(self.say("decision_open", id=self.runner.pending_decision.id))
            return None
        step = self.runner.advance(to_t)
        if self.pacer is not None:  # paced: the wall clock goes on from here
            self.pacer.last = self.pacer.clock()
        return self._show_step(step)

    def _show_step(self, step, expired=None, quiet=False):
        """Show what a step (or a pacer's tick) brought: injects, passed deadlines, a decision,
        the situation (with *quiet*, only when an inject or a decision point came)."""
        if expired is not None:
            self.write(self.say("expired", stamp=self.stamp(), id=expired.id))
        for delivery in step.injects:
            self._show_inject(delivery)
        for line in self.deadlines.lines(self.lang, self.start):
            self.write(line)
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
            self.write(self.say("left", s=tick.left_s))
        return result

    def _facilitate(self, act):
        entry = self.runner.facilitate(act, who=self.who)
        if entry.accepted:
            self.write(self.say("act_ok", what=act_text(entry.act, self.lang)))
            step = self.runner.advance(self.runner.now)  # what it delivered, the clock unmoved
            for delivery in step.injects:
                self._show_inject(delivery)
        else:
            self.write(self.say("act_refused", reason=entry.reason))
        return entry

    def _pause(self, _rest):
        entry = self.runner.facilitate({"act": "pause"}, who=self.who)
        self.write(self.say("paused") if entry.accepted else self.say("act_refused", reason=entry.reason))

    def _resume(self, _rest):
        entry = self.runner.facilitate({"act": "resume"}, who=self.who)
        self.write(self.say("resumed") if entry.accepted else self.say("act_refused", reason=entry.reason))

    # -- the facilitator's console ---------------------------------------------------------
    def _release(self, rest):
        self._facilitate({"act": "release", "inject": rest})

    def _skip(self, rest):
        self._facilitate({"act": "skip", "inject": rest})

    def _retime(self, rest):
        inject, _, when = rest.partition(" ")
        when = when.strip()
        try:
            at = self.runner.now + parse_duration(when[1:]) if when.startswith("+") else parse_duration(
                when[2:] if when.upper().startswith("T+") else when)
        except ValueError:
            self.write(self.say("retime_usage"))
            return
        self._facilitate({"act": "retime", "inject": inject, "at": at})

    def _add(self, rest):
        if not rest:
            self.write(self.say("add_usage"))
            return
        if rest.startswith("{"):
            try:
                act = read_value(rest, "add")
            except ScenarioError as exc:
                self.write(f"{self.say('add_usage')} ({line_problem(exc)})")
                return
            if not isinstance(act, dict):
                self.write(self.say("add_usage"))
                return
            act = {"act": "add_inject", **act}
        else:
            act = {"act": "add_inject", "message": {self.lang: rest}}
        self._facilitate(act)

    def _msel(self, _rest):
        for item in msel(self.runner):
            when = clock(item.delivered_t) if item.delivered_t is not None else (
                clock(item.due_t) if item.due_t is not None else self._item_when(item))
            to = ",".join(item.to)
            state = STATES[item.state][self.lang]
            self.write(f"  {item.id:<5} {state:<9} {when:<10} → {to}: {_short(item.text.get(self.lang))}")

    def _plan(self, _rest):
        for rule in plan_status(self.runner):
            name, when = self._rule_words(rule)
            when = clock(rule.fired_t) if rule.fired_t is not None else when
            word = "时限" if self.lang == "zh" else "due"
            due = f" {word} {clock(rule.fired_t + rule.deadline_h)}" if rule.fired_t is not None else ""
            self.write(f"  {rule.id:<5} {STATES[rule.state][self.lang]:<9} {when}{due}  {_short(name)}")

    def _item_when(self, item):
        """An inject's or decision point's trigger: as written in English, in plain words in Chinese."""
        spec = self.ex.injects.get(item.id) or self.ex.decisions.get(item.id)
        if self.lang != "zh" or spec is None:
            return item.when
        return plain_trigger(spec.when, self.ex.scenario, "zh")

    def _rule_words(self, rule):
        """(name, trigger) of a plan rule in the terminal's language."""
        if self.lang != "zh":
            return rule.name, rule.when
        plan = next((r for r in self.ex.scenario.plan.rules if r.id == rule.id), None)
        if plan is not None:
            return plan.name_zh or plan.name, plain_trigger(plan.when, self.ex.scenario, "zh")
        _, shelter, item = rule.id.split(":")  # the reorder rule: resupply:SHELTER:ITEM
        cover = self.ex.scenario.plan.resupply.cover_below
        return (f"补给{item_name(item, 'zh')}（{shelter}）", f"{shelter}{item_name(item, 'zh')}不足{cover:g}小时用量")

    def _notes(self, rest):
        item = next((m for m in msel(self.runner) if m.id == rest), None)
        if item is None:
            self.write(self.say("no_inject", id=rest))
            return
        self.write(f"{item.id}: {item.text.get(self.lang)}")
        spec = self.ex.injects.get(item.id) or self.ex.decisions.get(item.id)
        notes = (getattr(spec, "notes_zh", "") or item.notes) if self.lang == "zh" else item.notes
        self.write(self.say("notes", notes=notes) if notes else self.say("no_notes"))
        for e in item.expected:
            due = clock(e.due_by) if e.due_by is not None else "-"
            self.write(self.say("expects", what=self.what(e.action), due=due, state=STATES[e.state][self.lang]))

    # -- the players' inboxes ---------------------------------------------------------------
    def _inbox(self, _rest):
        items = self.runner.inbox(self.role)
        if not items:
            self.write(self.say("inbox_empty", role=self.role))
        for item in items:
            mark = "✓" if item.ack is not None else "·"
            self.write(f"  {mark} [{self.stamp(item.delivery.t)}] {item.inject.id}: {_short(item.inject.message.get(self.lang))}")

    def _ack(self, rest):
        try:
            ack = self.runner.acknowledge(self.role, rest)
        except ValueError as exc:
            self.write(self.say("act_refused", reason=exc))
            return
        from .words import hm

        self.write(self.say("acked", role=self.role, id=ack.inject, delay=hm(ack.delay_h, self.lang)))

    # -- showing ----------------------------------------------------------------------
    def _show_inject(self, delivery):
        inject = delivery.inject
        to = self.say("to_all") if inject.to == "all" else ", ".join(role_name(self.ex, r, self.lang) for r in inject.to)
        sender = inject.sender(self.lang)
        source = self.say("from", who=sender) if sender else ""
        self.write(self.say("inject", stamp=self.stamp(delivery.t), id=inject.id, source=source, to=to))
        self.write(f"    {inject.message.get(self.lang)}")
        for action, accepted, reason in delivery.effects:
            self.write(self.say("effect", what=self.what(action)) + ("" if accepted else self.say("not_applied", reason=reason)))

    def _show_decision(self, point):
        self._shown = point.id
        self.write(self.say("decision", stamp=self.stamp(), id=point.id, prompt=point.prompt.get(self.lang)))
        self._menu("")
        self.write(self.say("decision_help"))

    def _status(self, _rest):
        for line in status_lines(self.runner, self.lang):
            self.write(line)

    def _log(self, _rest):
        if not self.runner.actions:
            self.write(self.say("no_actions"))
        for a in self.runner.actions:
            fate = self.say("ok") if a.accepted else self.say("rejected_fate", reason=a.reason)
            why = f" — {a.rationale}" if a.rationale else ""
            self.write(f"  {a.seq:>3} {clock(a.t)} {self.shown_role(a.role)}: {self.what(a.action)}{why} [{fate}]")
        for a in self.runner.acts:
            fate = ("已执行" if a.accepted else f"未执行：{a.reason}") if self.lang == "zh" else (
                "ok" if a.accepted else f"REFUSED: {a.reason}")
            self.write(f"  F{a.seq:>2} {clock(a.t)} {a.who}: {act_text(a.act, self.lang)} [{fate}]")

    def _help(self, _rest):
        roles = ", ".join(self.ex.roles)
        self.write(HELP[self.lang].format(roles=roles, sid=getattr(self.session, "id", "ID")))

    # -- acting -----------------------------------------------------------------------
    def _menu(self, rest=""):
        """The acting role's menu (training.roles.menu); ``menu KIND`` lists every choice of one kind."""
        _ = texts(self.lang)
        kind = rest.strip() or None
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
                    self.write(_("  due now, as the plan expects of {role}:", role=role_name(self.ex, self.role, self.lang)))
                else:
                    self.write(_("  other actions:"))
            label = item.label[self.lang]
            if item.option is not None:
                label = f"{label}  [{self.what(item.action)}]"
            self.write(f"  {i:>3}. {label}")
        for kind_, label, n in menu.folded:
            self.write(_("  more: `menu {kind}` lists {n} choices ({label})", kind=kind_, n=n, label=label[self.lang]))
        if not self.menu and not menu.folded:
            self.write(_("  nothing {role} may do now", role=role_name(self.ex, self.role, self.lang)))

    def _picks(self, line):
        """Take the menu items numbered at the start of *line* (``1 2 3`` or ``1,2,3``); the rest is the rationale."""
        _ = texts(self.lang)
        numbers, rest = menu_picks(line)
        if not self.menu:
            self.menu = list(roles.menu(self.runner, self.role).items)
        bad = [n for n in numbers if not 1 <= n <= len(self.menu)]
        if bad:
            self.write(_("no item {n} in the menu (1-{last}); type `menu`", n=bad[0], last=len(self.menu)))
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
        body, _, why = rest.partition(" -- ")
        try:
            action = read_value(body, "do")
        except ScenarioError as exc:
            self.write(self.say("unreadable", error=line_problem(exc)))
            return None
        return self._take(action, why.strip())

    def _take(self, action, why):
        entry = self.runner.act(self.role, action, why)
        if entry.accepted:
            self.write(self.say("taken", t=clock(entry.t), role=self.shown_role(self.role),
                                what=self.what(entry.action)))
        else:
            self.write(self.say("rejected", reason=entry.reason))
        return None

    def _as(self, rest):
        if rest not in self.ex.roles:
            self.write(self.say("no_role", role=rest, roles=", ".join(self.ex.roles)))
            return None
        self.role = rest
        self.write(self.say("acting_as", role=role_name(self.ex, rest, self.lang)))

    def _done(self, _rest):
        point = self.runner.close_decision(self.role)
        self.write(self.say("closed", id=point.id) if point else self.say("none_open"))

    # -- the end ----------------------------------------------------------------------
    def _quit(self, _rest):
        sid = getattr(self.session, "id", None)
        if sid is not None:
            self.write(self.say("saved", sid=sid))
        return "quit"

    def _end(self, _rest=""):
        """End the exercise now (a facilitator act, recorded) or at its declared end, and score
        what fell due before it."""
        _, lang = texts(self.lang), self.lang
        if not self.runner.finished:
            entry = self.runner.facilitate({"act": "end"}, who=self.who)
            if not entry.accepted:
                self.write(self.say("act_refused", reason=entry.reason))
                return None
        self.write(_("the exercise ends at {t}: what fell due after it is not scored", t=clock(self.runner.now)))
        finish = getattr(self.session, "finish", None) or self.runner.finish
        self.score = score = finish()
        self.write(self.say("end", overall=score.overall, grade=GRADE[score.grade][lang]))
        self.write(self.say("target", team=self.say("met" if score.target_met else "missed"),
                            base=self.say("met" if score.target_met_baseline else "missed")))
        self.write(self.say("expected", counts=", ".join(f"{STATUS[k][lang]} {n}" for k, n in score.counts.items())))
        for o in score.objectives:
            self.write(f"  {o.id} {(o.name_zh or o.name) if lang == 'zh' else o.name}: {RATING[o.rating][lang]}")
        for line in ack_lines(self.runner, lang):
            self.write(line)
        sid = getattr(self.session, "id", None)
        if sid is not None:
            self.write(self.say("report", sid=sid))
        return "end"


POLL_S = 0.5
"""Paced mode at a terminal: how often (real seconds) the clock is brought up to the wall clock while waiting."""


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
    from .words import hm

    per_role = {}
    for ack in runner.acks.values():
        per_role.setdefault(ack.role, []).append(ack.delay_h)
    if not per_role:
        return []
    head = "time to acknowledge injects (mean, slowest):" if lang != "zh" else "情景注入确认用时（平均，最长）："
    return [head] + [f"  {role_name(runner.exercise, r, lang)}: {hm(sum(d) / len(d), lang)}, {hm(max(d), lang)} ({len(d)})"
                     for r, d in per_role.items()]


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
