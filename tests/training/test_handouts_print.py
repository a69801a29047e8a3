"""The handouts as a printer sees them: each page printed to PDF by headless Chromium (A4,
the print CSS), its pages counted. The MSEL holds at least 12 injects a page, in time order;
each role card is one page; the evaluator's forms hold every numbered expected action.

Chinese is printed with the Noto Sans SC that pygame-gui ships (a fontconfig file points
Chromium at it), as an office PC prints with its own Chinese font. Without Chromium this
test is skipped, saying how to install it (tests/browser.py; `make test` says it first); under
STORMDRILL_REQUIRE_BROWSER=1 (CI) it fails instead.
"""
import importlib.util
import math
import os
import re
import subprocess
from pathlib import Path

import pytest

import browser as browsers
from exercise_helpers import ROOT
from training import load_exercise, roles
from training.handouts import msel_rows, write_handouts

SHIPPED = sorted((ROOT / "scenarios").glob("*/exercise.yaml"))
ROWS_A_PAGE = 12


def chromium():
    path = browsers.chromium()
    if path is None and browsers.required():
        pytest.fail(f"NO BROWSER ({browsers.REQUIRE}=1): {browsers.missing()}", pytrace=False)
    if path is None:
        pytest.skip(f"no browser: {browsers.missing()}")
    return path


@pytest.fixture(scope="module")
def printer(tmp_path_factory):
    """print(html) -> number of A4 pages, through headless Chromium with a Chinese font."""
    exe = chromium()
    folder = tmp_path_factory.mktemp("fonts")
    spec = importlib.util.find_spec("pygame_gui")
    fonts = Path(spec.submodule_search_locations[0]) / "data"
    (folder / "fonts.conf").write_text(
        "<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'fonts.dtd'><fontconfig>"
        "<include ignore_missing='yes'>/etc/fonts/fonts.conf</include>"
        f"<dir>{fonts}</dir><cachedir>{folder / 'cache'}</cachedir></fontconfig>", encoding="utf-8")
    env = dict(os.environ, FONTCONFIG_FILE=str(folder / "fonts.conf"))

    def pages(html):
        pdf = html.with_suffix(".pdf")
        subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--print-to-pdf={pdf}", html.as_uri()], env=env, capture_output=True, timeout=120, check=True)
        return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))

    return pages


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.parent.name)
def test_handouts_print_compact_one_card_a_page(tmp_path, path, printer):
    ex = load_exercise(path)
    write_handouts(ex, tmp_path)
    rows = len(ex.spec.injects) + len(ex.spec.decisions)
    form = roles.evaluation_form(ex)
    for lang in ("zh", "en"):
        msel = printer(tmp_path / f"msel-{lang}.html")
        assert msel <= math.ceil(rows / ROWS_A_PAGE), (lang, msel, rows)
        assert printer(tmp_path / f"role-cards-{lang}.html") == len(ex.spec.roles)
        forms = printer(tmp_path / f"evaluator-forms-{lang}.html")
        sections = len(ex.spec.objectives) + any(line.objective is None for line in form)
        assert sections <= forms <= sections + math.ceil(len(form) / 25), (lang, forms)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.parent.name)
def test_the_msel_is_in_time_order(tmp_path, path):
    ex = load_exercise(path)
    rows = msel_rows(ex)
    timed = [r.t for r in rows if r.t is not None]
    assert timed == sorted(timed) and len(rows) == len(ex.spec.injects) + len(ex.spec.decisions)
    assert all(r.t is None for r in rows[len(timed):])  # those that may never happen come last
    write_handouts(ex, tmp_path)
    page = (tmp_path / "msel-en.html").read_text(encoding="utf-8")
    assert re.findall(r"<td class='id'>([^<]+)</td>", page) == [r.point.id for r in rows]
