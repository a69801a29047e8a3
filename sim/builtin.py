"""The built-in default scenario: scenarios/tutorial_village in this checkout."""
from pathlib import Path

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
"""The scenario library beside the packages."""


def builtin_path():
    """Path of the built-in scenario file (the tutorial village)."""
    return SCENARIOS / "tutorial_village" / "scenario.yaml"


def builtin_scenario():
    """The built-in scenario, loaded."""
    from .scenario import load_scenario

    return load_scenario(builtin_path())
