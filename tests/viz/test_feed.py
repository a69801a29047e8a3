"""The feed: every event a run logs reads as a sentence in both languages (the catalogue itself,
every message in Chinese with the same fields, is tests/language/test_catalogue.py)."""
import pytest

import sim
from messages import texts
from viz.feed import Names, event_text
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
