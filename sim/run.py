"""One run in plan mode, from start to horizon."""
from .engine import Engine


def run(scenario, seed=0, overrides=None):
    """Play *scenario* in plan mode with *seed* (and dotted-path *overrides*); return RunResult."""
    return Engine(scenario, seed=seed, mode="plan", overrides=overrides).run()
