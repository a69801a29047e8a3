"""A fresh machine says what it needs (issue 27): without a browser, `make test` says in one line
that the browser tests will be skipped and how to install one, and they are skipped; where CI
requires the browser (STORMDRILL_REQUIRE_BROWSER=1) its absence is an error."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _without_a_browser(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if k != "STORMDRILL_REQUIRE_BROWSER"}
    return {**env, "PATH": str(tmp_path), "STORMDRILL_CHROMIUM": str(tmp_path / "no-chromium"), **extra}


def test_the_check_says_in_one_line_how_to_install_a_browser(tmp_path):
    done = subprocess.run([sys.executable, "tests/browser.py"], cwd=ROOT, capture_output=True, text=True,
                          env=_without_a_browser(tmp_path))
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.count("\n") == 1 and "SKIPPED" in done.stdout and "apt-get install -y chromium" in done.stdout


def test_ci_makes_a_missing_browser_an_error(tmp_path):
    done = subprocess.run([sys.executable, "tests/browser.py"], cwd=ROOT, capture_output=True, text=True,
                          env=_without_a_browser(tmp_path, STORMDRILL_REQUIRE_BROWSER="1"))
    assert done.returncode == 1 and "apt-get install -y chromium" in done.stderr
    assert "STORMDRILL_REQUIRE_BROWSER=1" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_make_test_checks_before_it_runs_the_suite():
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\ntest:")[1].split("\n\n")[0]
    assert recipe.index("tests/browser.py") < recipe.index("pytest")


@pytest.mark.parametrize("test", ["tests/host/test_seat_browser.py", "tests/training/test_handouts_print.py"])
def test_a_browser_test_is_skipped_without_a_browser_and_fails_where_one_is_required(tmp_path, test):
    skipped = subprocess.run([sys.executable, "-m", "pytest", test, "-rs", "-p", "no:cacheprovider"], cwd=ROOT,
                             capture_output=True, text=True, env=_without_a_browser(tmp_path))
    assert skipped.returncode == 0 and "SKIPPED" in skipped.stdout and "apt-get install -y chromium" in skipped.stdout
    required = subprocess.run([sys.executable, "-m", "pytest", test, "-q", "-p", "no:cacheprovider"], cwd=ROOT,
                              capture_output=True, text=True,
                              env=_without_a_browser(tmp_path, STORMDRILL_REQUIRE_BROWSER="1"))
    assert required.returncode == 1 and "NO BROWSER" in required.stdout
