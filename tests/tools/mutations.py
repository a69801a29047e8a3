"""A mutation spot check of the relief verdict and the exercise score (docs/reliability.md).

Each mutation changes one line of correct code the way a slip would (a window one hour
longer, a rounding turned round, a cut-off dropped); the script applies it, runs the tests
that guard that code, records which of them fail (killed) or that none does (survived),
and puts the line back. It mutates a copy of the tree in a temporary folder, never the
worktree itself: a run stopped half-way (Ctrl-C, SIGKILL) leaves no source file mutated.
The tests run from the copy, whose packages come first on sys.path (python -m puts the
working folder first; the editable install's finder comes after it):

    .venv/bin/python tests/tools/mutations.py            # every mutation
    .venv/bin/python tests/tools/mutations.py M3 M7      # some of them

It prints one row per mutation for the table in docs/reliability.md. Not a test: pytest does
not collect it (it rewrites the copy's source files while it runs).
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RELIEF = ["tests/sim/test_relief_edges.py", "tests/sim/test_relief_verdict.py"]
SCORING = ["tests/training/test_scoring_edges.py", "tests/training/test_scoring.py"]

MUTATIONS = [
    # id, file, the line as it is, the line mutated, what the slip means, the tests to run
    ("M1", "sim/shelter.py", "return t <= self.engine.relief_end + SAME_MOMENT_H",
     "return t <= self.engine.relief_end + 1.0", "the kept window one hour longer", RELIEF),
    ("M2", "sim/shelter.py", "can = self.occupancy - math.ceil(", "can = self.occupancy - math.floor(",
     "a shortfall of medical kits rounded down, not up", RELIEF),
    ("M3", "sim/trip.py", 'self.engine.cut_off(self.origin, "place", self.since, self.kept)', "pass",
     "secured people who lose their place no longer cut off", RELIEF),
    ("M4", "training/scoring.py", "t0 + within + SAME_MOMENT_H,", "t0 + within + 1.0,",
     "the scoring window one hour longer", SCORING),
    ("M5", "sim/stock.py", "if self.level0 <= 0 and self.rate > 0:", "if self.level0 < 0 and self.rate > 0:",
     "a stock at exactly 0 while people draw on it is not a stock-out", RELIEF),
    ("M6", "sim/stock.py", "if self.unserved > 0:\n            return 0.0", "if False:\n            return 0.0",
     "people waiting for a first ration leave the cover as it was (no reorder at 0)", RELIEF),
    ("M7", "sim/shelter.py", "in_time = now <= self.engine.deadline + SAME_MOMENT_H",
     "in_time = now <= self.engine.deadline + 1.0", "secured up to an hour after the deadline counts as in time",
     RELIEF + ["tests/sim/test_relief_properties.py"]),
    ("M8", "sim/results.py", '"relief_target_met": bool(needing > 0 and kept_share >= relief.target_share - NOTHING)',
     '"relief_target_met": bool(needing > 0 and kept_share >= relief.target_share - 0.01)',
     "the target met with 1 % fewer people kept", RELIEF),
    ("M9", "sim/results.py", '"relief_judged": bool(needing > 0),', '"relief_judged": True,',
     "nothing to judge judged all the same", RELIEF),
    ("M10", "sim/checks.py", "if len(row) > 1 and row[-1] > row[:-1].max() + RISE:", "if False:",
     "a run that ends before the hazard peaks accepted", RELIEF),
    ("M11", "sim/checks.py", "if relief.window is not None and relief.window < relief.target:", "if False:",
     "a relief window shorter than the target accepted", RELIEF),
    ("M12", "training/scoring.py", "return LATE_FIRST - (LATE_FIRST - LATE_LAST) * min(1.0, max(overdue_h, 0.0) / scale)",
     "return 0.5", "late is 0.5 however late", SCORING),
    ("M13", "training/scoring.py", 'return dict(expected, channels=list(scenario.behaviour.channels))', "return expected",
     "a plan action on every channel is done by any one channel", SCORING),
    ("M14", "training/scoring.py", 'if "dispatches" not in runs:', "if True:",
     "a dispatch credited with what was asked, not what was sent", SCORING),
    ("M15", "training/scoring.py", "relief = 1.0 if met_team else min(1.0, _share(team) / max(target, NOTHING))",
     "relief = 1.0 if met_team or not met_base else 0.0", "the relief outcome measured against the baseline", SCORING),
    ("M16", "training/scoring.py", "overall = min(overall, FAILED_MAX)", "pass",
     "rounding gives a FAIL full marks", SCORING),
    ("M17", "sim/shelter.py", "cut_at = max(s.out_since + grace, self.engine.cut_from)", "cut_at = s.out_since + grace",
     "a gap refilled before the deadline cuts people off (more stock scores worse than none)", RELIEF),
    ("M18", "sim/trip.py", "if engine.env.now >= engine.cut_from:", "if True:", "secured people who find a place again before the deadline are cut off all the same",
     RELIEF),
]


def copy_tree(into):
    """The worktree's files without .git, .venv and caches, copied into `into`: the tree mutated."""
    junk = shutil.ignore_patterns(".git", ".venv", "__pycache__", ".hypothesis", ".pytest_cache", "out")
    shutil.copytree(ROOT, into, ignore=junk)
    return into


def imports_from(tree):
    """Where `sim` is imported from when the tests run in `tree` (it must be the copy)."""
    code = "import sim, pathlib; print(pathlib.Path(sim.__file__).resolve().parent.parent)"
    return Path(subprocess.run([sys.executable, "-c", code], cwd=tree, capture_output=True,
                               text=True, check=True).stdout.strip())


def run(tree, mutation):
    ident, rel, before, after, _why, tests = mutation
    path = tree / rel
    text = path.read_text(encoding="utf-8")
    if text.count(before) != 1:
        return ident, "not applied: the line is not there exactly once (the code moved; update the script)"
    path.write_text(text.replace(before, after), encoding="utf-8")
    try:
        out, finished = pytest_in(tree, tests)
    finally:
        path.write_text(text, encoding="utf-8")
    named = re.findall(r"^(\S+::\S+) (?:FAILED|ERROR)", out, re.M) + re.findall(r"^(?:FAILED|ERROR) (\S+)", out, re.M)
    killed = sorted({m.split("::")[-1] for m in named})
    if not finished:  # a mutant that makes a run loop for ever: the suite would never go green
        return ident, (f"killed: the tests did not finish within {LIMIT_S} s (a run that never ends)"
                       + ("; failed before that: " + ", ".join(killed) if killed else ""))
    if killed:
        return ident, "killed by " + ", ".join(killed)
    if not re.search(r" passed", out):   # an import or collection error is not a test that caught the slip
        return ident, "not judged: pytest ran no test"
    return ident, "SURVIVED"


LIMIT_S = 300
"""Seconds the tests of one mutation may take (unmutated, each set takes under 30 s here)."""


def pytest_in(tree, tests):
    """(pytest's verbose output, finished?) for *tests* run in *tree*; stopped after LIMIT_S."""
    env = dict(os.environ, STORMDRILL_TEST_PROFILE="ci")
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        proc = subprocess.Popen([sys.executable, "-m", "pytest", "-vv", "-rfE", "-p", "no:cacheprovider", *tests],
                                cwd=tree, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            proc.wait(timeout=LIMIT_S)
            finished = True
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # pytest and any process it started
            proc.wait()
            finished = False
        log.seek(0)
        return log.read(), finished


def main(wanted):
    chosen = [m for m in MUTATIONS if not wanted or m[0] in wanted]
    with tempfile.TemporaryDirectory(prefix="stormdrill-mutations-") as scratch:
        tree = copy_tree(Path(scratch) / "tree")
        if imports_from(tree) != tree.resolve():
            sys.exit(f"the tests in {tree} would import the worktree's code, not the copy's: not run")
        for mutation in chosen:
            report(tree, mutation)


def report(tree, mutation):
    """One row of the table in docs/reliability.md."""
    ident, verdict = run(tree, mutation)
    print(f"| {ident} | {mutation[1]} | `{mutation[2].splitlines()[0]}` → `{mutation[3].splitlines()[0]}` "
          f"| {mutation[4]} | {verdict} |", flush=True)


if __name__ == "__main__":
    main(set(sys.argv[1:]))
