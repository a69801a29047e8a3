"""The after-action report of a full coastal session as a trainer prints it: headless Chromium
(Playwright) prints it on A4 and the pages are counted; the first page is the summary.
Also: local times, names instead of ids, this session's items only, the notes, the charts.

The printed first page is photographed to a temporary folder; set
STORMDRILL_SHOTS=docs/screenshots to refresh docs/screenshots/report-summary-{zh,en}.png.
Without a browser the printing tests are skipped, saying how to install one (tests/browser.py;
`make test` says it first); under STORMDRILL_REQUIRE_BROWSER=1 (CI) they fail instead.
"""
import html
import importlib.util
import os
import re
import tempfile
from dataclasses import replace
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from sim.bilingual import english_words

from training.record import Note
from training.report import build, write_report
from training.report_render import to_html
from training.scoring import score
from training.store import SessionStore

import browser as browsers
from aar_session import CHINESE_PEOPLE, chinese_words, coastal_session

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = Path(os.environ.get("STORMDRILL_SHOTS") or Path(tempfile.gettempdir()) / "stormdrill-shots")
MAX_PAGES = 12
"""Issue 26: the report of a full coastal session prints on at most this many A4 pages."""
MAX_LATIN = 5
"""Issue 26: a Chinese report holds at most a handful of Latin words outside ids and units."""


@pytest.fixture(scope="module")
def coastal(tmp_path_factory):
    """A full coastal session (training/aar_session.py) and its reports in zh and en."""
    folder = tmp_path_factory.mktemp("aar")
    store = SessionStore(folder / "s.db")
    sid = coastal_session(store)
    paths = {lang: write_report(store.record(sid), folder, lang=lang, store=store) for lang in ("zh", "en")}
    return store, sid, paths


def _browser_or_fail():
    why = browsers.missing()
    if why and browsers.required():
        pytest.fail(f"NO BROWSER ({browsers.REQUIRE}=1): {why}", pytrace=False)
    if why:
        pytest.skip(f"no browser: {why}")
    from playwright.sync_api import sync_playwright

    return browsers.chromium(), sync_playwright


def _cjk_font_css():
    """@font-face rules for the Noto Sans SC that pygame-gui ships, so that the Chinese report
    prints with real glyphs (and real widths) on a machine with no Chinese system font."""
    spec = importlib.util.find_spec("pygame_gui")
    if spec is None:
        return ""
    data = Path(list(spec.submodule_search_locations)[0]) / "data"
    return "".join(f'@font-face{{font-family:"Noto Sans SC";src:url("{(data / name).as_uri()}");font-weight:{w}}}'
                   for name, w in (("NotoSansSC-Regular.otf", 400), ("NotoSansSC-Bold.otf", 700))
                   if (data / name).exists())


@pytest.fixture(scope="module")
def printer():
    """print(html_path) -> number of A4 pages Chromium prints; shot(html_path, png) photographs page 1."""
    path, sync_playwright = _browser_or_fail()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 794, "height": 1123})

        def load(html_path):
            page.goto(Path(html_path).resolve().as_uri())
            page.add_style_tag(content=_cjk_font_css())
            page.evaluate("document.fonts.ready.then(() => true)")

        def pages(html_path):
            load(html_path)
            pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
            return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))

        def shot(html_path, png):
            load(html_path)
            page.emulate_media(media="print")
            page.add_style_tag(content="body{padding:13mm 12mm !important;background:#fff}")
            png.parent.mkdir(parents=True, exist_ok=True)
            end = page.locator(".pagebreak").bounding_box()  # the first printed page ends there
            height = min(1123, end["y"] + 12) if end else 1123
            page.screenshot(path=str(png), clip={"x": 0, "y": 0, "width": 794, "height": height})
            Image.open(png).convert("RGB").quantize(256).save(png, optimize=True)  # small files for the docs
            page.emulate_media(media="screen")

        yield pages, shot
        browser.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_report_of_a_full_coastal_session_prints_on_at_most_twelve_a4_pages(coastal, printer, lang):
    pages, shot = printer
    store, sid, paths = coastal
    n = pages(paths[lang])
    assert 2 <= n <= MAX_PAGES, f"{lang}: {n} A4 pages"
    shot(paths[lang], SHOTS / f"report-summary-{lang}.png")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_first_page_is_the_summary_and_it_fits_on_one_page(coastal, printer, tmp_path, lang):
    """Everything before the page break (verdict with reasons, score, the top three items,
    the link to the appendix) prints on one page."""
    pages, _shot = printer
    store, sid, _paths = coastal
    record = store.record(sid)
    items = [(i["key"], i["issue"], i["corrective_action"], i["role"], i["due"]) for i in store.improvements(sid)]
    blocks = build(record, score(record), lang, items)
    summary = blocks[:blocks.index(("pagebreak",))]
    assert [b[1] for b in summary if b[0] == "h2"][-1] in ("最需改进的三项", "Top three improvement items")
    assert len([b for b in summary if b[0] == "li"]) >= 3  # the verdict's reasons and the items
    path = tmp_path / "summary.html"
    path.write_text(to_html(summary, lang), encoding="utf-8")
    assert pages(path) == 1


def test_times_are_local_never_utc(coastal):
    store, sid, paths = coastal
    record = store.record(sid)
    started = datetime.fromisoformat(record.started_at).astimezone(ZoneInfo("Asia/Shanghai"))
    for lang, path in paths.items():
        for name in (path.name, path.stem + ".md", path.stem + "-appendix.html"):
            text = re.sub(r'src="data:[^"]*"', "", path.with_name(name).read_text(encoding="utf-8"))
            assert not re.search(r"\d:\d\d(:\d\d)?\+00:00", text) and "UTC" not in text  # (T+00:00 is the clock)
        text = path.read_text(encoding="utf-8")
        assert started.strftime("%Y-%m-%d %H:%M") in text  # the session's start, in the scenario's zone
        assert ("北京时间" if lang == "zh" else "Beijing time") in text
        # the scenario starts 2026-08-20 08:00 local: the blue signal at T+00:00 is at 08-20 08:00
        assert "<td>08-20 08:00</td>" in text


def test_places_and_rules_go_by_name_never_by_raw_id(coastal):
    store, sid, paths = coastal
    for lang, path in paths.items():
        for name in (path.name, path.stem + ".md", path.stem + "-appendix.html", path.stem + "-appendix.md"):
            text = path.with_name(name).read_text(encoding="utf-8")
            assert "resupply:" not in text and "resupply\\:" not in text
            assert not re.search(r"water_l|water\\_l|open_shelter|order_evacuation", text), name
        appendix = path.with_name(path.stem + "-appendix.html").read_text(encoding="utf-8")
        assert ("补给规则：" if lang == "zh" else "reorder rule: ") in appendix


def test_only_this_sessions_improvement_items_are_in_the_report(tmp_path):
    """A second session of the same community: its report's plan holds its own items; the
    first session's open items are counted in one sentence and listed in the appendix."""
    store = SessionStore(tmp_path / "s.db")
    first = coastal_session(store)
    second = coastal_session(store, words=lambda i: f"second session note {i}")
    earlier = store.improvements(first)
    assert earlier and store.open_items(store.record(second).community, before=second)
    path = write_report(store.record(second), tmp_path, lang="en", store=store)
    page = path.read_text(encoding="utf-8")
    plan = page[page.index("<h2>Improvement plan"):]
    assert plan.count("<tr>") - 1 == len(store.improvements(second))
    assert "items of earlier exercises" in plan
    appendix = path.with_name(path.stem + "-appendix.html").read_text(encoding="utf-8")
    assert "<h2>Items still open from earlier exercises" in appendix
    assert f"No. {earlier[0]['id']} " in appendix and f"No. {earlier[0]['id']} " not in page


def test_the_report_prints_every_note_of_the_session_through_one_function(coastal, tmp_path):
    """Evaluators' observations today; observers' and hotwash notes (entered on the web) once
    the store keeps them in record.notes."""
    store, sid, _paths = coastal
    record = store.record(sid)
    later = replace(record, notes=(Note("observer", "the quay was never checked", "Observer Sun", "observer", 20.0),
                                   Note("hotwash", "bring the depot phone list next time", "Wang Fang", "facilitator",
                                        None, "2026-12-07T03:00:00+00:00")))
    for lang, kind in (("en", "observer's note"), ("zh", "观察员记录")):
        page = write_report(later, tmp_path / lang, lang=lang).read_text(encoding="utf-8")
        assert "the quay was never checked" in page and "bring the depot phone list next time" in page
        assert html.escape(kind) in page and "2026-12-07 11:00" in page  # the hotwash note's stamp, local
        assert all(e.comment in page for e in record.evaluations if e.kind == "observation")


def test_a_transfer_series_becomes_one_more_chart(coastal, tmp_path):
    """The charts take another series without restructuring: a cumulative-transferred series
    (h-transfer, in every run's series since issue 23) is drawn against the people due to move
    and the hazard; a record without it has one chart fewer."""
    store, sid, _paths = coastal
    more = store.record(sid)
    assert "transferred" in more.series["team"] and "hazard_depth_m" in more.series["team"]
    series = {run: {k: v for k, v in s.items() if k not in ("transferred", "hazard_depth_m")}
              for run, s in more.series.items()}
    record = replace(more, series=series)
    before = write_report(record, tmp_path / "a", lang="zh").read_text(encoding="utf-8")
    after = write_report(more, tmp_path / "b", lang="zh").read_text(encoding="utf-8")
    assert after.count("data:image/png") == before.count("data:image/png") + 1
    assert 'alt="转移进度与灾情曲线"' in after


def test_chart_labels_are_in_the_reports_language(coastal):
    """A Chinese report draws its chart labels in Chinese with a font that has the glyphs."""
    from training.charts import chart_font

    families, lang, problem = chart_font("zh")
    assert lang == "zh" and not problem, problem
    assert chart_font("zh", path="/nonexistent/font.otf")[1:] == ("en", "/nonexistent/font.otf: no such file")
    store, sid, paths = coastal
    page = paths["zh"].read_text(encoding="utf-8")
    assert "图表标注为英文" not in page and 'alt="转移曲线"' in page


class _Visible(HTMLParser):
    """The text a reader sees on an HTML page (not the stylesheet, not the image data)."""

    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.parts, self._style = [], False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self._style = tag == "style"

    def handle_endtag(self, tag):
        self._style = False

    def handle_data(self, data):
        if not self._style:
            self.parts.append(data)


def test_a_chinese_report_has_at_most_a_handful_of_latin_words(tmp_path):
    """A full coastal session played by a Chinese team: its zh report and appendix, HTML and
    Markdown, hold at most MAX_LATIN words in Latin letters outside ids and units
    (sim.bilingual.english_words) — headings, tables, verdicts, plan items, chart notes."""
    store = SessionStore(tmp_path / "s.db")
    sid = coastal_session(store, words=chinese_words, people=CHINESE_PEOPLE, evaluator="王芳")
    path = write_report(store.record(sid), tmp_path, lang="zh", store=store)
    for name in (path.name, path.stem + ".md", path.stem + "-appendix.html", path.stem + "-appendix.md"):
        raw = path.with_name(name).read_text(encoding="utf-8")
        text = " ".join(_Visible(raw).parts) if name.endswith(".html") else re.sub(r"\]\([^)]*\)", "]", raw)
        latin = english_words(text)
        assert len(latin) <= MAX_LATIN, (name, latin[:40])
