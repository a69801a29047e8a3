"""A full coastal session as a trainer runs one, for the report's tests: five posts, most of
the plan done (some of it late, some left out), every inject acknowledged by its posts,
the facilitator's acts, the evaluator's judgements and notes.

    sid = coastal_session(store)                        # plain words
    sid = coastal_session(store, words=hostile_words)   # every typed text from words(i)
"""
from dataclasses import replace

from training import load_exercise
from training.evaluation import make
from training.scoring import score
from training.session import Session

from exercise_helpers import ROOT, plan_actions

COASTAL = ROOT / "scenarios" / "coastal_street_typhoon" / "exercise.yaml"


def plain_words(i):
    return ["the river is rising", "as the card says", "the grid workers confirmed", "school gate is open",
            "trucks are loaded", "the commander agreed"][i % 6]


def chinese_words(i):
    """What a Chinese team types."""
    return ["河水上涨", "按处置卡执行", "网格员已确认", "学校大门已开", "车辆已装载", "指挥长同意"][i % 6]


CHINESE_PEOPLE = [("commander", "李伟"), ("grid_worker", "张敏"), ("shelter_manager", "陈静"), ("logistics", "周涛"),
                  ("roads", "吴磊")]


def _team(exercise, seed=0):
    """The plan's actions by the posts that own them, with a team's slips: every fourth
    dispatch left out, the coast's door-to-door warning 2.5 h late, one zone never ordered out."""
    out, dispatches = [], 0
    for t, action in plan_actions(exercise, seed):
        kind = action["action"]
        if kind == "dispatch":
            dispatches += 1
            if dispatches % 4 == 0:
                continue
        if kind == "order_evacuation" and action.get("zone") == "C5":
            continue
        if kind == "warn" and action.get("channels") and "door_to_door" in action["channels"]:
            t += 2.5
        out.append((t, exercise.role_for(kind) or "commander", action))
    return sorted(out, key=lambda x: x[0])


def coastal_session(store, words=plain_words, people=None, path=COASTAL, notes=6, evaluator="Wang Fang"):
    """Play the coastal exercise (or a copy at *path*) as a team would and finish it; return
    the session id. *words(i)* gives every text the team, the facilitator and the evaluator type."""
    ex = load_exercise(path)
    people = people or [("commander", "Li Wei"), ("grid_worker", "Zhang Min"), ("shelter_manager", "Chen Jing"),
                        ("logistics", "Zhou Tao"), ("roads", "Wu Lei")]
    session = Session.start(store, ex, participants=people)
    runner, n = session.runner, [0]

    def said():
        n[0] += 1
        return words(n[0])

    pending = []
    for t, role, action in _team(ex) + [(runner.horizon, None, None)]:
        while runner.now < t and not runner.finished:
            step = runner.advance(t)
            for inject_id, to in pending:  # acknowledged at the next stop of the clock
                for r in to:
                    runner.acknowledge(r, inject_id)
            pending = [(d.inject.id, runner.recipients(d.inject)) for d in step.injects]
            for d in step.injects:
                for e in d.inject.expect[::2]:
                    runner.act(e.role or "commander", e.do.model_dump(by_alias=True), said())
            if step.decision is not None:
                runner.close_decision("commander", said())
            if 10.0 <= runner.now and not runner.acts:
                runner.facilitate({"act": "pause"}, who=evaluator)
                runner.facilitate({"act": "resume"}, who=evaluator)
                runner.facilitate({"act": "add_inject", "message": {"zh": said(), "en": said()}, "to": ["roads"],
                                   "effect": [{"action": "close_road", "edge": "R21"}]}, who=evaluator)
        if action is not None and not runner.finished:
            runner.act(role, action, said())
    session.finish()
    _evaluate(store, session.id, said, notes, evaluator)
    return session.id


def _evaluate(store, sid, said, notes=6, evaluator="Wang Fang"):
    """Two overrides and *notes* observations, as an evaluator enters them after the exercise."""
    record = store.record(sid)
    result = score(record)
    keys = {v.key for v in result.verdicts}
    objectives = [o.id for o in result.objectives]
    short = [v for v in result.verdicts if v.status != "full"][:2]
    for v in short:
        store.add_evaluation(sid, make("override", v.key, "late", said(), evaluator, "evaluator", None, keys, objectives))
    for i in range(notes):
        kind = "strength" if i % 2 else "improvement"
        o = objectives[i % len(objectives)]
        e = make("observation", f"objective:{o}", kind, said(), evaluator, "evaluator", None, keys, objectives)
        store.add_evaluation(sid, replace(e, sim_t=12.0 + 0.5 * i))
    return sid
