"""Helpers of the exercise tests: the tutorial exercise and scripted teams."""
from pathlib import Path

import sim

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "scenarios" / "tutorial_village" / "exercise.yaml"


def plan_actions(exercise, seed=0, reorders=True):
    """What the plan-mode baseline did, as (t, action) in order: the plan's rules and
    its reorder rule's dispatches. A team doing exactly this follows the plan to the letter
    (including the plan's actions the model turned down because they were already done).
    ``reorders=False`` leaves out the reorder rule's dispatches of consumables (the top-ups of
    durables at opening stay), for a team that answers the rule's triggers itself
    (``play_plan(..., reorders="answer")``)."""
    base = sim.run(exercise.scenario, seed=seed)
    items = exercise.scenario.relief.items
    out = []
    for e in base.events:
        if e["kind"] in ("action", "action_rejected") and e["source"].startswith("plan:"):
            out.append((e["t"], e["action"]))
        elif e["kind"] == "dispatch":
            if not reorders and e["source"] == "resupply" and not all(items[k].durable for k in e["items"]):
                continue
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


def play_plan(runner, script, role="commander", reorders="replay"):
    """Play *script* (the plan's actions, ``plan_actions``) and answer every inject and
    decision point as its expected actions say, at the moment it arrives: the team a
    trainer would hold up as doing the plan exactly on time. ``reorders="answer"``: the team
    also answers each trigger of the reorder rule in its own run, at once, with what the rule
    would send then (use with ``plan_actions(..., reorders=False)``): answering injects can
    move people sooner than the plan's own run did, and the baseline's reorder times then no
    longer match this run's triggers."""

    def answer(items):
        for item in items:
            for e in item.expect:
                runner.act(e.role or role, e.do.model_dump(by_alias=True), "as the script expects")

    def reorder(rules):
        for rule_id, _ in rules:
            need = runner.needs.get(rule_id) if rule_id.startswith("resupply:") else None
            if need and need["units"] > 0:
                _, shelter, item = rule_id.split(":")
                depot = next(d.id for d in runner.exercise.scenario.depots if d.trucks)
                runner.act(role, {"action": "dispatch", "depot": depot, "shelter": shelter,
                                  "items": {item: need["units"]}}, "as the reorder rule would")

    def step_to(t):
        while runner.now < t and not runner.finished:
            # a rule's trigger does not stop the clock as an inject does: look every 6 minutes
            step = runner.advance(min(t, runner.now + 0.1) if reorders == "answer" else t)
            if reorders == "answer":
                reorder(step.rules)
            answer(d.inject for d in step.injects)
            if step.decision is not None:
                answer([step.decision])
                runner.close_decision(role)

    for t, action in script:
        step_to(t)
        runner.act(role, action, "scripted")
    step_to(runner.horizon)
    return runner
