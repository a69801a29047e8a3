"""The model's tolerances live in sim/tolerance.py, each with its reason, and they fit together."""
import ast
from pathlib import Path

from sim import tolerance

ROOT = Path(__file__).resolve().parents[2]


def test_the_time_tolerances_nest():
    # the clock stops past an event by more than rounding, and by far less than a moment
    assert tolerance.BEND_H < tolerance.ROUNDING_H <= tolerance.STEP_PAST_H < tolerance.SAME_MOMENT_H
    assert tolerance.SAME_MOMENT_H / tolerance.STEP_PAST_H > 999  # a thousandth of a moment


def test_every_tolerance_says_why():
    tree = ast.parse((ROOT / "sim" / "tolerance.py").read_text(encoding="utf-8"))
    body = tree.body
    names = [n.targets[0].id for n in body if isinstance(n, ast.Assign)]
    assert names == [n for n in names if n.isupper()] and len(names) >= 6
    for i, node in enumerate(body):
        if isinstance(node, ast.Assign):
            doc = body[i + 1]
            assert isinstance(doc, ast.Expr) and isinstance(doc.value.value, str) and len(doc.value.value) > 60, \
                node.targets[0].id


def test_no_time_tolerance_of_its_own_in_the_relief_and_scoring_code():
    """EPS_H used to be 1e-6 in sim/stock.py, 1e-9 in training/runner.py and 1e-6 in
    training/scoring.py; now each names the tolerance it means."""
    for rel in ("sim/stock.py", "sim/shelter.py", "sim/trip.py", "sim/results.py", "training/scoring.py",
                "training/runner.py"):
        tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"))
        literals = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, float)
                    and 0 < n.value < 1e-3]
        assert literals == [], (rel, literals)
