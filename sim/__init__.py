"""stormdrill's model: a SimPy simulation of typhoon and flood evacuation and relief.

    import sim
    scenario = sim.load_scenario("scenarios/tutorial_village/scenario.yaml")
    result = sim.run(scenario, seed=0)
    result.verdict.passed, result.verdict.lines("zh")   # PASS / FAIL and its reasons
    result.shelters.to_pandas(), result.zones.to_csv("zones.csv")
"""
from . import actions
from .builtin import builtin_scenario, builtin_path
from .engine import Engine, Outcome
from .errors import Problem, ScenarioError
from .results import RunResult
from .run import run
from .scenario import Scenario, load_scenario, scenario_from_dict
from .sweep import SweepResult, sweep
from .tables import Table
from .verdict import Reason, Verdict

__all__ = [
    "Engine", "Outcome", "Problem", "Reason", "RunResult", "Scenario", "ScenarioError", "Table", "Verdict", "actions",
    "builtin_path", "builtin_scenario", "load_scenario", "run", "scenario_from_dict", "sweep", "SweepResult",
]
