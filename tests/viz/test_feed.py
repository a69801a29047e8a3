"""The feed and the catalogue: every event a run logs reads as a sentence in both languages."""
import json

import pytest

import sim
from viz.feed import Names, event_text
from viz.messages import FOLDER, Catalogue
from viz_helpers import SCENARIOS


def test_catalogues_have_the_same_keys_and_fields():
    en = json.loads((FOLDER / "en.json").read_text(encoding="utf-8"))
    zh = json.loads((FOLDER / "zh.json").read_text(encoding="utf-8"))
    assert set(en) == set(zh)
    import string

    def fields(template):
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    assert {k: fields(v) for k, v in en.items()} == {k: fields(v) for k, v in zh.items()}


@pytest.mark.parametrize("path", [p for p in SCENARIOS if p.parent.name != "river_district_flood"],
                         ids=lambda p: p.parent.name)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_logged_event_reads_as_a_sentence(path, lang):
    scenario = sim.load_scenario(path)
    events = sim.run(scenario, seed=0).events
    t = Catalogue(lang)
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
