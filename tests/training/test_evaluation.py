"""The evaluator's judgement: overrides beside the computed verdicts, observations, who and when."""
import subprocess
import sys

import pytest

from exercise_helpers import ROOT, TUTORIAL, play
from training.evaluation import EvaluationError, make
from training.evaluate_console import numbered_verdicts
from training.report import write_report
from training.scoring import score
from training.session import Session
from training.store import SessionStore


@pytest.fixture
def finished(tmp_path, exercise):
    """A session where the team opened S1 2.5 h late and did little else."""
    store = SessionStore(tmp_path / "s.db")
    session = Session.start(store, exercise, participants=[("commander", "Li")])
    play(session.runner, [(4.0, {"action": "open_shelter", "shelter": "S1"})])
    session.finish()
    return store, session.id


def _s1(result):
    return next(v for v in result.verdicts if v.source_id == "P2" and v.expected.get("shelter") == "S1")


def test_an_override_is_recorded_with_who_and_when_and_counts_beside_the_computed_verdict(finished, tmp_path):
    store, sid = finished
    before = score(store.record(sid))
    v = _s1(before)
    assert v.status == "late"
    keys = {x.key for x in before.verdicts}
    store.add_evaluation(sid, make("override", v.key, "full", "the school opened on time; the log was typed late",
                                   "Wang Fang", "evaluator", None, keys, ["O1", "O2", "O3", "O4"]))
    store.add_evaluation(sid, make("observation", "objective:O3", "strength", "beds ready in 40 minutes",
                                   "Wang Fang", "evaluator", None, keys, ["O1", "O2", "O3", "O4"]))
    after = score(store.record(sid))
    w = _s1(after)
    assert w.status == "late" and w.final_status == "full" and w.points == 1.0  # computed kept, evaluator counts
    assert w.override.evaluator == "Wang Fang" and w.override.recorded_at
    assert after.timeliness > before.timeliness
    o3 = next(o for o in after.objectives if o.id == "O3")
    assert [e.comment for e in o3.observations] == ["beds ready in 40 minutes"]
    page = write_report(store.record(sid), tmp_path / "aar", store=store).read_text(encoding="utf-8")
    assert "Evaluator judgements" in page and "the log was typed late" in page and "Wang Fang" in page
    assert "beds ready in 40 minutes" in page
    zh = write_report(store.record(sid), tmp_path / "aar", lang="zh", store=store).read_text(encoding="utf-8")
    assert "评估员评定" in zh and "评估员观察记录" in zh


def test_only_an_evaluator_or_the_facilitator_with_a_comment_may_judge(finished):
    store, sid = finished
    keys = {v.key for v in score(store.record(sid)).verdicts}
    key = next(iter(keys))
    with pytest.raises(EvaluationError, match="may not evaluate"):
        make("override", key, "full", "x", "Li", "commander", None, keys, ["O1"])
    with pytest.raises(EvaluationError, match="comment"):
        make("override", key, "full", " ", "Li", "facilitator", None, keys, ["O1"])
    with pytest.raises(EvaluationError, match="rating"):
        make("override", "objective:O1", "A", "x", "Li", "facilitator", None, keys, ["O1"])
    with pytest.raises(EvaluationError, match="no objective"):
        make("observation", "objective:O9", "strength", "x", "Li", "evaluator", None, keys, ["O1"])
    assert store.evaluations(sid) == ()


def test_stormdrill_evaluate_in_the_terminal_overrides_and_observes(finished, tmp_path):
    store, sid = finished
    listing = numbered_verdicts(store.exercise(sid), score(store.record(sid)).verdicts)  # numbered as on the form
    n = next(i for i, v in listing if v.source_id == "P2" and v.expected.get("shelter") == "S1")
    script = (f"override {n} full -- opened on time by the evaluator's watch\n"
              "override O3 S -- the team improvised well\n"
              "observe O1 improvement -- nobody checked the elderly got the SMS\n"
              "override 999 full -- nothing\n"
              "show\nquit\n")
    out = subprocess.run([sys.executable, "-m", "stormdrill.cli", "evaluate", str(sid), "--as", "Wang Fang",
                          "--db", str(tmp_path / "s.db")], input=script, capture_output=True, text=True, cwd=ROOT,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    assert "no verdict 999" in out.stdout and out.stdout.count("saved #") == 3
    judged = store.evaluations(sid)
    assert [(e.kind, e.rating) for e in judged] == [("override", "full"), ("override", "S"),
                                                     ("observation", "improvement")]
    result = score(store.record(sid))
    assert next(o for o in result.objectives if o.id == "O3").rating == "S"
    items = " ".join(i["issue"] for i in store.improvements(sid))
    assert "open Village school (S1)" not in items  # the overridden verdict left the improvement plan
    refused = subprocess.run([sys.executable, "-m", "stormdrill.cli", "evaluate", str(sid), "--as", "Li", "--role",
                              "commander", "--db", str(tmp_path / "s.db")], input="quit\n", capture_output=True,
                             text=True, cwd=ROOT, timeout=300)
    assert refused.returncode == 2 and "evaluator or facilitator" in refused.stderr


def test_observations_can_be_entered_while_the_exercise_runs(tmp_path, exercise):
    store = SessionStore(tmp_path / "s.db")
    session = Session.start(store, exercise)
    session.runner.advance(2.0)
    out = subprocess.run([sys.executable, "-m", "stormdrill.cli", "evaluate", str(session.id), "--as", "Zhao",
                          "--role", "facilitator", "--lang", "zh", "--db", str(tmp_path / "s.db")],
                         input="observe O2 strength -- 网格员提前摸排独居老人\nquit\n", capture_output=True, text=True,
                         cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "推演仍在进行" in out.stdout
    (e,) = store.evaluations(session.id)
    assert e.role == "facilitator" and e.sim_t is not None and e.comment == "网格员提前摸排独居老人"
