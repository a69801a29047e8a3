"""The facilitator's console in the terminal exercise, stepped and paced."""
import re

import pytest

from training.exercise import load_exercise
from training.pacing import Pacer
from training.runner import Runner
from training.session import Session
from training.store import SessionStore
from training.terminal import TerminalExercise

from test_terminal import run_cli
from exercise_helpers import ROOT, TUTORIAL


def play(runner_or_session, lines, lang="en", pacer=None, wall=None, seconds=0, who="Wang"):
    """Run the terminal on *lines*; with *wall*, each line is typed *seconds* after the last."""
    out, feed = [], iter(lines)

    def read(prompt):
        out.append(prompt)
        if wall is not None:
            wall.now += seconds
        return next(feed)

    TerminalExercise(runner_or_session, lang=lang, read=read, write=out.append, pacer=pacer, who=who).run()
    return out


def prompts(out):
    return [line for line in out if line.startswith("[") and line.endswith("> ")]


def test_stepped_console_enter_never_moves_the_clock_and_the_facilitator_steers(exercise):
    runner = Runner(exercise)
    out = play(runner, ["", "", "next", "", "release I10", "skip I6", "retime I11 +1h",
                        "add {message: {en: The bridge on R3 is cracked}, to: [logistics], "
                        "effect: [{action: close_road, edge: R3}]}",
                        "add {message: {en: x}, effect: [{action: close_road, edge: R99}]}",
                        "msel", "notes I6", "as logistics", "inbox", "ack F1", "plan", "pause", "next", "resume",
                        "go 3h", "log", "quit"])
    text = "\n".join(out)
    first = prompts(out)[:3]
    assert first[0] == first[1] == first[2] == "[day 1 06:00 · T+00:00 Community secretary (commander)]> "  # no time passed
    assert "(Enter does not move the clock: type `next`, or `go 1h`)" in text
    assert "[day 1 06:00 · T+00:00] INJECT I1" in text
    assert "facilitator: release I10" in text and "INJECT I10 from" in text and "effect: close road Old bridge (R8)" in text
    assert "facilitator: skip I6" in text and "facilitator: re-time I11 → T+01:00" in text
    assert "facilitator: add inject F1 → Logistics officer: The bridge on R3 is cracked [close road Hill road (R3)]" in text
    assert "refused: effect.0.edge: no road 'R99'" in text
    assert re.search(r"I6 +skipped", text) and re.search(r"F1 +answered|F1 +released", text)
    assert "controller notes: Door-to-door persuasion" in text
    assert "✓" not in text.split("inbox")[0]
    assert "Logistics officer acknowledged F1" in text
    assert re.search(r"P1 +due +T\+00:00 due T\+01:00", text) and re.search(r"P2 +waiting", text)
    assert "paused: type `resume` first" in text
    assert "road(s) closed: R3" in text or "R3" in text.split("go 3h")[-1]
    assert "T+00:00 → T+01:00: \n  2 road(s) closed: Old bridge (R8), Hill road (R3)" in text  # the situation since
    assert "deadline passed: plan rule P1 — Grid worker / flood responsibility holder: warn every zone" in text
    assert "F 1 T+00:00 Wang: release I10 [ok]" in text
    assert [a.act["act"] for a in runner.acts] == ["release", "skip", "retime", "add_inject", "add_inject", "pause", "resume"]
    assert runner.acts[4].accepted is False


def test_console_speaks_chinese(exercise):
    out = play(Runner(exercise), ["", "next", "skip I6", "msel", "quit"], lang="zh")
    text = "\n".join(out)
    assert "回车不推进时钟" in text and "[第1天 06:00 · T+00:00] 情景注入 I1，来自 区气象台" in text
    assert "导调：取消 I6" in text and "已取消" in text and "待下发" in text


class Wall:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_paced_console_follows_the_wall_clock_and_holds_while_paused(tmp_path, exercise):
    wall = Wall()
    store = SessionStore(tmp_path / "s.db")
    session = Session.start(store, exercise)
    pacer = Pacer(session.runner, ratio=60.0, clock=wall)  # 1 real minute = 1 model hour
    out = play(session, ["", "go 1h", "pause", "", "", "resume", "", "quit"], pacer=pacer, wall=wall, seconds=120)
    text = "\n".join(out)
    times = [p.split("T+")[1][:5] for p in prompts(out)]
    # typed every 2 real minutes: 2 model hours pass between prompts, except while paused
    assert times[:2] == ["00:00", "02:00"]
    assert times[2] == "05:00"  # `go 1h` jumps ahead in paced mode too (after the 2 h the wall clock brought)
    assert times[3] == times[4] == times[5] == times[6] == "07:00"  # paused: no model time passes
    assert times[7] == "09:00"  # resumed: the clock runs again
    assert "the clock runs with the wall clock" in text
    assert "INJECT I1" in text and "INJECT I2" in text  # injects arrive on the way
    assert "paced, 1 real min = 60 model min · paused" in text
    assert [a.act["act"] for a in store.acts(session.id)] == ["pause", "resume"]


def test_cli_records_the_pace_and_resume_keeps_it(tmp_path):
    db = tmp_path / "s.db"
    first = run_cli(["exercise", TUTORIAL, "--db", db, "--paced", "10", "--facilitator", "Wang"], "pause\nquit\n")
    assert first.returncode == 0, first.stderr
    assert "1 real min = 10 model min" in first.stdout
    store = SessionStore(db)
    assert store.pacing(1) == ("paced", 10.0)
    assert store.acts(1)[0].who == "Wang"
    again = run_cli(["exercise", "--resume", 1, "--db", db], "\nquit\n")
    assert "paced, 1 real min = 10 model min · paused" in again.stdout
    finished = run_cli(["exercise", "--resume", 1, "--db", db], "resume\nrelease I10\nend\n")
    assert finished.returncode == 0, finished.stderr
    replayed = run_cli(["replay", 1, "--db", db], "")
    assert replayed.returncode == 0 and "(4 facilitator acts replayed in place)" in replayed.stdout  # and `end`
    bad = run_cli(["exercise", TUTORIAL, "--db", db, "--paced", "0"], "")
    assert bad.returncode == 2 and "--paced 0" in bad.stderr


SHELL_WORDS = {"stormdrill", "exercise", "resume", "report"}
"""The Latin words a Chinese session may show: the shell commands a trainer types to resume a
session and print its report (`stormdrill exercise --resume 1`, `stormdrill report 1`)."""
SESSION = ["帮助", "态势", "菜单", "下一步", "收件", "确认 I1", "1", "记录", "脚本", "预案", "备注 I7", "岗位 4", "菜单",
           "下一步", "下一步", "下一步", "下一步", "岗位 1", "1 2 3", "完成", "推进 6h", "态势", "暂停", "下一步", "继续",
           "下发 I16", "注入 东涌隧道出口有车辆受困", "改时 I15 +0:30", "记录", "岗位 9", "菜单 封闭道路", "as grid_worker",
           "menu", "do {action: open_shelter, shelter: S99}", "结束"]
"""A whole session typed in Chinese: the commands by their Chinese names, menus, a decision,
the facilitator's console, refusals, and the end with its score."""


@pytest.mark.parametrize("name", ["tutorial_village", "coastal_street_typhoon"])
def test_a_chinese_session_shows_no_english_but_ids_units_and_two_shell_commands(tmp_path, name):
    """Every line of a whole zh terminal session of a shipped exercise, from the help to the
    score, counted with sim.bilingual.english_words (ids and units are not words)."""
    from sim.bilingual import english_words

    exercise = load_exercise(ROOT / "scenarios" / name / "exercise.yaml")
    session = Session.start(SessionStore(tmp_path / "s.db"), exercise)
    out = play(session, SESSION, lang="zh", who="王芳")
    text = "\n".join(out)
    words = english_words(text)
    assert set(words) <= SHELL_WORDS and len(words) <= 6, sorted(words)
    assert "已执行" in text and "时限已过" in text and "推演结束" in text and "未执行：" in text  # it did play
    assert "情景注入 I1" in text and "决策点 D1" in text and len(text) > 5000
