"""The viewer's tests run real pygame headless: SDL's dummy video and audio drivers."""
import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
os.environ["SDL_AUDIODRIVER"] = "dummy"

import pytest  # noqa: E402

import sim  # noqa: E402

from viz_helpers import TUTORIAL_EXERCISE, VILLAGE  # noqa: E402


@pytest.fixture(autouse=True)
def session_db(tmp_path, monkeypatch):
    """Exercise sessions go to a database in the test's folder, never the user's."""
    path = tmp_path / "sessions.db"
    monkeypatch.setenv("STORMDRILL_DB", str(path))
    return path


@pytest.fixture
def make_app(tmp_path):
    """make_app(path=VILLAGE, **options) -> a viewer App on a free run; closed after the test."""
    from viz.app import App, ViewerOptions
    from viz.source import FreeRun

    apps = []

    def make(path=VILLAGE, err=None, **options):
        options.setdefault("briefing", False)
        options.setdefault("lang", "zh")  # the viewer's tests were written in the default language, Chinese
        options.setdefault("report_dir", str(tmp_path))
        app = App(FreeRun(sim.load_scenario(path)), ViewerOptions(**options), err=err)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.close()


@pytest.fixture
def opened(tmp_path):
    """opened(path=the tutorial exercise, lang="en", role="facilitator", seat="viewer", session=None)
    -> a viewer App on an exercise (resuming *session* if given); closed after the test."""
    from viz.app import App, ViewerOptions
    from viz.exercise import open_exercise

    apps = []

    def make(path=TUTORIAL_EXERCISE, lang="en", role="facilitator", seat="viewer", session=None):
        options = ViewerOptions(lang=lang, briefing=False, seat=seat, role=role, report_dir=str(tmp_path))
        app = App(open_exercise(path, session=session), options)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.close()
