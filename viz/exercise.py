"""Exercises in the viewer: an exercise file, played by the exercise runner in training/.

An exercise file names a scenario and a plan and lists injects and decision points; a
scenario file has zones and shelters. ``is_exercise`` tells them apart by their keys.
"""
from pathlib import Path

import yaml

EXERCISE_KEYS = frozenset({"injects", "decisions", "decision_points", "exercise"})


class ExerciseUnavailable(Exception):
    """The exercise cannot be opened (no runner, or the runner refused the file)."""


def is_exercise(path):
    """True if the YAML file at *path* is an exercise script rather than a scenario."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return False
    return isinstance(data, dict) and "zones" not in data and (
        bool(EXERCISE_KEYS & set(data)) or isinstance(data.get("scenario"), str))


def open_exercise(path, seed=0, session=None):
    """The exercise at *path* as a viewer source; ExerciseUnavailable if it cannot be run."""
    raise ExerciseUnavailable(f"{path}: exercise files need the exercise runner (training/), "
                              "which this version does not have yet; open a scenario.yaml for a free run")
