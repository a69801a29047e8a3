"""Progress bars: on stderr, only in a terminal, never with --quiet, and never in the answer.

A real pseudo-terminal stands in for the user's terminal (stderr), stdout is a pipe as in
``stormdrill stock ... > answer.txt``.
"""
import os
import pty
import re
import subprocess
import sys

import sim
from stormdrill.progress import run_with_progress

VILLAGE = sim.builtin_path()
STOCK = [sys.executable, "-m", "stormdrill.cli", "stock", str(VILLAGE), "--reps", "4", "--verify-reps", "4",
         "--workers", "1", "--lang", "en"]


def _read_all(fd):
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the terminal's other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")


def _stock_with_stderr_on_a_terminal(*extra):
    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "160", "TERM": "xterm"}
    proc = subprocess.Popen(STOCK + list(extra), stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    terminal = _read_all(master)
    answer = proc.stdout.read().decode("utf-8")
    assert proc.wait(timeout=120) == 0
    os.close(master)
    return answer, terminal


def test_stock_draws_one_bar_with_the_time_left_on_the_terminal_and_keeps_stdout_clean():
    answer, terminal = _stock_with_stderr_on_a_terminal()
    assert "ETA" in terminal and "runs" in terminal
    assert "checking the stock held now" in terminal or "batch with ample stock" in terminal  # its stages by name
    assert "Question:" in answer and "ETA" not in answer and "\x1b" not in answer


def test_quiet_draws_nothing_and_gives_the_same_answer():
    answer, terminal = _stock_with_stderr_on_a_terminal("--quiet")
    assert terminal.strip() == ""
    assert _untimed(answer) == _untimed(_stock_with_stderr_on_a_terminal()[0])


def _untimed(answer):
    """The answer without the seconds it took (the one figure that differs between two runs)."""
    return re.sub(r"in \d+(\.\d+)? s\b", "in … s", answer)


def test_nothing_extra_when_stderr_is_not_a_terminal():
    out = subprocess.run(STOCK, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stderr == "" and "Question:" in out.stdout


def test_a_long_run_shows_simulated_hours_and_gives_the_same_result():
    master, slave = pty.openpty()
    scenario = sim.load_scenario(VILLAGE)
    with os.fdopen(slave, "w", encoding="utf-8") as terminal:
        result = run_with_progress(scenario, seed=3, after=0.0, stream=terminal)  # "long": shown at once
    drawn = _read_all(master)
    os.close(master)
    assert "ETA" in drawn and f"T+{scenario.spec.horizon:.0f}/{scenario.spec.horizon:.0f} h" in drawn
    assert result.kpis == sim.run(scenario, seed=3).kpis  # played in pieces, the same run


def test_a_short_run_draws_nothing_even_on_a_terminal():
    master, slave = pty.openpty()
    with os.fdopen(slave, "w", encoding="utf-8") as terminal:
        run_with_progress(sim.load_scenario(VILLAGE), seed=0, stream=terminal)  # well under 3 s
    drawn = _read_all(master)
    os.close(master)
    assert drawn == ""
