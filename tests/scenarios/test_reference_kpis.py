"""Each scenario's plan-mode KPIs (seed 0) match its committed reference run."""
import json
import math

import pytest

from regenerate_reference import COMMAND, NAMES, SEED, reference_path

REL, ABS = 1e-6, 1e-9
"""Tolerance for float KPIs: the engine is deterministic, so only rounding may differ."""


def differences(expected, actual):
    """Lines describing every KPI that differs (exact for ints and bools, tight for floats)."""
    out = []
    for name in sorted(set(expected) | set(actual)):
        if name not in actual:
            out.append(f"  {name}: in the reference, missing from the run")
            continue
        if name not in expected:
            out.append(f"  {name}: new KPI {actual[name]!r}, not in the reference")
            continue
        want, got = expected[name], actual[name]
        want = math.inf if want is None else want
        got = math.inf if got is None else got
        if isinstance(want, (bool, str)) or isinstance(got, (bool, str)) or (isinstance(want, int) and isinstance(got, int)):
            same = want == got and type(want) is type(got)
        else:
            same = (math.isinf(want) and want == got) or math.isclose(got, want, rel_tol=REL, abs_tol=ABS)
        if not same:
            out.append(f"  {name}: reference {want!r}, now {got!r}")
    return out


@pytest.mark.parametrize("name", NAMES)
def test_kpis_match_reference_run(library, name):
    reference = json.loads(reference_path(name).read_text(encoding="utf-8"))
    assert reference["seed"] == SEED and reference["mode"] == "plan"
    kpis = library.run(name, seed=SEED).kpis
    diff = differences(reference["kpis"], kpis)
    assert not diff, failure_message(name, diff)


def failure_message(name, diff):
    return (f"{name}: plan-mode KPIs (seed {SEED}) differ from {reference_path(name).name}:\n" + "\n".join(diff)
            + f"\nIf this change is intended, regenerate with `{COMMAND} {name}` and say why in the commit.")


def test_a_changed_kpi_is_reported_by_name():
    """The comparison itself: a float off by more than the tolerance, an int off by one,
    a flipped verdict and an infinity are all caught and named."""
    ref = {"ete_90_h": 7.25, "population": 2610, "relief_target_met": True, "first_stockout_h": None}
    run = {"ete_90_h": 7.2501, "population": 2611, "relief_target_met": False, "first_stockout_h": 30.0}
    lines = differences(ref, run)
    assert [line.split(":")[0].strip() for line in lines] == ["ete_90_h", "first_stockout_h", "population", "relief_target_met"]
    assert differences(ref, {**ref, "ete_90_h": 7.25 * (1 + 1e-9), "first_stockout_h": math.inf}) == []


def test_failure_message_says_how_to_regenerate():
    message = failure_message("coastal_street_typhoon", ["  relief_max_h: reference 9.23, now 9.5"])
    assert "relief_max_h: reference 9.23, now 9.5" in message
    assert ("if this change is intended, regenerate with "
            "`.venv/bin/python tests/scenarios/regenerate_reference.py coastal_street_typhoon`") in message.lower()
    assert message.endswith("and say why in the commit.")
