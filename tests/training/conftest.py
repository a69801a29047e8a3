"""Fixtures of the exercise tests (helpers live in exercise_helpers.py)."""
import shutil

import pytest

from exercise_helpers import TUTORIAL, plan_actions
from training import load_exercise


@pytest.fixture(scope="session")
def exercise():
    return load_exercise(TUTORIAL)


@pytest.fixture
def village(tmp_path):
    """A copy of the tutorial village folder that a test may edit."""
    folder = tmp_path / "village"
    shutil.copytree(TUTORIAL.parent, folder)
    return folder


@pytest.fixture
def plan_team(exercise):
    return plan_actions(exercise)
