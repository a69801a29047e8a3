"""Report text is safe in every format (issue 29 item 2): a hostile session — hundreds of
Markdown links, images, autolinks and raw HTML in Chinese and English, typed as names,
rationales, facilitator injects and evaluator notes, and written into the scenario's names —
gives a report and appendix where the only links are the ones between the two files, no
image is fetched from anywhere, no script or event handler exists, and every text reads as
typed. The Markdown is rendered with GitHub's own renderer (cmark-gfm, raw HTML allowed) and
with markdown-it, as a reader's viewer would.
"""
import json
import shutil
from html.parser import HTMLParser

import pytest

from training.report import write_report
from training.report_render import TAGS, WORD_JOINER, UnsafeLink, md_text, to_html, to_markdown
from training.store import SessionStore

from aar_session import COASTAL, coastal_session

ATTACKS = (
    "[click](javascript:alert(1))", "[点我](JaVaScRiPt:alert('转移'))", "[x]( javascript:alert(1) )",
    "[x](<javascript:alert(1)>)", "![](http://evil.example/t.png)", "![地图](https://恶意.example/图.png \"t\")",
    "<http://evil.example/a>", "<javascript:alert(1)>", "http://evil.example/plain", "https://evil.example/p?q=1",
    "www.evil.example/w", "user@evil.example", "<img src=http://evil.example/x.png onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>", "&#106;avascript:alert(1)", "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[ref][r] \n\n[r]: javascript:alert(1)", "![img][i]\n\n[i]: http://evil.example/i.png", "\\[x](javascript:alert(1))",
    "`code` *bold* _it_ ~~s~~ $x^2$ | a | b |", "# heading", "1. list", "- item", "---", "<script>alert(1)</script>",
    "<!-- hidden -->", "[^1]: note", "<details open>紧急</details>", "mailto:user@evil.example", "xmpp:u@evil.example",
)
"""What a hostile (or careless) person types, each used many times in zh and en contexts."""


def hostile(i):
    """The i-th hostile text: an attack wrapped in Chinese or English words."""
    attack = ATTACKS[i % len(ATTACKS)]
    return f"紧急{i}：{attack} 请核实" if i % 2 else f"note {i}: {attack} check"


@pytest.fixture(scope="module")
def hostile_reports(tmp_path_factory):
    """A full coastal session where every typed text, every person's name and several
    scenario names are hostile; its report and appendix in zh and en."""
    folder = tmp_path_factory.mktemp("hostile")
    copy = folder / "coastal"
    shutil.copytree(COASTAL.parent, copy)
    scenario = copy / "scenario.yaml"
    text = scenario.read_text(encoding="utf-8")
    for k, (plain, zh) in enumerate((("name: Haibin community centre,", "name_zh: 海滨社区党群服务中心避灾点,"),
                                     ("name: Haibin,", "name_zh: 海滨社区,"))):
        text = text.replace(plain, f"name: {json.dumps(hostile(2 * k))},", 1)
        text = text.replace(zh, f"name_zh: {json.dumps(hostile(2 * k + 1), ensure_ascii=False)},", 1)
    scenario.write_text(text, encoding="utf-8")
    people = [(role, hostile(100 + i)) for i, role in enumerate(("commander", "grid_worker", "shelter_manager",
                                                                  "logistics", "roads"))]
    store = SessionStore(folder / "s.db")
    sid = coastal_session(store, words=hostile, people=people, path=copy / "exercise.yaml", notes=150)
    record = store.record(sid)
    typed = [a.rationale for a in record.actions] + [e.comment for e in record.evaluations] + [n for _, n in people]
    assert len(typed) >= 200 and sum("javascript" in t.lower() for t in typed) >= 20
    paths = {}
    for lang in ("zh", "en"):
        main = write_report(record, folder, lang=lang, store=store)
        paths[lang] = (main, main.with_name(main.stem + "-appendix.html"))
    return record, typed, paths


class Page(HTMLParser):
    """The tags, links, image sources, event-handler attributes and visible text of a page."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags, self.links, self.images, self.handlers, self.text = set(), [], [], [], []
        self._skip = 0
        self.feed(html)
        self.text = _collapsed(" ".join(self.text))

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        attrs = dict(attrs)
        if tag == "a":
            self.links.append(attrs.get("href") or "")
        if tag == "img":
            self.images.append(attrs.get("src") or "")
        self.handlers += [k for k in attrs if k.lower().startswith("on")]
        self._skip += tag in ("style", "script", "title")

    def handle_endtag(self, tag):
        if tag in ("style", "script", "title") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def _rendered(markdown):
    """The Markdown as the viewers render it: GitHub's cmark-gfm (raw HTML allowed), markdown-it."""
    cmarkgfm = pytest.importorskip("cmarkgfm", reason="pip install -e '.[dev]' installs cmarkgfm")
    from cmarkgfm.cmark import Options
    from markdown_it import MarkdownIt

    return (cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE),
            MarkdownIt("commonmark", {"html": True, "linkify": False}).enable("table").render(markdown))


def _collapsed(text):
    return " ".join(text.replace(WORD_JOINER, "").split())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_markdown_of_a_hostile_session_has_no_link_but_the_appendix_and_no_image(hostile_reports, lang):
    record, typed, paths = hostile_reports
    main, appendix = paths[lang]
    own = {main.with_suffix(".md").name, appendix.with_suffix(".md").name}
    text = ""
    for md_path in (main.with_suffix(".md"), appendix.with_suffix(".md")):
        markdown = md_path.read_text(encoding="utf-8")
        for html in _rendered(markdown):
            page = Page(html)
            assert set(page.links) <= own and len(page.links) == 1, sorted(set(page.links) - own)[:5]
            assert page.images == [] and page.handlers == []
            assert not page.tags & {"script", "img", "iframe", "details", "style", "h3", "code", "em", "strong", "del"}
        text += Page(_rendered(markdown)[0]).text
    missing = [t for t in typed if _collapsed(t) not in text]  # every name, rationale and note reads as typed
    assert not missing, missing[:3]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_of_a_hostile_session_is_text_with_only_its_own_links_and_embedded_charts(hostile_reports, lang):
    record, typed, paths = hostile_reports
    main, appendix = paths[lang]
    for path in (main, appendix):
        page = Page(path.read_text(encoding="utf-8"))
        assert page.tags <= TAGS and page.handlers == []
        assert set(page.links) == {(appendix if path == main else main).name}
        assert all(src.startswith("data:image/png;base64,") for src in page.images)
    text = " ".join(Page(path.read_text(encoding="utf-8")).text for path in (main, appendix))
    missing = [t for t in typed if _collapsed(t) not in text]
    assert not missing, missing[:3]


def test_every_attack_alone_reads_as_typed_in_both_renderers():
    """md_text escapes exactly enough: each attack, alone in a paragraph, a list item or a
    table cell, renders as its own characters and as nothing else."""
    for attack in ATTACKS:
        shown = _collapsed(attack)
        for block in (("p", attack), ("li", attack), ("table", ["h"], [[attack]])):
            for html in _rendered(to_markdown([block])):
                page = Page(html)
                assert page.links == [] and page.images == [], (attack, html)
                assert shown in page.text, (attack, html)
    assert md_text("T+14:20 at 08:00") == "T+14:20 at 08:00"  # times stay readable in the raw file


def test_a_report_links_only_to_the_files_it_wrote():
    files = {"aar-session1-zh.html", "aar-session1-zh.md"}
    for target in ("javascript:alert(1)", "../../etc/passwd", "http://evil.example/x", "aar-session2-zh"):
        with pytest.raises(UnsafeLink):
            to_html([("link", "x", target)], "zh", files)
        with pytest.raises(UnsafeLink):
            to_markdown([("link", "x", target)], "zh", files)
    assert 'href="aar-session1-zh.html"' in to_html([("link", "x", "aar-session1-zh")], "zh", files)
