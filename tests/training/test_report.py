"""The after-action report: everything a trainer hands out, with nothing unescaped."""
import re
import subprocess
import sys

import pytest

from training import load_exercise
from training.report import ReportExists, write_report
from training.report_render import TAGS
from training.session import Session
from training.store import SessionStore, StoreError

from exercise_helpers import ROOT, play

HOSTILE = "<script>alert('aar')</script>"


@pytest.fixture
def hostile(village):
    """The tutorial exercise with markup in an inject's message, sender and a role name."""
    path = village / "exercise.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("en: The district observatory issues a typhoon BLUE signal",
                        f"en: \"{HOSTILE} The district observatory issues a typhoon BLUE signal")
    text = text.replace("gale-force winds possible within 24 hours.", "gale-force winds possible within 24 hours.\"")
    text = text.replace("from_zh: 区气象台\n    from: District observatory\n    to: all\n    message:\n      zh: 区气象台",
                        "from_zh: <img src=x onerror=alert(1)>\n    from: <img src=x onerror=alert(1)>\n"
                        "    to: all\n    message:\n      zh: 区气象台")
    text = text.replace("name: Shelter manager\n", "name: Shelter <b>manager</b>\n")
    path.write_text(text, encoding="utf-8")
    return load_exercise(path)


def finished_session(tmp_path, exercise, script=()):
    store = SessionStore(tmp_path / "s.db")
    session = Session.start(store, exercise, participants=[("commander", "Li <i>Wei</i>")])
    play(session.runner, script)
    session.finish()
    return store, session.id


def test_report_html_escapes_every_text_from_the_files(tmp_path, hostile):
    assert HOSTILE in hostile.injects["I1"].message.en
    store, sid = finished_session(tmp_path, hostile, [(0.0, {"action": "warn"}), (1.2, {"action": "open_shelter", "shelter": "S1"})])
    for lang in ("en", "zh"):
        html_path = write_report(store.record(sid), tmp_path / "out", lang=lang, store=store)
        page = html_path.read_text(encoding="utf-8")
        assert "<script" not in page.lower()
        assert "<img src=x" not in page and "<b>manager" not in page and "<i>Wei" not in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page  # the sender, shown as text
        if lang == "en":
            assert "&lt;script&gt;alert(&#x27;aar&#x27;)&lt;/script&gt;" in page
        appendix = html_path.with_name(html_path.stem + "-appendix.html").read_text(encoding="utf-8")
        for text in (page, appendix):
            assert "<script" not in text.lower() and "<img src=x" not in text and "<b>manager" not in text
            assert set(re.findall(r"<([a-zA-Z0-9]+)", text)) <= TAGS
            assert set(re.findall(r'href="([^"]*)"', text)) <= {html_path.name, html_path.stem + "-appendix.html"}
        markdown = html_path.with_suffix(".md").read_text(encoding="utf-8")
        assert "<script" not in markdown and "<img" not in markdown and "&lt;img" in markdown


def test_report_has_a_summary_page_the_sections_charts_and_an_appendix(tmp_path, exercise):
    script = [(1.5, {"action": "open_shelter", "shelter": "S1"}), (16.5, {"action": "order_evacuation", "zone": "Z3"})]
    store, sid = finished_session(tmp_path, exercise, script)
    path = write_report(store.record(sid), tmp_path, lang="en", store=store)
    page = path.read_text(encoding="utf-8")
    summary, rest = page.split('<div class="pagebreak"></div>')
    for heading in ("Relief verdict: the 10-hour target", "Score", "Top three improvement items"):
        assert f"<h2>{heading}" in summary
    for heading in ("Objective ratings", "Timeline", "Evacuation, shelters and stocks", "Outcome against the relief target",
                    "Strengths", "Areas for improvement", "Improvement plan"):
        assert f"<h2>{heading}" in rest
    assert page.count('src="data:image/png;base64,') == 4  # evacuation, transfer (issue 23), shelter peaks, stocks
    assert "http://" not in page and "https://" not in page  # self-contained
    assert f'<a href="{path.stem}-appendix.html">' in summary
    appendix = path.with_name(path.stem + "-appendix.html").read_text(encoding="utf-8")
    for heading in ("Timeline, every entry", "Expected actions against the plan", "How the score is made"):
        assert f"<h2>{heading}" in appendix and f"<h2>{heading}" not in page
    assert "U - unable to be performed" in page  # the evacuation objective
    assert "wrong target" in appendix  # Z3 ordered out on orange instead of Z1
    items = store.improvements(sid)
    assert items and all(i["issue"] and i["corrective_action"] and i["role"] and i["due"] for i in items)
    zh = write_report(store.record(sid), tmp_path, lang="zh", store=store).read_text(encoding="utf-8")
    assert "改进计划" in zh and "未能完成" in zh and "最需改进的三项" in zh


def test_report_does_not_overwrite_without_force(tmp_path, exercise):
    store, sid = finished_session(tmp_path, exercise)
    path = write_report(store.record(sid), tmp_path, store=store)
    path.write_text("trainer's notes", encoding="utf-8")
    with pytest.raises(ReportExists):
        write_report(store.record(sid), tmp_path, store=store)
    assert path.read_text(encoding="utf-8") == "trainer's notes"
    out = subprocess.run([sys.executable, "-m", "stormdrill.cli", "report", str(sid), "--db", str(tmp_path / "s.db"),
                          "-o", str(tmp_path)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 2 and "--force" in out.stderr and "Traceback" not in out.stderr
    assert path.read_text(encoding="utf-8") == "trainer's notes"
    out = subprocess.run([sys.executable, "-m", "stormdrill.cli", "report", str(sid), "--db", str(tmp_path / "s.db"),
                          "-o", str(tmp_path), "--force", "--lang", "zh"], capture_output=True, text=True, cwd=ROOT,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / f"aar-session{sid}-zh.html").exists()


def test_report_of_an_unfinished_session_says_how_to_finish_it(tmp_path, exercise):
    store = SessionStore(tmp_path / "s.db")
    session = Session.start(store, exercise)
    out = subprocess.run([sys.executable, "-m", "stormdrill.cli", "report", str(session.id), "--db",
                          str(tmp_path / "s.db")], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 2 and f"--resume {session.id}" in out.stderr
    with pytest.raises(StoreError, match=rf"Session\.resume\(store, {session.id}\)") as unfinished:
        store.record(session.id)  # from Python, the remedy is the call, not the command's flag
    assert "--resume" not in str(unfinished.value)


def _timeline_rows(blocks, title):
    i = blocks.index(("h2", title))
    return next(b for b in blocks[i:] if b[0] == "table")[2]


def test_every_inject_and_decision_point_of_the_session_is_in_the_timeline(exercise):
    """Kills the mutant "timeline drops decision points" (or injects, or the close of a point)."""
    from dataclasses import replace

    from training import Runner
    from training.record import record_of
    from training.report import build, build_appendix
    from training.scoring import score

    from exercise_helpers import play_plan, plan_actions

    record = record_of(play_plan(Runner(exercise), plan_actions(exercise)))
    assert len(record.decisions) == len(exercise.decisions) and len(record.deliveries) >= 10
    for lang, title, full, inject, decision in (("en", "Timeline", "Timeline, every entry", "inject", "decision point"),
                                                ("zh", "时间线", "完整时间线", "情景注入", "决策点")):
        for rows, k in ((_timeline_rows(build(record, score(record), lang), title), 1),
                        (_timeline_rows(build_appendix(record, score(record), lang), full), 2)):
            kinds = [r[k] for r in rows]
            for iid in record.deliveries:
                assert f"{inject} {iid}" in kinds, iid
            for did in record.decisions:
                assert f"{decision} {did}" in kinds, did
            times = [r[0] for r in rows]
            assert times == sorted(times)
        actions = [r for r in rows if r[2].startswith(("action", "处置动作"))]
        assert len(actions) == len(record.actions)  # the appendix: every action on its own line
    # a decision point opened but never closed still shows
    opened_only = replace(record, decisions={k: (v[0], None) for k, v in record.decisions.items()})
    kinds = [r[1] for r in _timeline_rows(build(opened_only, score(opened_only), "en"), "Timeline")]
    assert all(f"decision point {d}" in kinds for d in record.decisions)
    # an inject the facilitator added during the exercise shows with its message
    from training.facilitation import ActEntry

    act = ActEntry(1, 5.0, 0.0, "Zhao", {"act": "add_inject", "id": "X1", "to": "all",
                                         "message": {"zh": "临时：桥面裂缝", "en": "Ad hoc: the bridge deck cracked"}},
                   True, "", 0)
    adhoc = replace(record, deliveries=dict(record.deliveries, X1=5.0), acts=(act,))
    rows = _timeline_rows(build(adhoc, score(adhoc), "zh"), "时间线")
    assert any(r[1] == "情景注入 X1" and r[3] == "临时：桥面裂缝" for r in rows)


def test_improvement_plan_is_a_dozen_plain_items_at_most(tmp_path):
    """The coastal exercise done by nobody: every expectation fails, yet the plan stays short and
    in plain words, each item with an owner role and a due date."""
    from training import Runner
    from training.improvement import improvement_items, text
    from training.record import record_of
    from training.scoring import score

    ex = load_exercise(ROOT / "scenarios" / "coastal_street_typhoon" / "exercise.yaml")
    runner = Runner(ex)
    while not runner.finished:
        if runner.advance(runner.horizon).decision is not None:
            runner.close_decision()
    record = record_of(runner)
    result = score(record)
    assert sum(v.status != "full" for v in result.verdicts) > 30
    items = improvement_items(record, result)
    assert 1 <= len(items) <= 12
    for key, issue, action, role, due in items:
        assert role in ex.roles and re.fullmatch(r"\d{4}-\d{2}-\d{2}", due)
        for lang in ("zh", "en"):
            for sentence in (text(issue, lang), text(action, lang)):
                assert "=" not in sentence and "action:" not in sentence and "_" not in sentence, sentence
        assert re.search(r"[\u4e00-\u9fff]", text(issue, "zh")) and re.search(r"[\u4e00-\u9fff]", text(action, "zh"))


def test_the_chinese_report_has_no_english_words_but_ids_and_acronyms(tmp_path, exercise):
    """Senders, shelter and zone names, units and the chart notes come in Chinese too."""
    script = [(1.5, {"action": "open_shelter", "shelter": "S1"}),
              (2.0, {"action": "dispatch", "depot": "D1", "shelter": "S1", "items": {"bedding": 10, "medical": 2}})]
    store, sid = finished_session(tmp_path, exercise, script)
    path = write_report(store.record(sid), tmp_path, lang="zh", store=store)
    for name in (path.stem + ".md", path.stem + "-appendix.md"):
        markdown = re.sub(r"\]\([^)]*\)", "]", path.with_name(name).read_text(encoding="utf-8"))  # link targets: files
        allowed = {"GB", "III", "II", "IV", "Wei", "scripted"}  # + a participant's name, the test's note
        words = {w for w in re.findall(r"[A-Za-z][A-Za-z_]{2,}", markdown) if w not in allowed}
        assert words == set(), sorted(words)  # no raw ids either (resupply, water_l, open_shelter)
