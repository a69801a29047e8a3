"""The evaluator's form in the viewer: overrides and observations saved in the session."""
import pytest

from viz_helpers import ROOT, click

pytest.importorskip("training.runner")

from training.store import SessionStore  # noqa: E402
from viz.exercise import open_exercise  # noqa: E402
from viz.states import DebriefState, EvaluateState  # noqa: E402

TUTORIAL = ROOT / "scenarios" / "tutorial_village" / "exercise.yaml"


@pytest.fixture
def finished_app(tmp_path, session_db):
    from viz.app import App, ViewerOptions

    app = App(open_exercise(TUTORIAL), ViewerOptions(lang="zh", briefing=False, report_dir=str(tmp_path)))
    source = app.play.source
    while not source.finished:  # nobody acts: the cards are read, the clock runs out
        source.advance(source.horizon)
        while source.pending is not None:
            source.resolve(source.pending, None)
    for _ in range(3000):
        if isinstance(app.top, DebriefState):
            break
        app.frame(1 / 60)
    yield app
    app.close()


def test_the_evaluator_overrides_a_verdict_and_notes_a_strength_from_the_score_card(finished_app, session_db):
    app = finished_app
    debrief = app.top
    assert isinstance(debrief, DebriefState)
    click(app, debrief.buttons["button.evaluate"])
    form = app.top
    assert isinstance(form, EvaluateState)
    verdict = next(target for _label, target in form.targets if not target.startswith("objective:"))
    form.choose("evaluate.target", verdict)
    form.choose("evaluate.rating", "full")
    form.write("evaluate.name", "王芳")
    click(app, form.buttons["button.save"])  # no comment: refused, nothing saved
    assert form.saved[-1][0] is False and "未保存" in form.saved[-1][1]
    form.write("evaluate.comment", "网格员已按时入户，系统记录滞后")
    click(app, form.buttons["button.save"])
    form.choose("evaluate.target", "objective:O2")
    form.choose("evaluate.rating", "strength")
    form.write("evaluate.comment", "独居老人名单清楚")
    click(app, form.buttons["button.save"])
    assert [ok for ok, _ in form.saved] == [False, True, True]
    store = SessionStore(session_db)
    judged = store.evaluations(app.play.source.session.id)
    assert [(e.kind, e.target, e.rating, e.evaluator) for e in judged] == [
        ("override", verdict, "full", "王芳"), ("observation", "objective:O2", "strength", "王芳")]
    click(app, form.buttons["button.cancel"])
    assert app.top is debrief
