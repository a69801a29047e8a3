"""The table without the network: paced time with an injected clock, the report's seat
section, and the host's forms checked against the scenario."""
import pytest

from host import ExerciseTable, TableError
from host_helpers import TUTORIAL
from training import load_exercise
from training.report import write_report
from training.store import SessionStore


@pytest.fixture(scope="module")
def exercise():
    return load_exercise(TUTORIAL)


class WallClock:
    """A wall clock the test moves by hand (no sleeping)."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def join(table, role, name):
    client, replies = table.join({"type": "join", "room": table.room.code, "role": role, "name": name})
    return client


def test_paced_the_clock_follows_the_wall_and_stops_while_paused(tmp_path, exercise):
    wall = WallClock()
    table = ExerciseTable.start(SessionStore(tmp_path / "s.db"), exercise, pacing=("paced", 60.0), clock_fn=wall)
    fac, _ = table.join({"type": "join", "room": table.room.code, "facilitator": table.secret, "name": "Wang"})
    wall.now += 30  # 30 real seconds at 60 model s per real s = 30 model minutes
    table.tick()
    assert table.runner.now == pytest.approx(0.5, abs=1e-6)
    assert table.handle(fac, {"type": "act", "id": "p", "act": {"act": "pause"}})[0]["ok"]
    wall.now += 600
    table.tick()
    assert table.runner.now == pytest.approx(0.5, abs=1e-6)
    refused = table.handle(fac, {"type": "advance", "id": "a"})[0]
    assert not refused["ok"] and "paced" in refused["reason"]
    assert table.handle(fac, {"type": "act", "id": "r", "act": {"act": "resume"}})[0]["ok"]
    wall.now += 60
    table.tick()
    assert table.runner.now == pytest.approx(1.5, abs=1e-6)


def test_the_report_says_which_seat_did_what(tmp_path, exercise):
    store = SessionStore(tmp_path / "s.db")
    table = ExerciseTable.start(store, exercise)
    fac, _ = table.join({"type": "join", "room": table.room.code, "facilitator": table.secret, "name": "Wang"})
    li, chen = join(table, "commander", "Li <i>Wei</i>"), join(table, "shelter_manager", "Chen")
    table.handle(fac, {"type": "advance", "id": "a1", "by": 2})
    assert table.handle(chen, {"type": "action", "id": "c1", "form": "open_shelter", "values": {"shelter": "S1"}})[0]["ok"]
    assert table.handle(li, {"type": "ack", "id": "l1", "inject": "I1"})[0]["ok"]
    assert not table.handle(chen, {"type": "ack", "id": "c2", "inject": "I4"})[0]["ok"]  # not delivered
    finished = table.handle(fac, {"type": "finish", "id": "end", "confirm": True})[0]
    assert finished["ok"] and finished["verdict"] in ("PASS", "FAIL")
    record = store.record(table.session.id)
    assert [(e.kind, e.seat, e.accepted) for e in record.seats] == [
        ("action", "Chen", True), ("ack", "Li <i>Wei</i>", True), ("ack", "Chen", False)]
    path = write_report(record, tmp_path / "report", lang="zh")
    page = path.read_text(encoding="utf-8")
    assert "席位操作记录" in page and "Chen（避灾点管理员）：处置行动 1 项，确认 0 条，决策 0 项" in page
    assert "Li &lt;i&gt;Wei&lt;/i&gt;" in page and "<i>Wei</i>" not in page  # a name is text, never markup
    assert ("commander", "Li <i>Wei</i>") in record.participants


def test_a_finished_session_cannot_be_hosted_again(tmp_path, exercise):
    store = SessionStore(tmp_path / "s.db")
    table = ExerciseTable.start(store, exercise)
    fac, _ = table.join({"type": "join", "room": table.room.code, "facilitator": table.secret, "name": "Wang"})
    table.handle(fac, {"type": "finish", "id": "end", "confirm": True})
    with pytest.raises(TableError, match="has finished"):
        ExerciseTable.resume(store, table.session.id)


def test_every_form_builds_an_action_the_model_accepts_and_no_other_value(exercise):
    from host import cards
    from host.guard import Refusal

    built = {f["action"]: cards.build(exercise, f["action"], {x["key"]: x["default"] for x in f["fields"]}, "commander", None)
             for f in cards.card(exercise, "commander")["forms"]}
    assert {"warn", "order_evacuation", "open_shelter", "dispatch", "close_road"} <= set(built)
    assert built["dispatch"]["items"]["water_l"] > 0
    with pytest.raises(Refusal, match="not one of the choices"):
        cards.build(exercise, "open_shelter", {"shelter": "<script>"}, "commander", None)
    with pytest.raises(Refusal, match="nothing is taken as 'all'"):
        cards.build(exercise, "warn", {"channels": "all"}, "commander", None)
    assert cards.card(exercise, "grid_worker")["kinds"] == ["warn", "order_evacuation"]


def test_the_command_says_what_is_missing(tmp_path, capsys):
    from stormdrill.cli import main

    assert main(["host", "--db", str(tmp_path / "s.db")]) == 2
    assert "give an exercise FILE to start, or --resume ID" in capsys.readouterr().err
    assert main(["host", "--resume", "9", "--db", str(tmp_path / "none.db")]) == 2
    assert "no session database there" in capsys.readouterr().err


def test_a_role_takes_as_many_seats_as_the_exercise_says(tmp_path):
    import shutil

    folder = tmp_path / "village"
    shutil.copytree(TUTORIAL.parent, folder)
    path = folder / "exercise.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    name_zh: 村书记（指挥长）\n", "    name_zh: 村书记（指挥长）\n    seats: 1\n"), encoding="utf-8")
    table = ExerciseTable.start(SessionStore(tmp_path / "s.db"), load_exercise(path))
    first = join(table, "commander", "Li")
    with pytest.raises(TableError, match="the most the exercise allows"):
        join(table, "commander", "Wang")
    join(table, "grid_worker", "Zhang")
    join(table, "grid_worker", "Zhao")  # no limit: several grid workers
    table.leave(first)  # the commander's phone went away: someone else may take the post
    assert join(table, "commander", "Wang").role == "commander"


def test_the_host_sits_above_training_and_never_loads_pygame():
    import ast
    import subprocess
    import sys

    from host_helpers import ROOT

    code = ("import sys, host, host.app, host.serve, host.table; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('pygame', 'pygame_gui', 'viz', 'stormdrill')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    for package in ("sim", "training"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
                assert not any(n == "host" or n.startswith("host.") for n in names), f"{path} imports the host"


def test_every_word_the_pages_ask_for_is_in_the_catalogue_in_both_languages():
    import re

    from host.words import PAGE, all_page_words
    from host_helpers import ROOT

    asked = set()
    for path in (ROOT / "host" / "static").glob("*.js"):
        asked |= set(re.findall(r"SD\.w\(\"([a-z_0-9]+)\"", path.read_text(encoding="utf-8")))
    assert asked and asked <= set(PAGE), sorted(asked - set(PAGE))
    words = all_page_words("en")
    assert words["default"] == "en" and all_page_words("zh")["default"] == "zh"
    assert set(words["zh"]) == set(words["en"]) == set(PAGE)
    untranslated = [k for k in PAGE if words["zh"][k] == words["en"][k] and re.search("[A-Za-z]{3}", words["en"][k])]
    assert untranslated == [], untranslated
