"""The two scoring cases of issue 11, as a trainer found them, kept as regression tests."""
import pytest

from exercise_helpers import ROOT, TUTORIAL, plan_actions
from training import Runner, load_exercise
from training.record import record_of
from training.report import build
from training.scoring import score

COASTAL = ROOT / "scenarios" / "coastal_street_typhoon" / "exercise.yaml"


@pytest.fixture(scope="module")
def coastal():
    return load_exercise(COASTAL)


def _play(runner, moves):
    """*moves*: (t, role, action) in time order; decision points are closed on the way."""
    for t, role, action in moves:
        while runner.now < t:
            if runner.advance(t).decision is not None:
                runner.close_decision("commander")
        entry = runner.act(role, action, "regression")
        assert entry.accepted or "already" in entry.reason, entry.reason
    while not runner.finished:
        if runner.advance(runner.horizon).decision is not None:
            runner.close_decision("commander")
    return runner


def _verdict(result, source_id, kind):
    return next(v for v in result.verdicts if v.source_id == source_id and v.expected["action"] == kind)


def test_coastal_sms_broadcast_does_not_earn_the_door_to_door_warning(coastal):
    """P2 asks grid workers to warn the coast door to door on yellow (T+06:42); I7 asks them to
    go to the quay for the fishermen at T+26. The team broadcast an SMS at T+0, ordered Yugang
    out plainly on orange, and did the door-to-door work late. The late actions earn the
    verdicts, as late; the SMS and the plain order earn nothing."""
    sms = {"action": "warn", "zones": "all", "channels": ["broadcast", "sms"]}
    coast = ["C1", "C2", "C3", "C5", "C8"]
    runner = _play(Runner(coastal), [
        (0.0, "grid_worker", sms),
        (23.0, "grid_worker", {"action": "order_evacuation", "zone": "C2"}),
        (10.0 + 13.0, "grid_worker", {"action": "warn", "zones": coast, "channels": ["door_to_door", "gong"]}),
        (28.5, "grid_worker", {"action": "order_evacuation", "zone": "C2", "channels": ["door_to_door"]}),
    ])
    result = score(record_of(runner))
    p2_warn = _verdict(result, "P2", "warn")
    assert p2_warn.status == "late"
    assert [c[:2] for c in p2_warn.cited] == [(23.0, "grid_worker")]  # the real door-to-door round
    assert "T+00:00" not in p2_warn.explain() and "T+23:00" in p2_warn.explain()
    i7 = _verdict(result, "I7", "order_evacuation")
    assert i7.status == "late" and [c[0] for c in i7.cited] == [28.5]  # not the plain order at T+23
    assert "door-to-door" in i7.explain() and "入户通知" in i7.explain("zh")
    o1 = next(o for o in result.objectives if o.id == "O1")
    assert o1.rating != "P"
    report = build(record_of(runner), result, "en")
    start = report.index(("h2", "Strengths"))
    end = report.index(("h2", "Areas for improvement"))
    strengths = " ".join(b[1] for b in report[start:end] if b[0] == "li")
    assert "P2" not in strengths and "I7" not in strengths


def test_coastal_sms_alone_is_not_the_door_to_door_warning(coastal):
    """Warning the coast again by SMS after the yellow signal is the wrong channel, not on time."""
    runner = _play(Runner(coastal), [
        (7.0, "grid_worker", {"action": "warn", "zones": ["C1", "C2", "C3", "C5", "C8"], "channels": ["sms"]}),
    ])
    p2_warn = _verdict(score(record_of(runner)), "P2", "warn")
    assert p2_warn.status == "wrong" and p2_warn.points == 0
    assert "door-to-door visits" in p2_warn.explain() and "T+07:00" in p2_warn.explain()


def _shelter_items(exercise):
    items = [k for k, spec in exercise.scenario.relief.items.items() if not spec.durable]
    return [(s.id, item) for s in exercise.scenario.shelters for item in items]


def _run_nothing(exercise, moves=()):
    return _play(Runner(exercise), moves)


def test_tutorial_token_dispatches_at_t0_earn_no_resupply_credit():
    """Two teams play the plan's warnings, openings and evacuations. One also sent 1-unit
    dispatches at T+0; it scored 75 (good) with four "full" resupply verdicts, above the team
    that sent nothing (61), with the same unmet water. Now it earns what nothing earns."""
    exercise = load_exercise(TUTORIAL)
    moves = [(t, exercise.role_for(a["action"]), a) for t, a in plan_actions(exercise) if a["action"] != "dispatch"]
    moves = [m for m in moves if m[0] > 0 or m[2]["action"] != "warn"] + [(0.0, "grid_worker", moves[0][2])]
    tokens = [(0.0, "logistics", {"action": "dispatch", "depot": "D1", "shelter": s, "items": {item: 1}})
              for s, item in _shelter_items(exercise)]
    token_team = score(record_of(_run_nothing(exercise, sorted(tokens + moves, key=lambda m: m[0]))))
    nothing = score(record_of(_run_nothing(exercise, sorted(moves, key=lambda m: m[0]))))
    resupply = [v for v in token_team.verdicts if v.source_id.startswith("resupply:")]
    assert resupply, "the shelters ran low, so the reorder rule asked for resupply"
    assert all(v.status != "full" and v.points == 0 for v in resupply)
    assert token_team.overall <= nothing.overall
    assert token_team.overall < 75, (token_team.overall, nothing.overall)


def test_tutorial_token_dispatch_after_the_trigger_is_partial_with_hours_covered():
    """A 1-unit dispatch right after the reorder point is stated as the hours it covers."""
    exercise = load_exercise(TUTORIAL)
    probe = _run_nothing(exercise, [(2.0, "shelter_manager", {"action": "open_shelter", "shelter": "S1"}),
                                    (16.5, "grid_worker", {"action": "order_evacuation", "zone": "Z1"})])
    low = sorted((t, rid) for rid, t in probe.rule_times.items() if rid.startswith("resupply:S1:water"))
    assert low, "S1 runs low on water once Riverside has moved in"
    t_low = low[0][0]
    runner = _run_nothing(exercise, [
        (2.0, "shelter_manager", {"action": "open_shelter", "shelter": "S1"}),
        (16.5, "grid_worker", {"action": "order_evacuation", "zone": "Z1"}),
        (t_low + 0.1, "logistics", {"action": "dispatch", "depot": "D1", "shelter": "S1", "items": {"water_l": 1}}),
    ])
    v = next(v for v in score(record_of(runner)).verdicts if v.source_id == "resupply:S1:water_l")
    assert v.status == "partial" and 0 < v.points < 0.01
    assert "drinking water: covered 0.0 of" in v.explain() and "1 L of" in v.explain()
    assert "饮用水：补足0.0小时" in v.explain("zh")
