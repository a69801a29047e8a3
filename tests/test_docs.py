"""Every shell and Python block of the user documentation runs as written.

Each doc file's blocks run in order in one temporary folder that holds a copy of the
shipped scenarios (and bench/), with this Python's bin folder (the project's .venv/bin)
first on PATH, so a later block may use what an earlier one wrote, as a reader following
the page would. ```sh blocks run under ``bash -e``; ```console blocks also check the
output they show (docblocks.py says how numbers are matched); ```python blocks run with
this Python. Blocks that are illustration only carry
``<!-- docs-test: skip — <reason> -->`` above the fence. A failure names the file, the
block's line, the command and what it printed.
"""
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from docblocks import ROOT, blocks, console_steps, doc_files, missing_lines

BIN = Path(sys.executable).parent
TIMEOUT_S = 120
"""A block still running after this long is reported (a server that never stops, say).
"""
COPIED = ("scenarios", "bench")
TRAP = 'trap \'echo "docs-test: this command failed (line $LINENO of the block): $BASH_COMMAND" >&2\' ERR\n'
FILES = [path for path in doc_files() if blocks(path)]


def _env(folder):
    env = dict(os.environ)
    env.update(PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", STORMDRILL_DB=str(folder / "sessions.db"),
               XDG_DATA_HOME=str(folder / "data"), SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               COLUMNS="200", MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1")
    env.pop("VIRTUAL_ENV", None)
    return env


def _run(argv, folder):
    try:  # no input: a command that waits for a person reads end-of-file at once
        out = subprocess.run(argv, stdin=subprocess.DEVNULL, cwd=folder, env=_env(folder), capture_output=True,
                             text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        printed = b"".join(part or b"" for part in (exc.stdout, exc.stderr)).decode("utf-8", "replace")
        return 124, f"{printed}\n(still running after {TIMEOUT_S} s: make the block smaller or mark it skipped)"
    return out.returncode, out.stdout + out.stderr


def _failure(block, command, output, why):
    shown = "\n".join(output.strip().splitlines()[-40:])
    return f"{block.where} ({block.kind} block): {why}\n--- command ---\n{command.strip()}\n--- output ---\n{shown}"


def run_block(block, folder):
    """None if *block* runs as written in *folder*, else a message saying where and why not."""
    if block.kind == "python":
        script = folder / f"docblock_{block.line}.py"
        script.write_text(block.text, encoding="utf-8")
        code, output = _run([sys.executable, script.name], folder)
        if code:
            return _failure(block, block.text, output, f"exit code {code} (script line N is doc line "
                                                       f"{block.line}+N)")
        return None
    if block.kind == "sh":
        code, output = _run(["bash", "-e", "-o", "pipefail", "-c", TRAP + block.text], folder)
        return _failure(block, block.text, output, f"exit code {code}") if code else None
    for command, expected in console_steps(block.text):
        code, output = _run(["bash", "-e", "-o", "pipefail", "-c", command], folder)
        if code:
            return _failure(block, command, output, f"exit code {code}")
        missing = missing_lines(expected, output)
        if missing:
            return _failure(block, command, output, "the doc quotes output this run does not print "
                                                    "(within the rounding shown):\n  " + "\n  ".join(missing))
    return None


def run_file(path, folder):
    """The failure messages of *path*'s blocks, run in order in *folder*."""
    folder.mkdir(parents=True)
    (folder / ".venv").symlink_to(Path(sys.prefix))  # for `. .venv/bin/activate` and `.venv/bin/python`
    for name in COPIED:
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    problems = []
    for block in blocks(path):
        if block.skip:
            continue
        problem = run_block(block, folder)
        if problem:
            problems.append(problem)
    return problems


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    """Every doc file's blocks, two files at a time (each in its own folder; blocks of a file in order)."""
    base = tmp_path_factory.mktemp("docs")
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {path: pool.submit(run_file, path, base / f"{n:02d}-{path.parent.name}-{path.stem}")
                   for n, path in enumerate(FILES)}
        return {path: future.result() for path, future in futures.items()}


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_every_block_runs_as_written(path, outcomes):
    problems = outcomes[path]
    assert not problems, "\n\n".join(problems)


def test_skipped_blocks_say_why():
    for path in doc_files():
        markers = [line for line in path.read_text(encoding="utf-8").splitlines()
                   if line.lstrip().startswith("<!-- docs-test")]
        assert len(markers) == sum(bool(b.skip) for b in blocks(path)), (
            f"{path.relative_to(ROOT)}: a docs-test marker that is not directly above a ```sh/```python/"
            f"```console fence, or has no reason after 'skip —'")


def test_a_quoted_figure_outside_its_rounding_is_caught():
    from docblocks import missing_lines as check

    printed = "│   relief_max_h               │   10.73 │\nFAIL 10-hour relief target: 89.6% of 20,840 people"
    assert check(["relief_max_h 10.73", "FAIL ... 89.6% of 20,840 people"], printed) == []
    assert check(["relief_max_h 10.7"], printed) == []  # the doc rounds to one decimal
    assert check(["relief_max_h 10.60"], printed) == ["relief_max_h 10.60"]  # the stale figure
    assert check(["of 20,841 people"], printed) == ["of 20,841 people"]  # counts match exactly
