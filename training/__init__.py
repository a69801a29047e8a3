"""Guided tabletop exercises on top of sim: injects, decision points, scoring, sessions, reports.

    from training import load_exercise, Runner
    exercise = load_exercise("scenarios/tutorial_village/exercise.yaml")
    runner = Runner(exercise)
    step = runner.advance(runner.horizon)   # stops at the next inject or decision point
    runner.act("commander", {"action": "open_shelter", "shelter": "S1"}, "the river is rising")
    score = runner.finish()

Live facilitation (docs/exercise-format.md): ``runner.facilitate(act, who)``,
``runner.inbox(role)``, ``runner.acknowledge(role, inject_id)``, ``msel(runner)``,
``plan_status(runner)``, ``SituationWatch(runner).since_last()``, ``Pacer(runner, ratio)``.

No pygame here: the viewer drives the same Runner.
"""
from .exercise import Exercise, load_exercise
from .facilitation import Ack, ActEntry, InboxItem, parse_act
from .msel import MselItem, RuleStatus, msel, plan_status
from .pacing import Pacer, Tick
from .runner import ActionEntry, Delivery, Journal, Runner, Step
from .scoring import Score, score
from .situation import Situation, SituationWatch

__all__ = ["Ack", "ActEntry", "ActionEntry", "Delivery", "Exercise", "InboxItem", "Journal", "MselItem", "Pacer",
           "RuleStatus", "Runner", "Score", "Situation", "SituationWatch", "Step", "Tick", "load_exercise", "msel",
           "parse_act", "plan_status", "score"]
