"""Guided tabletop exercises on top of sim: injects, decision points, scoring, sessions, reports.

    from training import load_exercise, Runner
    exercise = load_exercise("scenarios/tutorial_village/exercise.yaml")
    runner = Runner(exercise)
    step = runner.advance(runner.horizon)   # stops at the next inject or decision point
    runner.act("commander", {"action": "open_shelter", "shelter": "S1"}, "the river is rising")
    score = runner.finish()

No pygame here: the viewer drives the same Runner.
"""
from .exercise import Exercise, load_exercise
from .runner import ActionEntry, Delivery, Journal, Runner, Step
from .scoring import Score, score

__all__ = ["ActionEntry", "Delivery", "Exercise", "Journal", "Runner", "Score", "Step", "load_exercise", "score"]
