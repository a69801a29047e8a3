"""The runner as the viewer and the terminal drive it: stops, decisions, refusals, effects."""
import pytest

from training import Runner
from training.runner import STATE_STEP_H


def test_advance_stops_at_each_inject_in_time_order(exercise):
    runner = Runner(exercise)
    seen = []
    while not runner.finished:
        step = runner.advance(runner.horizon)
        seen += [(d.inject.id, d.t) for d in step.injects]
        if step.decision is not None:
            runner.close_decision()
    times = [t for _, t in seen]
    assert times == sorted(times)
    assert [i for i, _ in seen][:3] == ["I1", "I2", "I3"]
    assert ("I6", 20.0) in seen


def test_next_inject_time_is_where_advance_stops(exercise):
    runner = Runner(exercise)
    runner.advance(runner.horizon)  # I1 at the start
    due = runner.next_inject_time()
    step = runner.advance(runner.horizon)
    assert [d.inject.id for d in step.injects] == ["I2"]
    assert step.t == pytest.approx(due, abs=1e-6)


def test_decision_point_stops_the_clock_until_closed(exercise):
    runner = Runner(exercise)
    while runner.pending_decision is None:
        runner.advance(runner.horizon)
    stopped = runner.now
    point = runner.pending_decision
    assert point.id == "D1"
    step = runner.advance(stopped + 5)
    assert step.t == stopped and step.decision is point
    runner.act("commander", point.options[0].do)
    assert runner.close_decision("commander") is point
    assert runner.advance(stopped + 0.5).t > stopped


def test_inject_on_model_state_stops_within_a_minute(exercise):
    """I14 fires when the village school is 60 % full: a state the team's actions bring about."""
    runner = Runner(exercise)
    runner.act("commander", {"action": "open_shelter", "shelter": "S1"})
    runner.act("commander", {"action": "order_evacuation", "zone": "Z1"})
    stops = {}
    while not runner.finished and "I14" not in stops:
        step = runner.advance(runner.horizon)
        stops.update({d.inject.id: (d.t, step.t) for d in step.injects})
        if step.decision is not None:
            runner.close_decision()
    fired, stopped = stops["I14"]
    assert 0 <= stopped - fired <= STATE_STEP_H + 1e-9
    occupancy = {s.id: s.occupancy for s in runner.snapshot().shelters}
    assert occupancy["S1"] >= 0.6 * 450


def test_inject_effect_changes_the_model(exercise):
    runner = Runner(exercise)
    while runner.now < 27.0:
        if runner.advance(27.5).decision is not None:
            runner.close_decision()
    delivered = {d.inject.id: d for d in runner.deliveries}
    assert delivered["I10"].effects == (({"action": "close_road", "edge": "R8"}, True, ""),)
    assert "R8" in runner.snapshot().closed_roads


def test_invalid_actions_are_rejected_with_the_reason_and_logged(exercise):
    runner = Runner(exercise)
    cases = [
        ("nobody", {"action": "warn"}, "no role 'nobody'"),
        ("logistics", {"action": "open_shelter", "shelter": "S1"}, "may not open_shelter"),
        ("commander", {"action": "open_shelter", "shelter": "S9"}, "no shelter 'S9'"),
        ("commander", {"action": "fly"}, "action"),
    ]
    for role, action, reason in cases:
        entry = runner.act(role, action, "testing")
        assert not entry.accepted and reason in entry.reason
    assert runner.act("commander", {"action": "open_shelter", "shelter": "S1"}).accepted
    again = runner.act("commander", {"action": "open_shelter", "shelter": "S1"})
    assert not again.accepted and "already" in again.reason
    assert [a.accepted for a in runner.actions] == [False, False, False, False, True, False]
    assert [a.rationale for a in runner.actions][:4] == ["testing"] * 4


def test_baseline_is_plan_mode_of_the_same_seed(exercise):
    import sim

    assert Runner(exercise, seed=3).baseline().kpis == sim.run(exercise.scenario, seed=3).kpis
