"""The exercise script format (exercise.yaml): every part as a typed, frozen model.

docs/exercise-format.md is the reference. Durations are hours (or text such as "90min");
triggers and actions are the engine's own (sim.triggers, sim.actions).
"""
from typing import Literal

from pydantic import Field

from messages import texts

from sim.actions import Action
from sim.base import Spec
from sim.triggers import Trigger
from sim.units import PosDuration, Share


class Text(Spec):
    """A message in Chinese and English; either may be left out, not both."""

    zh: str = ""
    en: str = ""

    def get(self, lang):
        """The text in *lang* ("zh" or "en"), or the other one if that is empty."""
        return texts(lang).pick(self)


class Role(Spec):
    """A player's post in the exercise (commander, grid worker, shelter manager, logistics)."""

    id: str
    name: str = ""
    name_zh: str = ""
    actions: list[str] | Literal["all"] = Field("all", description="kinds of action this role may take")
    seats: int | None = Field(None, ge=1, description="how many people may play it at once from seats "
                                                     "(the exercise host); default any number")

    def may(self, kind):
        return self.actions == "all" or kind in self.actions


class Expectation(Spec):
    """An action the plan or the facilitator expects, by a deadline counted from the inject."""

    do: Action
    within: PosDuration = Field(1.0, description="hours after the inject or decision point")
    role: str | None = Field(None, description="role expected to act; default the first role allowed to")
    early: bool = Field(False, description="actions taken before the inject or decision point count too")


class Inject(Spec):
    """One line of the master scenario events list: a message to players, maybe an effect."""

    id: str
    when: Trigger
    from_: str = Field("", alias="from", description="who the message comes from (the observatory, a grid worker)")
    from_zh: str = Field("", description="the sender in Chinese")

    def sender(self, lang):
        """Who the message comes from in *lang* ("zh" or "en"), or in the other if that is empty."""
        return texts(lang).pick({"zh": self.from_zh, "en": self.from_})
    to: list[str] | Literal["all"] = "all"
    message: Text
    effect: list[Action] = Field(default_factory=list, description="actions applied to the model when delivered")
    expect: list[Expectation] = Field(default_factory=list)
    notes: str = Field("", description="for the facilitator only")
    notes_zh: str = ""


class Option(Spec):
    """A suggested answer shown at a decision point."""

    label: Text
    do: Action


class DecisionPoint(Spec):
    """A moment where the clock stops until the players have acted and close it."""

    id: str
    when: Trigger
    roles: list[str] | Literal["all"] = "all"
    prompt: Text
    options: list[Option] = Field(default_factory=list)
    expect: list[Expectation] = Field(default_factory=list)
    notes: str = ""
    notes_zh: str = ""
    limit: PosDuration | None = Field(None, description="paced mode: real time the players have to close it (e.g. 5min)")
    multi: bool = Field(False, description="the players may take several options at once (which shelters to open)")
    options_from: list[Literal["open_shelter", "order_evacuation", "assign_shelter", "raise_response",
                               "request_reserve", "close_road", "reopen_road"]] = Field(
        default_factory=list, description="kinds of action whose every target in the scenario is one more option "
                                          "(open_shelter: one option per shelter)")


class Criterion(Spec):
    """An outcome KPI bound: the team's value compared with a number or with the baseline."""

    kpi: str
    at_most: float | None = None
    at_least: float | None = None
    no_worse_than_baseline: bool = Field(False, description="pass if no worse than the plan-mode baseline")
    lower_is_better: bool = True


class Task(Spec):
    """A critical task: the plan rules, injects / decisions and KPI criteria that show it done."""

    id: str
    name: str = ""
    name_zh: str = ""
    rules: list[str] = Field(default_factory=list, description="plan rule ids whose actions count")
    injects: list[str] = Field(default_factory=list, description="inject or decision ids whose expected actions count")
    criteria: list[Criterion] = Field(default_factory=list)


class Objective(Spec):
    """An exercise objective tied to a core capability, rated P / S / M / U."""

    id: str
    name: str = ""
    name_zh: str = ""
    capability: str = ""
    capability_zh: str = ""

    def capability_in(self, lang):
        """The core capability in *lang* ("zh" or "en"), or in the other if that is empty."""
        return texts(lang).pick({"zh": self.capability_zh, "en": self.capability})
    tasks: list[Task] = Field(min_length=1)


class ScoringSpec(Spec):
    """Knobs of the scoring rubric (docs/exercise-format.md explains each)."""

    in_danger_tolerance: Share = Field(0.02, description="people left in danger above the baseline, as a share of the population, still counted as meeting the target")
    improvement_due_days: int = Field(90, ge=1, le=3650)


class ExerciseSpec(Spec):
    """A whole exercise script."""

    name: str
    name_zh: str = ""
    community: str = Field("", description="whose improvement plan this exercise carries on; default the scenario's name")
    community_zh: str = ""
    description: str = ""
    description_zh: str = ""
    scenario: str = Field(description="scenario file, relative to this file and inside its folder")
    plan: str | None = Field(None, description="plan file to use instead of the one the scenario names")
    seed: int = Field(0, ge=0)
    end: PosDuration | None = Field(None, description="model time the exercise ends (hours since the start, e.g. 50h); "
                                                      "default the scenario's horizon")
    roles: list[Role] = Field(min_length=1)
    objectives: list[Objective] = Field(default_factory=list)
    injects: list[Inject] = Field(default_factory=list)
    decisions: list[DecisionPoint] = Field(default_factory=list)
    scoring: ScoringSpec = Field(default_factory=ScoringSpec)
