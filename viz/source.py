"""What the viewer plays: a free run of a scenario's plan, or an exercise.

Both offer the same small surface to the screens: ``advance(t)``, ``snapshot()``,
``apply(action)``, the event log, what comes next, and at the end a score card and a
report. The viewer never reaches past this into SimPy objects.
"""
import math
from datetime import datetime, timedelta
from pathlib import Path

import sim

NOTABLE = frozenset({
    "signal", "callup", "onset", "plan_rule", "road_closed", "road_open", "shelter_open", "shelter_full",
    "shelter_unusable", "stockout", "power_cut", "generator_failed", "truck_cut_off", "no_assistance",
    "evacuation_order", "inject", "decision",
})
"""Event kinds that "next event" stops at and the feed shows first."""
JUMP_STEP_H = 1 / 12
"""Steps (h) in which "next event" plays forward while it looks for one."""
SCORE_KPIS = ("relief_kept_share", "relief_secured_share", "people_needing_relief", "people_displaced",
              "people_left_in_danger", "relief_p90_h", "ete_90_h", "shelter_overflow", "first_stockout_h")
"""KPIs on the score card, in order."""


def start_time(scenario):
    """The scenario's wall-clock start as a datetime, or None if it gives none."""
    try:
        return datetime.fromisoformat(scenario.spec.start) if scenario.spec.start else None
    except ValueError:
        return None


def wall_clock(start, t_h):
    """The wall-clock time at *t_h* hours after *start* (a datetime), or None."""
    return None if start is None else start + timedelta(hours=t_h)


class FreeRun:
    """A scenario played in plan mode: the community plan acts; trainees may add actions."""

    kind = "free"

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

    def plan_rows(self, t):
        """The plan panel as rows (text, right text, colour key, second line): each rule and when it fired."""
        rows = []
        for rule, fired in self.expected():
            right = t("plan.fired", t=_hm(fired)) if fired is not None else t("plan.waiting")
            rows.append((t("plan.rule", id=rule.id, name=rule.name), right, "text_good" if fired is not None else "text_dim",
                         t("plan.when", trigger=rule.when.describe(), deadline=t("unit.h", n=f"{rule.deadline:g}"))))
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
        """Write a short after-action report (Markdown) next to nothing it would overwrite; return its path."""
        card = self.score_card()
        path = free_path(Path(folder), f"report-{Path(self.scenario.file).parent.name or 'run'}-seed{self.seed}", ".md")
        lines = [f"# {self.scenario.name}: free run, seed {self.seed}", "",
                 f"10-hour relief target: {'met' if card.met else 'missed'}", ""]
        lines += [f"- {r.text('en')}" for r in card.verdict.reasons] + ["", "| KPI | value |", "| --- | --- |"]
        lines += [f"| {name} | {_plain(value)} |" for name, value in card.kpis]
        lines += ["", "## Events", ""]
        lines += [f"- T+{e['t']:.2f} h {e['kind']}" for e in self.engine.events if e["kind"] in NOTABLE]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path


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


def _hm(hours):
    from .format import hm

    return hm(hours)


def _plain(value):
    if isinstance(value, float):
        return "never" if math.isinf(value) else f"{value:.3g}"
    return str(value)
