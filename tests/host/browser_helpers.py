"""Debian's headless Chromium driven by Playwright, for the host's pages, and the screenshots
they take (phone 360 × 740 and laptop 1280 × 800, Chinese and English).

Without a browser a browser test is skipped, saying how to install one (tests/browser.py;
`make test` says it first); under STORMDRILL_REQUIRE_BROWSER=1 (CI) it fails instead. The pictures go to a temporary folder; set
STORMDRILL_SHOTS=docs/screenshots to refresh the ones docs/host.md shows (only those it
shows are written there: a plain test run must not change tracked files).
"""
import os
import re
import tempfile
from pathlib import Path

import pytest

import browser as browsers

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--autoplay-policy=no-user-gesture-required"]
DOCS_SHOTS = os.environ.get("STORMDRILL_SHOTS")
SHOTS = Path(DOCS_SHOTS or Path(tempfile.gettempdir()) / "stormdrill-shots")
TIMEOUT_MS = 20_000
SIZES = {"phone": (360, 740), "laptop": (1280, 800)}
DOCS = Path(__file__).resolve().parents[2] / "docs" / "host.md"
IN_DOCS = set(re.findall(r"screenshots/([\w-]+)\.png", DOCS.read_text(encoding="utf-8")))
"""The pictures docs/host.md shows (stem-lang-width), read from the page itself."""


def browser_or_fail():
    """(Chromium's path, Playwright's sync_playwright); without them the test is skipped, or fails
    where a browser is required (tests/browser.py)."""
    why = browsers.missing()
    if why and browsers.required():
        pytest.fail(f"NO BROWSER ({browsers.REQUIRE}=1): {why}", pytrace=False)
    if why:
        pytest.skip(f"no browser: {why}")
    from playwright.sync_api import sync_playwright

    return browsers.chromium(), sync_playwright


def expect(locator):
    """Playwright's waiting assertion on *locator*: it retries until the page's script has filled the
    element in (up to TIMEOUT_MS), where reading the text at once races the script. Imported here:
    without Playwright the browser fixture says how to get it."""
    from playwright.sync_api import expect as playwright_expect

    playwright_expect.set_options(timeout=TIMEOUT_MS)
    return playwright_expect(locator)


def open_page(browser, url, size="phone", errors=None, lang=None):
    """A new page in a context of its own (its own storage: one device) at *url*."""
    w, h = SIZES[size]
    context = browser.new_context(viewport={"width": w, "height": h}, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    if errors is not None:
        page.on("pageerror", lambda e: errors.append(f"{url}: {e}"))
    if lang:
        page.add_init_script(f"localStorage.setItem('stormdrill.lang', '{lang}')")
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']")
    return page


def shot(page, stem, lang=None, width=None):
    """One picture of *page* as it is now (its language and size unless given)."""
    lang = lang or page.evaluate("SD.lang")
    width = width or page.viewport_size["width"]
    name = f"{stem}-{lang}-{width}"
    if DOCS_SHOTS and name not in IN_DOCS:
        return None
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("document.fonts.ready")
    page.wait_for_timeout(150)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def shots(page, stem, langs=("zh", "en"), sizes=("phone", "laptop"), scroll_to=None):
    """Photograph *page* in each language at each size, then put it back as it was."""
    first, size0 = page.evaluate("SD.lang"), page.viewport_size
    for lang in langs:
        if page.evaluate("SD.lang") != lang:
            page.click("#lang-switch")
        for size in sizes:
            w, h = SIZES[size]
            page.set_viewport_size({"width": w, "height": h})
            if scroll_to:
                page.locator(scroll_to).first.scroll_into_view_if_needed()
                page.evaluate("window.scrollBy(0, -60)")
            else:
                page.evaluate("window.scrollTo(0, 0)")
            shot(page, stem, lang, w)
    if page.evaluate("SD.lang") != first:
        page.click("#lang-switch")
    page.set_viewport_size(size0)
