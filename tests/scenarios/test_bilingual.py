"""Every text of the shipped scenarios, plans and exercises that a trainee reads is there in
Chinese too, and the Chinese holds no English beyond ids and units."""
from pathlib import Path

import pytest

import sim
from sim.bilingual import chinese_texts, english_words, missing_chinese
from training.exercise import load_exercise

ROOT = Path(__file__).resolve().parents[2] / "scenarios"
SCENARIOS = sorted(ROOT.glob("*/scenario.yaml"))
EXERCISES = sorted(ROOT.glob("*/exercise.yaml"))


@pytest.mark.parametrize("path", SCENARIOS + EXERCISES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_text_has_its_chinese(path):
    spec = (load_exercise(path) if path.name == "exercise.yaml" else sim.load_scenario(path)).spec
    assert missing_chinese(spec) == []


@pytest.mark.parametrize("path", SCENARIOS + EXERCISES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_chinese_is_chinese(path):
    spec = (load_exercise(path) if path.name == "exercise.yaml" else sim.load_scenario(path)).spec
    english = {path: words for path, text in chinese_texts(spec) if (words := english_words(text))}
    assert english == {}


def test_missing_chinese_names_the_field():
    data = sim.load_scenario(ROOT / "tutorial_village" / "scenario.yaml").source
    data["roads"]["edges"][0]["name_zh"] = ""
    data["plan"]["rules"][1]["name_zh"] = ""
    spec = sim.scenario_from_dict(data).spec
    assert missing_chinese(spec) == [(("roads", "edges", "R1"), "name_zh"), (("plan", "rules", "P2"), "name_zh")]


def test_english_words_skips_ids_and_units():
    assert english_words("S01避灾点饮用水 5.2 h，启动Ⅳ级响应，T04Z03") == []
    assert english_words("道路中断：village road") == ["village", "road"]


def test_time_zone_is_checked():
    data = sim.load_scenario(ROOT / "tutorial_village" / "scenario.yaml").source
    data["timezone"] = "Mars/Olympus"
    with pytest.raises(sim.ScenarioError, match="timezone.*not a time zone name"):
        sim.scenario_from_dict(data)


def test_local_time_is_in_the_scenario_time_zone():
    scenario = sim.load_scenario(ROOT / "tutorial_village" / "scenario.yaml")
    assert scenario.local_time(30.5).isoformat() == "2026-09-14T12:30:00+08:00"
