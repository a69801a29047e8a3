"""Mutated scenario files: the loader reports ScenarioError or succeeds, and never crashes.

The tutorial village's scenario.yaml and plan.yaml are mutated the way files get broken
by hand or by tools (lines deleted or repeated, characters changed, values swapped, files
cut short), then loaded. A scenario that loads must also build into an engine.
"""
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import sim

FOLDER = sim.builtin_path().parent
SCENARIO = (FOLDER / "scenario.yaml").read_text(encoding="utf-8")
PLAN = (FOLDER / "plan.yaml").read_text(encoding="utf-8")

NASTY = list(":-{}[],#&*!|>'\"%@` \t\n0123456789.eE+") + ["\u00e9", "\u6c34", "\x00", "\ufeff"]


@st.composite
def mutated(draw, text):
    """*text* after one to four edits."""
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "duplicate", "char", "swap", "truncate", "indent"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "indent":
            lines[i] = draw(st.sampled_from(["  ", " ", "\t", ""])) + lines[i].lstrip(" " if draw(st.booleans()) else "")
        elif kind == "char" and lines[i]:
            j = draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:j] + draw(st.sampled_from(NASTY)) + lines[i][j + 1:]
        elif kind == "swap":
            k = draw(st.integers(0, len(lines) - 1))
            a, b = lines[i].partition(":"), lines[k].partition(":")
            if a[1] and b[1]:
                lines[i], lines[k] = a[0] + ":" + b[2], b[0] + ":" + a[2]
        elif kind == "truncate":
            text = "".join(lines)
            cut = draw(st.integers(0, len(text)))
            lines = text[:cut].splitlines(keepends=True)
    return "".join(lines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.tuples(mutated(SCENARIO), st.just(PLAN)), st.tuples(st.just(SCENARIO), mutated(PLAN))))
@example((SCENARIO.replace("name:", "na\x00me:", 1), PLAN))  # found by this test: PyYAML's ReaderError escaped
def test_mutated_files_load_or_raise_scenario_error_only(files):
    scenario_text, plan_text = files
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scenario.yaml"
        path.write_text(scenario_text, encoding="utf-8")
        (Path(tmp) / "plan.yaml").write_text(plan_text, encoding="utf-8")
        try:
            scenario = sim.load_scenario(path)
        except sim.ScenarioError as exc:
            assert exc.problems, "a ScenarioError must say what is wrong"
            for problem in exc.problems:
                assert problem.reason
                assert Path(problem.file).name in ("scenario.yaml", "plan.yaml")
                assert "\n" not in str(problem)
            return
        try:
            sim.Engine(scenario, seed=1)
        except sim.ScenarioError:
            pass


# -- the seeded fuzz: hostile documents and ``do`` lines (tests/sim/hostile_cases.py) -----------
from hostile_cases import do_line, document_case, fresh_folder, judge_do, judge_documents, rng_for  # noqa: E402

SEEDS = range(300)
"""Document cases in the suite (docs/reliability.md records a 5,000-case run)."""


def test_hostile_documents_end_in_a_placed_problem_or_load(tmp_path):
    failures = []
    for seed in SEEDS:
        kind, files = document_case(rng_for(seed))
        failure = judge_documents(kind, files, fresh_folder(tmp_path))
        if failure:
            failures.append((seed, kind, failure))
    assert failures == []


def test_hostile_do_lines_are_answered_never_raised():
    from training import load_exercise
    from training.runner import Runner
    from training.terminal import TerminalExercise

    said = []
    terminal = TerminalExercise(Runner(load_exercise(FOLDER / "exercise.yaml"), 0), read=None, write=said.append)
    failures = []
    for seed in range(150):
        line = do_line(rng_for(seed))
        before = len(said)
        failure = judge_do(terminal, line)
        if failure or len(said) == before:
            failures.append((seed, line[:80], failure or "no answer"))
    assert failures == []
