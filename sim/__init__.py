"""stormdrill's model: a SimPy simulation of typhoon and flood evacuation and relief.

    import sim
    scenario = sim.load_scenario("scenarios/tutorial_village/scenario.yaml")
    result = sim.run(scenario, seed=0)
    result.verdict.passed, result.verdict.lines("zh")   # PASS / FAIL and its reasons
    result.shelters.to_pandas(), result.zones.to_csv("zones.csv")

``import sim`` itself loads nothing heavy: each name below is imported from its module the
first time it is used (PEP 562), so a command that only parses its arguments, or a worker
that only validates, does not pay for SimPy, pydantic or scipy.
"""
import importlib
import importlib.util
import sys
import types

_WHERE = {
    "actions": None,
    "builtin_scenario": "builtin", "builtin_path": "builtin",
    "Engine": "engine", "Outcome": "engine",
    "Problem": "errors", "ScenarioError": "errors",
    "RunResult": "results",
    "run": "run",
    "Scenario": "scenario", "load_scenario": "scenario", "scenario_from_dict": "scenario",
    "SweepResult": "sweep", "sweep": "sweep",
    "Table": "tables",
    "Reason": "verdict", "Verdict": "verdict",
}
"""Public name -> the module of sim that defines it (None: the name is a module itself)."""

__all__ = sorted(_WHERE)


def __getattr__(name):
    where = _WHERE.get(name, "")
    if where == "":  # a submodule (sim.engine, sim.stats, ...), as when the package imported them all
        if name.startswith("_") or importlib.util.find_spec(f"{__name__}.{name}") is None:
            raise AttributeError(f"module 'sim' has no attribute {name!r}")
        where = None
    module = importlib.import_module(f"{__name__}.{where or name}")
    value = module if where is None else getattr(module, name)
    globals()[name] = value  # the next use is a plain attribute
    return value


def __dir__():
    return sorted(set(globals()) | set(_WHERE))


class _Package(types.ModuleType):
    """``sim.run`` and ``sim.sweep`` are functions defined in modules of the same name: when
    Python's import system sets the submodule on the package (``import sim.sweep``), the
    function is kept there instead, as an eager ``from .sweep import sweep`` used to do."""

    def __setattr__(self, name, value):
        if isinstance(value, types.ModuleType) and _WHERE.get(name) == name:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
