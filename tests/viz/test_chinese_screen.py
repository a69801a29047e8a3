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
