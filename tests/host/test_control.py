"""The facilitator's controls never lie (issue 25): each does what it says or is refused with
the reason; the console is told what holds the clock; a decision point closes with options
or "no decision" recorded; the end needs a confirmation and gives the report's figures; the
seats, polls and notes as the console and the projector see them; a resumed table keeps its
feed and announces no inject twice. The table is driven directly (real runner, real SQLite)."""
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from host import ExerciseTable, TableError
from host_helpers import ROOT, TUTORIAL
from training import load_exercise
from training.notes import session_notes
from training.report import write_report
from training.scoring import score as score_record
from training.store import SessionStore

COASTAL = ROOT / "scenarios" / "coastal_street_typhoon" / "exercise.yaml"


@pytest.fixture(scope="module")
def tutorial():
    return load_exercise(TUTORIAL)


def open_table(tmp_path, exercise, name="s.db"):
    table = ExerciseTable.start(SessionStore(tmp_path / name), exercise)
    table.fac, _ = table.join({"type": "join", "room": table.room.code, "facilitator": table.secret, "name": "Wang"})
    return table


def join(table, role, name):
    return table.join({"type": "join", "room": table.room.code, "role": role, "name": name})[0]


def send(table, client, msg):
    return table.handle(client, msg)[0]


def state(table, client):
    return table._state(client)


def to_decision(table):
    for n in range(30):
        if table.runner.pending_decision is not None:
            return table.runner.pending_decision
        assert send(table, table.fac, {"type": "advance", "id": f"to-d-{n}"})["ok"]
    raise AssertionError("no decision point")


def test_advance_says_what_holds_the_clock_and_a_release_does_not(tmp_path, tutorial):
    table = open_table(tmp_path, tutorial)
    fac = table.fac
    assert state(table, fac)["control"]["blocked"] is None and state(table, fac)["control"]["next"]["kind"] == "inject"
    # a released inject is delivered now and the next advance still moves the clock
    assert send(table, fac, {"type": "advance", "id": "a0"})["stopped_at"] == {"kind": "inject", "id": "I1"}
    t0 = table.runner.now
    assert send(table, fac, {"type": "act", "id": "rel", "act": {"act": "release", "inject": "I6"}})["ok"]
    moved = send(table, fac, {"type": "advance", "id": "a1", "by": 0.5})
    assert moved["ok"] and moved["t"] > t0 + 0.1 and moved["stopped_at"]["id"] != "I6"
    # paused: refused, saying so, the clock where it was
    assert send(table, fac, {"type": "act", "id": "p", "act": {"act": "pause"}})["ok"]
    held = send(table, fac, {"type": "advance", "id": "a2"})
    assert not held["ok"] and "paused" in held["reason"] and held["t"] == moved["t"]
    assert state(table, fac)["control"]["blocked"]["code"] == "paused"
    assert send(table, fac, {"type": "act", "id": "r", "act": {"act": "resume"}})["ok"]
    # an open decision point holds it: refused with who answers, the console may close it
    point = to_decision(table)
    shown = state(table, fac)["control"]
    assert shown["blocked"]["code"] == "decision" and not shown["can_advance"]
    assert point.id in shown["blocked"]["text"]["en"] and "村书记" in shown["blocked"]["text"]["zh"]
    refused = send(table, fac, {"type": "advance", "id": "a3"})
    assert not refused["ok"] and point.id in refused["reason"] and refused["t"] == table.runner.now
    # the same message id again: the first reply, nothing done twice
    assert send(table, fac, {"type": "advance", "id": "a3"})["repeat"]


def test_the_facilitator_closes_a_decision_with_options_or_no_decision_recorded(tmp_path, tutorial):
    table = open_table(tmp_path, tutorial)
    point = to_decision(table)
    options = state(table, table.fac)["decision"]["options"]
    assert all(o["closes_as"] for o in options)
    assert not send(table, table.fac, {"type": "close", "id": "x", "decision": "nope", "options": []})["ok"]
    assert not send(table, table.fac, {"type": "close", "id": "y", "decision": point.id, "options": [0, 99]})["ok"]  # no such option
    closed = send(table, table.fac, {"type": "close", "id": "c1", "decision": point.id, "options": [0]})
    assert closed["ok"] and closed["options"][0]["ok"]
    taken = table.runner.actions[-1]
    assert taken.role == options[0]["closes_as"] and taken.action["action"] == options[0]["action"]
    assert "closed by the facilitator" in taken.rationale
    assert table.runner.pending_decision is None
    row = table.store.db.execute("SELECT closed_by, note FROM decisions WHERE decision_id=?", (point.id,)).fetchone()
    assert row[0] == "facilitator:Wang" and row[1].startswith("options 0")
    nxt = to_decision(table)
    none = send(table, table.fac, {"type": "close", "id": "c2", "decision": nxt.id, "options": []})
    assert none["ok"] and none["options"] == []
    row = table.store.db.execute("SELECT closed_by, note FROM decisions WHERE decision_id=?", (nxt.id,)).fetchone()
    assert row[1].startswith("no decision")
    assert any(line["kind"] == "close" and line["ref"] == nxt.id for line in table.feed)


ADVANCES = st.lists(st.sampled_from([
    {"type": "advance"}, {"type": "advance", "by": 0.25}, {"type": "advance", "by": 3},
    {"type": "act", "act": {"act": "pause"}}, {"type": "act", "act": {"act": "resume"}},
    {"type": "act", "act": {"act": "release", "inject": "I6"}}, {"type": "act", "act": {"act": "release", "inject": "I10"}},
    {"type": "close", "options": []}, {"type": "close", "options": [0]},
]), min_size=1, max_size=14)


@settings(max_examples=5, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(script=ADVANCES)
def test_advance_never_answers_ok_while_the_clock_stays_put(tmp_path_factory, tutorial, script):
    """Whatever the console sends, an ok advance moved the clock or delivered what was due, and
    a refused one left the clock where it was and said what holds it."""
    table = open_table(tmp_path_factory.mktemp("adv"), tutorial)
    for n, msg in enumerate(script):
        msg = {**msg, "id": f"m{n}"}
        if msg["type"] == "close":
            point = table.runner.pending_decision
            msg["decision"] = point.id if point else "none"
        before_t, before_d = table.runner.now, len(table.runner.deliveries)
        reply = send(table, table.fac, msg)
        if msg["type"] != "advance":
            continue
        if reply["ok"]:
            assert table.runner.now > before_t or len(table.runner.deliveries) > before_d \
                or table.runner.pending_decision is not None, (msg, reply)
        else:
            assert table.runner.now == before_t and reply["reason"]


def test_the_end_asks_for_confirmation_then_gives_the_reports_figures(tmp_path, tutorial):
    table = open_table(tmp_path, tutorial)
    li, chen = join(table, "commander", "Li"), join(table, "shelter_manager", "Chen")
    send(table, table.fac, {"type": "advance", "id": "a1", "by": 2})
    assert send(table, chen, {"type": "action", "id": "c1", "form": "open_shelter", "values": {"shelter": "S1"}})["ok"]
    assert send(table, li, {"type": "ack", "id": "l1", "inject": "I1"})["ok"]
    unconfirmed = send(table, table.fac, {"type": "finish", "id": "f0"})
    assert not unconfirmed["ok"] and "confirm" in unconfirmed["reason"] and table.score is None
    done = send(table, table.fac, {"type": "finish", "id": "f1", "confirm": True})
    assert done["ok"]
    record = table.store.record(table.session.id)
    score = score_record(record)
    page = state(table, table.fac)["score"]
    assert (page["overall"], page["grade"]) == (score.overall, score.grade) == (done["overall"], done["grade"])
    assert [(o["id"], o["rating"]) for o in page["objectives"]] == [(o.id, o.rating) for o in score.objectives]
    assert page["verdict"] == record.kpis["verdict"] and page["reasons"]["zh"]
    report = write_report(record, tmp_path / "aar", lang="en").with_suffix(".md").read_text(encoding="utf-8")
    assert f"Overall score {score.overall}/100 ({score.grade})" in report
    cmd = next(r for r in page["roles"] if r["role"] == "commander")
    assert cmd["acked"] == 1 and f"Community secretary (commander): 1 of {cmd['sent']} acknowledged" in report
    # the projector sees the whole page; a seat its own role's line only
    proj = table.join({"type": "join", "room": table.room.code, "projector": True})[0]
    assert state(table, proj)["score"] == page
    mine = state(table, chen)["score"]
    assert [r["role"] for r in mine["roles"]] == ["shelter_manager"] and mine["overall"] == page["overall"]
    # after the end: hotwash notes from the seats; the console's observations
    assert send(table, chen, {"type": "note", "id": "n1", "kind": "strength", "text": "S1 opened early"})["ok"]
    assert not send(table, chen, {"type": "note", "id": "n2", "kind": "observation", "text": "x"})["ok"]
    assert send(table, table.fac, {"type": "note", "id": "n3", "kind": "observation", "role": "commander",
                                   "text": "warned late"})["ok"]
    notes = session_notes(table.store, table.session.id)
    assert [(n.kind, n.role, n.author, n.text) for n in notes] == [
        ("strength", "shelter_manager", "Chen", "S1 opened early"), ("observation", "commander", "Wang", "warned late")]
    assert [n.kind for n in session_notes(table.store, table.session.id, kinds=("strength", "improvement"))] == ["strength"]


def test_seats_as_the_console_sees_them_and_a_seats_own_history(tmp_path, tutorial):
    table = open_table(tmp_path, tutorial)
    chen = join(table, "shelter_manager", "Chen")
    send(table, table.fac, {"type": "advance", "id": "a1", "by": 2})
    send(table, chen, {"type": "ack", "id": "c0", "inject": "I1"})
    send(table, chen, {"type": "action", "id": "c1", "form": "open_shelter", "values": {"shelter": "S1"}})
    send(table, chen, {"type": "action", "id": "c2", "form": "open_shelter", "values": {"shelter": "S404"}})
    row = state(table, table.fac)["seats"][0]
    assert (row["name"], row["online"], row["actions"], row["refused"], row["acks"]) == ("Chen", True, 1, 1, 1)
    assert row["last_seen"] is not None
    item = next(i for i in state(table, table.fac)["msel"] if i["id"] == "I1")
    assert [a["seat"] for a in item["seat_acks"]] == ["Chen"]
    resp = next(r for r in state(table, table.fac)["responses"] if r["role"] == "shelter_manager")
    assert (resp["acked"], resp["actions"]) == (1, 1)
    table.leave(chen)
    assert state(table, table.fac)["seats"][0]["online"] is False
    # the same seat comes back (a reload): its own history, refusals too
    back, replies = table.join({"type": "join", "room": table.room.code, "token": _token_of(table, chen)})
    history = next(m for m in table.updates(back) if m["type"] == "history")
    assert [(h["kind"], h["ok"]) for h in history["items"]] == [("ack", True), ("action", True), ("action", False)]
    assert history["full"] and history["items"][1]["text"]["zh"].startswith("开放") and "S1" in history["items"][1]["text"]["zh"]


def _token_of(table, client):
    """A seat's token is only ever given to its page; here a fresh one is written for it."""
    import secrets

    from host.rooms import _hash

    token = secrets.token_urlsafe(18)
    table.store.db.execute("UPDATE host_seats SET token_hash=? WHERE token_hash=?", (_hash(token), client.token_hash))
    table.presence.online[_hash(token)] = table.presence.online.pop(client.token_hash, 0)
    return token


def test_a_quick_poll_counts_each_seats_latest_vote(tmp_path, tutorial):
    table = open_table(tmp_path, tutorial)
    li, chen = join(table, "commander", "Li"), join(table, "shelter_manager", "Chen")
    assert not send(table, table.fac, {"type": "poll", "id": "p0", "question": "Open S2 now?", "options": ["yes"]})["ok"]
    opened = send(table, table.fac, {"type": "poll", "id": "p1", "question": "Open S2 now?", "options": ["yes", "no"]})
    assert opened["ok"]
    poll = opened["poll"]
    assert send(table, li, {"type": "vote", "id": "v1", "poll": poll, "options": [0]})["ok"]
    assert send(table, chen, {"type": "vote", "id": "v2", "poll": poll, "options": [0]})["ok"]
    assert send(table, chen, {"type": "vote", "id": "v3", "poll": poll, "options": [1]})["ok"]  # changed her mind
    assert not send(table, chen, {"type": "vote", "id": "v4", "poll": poll, "options": [0, 1]})["ok"]  # one option
    proj = table.join({"type": "join", "room": table.room.code, "projector": True})[0]
    shown = state(table, proj)["poll"]
    assert [o["votes"] for o in shown["options"]] == [1, 1] and shown["voters"] == 2
    seen_by_seat = state(table, chen)["poll"]
    assert seen_by_seat["mine"] == [1] and seen_by_seat["options"][0]["votes"] is None  # no counts while open
    assert send(table, table.fac, {"type": "poll_close", "id": "pc", "poll": poll})["ok"]
    assert not send(table, li, {"type": "vote", "id": "v5", "poll": poll, "options": [1]})["ok"]
    assert [o["votes"] for o in state(table, chen)["poll"]["options"]] == [1, 1]  # the results, once closed


def test_a_resumed_table_keeps_its_feed_consoles_and_announces_no_inject_twice(tmp_path, tutorial):
    store = SessionStore(tmp_path / "s.db")
    table = ExerciseTable.start(store, tutorial)
    fac, replies = table.join({"type": "join", "room": table.room.code, "facilitator": table.secret, "name": "Wang"})
    console, old_secret = replies[0]["console"], table.secret
    join(table, "commander", "Li")
    for n in range(4):
        send(table, fac, {"type": "advance", "id": f"a{n}"})
    before = [dict(line) for line in table.feed]
    announced = [line["ref"] for line in before if line["kind"] == "inject"]
    assert announced and len(announced) == len(set(announced))
    again = ExerciseTable.resume(SessionStore(tmp_path / "s.db"), table.session.id)
    assert again.secret != old_secret
    assert [line["n"] for line in again.feed][:len(before)] == [line["n"] for line in before]
    assert [line["ref"] for line in again.feed if line["kind"] == "inject"] == announced
    back, _ = again.join({"type": "join", "room": again.room.code, "console": console})
    assert back.kind == "facilitator" and back.name == "Wang"
    with pytest.raises(TableError) as old:
        again.join({"type": "join", "room": again.room.code, "facilitator": old_secret})
    assert old.value.code == "secret_old" and "printed in the host's terminal" in old.value.reason
    send(again, back, {"type": "advance", "id": "after"})
    refs = [line["ref"] for line in again.feed if line["kind"] == "inject"]
    assert len(refs) == len(set(refs))


def test_coastal_cards_offer_every_role_its_actions(tmp_path):
    exercise = load_exercise(COASTAL)
    table = open_table(tmp_path, exercise)
    cards = {role: table.join({"type": "join", "room": table.room.code, "role": role, "name": role})[1][0]["card"]
             for role in exercise.roles}
    assert [f["action"] for f in cards["roads"]["forms"]] == ["close_road", "reopen_road"]
    assert {c["value"] for c in cards["roads"]["forms"][0]["fields"][0]["choices"]} >= {"R21"}
    items = next(f for f in cards["logistics"]["forms"] if f["action"] == "dispatch")["fields"][2]["choices"]
    assert {"bedding", "medical"} <= {c["value"] for c in items}
    for role, card in cards.items():
        assert card["forms"], role
    assert any(e["source"] == "I15" for e in cards["logistics"]["expects"])


def test_a_seat_picks_several_shelters_at_a_multi_select_decision_point(tmp_path):
    """The coastal "which shelters do we open" question with the scenario's shelters as
    options (multi, options_from: training.roles.decision_options), as the exercise format says."""
    import shutil

    folder = tmp_path / "coastal"
    shutil.copytree(COASTAL.parent, folder)
    path = folder / "exercise.yaml"
    text = path.read_text(encoding="utf-8")
    if "options_from" not in text:  # the shipped file may already ask it this way
        text = text.replace("    roles: [commander, grid_worker, shelter_manager]\n",
                            "    roles: [commander, grid_worker, shelter_manager]\n    multi: true\n"
                            "    options_from: [open_shelter]\n", 1)
        path.write_text(text, encoding="utf-8")
    exercise = load_exercise(path)
    table = open_table(tmp_path, exercise)
    chen, grid = join(table, "shelter_manager", "Chen"), join(table, "grid_worker", "Zhang")
    point = to_decision(table)
    shown = state(table, chen)["decision"]
    assert point.id == "D1" and shown["multi"]
    shelters = [o["i"] for o in shown["options"] if o["action"] == "open_shelter"]
    assert len(shelters) == len(exercise.scenario.shelters)
    assert all(o["allowed"] for o in shown["options"] if o["action"] == "open_shelter")
    first_two = shelters[:2]
    # the grid worker may not open shelters: its answer is refused whole, nothing applied
    refused = send(table, grid, {"type": "answer", "id": "g1", "decision": "D1", "options": first_two})
    assert not refused["ok"] and "may not open_shelter" in refused["reason"] and table.runner.pending_decision
    answered = send(table, chen, {"type": "answer", "id": "c1", "decision": "D1", "options": first_two})
    assert answered["ok"] and answered["action_ok"] and [o["i"] for o in answered["options"]] == first_two
    opened = [a.action["shelter"] for a in table.runner.actions if a.accepted and a.role == "shelter_manager"]
    assert opened == ["S01", "S02"] and table.runner.pending_decision is None
    line = next(line for line in table.feed if line["kind"] == "answer")
    assert "S01" in line["text"]["en"] and "S01" in line["text"]["zh"]


def test_observer_and_hotwash_notes_are_printed_in_the_after_action_report(tmp_path, tutorial):
    table = open_table(tmp_path, tutorial)
    chen = join(table, "shelter_manager", "Chen")
    assert send(table, table.fac, {"type": "note", "id": "n1", "kind": "observation", "role": "commander",
                                   "text": "No door-to-door warning on yellow"})["ok"]
    assert send(table, table.fac, {"type": "finish", "id": "f", "confirm": True})["ok"]
    assert send(table, chen, {"type": "note", "id": "n2", "kind": "improvement", "text": "Bedding for S2 came late"})["ok"]
    record = table.store.record(table.session.id)
    assert [(n.kind, n.who) for n in record.notes] == [("observer", "Wang"), ("improvement", "Chen")]
    report = write_report(record, tmp_path / "aar", lang="en").read_text(encoding="utf-8")
    assert "No door-to-door warning on yellow" in report and "Bedding for S2 came late" in report
