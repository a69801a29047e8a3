"""The built-in default scenario (the tutorial village), shipped inside the package."""
from importlib import resources


def builtin_path():
    """Path of the built-in scenario file."""
    return resources.files("sim") / "data" / "tutorial_village" / "scenario.yaml"


def builtin_scenario():
    """The built-in scenario, loaded."""
    from .scenario import load_scenario

    return load_scenario(builtin_path())
