"""Scoring against the community plan: what a trainer reads off the score."""
import pytest

from training import Runner
from training.record import record_of
from training.scoring import score

from exercise_helpers import play, play_plan


def test_team_following_the_plan_on_time_scores_full_and_matches_the_baseline(exercise, plan_team):
    runner = play_plan(Runner(exercise), plan_team)
    result = score(record_of(runner))
    assert result.verdicts, "the plan's rules fired, so there is something to score"
    assert {v.status for v in result.verdicts} == {"full"}
    assert result.timeliness == 1.0
    # team and plan alike (the village's plan passes since issue 23: forced transfer of the refusers)
    assert result.target_met == result.target_met_baseline
    team, base = runner.run_out().kpis, runner.baseline().kpis
    for key in ("people_evacuated", "people_to_shelters", "people_in_danger_at_peak", "shelter_overflow",
                "relief_target_met", "people_displaced", "relief_unsecured_at_end"):
        assert team[key] == base[key], key
    # event times are logged to the microsecond, so the team acts within 1e-6 h of the plan
    assert team["ete_90_h"] == pytest.approx(base["ete_90_h"], abs=1e-5)
    # ... so the plan to the letter meets the 10-hour target, and the outcome is measured against
    # what the plan promised
    assert result.target_met and team["verdict"] == "PASS"
    relief = next(o for o in result.outcomes if o.kpi == "relief_target_met")
    assert relief.score == pytest.approx(team["relief_kept_share"] / exercise.scenario.relief.target_share)
    assert relief.score == pytest.approx(1.0)
    assert result.outcome == pytest.approx(1.0) and result.overall == 100 and result.grade == "excellent"
    assert all(o.rating == "P" for o in result.objectives)


def test_team_doing_nothing_misses_the_target_and_cannot_perform_the_evacuation(exercise):
    runner = Runner(exercise)
    while not runner.finished:
        if runner.advance(runner.horizon).decision is not None:
            runner.close_decision()
    result = score(record_of(runner))
    kpis = runner.run_out().kpis
    assert kpis["people_in_danger_at_peak"] > 10 * runner.baseline().kpis["people_in_danger_at_peak"]
    assert not result.target_met
    evacuation = next(o for o in result.objectives if o.id == "O2")
    assert evacuation.rating == "U"
    assert {v.status for v in result.verdicts} == {"missing"}
    assert result.grade == "fail"


def test_late_shelter_opening_is_scored_late_with_the_delay(exercise, plan_team):
    late = []
    for t, action in plan_team:
        if action["action"] == "open_shelter":
            t += 2.5  # 2 h 30 min after the plan opened it
        late.append((t, action))
    late.sort(key=lambda x: x[0])
    runner = play_plan(Runner(exercise), late)
    result = score(record_of(runner))
    opening = [v for v in result.verdicts if v.expected["action"] == "open_shelter"]
    assert [v.status for v in opening] == ["late", "late"]
    trigger = runner.rule_times["P2"]
    for v in opening:
        assert v.delay_h == pytest.approx(0.5 + 2.5, abs=1e-5)  # the plan's own 30-min delay, then 2.5 h more
        assert v.overdue_h == pytest.approx(3.0 - 1.0, abs=1e-5)  # past the 1-h deadline
        assert v.due_from == trigger
        assert "late" in v.explain() and "completed 3 h 00 min after the trigger" in v.explain()
        assert "shelter manager" not in v.explain() and "Community secretary (commander)" in v.explain()
        assert "2 h 00 min past the 1 h 00 min deadline" in v.explain()
    others = [v for v in result.verdicts if v.expected["action"] != "open_shelter"]
    assert all(v.status == "full" for v in others)
    assert 0 < result.timeliness < 1


def test_acting_on_the_wrong_target_is_scored_wrong_and_a_partial_answer_missing(exercise):
    runner = Runner(exercise)
    while runner.now < 1.5:  # past the yellow signal (P2: open S1 and S2)
        runner.advance(1.5)
    runner.act("shelter_manager", {"action": "open_shelter", "shelter": "S1"})
    while runner.now < 16.5:  # past the orange signal (P3: evacuate Z1, Z2's assisted residents)
        if runner.advance(16.5).decision is not None:
            runner.act("grid_worker", {"action": "order_evacuation", "zone": "Z3"}, "the hill looks unsafe")
            runner.close_decision()
    result = score(record_of(runner))
    p2 = {v.expected["shelter"]: v.status for v in result.verdicts
          if v.source_id == "P2" and v.expected["action"] == "open_shelter"}
    assert p2 == {"S1": "full", "S2": "missing"}  # opening S1 does P2's first action, not S2's wrongly
    p3 = [v for v in result.verdicts if v.source_id == "P3" and v.expected["action"] == "order_evacuation"]
    assert [v.status for v in p3] == ["wrong", "wrong"]
    assert "the team did order everyone of Hillside (Z3) to evacuate instead" in p3[0].explain()
    assert "Grid worker / flood responsibility holder" in p3[0].explain()  # who did it, and when
    assert p3[0].cited and p3[0].cited[0][1] == "grid_worker"


def test_scoring_is_a_pure_function_of_the_record(exercise, plan_team):
    record = record_of(play(Runner(exercise), plan_team[:4]))
    assert score(record) == score(record)
