"""stormdrill's model: a SimPy simulation of typhoon and flood evacuation and relief.

    import sim
    scenario = sim.load_scenario("scenarios/tutorial_village/scenario.yaml")
    result = sim.run(scenario, seed=0)
    result.kpis["relief_target_met"]
"""
from . import actions
from .builtin import builtin_scenario, builtin_path
from .engine import Engine, Outcome
from .errors import Problem, ScenarioError
from .results import RunResult
from .run import run
from .scenario import Scenario, load_scenario, scenario_from_dict
from .sweep import SweepResult, sweep

__all__ = [
    "Engine", "Outcome", "Problem", "RunResult", "Scenario", "ScenarioError", "actions", "builtin_path",
    "builtin_scenario", "load_scenario", "run", "scenario_from_dict", "sweep", "SweepResult",
]
