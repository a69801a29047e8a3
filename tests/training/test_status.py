"""The live status agrees with the score: `plan`, `msel` and `status` read the scorer's own
verdicts on the session so far, so an opening ahead of a trigger the plan allows is done,
and a token load is not."""
from training import load_exercise
from training.msel import plan_status
from training.runner import Runner
from training.status import DeadlineWatch, status_lines

from exercise_helpers import TUTORIAL


def test_plan_status_agrees_with_the_final_score():
    runner = Runner(load_exercise(TUTORIAL))
    for shelter in ("S1", "S2"):  # ahead of the yellow signal: P2 says early is fine
        runner.act("shelter_manager", {"action": "open_shelter", "shelter": shelter})
    runner.act("commander", {"action": "raise_response", "level": "IV"})
    runner.act("logistics", {"action": "dispatch", "depot": "D1", "shelter": "S1", "items": {"bedding": 1}})  # a token
    watch = DeadlineWatch(runner)
    runner.advance(0.5)
    live = {r.id: r for r in plan_status(runner)}
    assert live["resupply:S1:bedding"].state == "due"  # an hour to top up S1's bedding after opening it
    while runner.now < 3.0:
        step = runner.advance(3.0)
        if step.decision is not None:
            runner.close_decision("commander")
    live = {r.id: r for r in plan_status(runner)}
    assert live["P2"].state == "done" and live["P1"].state == "missed"
    assert live["resupply:S1:bedding"].state == "partial" and live["resupply:S2:bedding"].state == "missed"
    passed = {(v.source_id, v.expected["action"]) for v in watch.passed()}
    assert ("P1", "warn") in passed and ("resupply:S1:bedding", "dispatch") in passed
    assert ("P2", "open_shelter") not in passed  # done in time: never announced
    counts = next(line for line in status_lines(runner, "en") if line.startswith("expected actions so far"))
    assert "done 3" in counts and "partly done 1" in counts and "missed" in counts

    final = {(v.source_id, v.expected["action"]): v.status for v in runner.finish().verdicts}
    assert final[("P2", "open_shelter")] == "full" and final[("P1", "warn")] == "missing"
    assert final[("resupply:S1:bedding", "dispatch")] == "partial"


def test_status_shows_depots_trucks_and_a_shelter_out_of_use_in_the_viewers_words():
    runner = Runner(load_exercise(TUTORIAL))
    runner.act("shelter_manager", {"action": "open_shelter", "shelter": "S1"})
    runner.facilitate({"act": "add_inject", "message": {"en": "The roof is torn off"},
                       "effect": [{"action": "shelter_unusable", "shelter": "S2"}]})
    runner.act("logistics", {"action": "dispatch", "depot": "D1", "shelter": "S1", "items": {"water_l": 500}})
    while runner.now < 0.3:  # the truck is loading or on its way
        runner.advance(0.3)
    en, zh = "\n".join(status_lines(runner, "en")), "\n".join(status_lines(runner, "zh"))
    assert "Village school · open" in en or "Village school · opening" in en
    assert "Township shelter · out of use" in en and "不可用" in zh
    assert "Township reserve · drinking water 23,500 L" in en and "trucks 2: 1 out" in en
    assert "储备库：" in zh and "车辆 2 台" in zh
