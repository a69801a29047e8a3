"""The host tests' shared fixtures: a real headless Chromium (tests/host/browser_helpers.py)."""
import pytest

from browser_helpers import ARGS, browser_or_fail


@pytest.fixture
def browser():
    path, sync_playwright = browser_or_fail()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=ARGS, headless=True)
        yield b
        b.close()
