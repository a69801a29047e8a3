"""The host's protocol against a real server: `stormdrill host` in a subprocess on 127.0.0.1,
real WebSocket clients, the real session database."""
import json
import threading

import pytest

from host_helpers import TUTORIAL, Client, Host, advance_to, facilitator, projector, seat
from stormdrill.cli import main
from training.store import SessionStore

ROLES = ("commander", "grid_worker", "shelter_manager", "logistics")


@pytest.fixture
def host(tmp_path):
    h = Host(tmp_path, TUTORIAL)
    yield h
    h.stop()


def test_several_seats_act_at_once_each_credited_to_its_role_and_name(host):
    fac, proj = facilitator(host), projector(host)
    seats = {role: seat(host, role, name) for role, name in zip(ROLES, ("李伟", "Zhang", "Chen", "Zhou"))}
    assert all(s.welcome["type"] == "welcome" and s.welcome["role"] == r for r, s in seats.items())
    advance_to(fac, lambda st: st["t"] > 0)  # the blue signal: I1 to everyone
    for s in seats.values():
        s.until(lambda c: "I1" in c.inbox)
    advance_to(fac, lambda st: st["t"] > 5)  # yellow: I2 goes to the commander and the shelter manager only
    for role, s in seats.items():
        s.until(lambda c: c.state.get("t", 0) > 5)
        assert ("I2" in s.inbox) == (role in ("commander", "shelter_manager")), (role, sorted(s.inbox))

    sends = {"commander": {"form": "raise_response", "values": {"level": "IV"}},
             "grid_worker": {"form": "warn", "values": {"zones": "all", "channels": "all"}},
             "shelter_manager": {"form": "open_shelter", "values": {"shelter": "S1"}},
             "logistics": {"form": "dispatch", "values": {"depot": "D1", "shelter": "S1", "items": "water_l", "cover": "12"}}}
    replies = {}

    def act(role):
        replies[role] = seats[role].request({"type": "action", "id": f"{role}-1", **sends[role]})

    threads = [threading.Thread(target=act, args=(r,)) for r in ROLES]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert all(replies[r]["ok"] for r in ROLES), replies
    # the projector hears of every action, each with who did it
    proj.until(lambda c: {line["ref"] for line in c.feed if line["kind"] == "action"} >= {f"{r}-1" for r in ROLES})
    lines = {line["ref"]: line["text"]["en"] for line in proj.feed if line["kind"] == "action"}
    assert lines["grid_worker-1"].startswith("Zhang (Grid worker")
    assert "李伟" in next(line["text"]["zh"] for line in proj.feed if line["ref"] == "commander-1")

    store = SessionStore(host.db)
    sid = host.info["session"]
    log = {e.client_id: e for e in store.seat_log(sid)}
    assert {(log[f"{r}-1"].role, log[f"{r}-1"].seat) for r in ROLES} == set(zip(ROLES, ("李伟", "Zhang", "Chen", "Zhou")))
    assert sorted(a.role for a in store.actions(sid)) == sorted(ROLES)  # the runner credits each to its role
    assert set(store.participants(sid)) >= set(zip(ROLES, ("李伟", "Zhang", "Chen", "Zhou")))


def test_a_seat_acts_only_as_its_role_within_its_rights(host):
    fac = facilitator(host)
    grid = seat(host, "grid_worker", "Zhang")
    advance_to(fac, lambda st: st["t"] > 0)

    refused = grid.request({"type": "action", "id": "g1", "form": "dispatch",
                            "values": {"depot": "D1", "shelter": "S1", "items": "water_l", "cover": "12"}})
    assert refused["ok"] is False
    assert refused["reason"] == "role 'grid_worker' may not dispatch; it may: warn, order_evacuation"
    # a raw action naming another role changes nothing: the host credits the seat's own role
    raw = grid.request({"type": "action", "id": "g2", "role": "commander",
                        "action": {"action": "open_shelter", "shelter": "S1"}})
    assert raw["ok"] is False and "grid_worker" in raw["reason"]
    # a form value the form did not offer is refused before the model sees it
    forged = grid.request({"type": "action", "id": "g3", "form": "warn", "values": {"zones": "Z9", "channels": "all"}})
    assert forged["ok"] is False and "not one of the choices" in forged["reason"]
    # a seat cannot steer the exercise
    steer = grid.request({"type": "act", "id": "g4", "act": {"act": "pause"}})
    assert steer["type"] == "error" and "a seat may send" in steer["reason"]
    # a setback is the facilitator's, never a player's
    setback = grid.request({"type": "action", "id": "g5", "action": {"action": "lose_stock", "shelter": "S1", "item": "water_l"}})
    assert setback["ok"] is False and "setback" in setback["reason"]
    store = SessionStore(host.db)
    logged = store.actions(host.info["session"])  # g1 and g2 reached the runner, refused; g3, g4, g5 never did
    assert [(a.role, a.accepted) for a in logged] == [("grid_worker", False)] * 2

    # joining needs the room code; the console needs its own secret
    bad = host.info["room"][::-1] + "Q"
    assert Client(host, {"type": "join", "room": bad, "role": "commander", "name": "X"}).welcome["code"] == "room"
    assert Client(host, {"type": "join", "room": host.info["room"], "facilitator": "guess", "name": "X"}).welcome["code"] == "secret"
    assert Client(host, {"type": "join", "room": host.info["room"], "role": "mayor", "name": "X"}).welcome["code"] == "role"


def test_decision_points_are_answered_only_by_their_roles(host):
    fac = facilitator(host)
    logistics, commander = seat(host, "logistics", "Zhou"), seat(host, "commander", "Li")
    advance_to(fac, lambda st: st["decision"] is not None)
    point = fac.state["decision"]["id"]
    logistics.until(lambda c: c.state.get("decision") is not None)
    assert logistics.state["decision"]["may_answer"] is False
    no = logistics.request({"type": "answer", "id": "l1", "decision": point, "option": 0})
    assert no["ok"] is False and "logistics" in no["reason"]
    yes = commander.request({"type": "answer", "id": "c1", "decision": point, "option": 0})
    assert yes["ok"] and yes["action_ok"], yes
    fac.until(lambda c: c.state["decision"] is None)
    store = SessionStore(host.db)
    entry = store.seat_entry(host.info["session"], "c1")
    assert (entry.kind, entry.ref, entry.role, entry.seat) == ("answer", point, "commander", "Li")
    assert store.decisions(host.info["session"])[point][1] is not None


def test_limits_on_size_and_rate(host):
    from websockets.exceptions import ConnectionClosed

    s = seat(host, "commander", "Li")
    s.send("x" * 20_000)
    assert s.wait(lambda m: m["type"] == "error")["code"] == "too_big"
    for n in range(40):  # a burst of 30 (the join took one) is allowed, then 10 a second
        s.send(json.dumps({"type": "ping", "id": f"p{n}"}))
    codes = [s.wait(lambda m: m["type"] in ("pong", "error")).get("code", "pong") for _ in range(40)]
    assert codes.count("pong") >= 25 and codes.count("rate") >= 5, codes
    # a client that goes on flooding is shut out (policy violation)
    with pytest.raises(ConnectionClosed) as closed:
        for n in range(100):
            s.send(json.dumps({"type": "ping", "id": f"q{n}"}))
        while True:
            s.wait(lambda m: False, timeout=10)
    assert closed.value.rcvd.code == 1008


def test_reconnect_and_repeat_apply_once(host):
    fac = facilitator(host)
    s = seat(host, "shelter_manager", "Chen")
    token = s.welcome["token"]
    advance_to(fac, lambda st: st["t"] > 5)
    first = s.request({"type": "action", "id": "open-S1", "form": "open_shelter", "values": {"shelter": "S1"}})
    ack = s.request({"type": "ack", "id": "ack-I1", "inject": "I1"})
    assert first["ok"] and ack["ok"]
    s.close()  # the phone drops

    again = seat(host, None, None, token=token)
    assert (again.welcome["role"], again.welcome["name"]) == ("shelter_manager", "Chen")
    again.until(lambda c: "I1" in c.inbox and "I2" in c.inbox)
    assert again.inbox["I1"]["ack"] is not None  # it sees its inbox again, with what it acknowledged
    repeat = again.request({"type": "action", "id": "open-S1", "form": "open_shelter", "values": {"shelter": "S1"}})
    assert repeat["repeat"] is True and repeat["seq"] == first["seq"] and repeat["ok"]
    repeat_ack = again.request({"type": "ack", "id": "ack-I1", "inject": "I1"})
    assert repeat_ack["repeat"] is True
    store = SessionStore(host.db)
    sid = host.info["session"]
    assert len(store.actions(sid)) == 1
    assert [e.client_id for e in store.seat_log(sid)] == ["open-S1", "ack-I1"]
    # another seat cannot take over the id
    other = seat(host, "commander", "Li")
    stolen = other.request({"type": "action", "id": "open-S1", "form": "open_shelter", "values": {"shelter": "S1"}})
    assert stolen["type"] == "error" and "another seat" in stolen["reason"]


def test_kill_the_host_resume_and_seats_continue_then_replay_is_identical(tmp_path, capsys):
    first = Host(tmp_path, TUTORIAL)
    try:
        fac = facilitator(first)
        cmd, shel = seat(first, "commander", "Li"), seat(first, "shelter_manager", "Chen")
        advance_to(fac, lambda st: st["t"] > 5)
        assert cmd.request({"type": "action", "id": "c-warn", "form": "warn", "values": {"zones": "all", "channels": "all"}})["ok"]
        assert shel.request({"type": "action", "id": "s-open", "form": "open_shelter", "values": {"shelter": "S1"}})["ok"]
        assert shel.request({"type": "ack", "id": "s-ack", "inject": "I2"})["ok"]
        added = fac.request({"type": "act", "id": "f-add", "act": {"act": "add_inject", "to": ["commander"],
                                                                    "message": {"zh": "村口积水", "en": "Water at the village gate"}}})
        assert added["ok"]
        cmd.until(lambda c: "F1" in c.inbox)
        t_before = fac.state["t"]
        tokens = {"commander": cmd.welcome["token"], "shelter_manager": shel.welcome["token"]}
        room = first.info["room"]
    finally:
        first.kill()
    sid = first.info["session"]

    second = Host(tmp_path, "--resume", sid, port=first.port, db=first.db)
    try:
        assert second.info["room"] == room  # the same code: phones reconnect by themselves
        assert second.info["secret"] != first.info["secret"]  # a new secret for the console
        cmd = seat(second, None, None, token=tokens["commander"])
        shel = seat(second, None, None, token=tokens["shelter_manager"])
        assert (cmd.welcome["name"], shel.welcome["name"]) == ("Li", "Chen")
        shel.until(lambda c: "I2" in c.inbox)
        assert shel.inbox["I2"]["ack"] is not None
        cmd.until(lambda c: "F1" in c.inbox)
        assert abs(cmd.state["t"] - t_before) < 1e-6
        # the phone had not heard the answer before the host died: it sends again, applied once
        assert shel.request({"type": "action", "id": "s-open", "form": "open_shelter", "values": {"shelter": "S1"}})["repeat"]
        fac = facilitator(second)
        again = fac.request({"type": "act", "id": "f-add", "act": {"act": "add_inject", "to": ["commander"],
                                                                   "message": {"zh": "村口积水", "en": "Water at the village gate"}}})
        assert again["repeat"] is True and again["ok"]  # the console's message sent again: one inject, not two
        advance_to(fac, lambda st: st["decision"] is not None)
        point = fac.state["decision"]["id"]
        assert cmd.request({"type": "answer", "id": "c-d", "decision": point, "option": 0})["ok"]
        assert shel.request({"type": "action", "id": "s-open2", "form": "open_shelter", "values": {"shelter": "S2"}})["ok"]
        done = fac.request({"type": "finish", "id": "f-end", "confirm": True}, timeout=120)
        assert done["ok"] and done["verdict"] in ("PASS", "FAIL")
    finally:
        second.stop()

    store = SessionStore(first.db)
    assert [a.action["action"] for a in store.actions(sid)] == ["warn", "open_shelter", "order_evacuation", "open_shelter"]
    assert [a.act["act"] for a in store.acts(sid)] == ["add_inject"]
    assert {e.client_id: e.seat for e in store.seat_log(sid)} == {
        "c-warn": "Li", "s-open": "Chen", "s-ack": "Chen", "c-d": "Li", "s-open2": "Chen"}
    capsys.readouterr()
    assert main(["replay", str(sid), "--db", str(first.db)]) == 0
    assert "KPIs identical" in capsys.readouterr().out


def test_a_page_of_another_site_cannot_open_a_seat_and_guessing_codes_is_cut_off(host):
    from websockets.exceptions import InvalidStatus, ConnectionClosed
    from websockets.sync.client import connect

    with pytest.raises((InvalidStatus, ConnectionClosed)):
        with connect(f"ws://127.0.0.1:{host.port}/ws", origin="http://evil.example") as ws:
            ws.send(json.dumps({"type": "join", "room": host.info["room"], "role": "commander", "name": "X"}))
            ws.recv(timeout=5)
    for n in range(20):
        guess = Client(host, {"type": "join", "room": f"AAAA{n:02d}", "role": "commander", "name": "X"})
        assert guess.welcome["code"] == "room"
        guess.close()
    late = Client(host, {"type": "join", "room": host.info["room"], "role": "commander", "name": "X"})
    assert late.welcome["code"] == "blocked"  # even the right code, for the rest of the minute
