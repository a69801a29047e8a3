"""Helpers of the exercise tests: the tutorial exercise and scripted teams."""
from pathlib import Path

import sim

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "scenarios" / "tutorial_village" / "exercise.yaml"


def plan_actions(exercise, seed=0):
    """What the plan-mode baseline did, as (t, action) in order: the plan's rules and
    its reorder rule's dispatches. A team doing exactly this follows the plan to the letter
    (including the plan's actions the model turned down because they were already done)."""
    base = sim.run(exercise.scenario, seed=seed)
    out = []
    for e in base.events:
        if e["kind"] in ("action", "action_rejected") and e["source"].startswith("plan:"):
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


def play_plan(runner, script, role="commander"):
    """Play *script* (the plan's actions, ``plan_actions``) and answer every inject and
    decision point as its expected actions say, at the moment it arrives: the team a
    trainer would hold up as doing the plan exactly on time."""

    def answer(items):
        for item in items:
            for e in item.expect:
                runner.act(e.role or role, e.do.model_dump(by_alias=True), "as the script expects")

    def step_to(t):
        while runner.now < t and not runner.finished:
            step = runner.advance(t)
            answer(d.inject for d in step.injects)
            if step.decision is not None:
                answer([step.decision])
                runner.close_decision(role)

    for t, action in script:
        step_to(t)
        runner.act(role, action, "scripted")
    step_to(runner.horizon)
    return runner
