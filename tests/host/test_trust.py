"""The host trusts no message (issue 29, item 6): each hostile case refused with its reason,
nothing of it applied or stored. The table is driven directly (real runner, real SQLite);
the Host-header allow-list, the 0600 --info file and the secret-free console address are
checked against a real `stormdrill host` (test_protocol.py's helpers)."""
import http.client
import json
import os
import socket
import stat

import pytest

from host import ExerciseTable, TableError
from host import guard
from host.rooms import MAX_SEATS
from host_helpers import ROOT, TUTORIAL, Client, Host, facilitator, seat
from training import load_exercise
from training.store import SessionStore

COASTAL = ROOT / "scenarios" / "coastal_street_typhoon" / "exercise.yaml"


@pytest.fixture(scope="module")
def coastal():
    return load_exercise(COASTAL)


@pytest.fixture
def table(tmp_path, coastal):
    t = ExerciseTable.start(SessionStore(tmp_path / "s.db"), coastal)
    t.fac, _ = t.join({"type": "join", "room": t.room.code, "facilitator": t.secret, "name": "Wang"})
    return t


def join(table, role, name):
    client, replies = table.join({"type": "join", "room": table.room.code, "role": role, "name": name})
    return client, replies[0]


def send(table, client, msg):
    return table.handle(client, msg)[0]


def test_setbacks_are_the_facilitators_and_a_seat_sends_only_what_its_card_offers(table):
    commander, _ = join(table, "commander", "Li")
    grid, _ = join(table, "grid_worker", "Zhang")
    roads, welcome = join(table, "roads", "Sun")
    assert [f["action"] for f in welcome["forms"]] == ["close_road", "reopen_road"]
    # the commander may take every action, but a failed generator happens to the team: refused, never applied
    refused = send(table, commander, {"type": "action", "id": "c1", "action": {"action": "fail_generator", "shelter": "S04"}})
    assert not refused["ok"] and "setback" in refused["reason"] and refused["text"]["zh"]
    assert not any(a.action.get("action") == "fail_generator" for a in table.runner.actions)
    assert {s.id: s.powered for s in table.runner.snapshot().shelters}["S04"]
    # close_road is on the roads crew's card, not the grid worker's: the runner's own reason
    no = send(table, grid, {"type": "action", "id": "g1", "action": {"action": "close_road", "edge": "R21"}})
    assert not no["ok"] and no["reason"] == "role 'grid_worker' may not close_road; it may: warn, order_evacuation"
    yes = send(table, roads, {"type": "action", "id": "r1", "form": "close_road", "values": {"edge": "R21"}})
    assert yes["ok"] and "R21" in table.runner.snapshot().closed_roads


def test_every_quantity_is_finite_positive_and_within_what_the_depot_holds(table):
    wu, _ = join(table, "logistics", "Wu")
    before = dict(next(d.stock for d in table.runner.snapshot().depots if d.id == "D1"))
    for n, units in enumerate((1e15, 0, -5, 150_000.5)):
        reply = send(table, wu, {"type": "action", "id": f"w{n}",
                                 "action": {"action": "dispatch", "depot": "D1", "shelter": "S01", "items": {"water_l": units}}})
        assert not reply["ok"], units
        assert ("150,000" in reply["reason"] and "D1" in reply["reason"]) or "finite, positive" in reply["reason"]
    with pytest.raises(guard.Refusal, match="longer than the whole exercise"):
        guard.seat_action({"action": "request_reserve", "township": "T1", "cover": 1e9}, ["request_reserve"],
                          table.exercise.scenario, table.runner.snapshot(), table.runner.horizon)
    delay = send(table, table.fac, {"type": "act", "id": "f1", "act": {
        "act": "add_inject", "message": {"en": "trucks held"}, "effect": [{"action": "delay_trucks", "depot": "D1", "hours": 1e9}]}})
    assert not delay["ok"] and "longer than the whole exercise" in delay["reason"]
    assert dict(next(d.stock for d in table.runner.snapshot().depots if d.id == "D1")) == before
    ok = send(table, wu, {"type": "action", "id": "w10",
                          "action": {"action": "dispatch", "depot": "D1", "shelter": "S01", "items": {"water_l": 6000}}})
    assert ok["ok"]


def test_nan_and_infinity_never_enter_the_host():
    for text in ('{"type": "action", "id": "a", "values": {"cover": NaN}}', '{"x": Infinity}', '{"x": -Infinity}',
                 '{"x": 1e400}'):
        with pytest.raises(guard.BadNumber):
            guard.loads(text)
    assert guard.loads('{"x": 1.5e3}') == {"x": 1500.0}


def test_null_never_means_all(table):
    grid, _ = join(table, "grid_worker", "Zhang")
    for n, msg in enumerate([{"form": "warn", "values": None}, {"form": "warn", "values": {"zones": None, "channels": "all"}},
                             {"form": "order_evacuation", "values": {}},
                             {"action": {"action": "warn"}}, {"action": {"action": "warn", "zones": None, "channels": "all"}},
                             {"action": {"action": "order_evacuation", "zone": "C1"}}]):
        reply = send(table, grid, {"type": "action", "id": f"n{n}", **msg})
        assert not reply["ok"], msg
        assert "all" in reply["reason"], reply["reason"]
    snap = table.runner.snapshot()
    assert all(z.warned == 0 for z in snap.zones)
    assert not any(a.accepted for a in table.runner.actions)


def test_a_room_takes_at_most_max_seats_and_same_names_are_told_apart(table):
    first, _ = join(table, "commander", "Li")
    second, welcome = join(table, "commander", "Li")
    assert (first.name, second.name) == ("Li", "Li (2)") and welcome["name"] == "Li (2)"
    assert send(table, table.fac, {"type": "advance", "id": "adv"})["ok"]  # I1 arrives
    mine = send(table, first, {"type": "ack", "id": "same-id", "inject": "I1"})
    assert mine["ok"]
    with pytest.raises(TableError, match="used by another seat"):  # never the first seat's result
        send(table, second, {"type": "ack", "id": "same-id", "inject": "I1"})
    for n in range(MAX_SEATS - 2):
        join(table, "grid_worker", f"g{n}")
    with pytest.raises(TableError, match=f"all its {MAX_SEATS} seats") as refused:
        join(table, "grid_worker", "one too many")
    assert refused.value.code == "full" and refused.value.text["zh"]
    assert len(table.room.seats()) == MAX_SEATS


def _raw_request(port, host_header, path="/"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.putrequest("GET", path, skip_host=True)
    conn.putheader("Host", host_header)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    conn.close()
    return response.status, body


def _raw_websocket(port, host_header):
    """The first line of the host's answer to a WebSocket handshake naming *host_header*."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall((f"GET /ws HTTP/1.1\r\nHost: {host_header}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        return s.recv(200).decode("latin-1").split("\r\n")[0]


def test_the_host_answers_only_to_its_own_names_and_keeps_its_info_file_private(tmp_path):
    host = Host(tmp_path, TUTORIAL)
    try:
        port = host.port
        assert stat.S_IMODE(os.stat(host.info_path).st_mode) == 0o600  # it holds the facilitator's secret
        for path in ("/", "/facilitator", "/projector", "/words"):
            assert _raw_request(port, f"127.0.0.1:{port}", path)[0] == 200
            status, body = _raw_request(port, f"rebound.example.com:{port}", path)
            assert status == 421 and "own names and addresses" in body
        assert _raw_request(port, f"localhost:{port}")[0] == 200
        assert " 101 " in _raw_websocket(port, f"127.0.0.1:{port}")
        assert " 101 " not in _raw_websocket(port, f"rebound.example.com:{port}")
        # the console logs in with the secret once and gets a token of its own for reconnecting
        fac = facilitator(host)
        token = fac.welcome["console"]
        assert token and host.info["secret"] not in token
        fac.close()
        back = Client(host, {"type": "join", "room": host.info["room"], "console": token})
        assert back.welcome["type"] == "welcome" and back.welcome["kind"] == "facilitator"
        assert "console" not in back.welcome  # no new token for a reconnect
        forged = Client(host, {"type": "join", "room": host.info["room"], "console": "x" * 24})
        assert forged.welcome["type"] == "error" and forged.welcome["code"] == "console"
        # numbers JSON has no place for are refused before anything reads them
        lone = seat(host, "commander", "Li")
        lone.send('{"type": "action", "id": "nan-1", "form": "dispatch", "values": {"cover": NaN}}')
        err = lone.wait(lambda m: m["type"] == "error")
        assert err["code"] == "number"
        with open(host.db, "rb") as f:
            assert b"NaN" not in f.read()
    finally:
        host.stop()


def test_the_info_file_is_private_even_if_it_was_there_before(tmp_path):
    from host.serve import write_private

    path = tmp_path / "info.json"
    path.write_text("{}")
    os.chmod(path, 0o644)
    write_private(path, json.dumps({"secret": "s"}))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600 and json.loads(path.read_text()) == {"secret": "s"}
    target = tmp_path / "elsewhere"
    target.write_text("keep")
    link = tmp_path / "planted.json"
    link.symlink_to(target)
    with pytest.raises(OSError):
        write_private(link, "{}")
    assert target.read_text() == "keep"
