"""Issue 25, done when: a facilitator runs the coastal exercise from start to score page with
seven seats, a projector and one host restart in between (SIGKILL, then `--resume`), without
a stuck control, a missing action or a repeated inject. A real `stormdrill host` in a
subprocess, real WebSocket clients; the seats act as a table would: each marks its injects
received, does what the plan says is due of its role (the seat's "due now" list), the roads
crew closes the banyan avenue after the warning, the shelter managers answer the shelters
question; the facilitator moves the clock and closes what nobody answers."""
from host_helpers import ROOT, Client, Host, projector
from training.report import write_report
from training.store import SessionStore

COASTAL = ROOT / "scenarios" / "coastal_street_typhoon" / "exercise.yaml"
SEATS = (("commander", "Li"), ("grid_worker", "Zhang"), ("grid_worker", "Zhao"), ("shelter_manager", "Chen"),
         ("shelter_manager", "Chen"), ("logistics", "Wu"), ("roads", "Sun"))
DUE_PER_STEP = 3
"""Due actions each seat takes after each step of the clock (a table does not do everything at once)."""


class Table:
    """The facilitator, the projector and the seven seats of one run, and what they sent."""

    def __init__(self, host):
        self.host, self.sent, self.n = host, {}, 0
        self.fac = Client(host, {"type": "join", "room": host.info["room"], "facilitator": host.info["secret"],
                                 "name": "Wang"})
        self.console = self.fac.welcome["console"]
        self.wall = projector(host)
        self.seats = []
        for role, name in SEATS:
            c = Client(host, {"type": "join", "room": host.info["room"], "role": role, "name": name})
            assert c.welcome["type"] == "welcome", c.welcome
            self.seats.append(c)
        self.tokens = [c.welcome["token"] for c in self.seats]

    def rejoin(self, host):
        """After the restart: every page reconnects with what it kept (tokens, the console's token)."""
        self.host = host
        self.fac = Client(host, {"type": "join", "room": host.info["room"], "console": self.console})
        assert self.fac.welcome["type"] == "welcome" and self.fac.welcome["name"] == "Wang"
        self.wall = projector(host)
        self.seats = [Client(host, {"type": "join", "room": host.info["room"], "token": t}) for t in self.tokens]
        assert [c.welcome["name"] for c in self.seats] == ["Li", "Zhang", "Zhao", "Chen", "Chen (2)", "Wu", "Sun"]

    def request(self, client, msg):
        self.n += 1
        msg = {**msg, "id": f"{msg['type']}-{self.n}"}
        reply = client.request(msg)
        self.sent[msg["id"]] = (client.welcome["role"], msg, reply)
        return reply

    def settle(self):
        """Everyone catches up with what the host sent."""
        t = self.fac.state.get("t")
        for c in [self.wall, *self.seats]:
            c.until(lambda x: abs(x.state.get("t", -1) - t) < 1e-6)

    def seats_act(self):
        for seat in self.seats:
            for item in list(seat.inbox.values()):
                if item["ack"] is None:
                    reply = self.request(seat, {"type": "ack", "inject": item["id"]})
                    assert reply["ok"], reply
                    seat.inbox[item["id"]]["ack"] = reply["t"]
            for due in list(seat.state.get("due") or [])[:DUE_PER_STEP]:
                self.request(seat, {"type": "action", "action": due["action"], "rationale": due.get("source") or ""})

    def answer_or_close(self):
        d = self.fac.state["decision"]
        chen = self.seats[3]
        mine = chen.state["decision"]
        if mine and mine["may_answer"] and mine["multi"]:
            picks = [o["i"] for o in mine["options"] if o["allowed"] and o["action"] == "open_shelter"][:12]
            reply = self.request(chen, {"type": "answer", "decision": d["id"], "options": picks})
            # the seats may have opened some of these shelters (their due items) since the point
            # opened: those picks are refused with the reason, the rest are taken
            refused = [r for r in (reply.get("action_reason") or "").split("; ") if r]
            assert reply["ok"] and all("already opening" in r or "already open" in r for r in refused), refused
        elif self.seats[0].state["decision"]["may_answer"]:
            reply = self.request(self.seats[0], {"type": "answer", "decision": d["id"], "options": [0]})
            assert reply["ok"], reply
        else:
            reply = self.request(self.fac, {"type": "close", "decision": d["id"], "options": []})
            assert reply["ok"], reply
        self.fac.until(lambda c: c.state["decision"] is None or c.state["decision"]["id"] != d["id"])


def play(table, until_t):
    """Move the clock event by event until *until_t*; every control does what it says."""
    for _ in range(60):
        fac = table.fac
        if fac.state["t"] >= until_t or fac.state["control"]["blocked"] and fac.state["control"]["blocked"]["code"] == "end":
            return
        table.settle()
        table.seats_act()
        if fac.state["decision"] is not None:
            refused = table.request(fac, {"type": "advance"})  # held, and it says why
            assert not refused["ok"] and fac.state["decision"]["id"] in refused["reason"], refused
            table.answer_or_close()
            continue
        before = fac.state["t"]
        reply = table.request(fac, {"type": "advance"})
        assert reply["ok"], reply  # never stuck: nothing else holds the clock
        assert reply["t"] > before or reply["stopped_at"]["kind"] in ("inject", "decision"), reply
        fac.until(lambda c: abs(c.state["t"] - reply["t"]) < 1e-6)
        if any(i["id"] == "I3" for i in table.seats[6].inbox.values()) and "R21" not in fac.state["situation"]["closed_roads"]:
            roads = table.request(table.seats[6], {"type": "action", "form": "close_road", "values": {"edge": "R21"}})
            assert roads["ok"], roads  # the roads crew closes the banyan avenue before the trees fall
    raise AssertionError("the clock did not get there")


def inject_lines(client):
    lines = {line["n"]: line for line in client.feed}
    return [line["ref"] for _, line in sorted(lines.items()) if line["kind"] == "inject"]


def test_the_coastal_exercise_from_start_to_score_page_with_seven_seats_a_projector_and_a_restart(tmp_path):
    host = Host(tmp_path, COASTAL)
    table = Table(host)
    try:
        play(table, 27.0)  # past the shelters question and the fishermen who will not leave their boats
        before_restart = inject_lines(table.fac)
        assert len(before_restart) == len(set(before_restart)) and "I7" in before_restart
        session, port, secret = host.info["session"], host.port, host.info["secret"]
        host.kill()
        host = Host(tmp_path, "--resume", session, port=port, db=host.db)
        assert host.info["secret"] != secret
        table.rejoin(host)
        again = inject_lines(table.fac)  # the feed as the restarted host sends it: the same lines, none new
        assert again and set(again) <= set(before_restart) and len(again) == len(set(again))
        play(table, 99.0)
        done = table.request(table.fac, {"type": "finish", "confirm": True})
        assert done["ok"], done
        for c in [table.fac, table.wall, *table.seats]:
            c.until(lambda x: x.state.get("score") is not None)
    finally:
        host.stop()

    # no repeated inject: each announced once on the console and the projector, across the restart
    for client in (table.fac, table.wall):
        refs = inject_lines(client)
        assert len(refs) == len(set(refs)), refs
    # no missing action: every action sent got an answer, and each one accepted is in the record
    store = SessionStore(host.db)
    logged = {(a.role, str(sorted(a.action.items()))) for a in store.actions(session) if a.accepted}
    answered = [(role, reply) for role, msg, reply in table.sent.values() if msg["type"] == "action"]
    assert answered and all(reply["type"] == "result" for _, reply in answered)
    for role, reply in answered:
        if reply["ok"]:
            assert (role, str(sorted(reply["action"].items()))) in logged
    by_role = {role for role, reply in answered if reply["ok"]}
    assert {"grid_worker", "shelter_manager", "logistics", "roads"} <= by_role
    # the score page: the report's figures on the console and the projector, each seat its own part
    record = store.record(session)
    page = table.fac.state["score"]
    assert table.wall.state["score"] == page
    report = write_report(record, tmp_path / "aar", lang="en").with_suffix(".md").read_text(encoding="utf-8")
    assert f"Overall score {page['overall']}/100 ({page['grade']})" in report
    for seat in table.seats:
        mine = seat.state["score"]
        assert [r["role"] for r in mine["roles"]] == [seat.welcome["role"]] and mine["overall"] == page["overall"]
    assert len(store.seat_log(session)) >= len(answered)
