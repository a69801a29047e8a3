"""Print-ready handouts: the MSEL, a role card per role from the plan, an evaluator form per objective."""
import re
import subprocess
import sys

import pytest

from exercise_helpers import ROOT
from training import load_exercise
from training.handouts import HandoutsExist, card_rows, write_handouts

SHIPPED = sorted((ROOT / "scenarios").glob("*/exercise.yaml"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.parent.name)
def test_handouts_hold_every_inject_every_role_and_every_objective(tmp_path, path):
    ex = load_exercise(path)
    paths = write_handouts(ex, tmp_path)
    pages = {p.name: p.read_text(encoding="utf-8") for p in paths}
    for text in pages.values():
        assert "size: A4" in text and "WenQuanYi Micro Hei" in text and "<script" not in text
    msel = pages["msel.html"]
    for point in list(ex.spec.injects) + list(ex.spec.decisions):
        assert f"<td>{point.id}<br>" in msel
    cards = pages["role-cards.html"]
    assert cards.count("<section class='page'>") == len(ex.spec.roles)
    for role in ex.spec.roles:
        assert f"重点岗位应急处置卡：{role.name_zh}" in cards
    forms = pages["evaluator-forms.html"]
    assert forms.count("<section class='page'>") == len(ex.spec.objectives)
    for obj in ex.spec.objectives:
        assert f"评估表：{obj.id} {obj.name_zh}" in forms
    assert not re.search(r"\w=\w", re.sub(r"<[^>]+>", " ", msel + cards))  # no action syntax on paper


def test_role_cards_come_from_the_plan_with_trigger_partners_and_deadline():
    ex = load_exercise(ROOT / "scenarios" / "coastal_street_typhoon" / "exercise.yaml")
    grid = card_rows(ex, "grid_worker")
    yellow = next(r for r in grid if r[0] == "台风黄色预警发布时")
    assert "入户通知" in yellow[2] and "海滨社区（C1）" in yellow[2]
    assert yellow[4] == "街道应急指挥长" and yellow[6] == "触发后2小时00分内"  # P2: with the commander, 2 h
    logistics = card_rows(ex, "logistics")
    assert logistics and "12小时" in logistics[-1][0] and "24小时" in logistics[-1][2]  # the reorder rule
    assert card_rows(ex, "roads") == []


def test_stormdrill_handouts_writes_the_folder_and_does_not_overwrite(tmp_path):
    path = ROOT / "scenarios" / "tutorial_village" / "exercise.yaml"
    run = lambda *extra: subprocess.run([sys.executable, "-m", "stormdrill.cli", "handouts", str(path), "-o",  # noqa: E731
                                         str(tmp_path / "h"), *extra], capture_output=True, text=True, cwd=ROOT,
                                        timeout=300)
    out = run()
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "h" / "role-cards.html").exists()
    (tmp_path / "h" / "msel.html").write_text("trainer's edits", encoding="utf-8")
    again = run()
    assert again.returncode == 2 and "--force" in again.stderr
    assert (tmp_path / "h" / "msel.html").read_text(encoding="utf-8") == "trainer's edits"
    with pytest.raises(HandoutsExist):
        write_handouts(load_exercise(path), tmp_path / "h")
