"""Helpers of the exercise tests: the tutorial exercise and scripted teams."""
from pathlib import Path

import sim

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "scenarios" / "tutorial_village" / "exercise.yaml"


def plan_actions(exercise, seed=0):
    """What the plan-mode baseline did, as (t, action) in order: the plan's rules and
    its reorder rule's dispatches. A team doing exactly this follows the plan to the letter."""
    base = sim.run(exercise.scenario, seed=seed)
    out = []
    for e in base.events:
        if e["kind"] == "action" and e["source"].startswith("plan:"):
            out.append((e["t"], e["action"]))
        elif e["kind"] == "dispatch":
            out.append((e["t"], {"action": "dispatch", "depot": e["depot"], "shelter": e["shelter"], "items": e["items"]}))
    return out


def play(runner, script, role="commander"):
    """Take each (t, action) of *script* at time t, closing decision points on the way."""
    for t, action in script:
        while runner.now < t:
            step = runner.advance(t)
            if step.decision is not None:
                runner.close_decision(role)
        runner.act(role, action, "scripted")
    return runner
