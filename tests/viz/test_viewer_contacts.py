"""A shelter's person in charge and phone (from the registry) show on the facilitator's map only."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "registry"))
from offices import jiaojiang_gbk  # noqa: E402
from stormdrill.cli import main  # noqa: E402


@pytest.mark.parametrize("role, shown", [("facilitator", True), ("player", False)])
def test_the_person_in_charge_shows_on_hover_for_the_facilitator_only(make_app, tmp_path, role, shown):
    registry = jiaojiang_gbk(tmp_path)
    scenario = tmp_path / "scenario.yaml"
    assert main(["import", str(registry.path), *registry.options, "-o", str(scenario)]) == 0
    play = make_app(scenario, lang="zh", role=role).play
    lines = play.map.hover_lines(play.snap, ("shelter", 0))
    assert ("负责人：王建国，13857600001" in lines) is shown
    assert not any("13857600001" in line for line in lines) or shown
