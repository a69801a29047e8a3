"""Shared runs of the scenario library: each (scenario, seed, overrides) is played once per
test session, because the district scenario takes a few seconds to load and run."""
from pathlib import Path

import pytest

import sim

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


class Library:
    """Loads each scenario once and plays each (name, seed, overrides) once."""

    def __init__(self):
        self._scenarios = {}
        self._runs = {}

    def scenario(self, name):
        if name not in self._scenarios:
            self._scenarios[name] = sim.load_scenario(SCENARIOS / name / "scenario.yaml")
        return self._scenarios[name]

    def run(self, name, seed=0, overrides=None):
        """The RunResult of *name* in plan mode with *seed* and dotted-path *overrides*."""
        key = (name, seed, tuple(sorted((overrides or {}).items())))
        if key not in self._runs:
            self._runs[key] = sim.run(self.scenario(name), seed=seed, overrides=overrides or None)
        return self._runs[key]


@pytest.fixture(scope="session")
def library():
    return Library()
