"""The feed: every event a run logs reads as a sentence in both languages (the catalogue itself,
every message in Chinese with the same fields, is tests/language/test_catalogue.py)."""
import re

import pytest

import sim
from messages import texts
from sim.bilingual import english_words
from viz.feed import EventFeed, Names, event_text
from viz_helpers import SCENARIOS


@pytest.mark.parametrize("path", [p for p in SCENARIOS if p.parent.name != "river_district_flood"],
                         ids=lambda p: p.parent.name)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_logged_event_reads_as_a_sentence(path, lang):
    scenario = sim.load_scenario(path)
    events = sim.run(scenario, seed=0).events
    t = texts(lang)
    names = Names(scenario, t)
    kinds = set()
    for event in events:
        text = event_text(t, names, event)
        if text is None:
            continue
        kinds.add(event["kind"])
        assert text != event["kind"], event  # not the raw kind
        assert "?" not in text, (event, text)  # no template field left empty
        for zone in scenario.zones:  # ids became names (a refusal quotes the engine's reason as it is)
            if event["kind"] != "action_rejected":
                assert f" {zone.id} " not in f" {text} "
    assert {"signal", "onset", "action"} <= kinds


def chinese_characters(text):
    return re.findall(r"[\u4e00-\u9fff]+", text)


OTHER_LANGUAGE = {"zh": english_words, "en": chinese_characters}
"""The words of the other language found in a text of each: a feed line shows none of them."""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_transfer_events_read_as_sentences(lang):
    """The events of the transfer (sim/transfer*.py, h-transfer: forced transfer, 防回流, people
    going back home, the order lifted), with the fields the model logs them with."""
    from viz_helpers import VILLAGE

    scenario = sim.load_scenario(VILLAGE)
    t = texts(lang)
    names = Names(scenario, t)
    events = [
        {"t": 3.0, "kind": "forced_transfer", "zone": "Z1", "group": "all", "people": 1240, "households": 40.5,
         "teams": 5, "vehicles": 2, "done_by": 4.5},
        {"t": 3.0, "kind": "prevent_return", "zone": "Z1"},
        {"t": 9.0, "kind": "return_stopped", "zone": "Z1", "people": 35},
        {"t": 9.5, "kind": "return_home", "zone": "Z2", "people": 1200, "lifted": False},
        {"t": 40.0, "kind": "transfer_lifted", "zone": "Z1", "before_danger": False},
    ]
    for event in events:
        text = event_text(t, names, event)
        assert text != event["kind"] and "?" not in text, text
        assert "Z1" not in text and "Z2" not in text, text  # the zone's name
        assert OTHER_LANGUAGE[lang](text) == [], text
    assert "1,240" in event_text(t, names, events[0])
    feed = EventFeed(t, names, frozenset())
    feed.update([{**events[3], "zone": z.id, "t": 9.5 + i / 10} for i, z in enumerate(scenario.zones)
                 if z.township == scenario.zones[0].township][:2] or [events[3]])
    assert "?" not in feed.lines[-1].text, feed.lines[-1].text
