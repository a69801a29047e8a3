"""Is there a browser for the browser tests? One answer for `make test` and for the tests.

The browser tests (tests/host/test_seat_browser.py) drive a real Chromium with Playwright. On
a machine without one they are skipped, and `make test` says so first, in one line, with how
to install one; CI sets STORMDRILL_REQUIRE_BROWSER=1 (.ci/run), and there a missing browser
is an error instead.

    python tests/browser.py      # prints the notice (or, under CI, fails) when there is none
"""
import os
import shutil
import sys
from pathlib import Path

CHROMIUM = os.environ.get("STORMDRILL_CHROMIUM", "/usr/bin/chromium")
"""Where the tests look first; else ``chromium`` on the PATH."""
REQUIRE = "STORMDRILL_REQUIRE_BROWSER"
"""Set to 1 where a missing browser must fail the suite (CI)."""
HOW = ("install Chromium with `apt-get install -y chromium` (as root), or point STORMDRILL_CHROMIUM at a "
       "Chromium or Chrome")


def chromium():
    """The Chromium executable to drive, or None."""
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


def missing():
    """Why the browser tests cannot run here, or None when they can."""
    if chromium() is None:
        return f"no Chromium at {CHROMIUM} or on the PATH: {HOW}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed: make setup (pip install -e '.[dev]') installs it"
    return None


def required():
    """True where a missing browser is an error (CI)."""
    return os.environ.get(REQUIRE) == "1"


def main():
    why = missing()
    if why is None:
        return 0
    if required():
        print(f"browser tests: cannot run ({REQUIRE}=1): {why}", file=sys.stderr)
        return 1
    print(f"browser tests: will be SKIPPED — {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
