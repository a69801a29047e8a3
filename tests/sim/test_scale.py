"""Scale and start-up: overflow re-searches stay bounded as people double, and importing
the model (or building the command line) loads nothing it does not need.

Not timings: these count searches and list imported modules, so they hold on a busy machine.
bench/engine.py and bench/sweep.py measure the speed (docs/benchmarks.md)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

import sim

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "scenarios" / "tutorial_village" / "scenario.yaml"


def _searches(scale):
    """(choose_shelter calls, first searches) of the tutorial with every zone's people
    multiplied by *scale*: far more people than its two shelters hold."""
    base = sim.load_scenario(TUTORIAL)
    over = {f"zones.{z.id}.population": z.population * scale for z in base.zones}
    over["behaviour.public_share"] = 0.35  # most of them bound for the two shelters
    over["behaviour.transfer.return_share"] = 0.0  # people going home free places: not this test's business
    over.update({f"plan.rules.{r.id}.fail_prob": 1.0 for r in base.plan.rules if r.id.startswith("FT")})  # nor forced
    # transfer, whose teams take longer the more people refuse
    engine = sim.Engine(base, seed=0, overrides=over)
    calls, choose = [0], engine.choose_shelter

    def counted(*args):
        calls[0] += 1
        return choose(*args)

    engine.choose_shelter = counted
    engine.run()
    assert engine.overflow_peak > 0, "the test needs people waiting as overflow"
    first = sum(1 for _, _, public, _ in engine.departures if public)  # each cohort's first search
    return calls[0], first


def test_doubling_the_people_at_most_doubles_the_searches_of_those_waiting():
    """Every cohort bound for a shelter searches once when it sets off; searches beyond that
    (overflow cohorts woken to search again, redirections) at most double when the cohorts
    double. Waking every overflow cohort at every change made them grow with cohorts x
    changes (356 -> 920 here)."""
    calls4, first4 = _searches(4)
    calls8, first8 = _searches(8)
    assert first8 >= 2 * first4 - 4  # the cohorts did double (but for a few the sweeps missed or who refused)
    assert calls8 - first8 <= 2 * max(calls4 - first4, 1)


HEAVY = ("matplotlib", "pygame", "pygame_gui", "rich", "openpyxl", "pandas", "training", "viz", "planning", "host",
         "stormdrill")
"""Never needed to run the model."""


def _modules(code):
    """Top-level names of the modules imported by *code* run in a fresh interpreter."""
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json\n"
                          "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"],
                         capture_output=True, text=True, check=True, cwd=str(ROOT))
    return set(json.loads(out.stdout.splitlines()[-1]))


def test_import_sim_loads_nothing_heavy():
    loaded = _modules("import sim")
    assert not loaded & set(HEAVY + ("numpy", "scipy", "simpy", "pydantic", "yaml"))


def test_running_a_scenario_loads_no_viewer_reports_or_command_line():
    loaded = _modules(f"import sim\nsim.run(sim.load_scenario({str(TUTORIAL)!r}), seed=0)")
    assert "simpy" in loaded  # it did run
    assert not loaded & set(HEAVY)


@pytest.mark.parametrize("name", ["run", "sweep"])
def test_import_sim_dot_module_keeps_the_function(name):
    """``import sim.sweep`` binds the submodule on the package; sim keeps the function."""
    code = f"import sim.{name}\nimport sim\nassert callable(sim.{name}) and sim.{name}.__module__ == 'sim.{name}'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_command_line_parser_loads_no_model_or_terminal_tables():
    loaded = _modules("from stormdrill.cli import build_parser\nbuild_parser()")
    assert not loaded & {"simpy", "rich", "matplotlib", "pygame", "training", "viz", "planning", "host"}


class _WakeEveryone(sim.engine.WaitingRoom):
    """The waiting room as it was: every waiter searches again at every change."""

    def _may_help(self, key):
        return True


@pytest.mark.parametrize("name, scale", [("tutorial_village", 8), ("coastal_street_typhoon", 3)])
def test_waking_only_those_a_change_can_help_gives_the_same_run(monkeypatch, name, scale):
    """Same KPIs, events and series as waking every overflow cohort at every change."""
    base = sim.load_scenario(ROOT / "scenarios" / name / "scenario.yaml")
    over = {f"zones.{z.id}.population": z.population * scale for z in base.zones}
    over["behaviour.public_share"] = 0.35  # most of them bound for the shelters: many wait as overflow
    fast = sim.Engine(base, seed=3, overrides=over)
    fast_result = fast.run()
    monkeypatch.setattr(sim.engine, "WaitingRoom", _WakeEveryone)
    slow = sim.Engine(base, seed=3, overrides=over)
    slow_result = slow.run()
    assert slow.waiting.woken > fast.waiting.woken  # the test did exercise the difference
    assert fast_result.kpis == slow_result.kpis
    assert fast_result.events == slow_result.events
    for key, value in fast_result.series.items():
        assert (value == slow_result.series[key]).all() if hasattr(value, "shape") else value == slow_result.series[key]
