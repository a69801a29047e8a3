"""A Chinese screen is Chinese: every string the viewer draws on the play screen of each
shipped scenario (map labels, gauges, legend, top bar, status, shelter list, plan, feed,
a tooltip, the buttons), at three moments, holds no English word beyond ids and units."""
import pytest

from sim.bilingual import english_words
from viz_helpers import SCENARIOS


def _screen_words(app, at_h, tmp_path):
    app.text.recording = drawn = set()
    play = app.play
    app.screenshot(tmp_path / f"at{at_h:g}.png", at_h)
    for picked in (("shelter", 0), ("zone", 0), ("depot", 0)):  # a tooltip of each kind
        kind, i = picked
        xy = {"shelter": play.map.shelter_xy, "zone": play.map.zone_xy, "depot": play.map.depot_xy}[kind]
        if len(xy):
            drawn.update(play.map.hover_lines(play.snap, picked))
    for i in range(len(play.map.towns)):
        drawn.update(play.map.hover_lines(play.snap, ("township", i)))
    drawn.update(button.text for button in play.buttons.values())
    app.text.recording = None
    return drawn


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.parent.name)
def test_a_chinese_screen_has_no_english(make_app, path, tmp_path):
    app = make_app(path, lang="zh")
    source = app.play.source
    onset = app.play.snap.onset_h
    english = {}
    for at_h in (onset * 0.6, onset + 1.0, min(onset + 9.0, source.horizon)):
        for text in _screen_words(app, at_h, tmp_path):
            words = english_words(text)
            if words:
                english[text] = words
    assert english == {}


def test_the_check_sees_english(make_app, tmp_path):
    """The same check on an English screen finds English: it is not blind."""
    app = make_app(SCENARIOS[0], lang="en")
    words = [w for text in _screen_words(app, 1.0, tmp_path) for w in english_words(text)]
    assert len(words) > 20


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.parent.name)
def test_the_whole_feed_of_a_run_is_chinese(path):
    """Every feed line of a whole free run in Chinese (refusals included) has no English."""
    import sim
    from messages import texts
    from viz.feed import EventFeed, Names
    from viz.source import NOTABLE

    scenario = sim.load_scenario(path)
    t = texts("zh")
    feed = EventFeed(t, Names(scenario, t), NOTABLE)
    feed.update(sim.run(scenario, seed=0).events)
    assert {text: words for _, text, _ in feed.lines if (words := english_words(text))} == {}


def test_every_refusal_the_engine_words_is_translated():
    """Each sentence sim/commands.py and sim/logistics.py refuse with has a pattern and a
    catalogue line in both languages (a new sentence there shows up here)."""
    import re
    from pathlib import Path

    import sim
    from messages import texts
    from viz.feed import Names
    from viz.reasons import PATTERNS, REFUSED, reason_text
    from viz_helpers import VILLAGE

    root = Path(__file__).resolve().parents[2] / "sim"
    sentences = set()
    for name in ("commands.py", "logistics.py"):
        sentences |= set(re.findall(r'return f"([^"]+)"', (root / name).read_text(encoding="utf-8")))
    sentences -= {"quantities must be positive: {', '.join(short)}"}  # a player's form never sends these
    examples = {"{township!r}": "'T1'", "{shelter.state}": "open", "{current}": "II", "{action.item}": "water_l", "{', '.join(items)}": "water_l, food"}
    t = texts("zh")
    names = Names(sim.load_scenario(VILLAGE), t)
    for sentence in sentences:
        for field, value in examples.items():
            sentence = sentence.replace(field, value)
        sentence = re.sub(r"\{[^}]*!r\}", "'all'", sentence)
        sentence = re.sub(r"\{[^}]*\}", "S1", sentence)
        assert reason_text(t, names, sentence) != sentence, sentence
        assert english_words(reason_text(t, names, sentence)) == [], sentence
    assert {kind for kind, _ in PATTERNS} == set(REFUSED)  # every refusal matched is said again


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.parent.name)
def test_a_free_runs_report_in_chinese_has_no_english(path, tmp_path):
    import sim
    from viz.source import FreeRun

    run = FreeRun(sim.load_scenario(path))
    run.lang = "zh"  # as the App sets it when it shows Chinese
    run.finish()
    text = run.write_report(tmp_path).read_text(encoding="utf-8")
    english = {line: words for line in text.splitlines() if (words := english_words(line))}
    assert english == {}
    assert "自由运行" in text and "主要事件" in text
