"""Print-ready handouts: the MSEL, a role card per role from the plan, an evaluator form per objective."""
import re
import subprocess
import sys

import pytest

from exercise_helpers import ROOT
from training import load_exercise
from training import roles
from training.handouts import HandoutsExist, card_rows, write_handouts

SHIPPED = sorted((ROOT / "scenarios").glob("*/exercise.yaml"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.parent.name)
def test_handouts_hold_every_inject_every_role_and_every_objective(tmp_path, path):
    ex = load_exercise(path)
    paths = write_handouts(ex, tmp_path)
    pages = {p.name: p.read_text(encoding="utf-8") for p in paths}
    for text in pages.values():
        assert "size: A4" in text and "WenQuanYi Micro Hei" in text and "<script" not in text
    for lang in ("zh", "en"):
        msel = pages[f"msel-{lang}.html"]
        for point in list(ex.spec.injects) + list(ex.spec.decisions):
            assert f"<td class='id'>{point.id}</td>" in msel
        cards = pages[f"role-cards-{lang}.html"]
        assert cards.count("<section class='page'>") == len(ex.spec.roles)
        forms = pages[f"evaluator-forms-{lang}.html"]
        others = any(line.objective is None for line in roles.evaluation_form(ex))
        assert forms.count("<section class='page'>") == len(ex.spec.objectives) + others
        assert not re.search(r"\w=\w", re.sub(r"<[^>]+>", " ", msel + cards))  # no action syntax on paper
    for role in ex.spec.roles:
        assert f"重点岗位应急处置卡：{role.name_zh}" in pages["role-cards-zh.html"]
        assert f"Emergency card for key posts: {role.name}" in pages["role-cards-en.html"]
    for obj in ex.spec.objectives:
        assert f"评估表：{obj.id} {obj.name_zh}" in pages["evaluator-forms-zh.html"]


def test_role_cards_come_from_the_plan_with_trigger_partners_and_deadline():
    ex = load_exercise(ROOT / "scenarios" / "coastal_street_typhoon" / "exercise.yaml")
    grid = card_rows(ex, "grid_worker")
    yellow = next(r for r in grid if r.when == "台风黄色预警发布时")
    assert "入户通知" in yellow.what and "海滨社区（C1）" in yellow.what
    assert yellow.partners == "街道应急指挥长" and yellow.by == "触发后2小时00分内"  # P2: with the commander, 2 h
    logistics = card_rows(ex, "logistics")
    low = next(r for r in logistics if "12小时" in r.when)  # the reorder rule: stocks running low
    assert "24小时" in low.what and len(low.keys) == 2 * len(ex.scenario.shelters)
    opening = next(r for r in logistics if r.when == "避灾点开放时")  # and the top-ups on opening
    assert "被褥" in opening.what and opening.partners == "避灾点管理员"
    assert card_rows(ex, "roads") == []  # no duty: the card says so, and lists what the post may do


def test_stormdrill_handouts_writes_the_folder_and_does_not_overwrite(tmp_path):
    path = ROOT / "scenarios" / "tutorial_village" / "exercise.yaml"
    run = lambda *extra: subprocess.run([sys.executable, "-m", "stormdrill.cli", "handouts", str(path), "-o",  # noqa: E731
                                         str(tmp_path / "h"), *extra], capture_output=True, text=True, cwd=ROOT,
                                        timeout=300)
    out = run()
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "h" / "role-cards-zh.html").exists() and (tmp_path / "h" / "role-cards-en.html").exists()
    (tmp_path / "h" / "msel-zh.html").write_text("trainer's edits", encoding="utf-8")
    again = run()
    assert again.returncode == 2 and "--force" in again.stderr
    assert (tmp_path / "h" / "msel-zh.html").read_text(encoding="utf-8") == "trainer's edits"
    with pytest.raises(HandoutsExist):
        write_handouts(load_exercise(path), tmp_path / "h")
