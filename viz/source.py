"""What the viewer plays: a free run of a scenario's plan, or an exercise.

Both offer the same small surface to the screens: ``advance(t)``, ``snapshot()``,
``apply(action)``, the event log, what comes next, and at the end a score card and a
report. The viewer never reaches past this into SimPy objects.
"""
import math
from datetime import timedelta, timezone
from pathlib import Path
from typing import NamedTuple

import sim
from messages import texts

from .format import hours

from .words import KPIS, word

NOTABLE = frozenset({
    "signal", "callup", "onset", "plan_rule", "road_closed", "road_open", "shelter_open", "shelter_full",
    "shelter_unusable", "shelter_out_of_use", "stockout", "power_cut", "generator_failed", "truck_cut_off", "no_assistance",
    "evacuation_order", "inject", "decision",
})
"""Event kinds that "next event" stops at and the feed shows first."""
JUMP_STEP_H = 1 / 12
"""Steps (h) in which "next event" plays forward while it looks for one."""
SCORE_KPIS = ("relief_kept_share", "relief_secured_share", "people_needing_relief", "people_displaced",
              "people_left_in_danger", "relief_p90_h", "ete_90_h", "shelter_overflow", "first_stockout_h",
              "transfer_share")
"""KPIs on the score card, in order."""


class PlanRow(NamedTuple):
    """One rule (or MSEL line) of the facilitator's plan panel."""

    text: str
    right: str  # its state and time, right-aligned
    colour: str  # palette name of the row
    second: str  # a second, indented line ("" for none)


def start_time(scenario):
    """The scenario's local wall-clock start (an aware datetime in its time zone), or None."""
    return scenario.local_time(0.0)


def wall_clock(start, t_h):
    """The local wall-clock time at *t_h* hours after *start* (an aware datetime), or None."""
    if start is None:
        return None
    return (start.astimezone(timezone.utc) + timedelta(hours=t_h)).astimezone(start.tzinfo)


class FreeRun:
    """A scenario played in plan mode: the community plan acts; trainees may add actions."""

    kind = "free"
    lang = None  # zh or en: the App sets the one it shows; None: the one rule (messages.choose)
    t = None  # the viewer's catalogue, set by the App; the report's language

    def __init__(self, scenario, seed=0):
        self.scenario = scenario
        self.seed = seed
        self.engine = sim.Engine(scenario, seed=seed, mode="plan")
        self.title = scenario.name
        self.title_zh = scenario.spec.name_zh
        self._fired, self._scanned = {}, 0  # plan rule -> first time it fired; events read so far

    @property
    def now(self):
        return self.engine.now

    @property
    def horizon(self):
        return self.engine.horizon

    @property
    def events(self):
        return self.engine.events

    @property
    def finished(self):
        return self.engine.now >= self.engine.horizon

    @property
    def pending(self):
        """An inject card or decision waiting for the players (never, in a free run)."""
        return None

    def stop_at(self, t):
        """How far the clock may run towards *t* before something needs the players (h)."""
        return min(t, self.horizon)

    def advance(self, t):
        """Play the model up to *t* (h)."""
        self.engine.run_until(t)

    def snapshot(self):
        return self.engine.snapshot()

    def apply(self, action):
        """Carry out a player's action (a dict); an Outcome with the reason if refused."""
        return self.engine.apply(action, source="player")

    def action_offers(self, now=True):
        """The actions a trainee may add, as forms (training.roles.Offer): a free run has no
        roles, so every kind the scenario can carry out; with *now*, with the choices the
        model offers now (closed shelters to open, roads an action closed to reopen)."""
        from training.roles import scenario_offers

        return scenario_offers(self.scenario, self if now else None)

    def build(self, kind, values):
        """The action of *kind* from a form's chosen *values* (training.roles.build_action);
        training.roles.OfferError if a value was not offered."""
        from training.roles import build_action

        return build_action(self.scenario, kind, values, self)

    def next_event(self):
        """Play on until the next notable event is logged (or the end); return its time (h)."""
        seen = len(self.engine.events)
        while not self.finished:
            self.engine.run_until(self.engine.now + JUMP_STEP_H)
            for event in self.engine.events[seen:]:
                if event["kind"] in NOTABLE:
                    return self.engine.now
            seen = len(self.engine.events)
        return self.engine.now

    def expected(self):
        """The plan's rules with when they fired: [(rule, fired_t or None)] for the facilitator."""
        events = self.engine.events
        for event in events[self._scanned:]:
            if event["kind"] == "plan_rule":
                self._fired.setdefault(event["rule"], event["t"])
        self._scanned = len(events)
        return [(rule, self._fired.get(rule.id)) for rule in self.scenario.plan.rules]

    def upcoming(self):
        """Injects still to come: none in a free run."""
        return []

    def _names(self, t):
        """Display names in *t*'s language (kept for the plan panel)."""
        from .feed import Names

        if getattr(self, "_names_for", (None, None))[0] is not t:
            self._names_for = (t, Names(self.scenario, t))
        return self._names_for[1]

    def plan_rows(self, t):
        """The plan panel as rows (text, right text, colour key, second line): each rule and when it fired."""
        rows = []
        for rule, fired in self.expected():
            right = t("fired T+{t}", t=_hm(fired)) if fired is not None else t("not yet")
            from .format import trigger_text

            trigger = trigger_text(t, self._names(t), rule.when)
            rows.append(PlanRow(t("{id} {name}", id=rule.id, name=t.name(rule)), right,
                                "text_good" if fired is not None else "text_dim",
                         t("when {trigger}; within {deadline}", trigger=trigger, deadline=hours(t, rule.deadline))))
        return rows

    def finish(self):
        """Play to the end and return the score card."""
        self.engine.run_until(self.horizon)
        return self.score_card()

    def score_card(self):
        """ScoreCard of the run so far, from the engine's KPIs."""
        result = self.engine.result()
        kpis = result.kpis
        return ScoreCard(bool(kpis["relief_target_met"]), tuple((k, kpis[k]) for k in SCORE_KPIS), None,
                         verdict=result.verdict)

    def write_report(self, folder="."):
        """Write a short after-action report (Markdown) in the language shown, next to nothing
        it would overwrite; return its path. Events are the feed's lines (repeats merged per
        township), stamped with the local time and day."""
        from .feed import EventFeed, Names
        from .format import day_hm

        t = self.t or texts(self.lang)
        card = self.score_card()
        path = free_path(Path(folder), f"report-{Path(self.scenario.file).parent.name or 'run'}-seed{self.seed}", ".md")
        start = start_time(self.scenario)
        lines = self._report_head(t, card, start)
        kpi, value = t("KPI"), t("value")
        lines += [f"| {kpi} | {value} |", "| --- | --- |"]
        lines += [f"| {word(t, KPIS, key)} | {_plain(value, t)} |" for key, value in card.kpis]
        feed = EventFeed(t, Names(self.scenario, t), NOTABLE)
        feed.update(self.engine.events)
        lines += ["", "## " + t("Events"), ""]
        lines += [f"- {day_hm(t, wall_clock(start, t_h)) if start else EventFeed.stamp(t_h)} {text}"
                  for t_h, text, notable in feed.lines if notable]
        from sim.outfile import write_text

        return write_text(path, "\n".join(lines) + "\n")  # all at once, never through a planted link

    def _report_head(self, t, card, start):
        """The report's title, start, verdict and its reasons, as Markdown lines."""
        from .format import day_hm

        name = t.pick({"zh": self.title_zh, "en": self.title})
        lines = ["# " + t("{name}: free run, seed {seed}", name=name, seed=self.seed), ""]
        if start is not None:
            zone = zone_label(t, start, self.scenario.timezone)
            lines += [t("Start {wall} ({zone})", wall=day_hm(t, start), zone=zone), ""]
        lines += [t("10-hour relief target MET") if card.met else t("10-hour relief target MISSED"), ""]
        if card.verdict is not None:
            lines += ["## " + t("10-hour relief verdict"), ""] + list(card.verdict.lines(t.lang)) + [""]
        return lines


class ScoreCard:
    """The end of a run: whether the 10-hour target was met and why (the relief verdict),
    KPIs, and an exercise score (or None)."""

    def __init__(self, met, kpis, score, lines=(), verdict=None):
        self.met = met
        self.kpis = kpis
        self.score = score
        self.lines = tuple(lines)
        self.verdict = verdict


def free_path(folder, stem, suffix):
    """``folder/stem+suffix``, or with -2, -3 … so that no existing file is overwritten."""
    folder.mkdir(parents=True, exist_ok=True)
    path, n = folder / f"{stem}{suffix}", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}{suffix}"
    return path


def zone_label(t, when, zone):
    """How a time zone is said: its name and UTC offset ('Asia/Shanghai, UTC+8'; in Chinese
    北京时间 for that one)."""
    hours = when.utcoffset().total_seconds() / 3600
    if zone == "Asia/Shanghai" and hours == 8:
        return t("Asia/Shanghai, UTC+8")
    offset = "UTC" + format(hours, "+g")
    return t("{zone}, {offset}", zone=zone, offset=offset)


def _hm(hours):
    from .format import hm

    return hm(hours)


def _plain(value, t=None):
    if isinstance(value, float):
        return (t("never") if t else "never") if math.isinf(value) else f"{value:.3g}"
    return str(value)
