"""Whatever the seats send, in whatever order, with whatever repeats and reconnects: every
message id is applied at most once, every answer to a repeat is the first answer, each
record names the seat that sent it, and a replay of the log gives the same KPIs."""
import itertools

from hypothesis import HealthCheck, given, settings, strategies as st

from host import ExerciseTable
from host_helpers import TUTORIAL
from training import load_exercise
from training.session import replay_kpis
from training.store import SessionStore

EXERCISE = load_exercise(TUTORIAL)
SEATS = (("commander", "Li"), ("grid_worker", "Zhang"), ("shelter_manager", "Chen"), ("logistics", "Zhou"))
FORMS = (("open_shelter", {"shelter": "S1"}), ("open_shelter", {"shelter": "S2"}), ("warn", {"zones": "Z1", "channels": "all"}),
         ("assign_shelter", {"zone": "Z2", "shelter": "S2"}), ("order_evacuation", {"zone": "Z1", "group": "all", "channels": "all"}),
         ("dispatch", {"depot": "D1", "shelter": "S1", "items": "basic", "cover": "12"}), ("raise_response", {"level": "III"}))
RUN = itertools.count()

step = st.one_of(
    st.tuples(st.just("action"), st.integers(0, 3), st.integers(0, len(FORMS) - 1), st.integers(0, 5)),
    st.tuples(st.just("ack"), st.integers(0, 3), st.sampled_from(["I1", "I2", "I3", "I4"]), st.integers(0, 5)),
    st.tuples(st.just("answer"), st.integers(0, 3), st.sampled_from([0, 1, 2, None]), st.integers(0, 5)),
    st.tuples(st.just("advance"), st.floats(0.5, 6), st.just(0), st.just(0)),
    st.tuples(st.just("reconnect"), st.integers(0, 3), st.just(0), st.just(0)),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(step, min_size=1, max_size=25))
def test_any_sequence_of_seat_messages_applies_each_id_once_and_replays(tmp_path_factory, steps):
    store = SessionStore(tmp_path_factory.mktemp("props") / "s.db")
    table = ExerciseTable.start(store, EXERCISE)
    fac, _ = table.join({"type": "join", "room": table.room.code, "facilitator": table.secret, "name": "Wang"})
    clients, tokens = [], []
    for role, name in SEATS:
        client, replies = table.join({"type": "join", "room": table.room.code, "role": role, "name": name})
        clients.append(client)
        tokens.append(replies[0]["token"])
    first, sent_by = {}, {}
    run = next(RUN)
    for kind, a, b, n in steps:
        if kind == "advance":
            table.handle(fac, {"type": "advance", "id": f"adv-{run}-{len(first)}-{a}", "by": a})
            continue
        if kind == "reconnect":
            table.leave(clients[a])
            clients[a], _ = table.join({"type": "join", "room": table.room.code, "token": tokens[a]})
            continue
        cid = f"{kind}-{a}-{b}-{n}"  # small ranges: the same id comes back often
        if kind == "action":
            msg = {"type": "action", "id": cid, "form": FORMS[b][0], "values": FORMS[b][1]}
        elif kind == "ack":
            msg = {"type": "ack", "id": cid, "inject": b}
        else:
            point = table.runner.pending_decision
            msg = {"type": "answer", "id": cid, "decision": point.id if point else "D1", "option": b}
        reply = table.handle(clients[a], msg)[0]
        if cid in first:
            assert reply["repeat"] is True  # every answered id is kept: a repeat gets the first answer back
            assert {k: v for k, v in reply.items() if k != "repeat"} == first[cid]
        else:
            assert reply["type"] == "result" and "repeat" not in reply
            first.setdefault(cid, reply)
            sent_by.setdefault(cid, SEATS[a])
    sid = table.session.id
    log = store.seat_log(sid)
    assert len({e.client_id for e in log}) == len(log)  # each id recorded once
    for e in log:
        assert (e.role, e.seat) == sent_by[e.client_id]  # by the seat that first sent it
    runner_actions = [e for e in log if e.kind == "action" and e.outcome.get("seq") is not None] + \
        [e for e in log if e.kind == "answer" and e.outcome.get("action_ok") is not None]
    assert len(store.actions(sid)) == len(runner_actions)  # nothing applied twice, nothing lost
    table.handle(fac, {"type": "finish", "id": f"end-{run}", "confirm": True})
    replayed, recorded = replay_kpis(store, sid)
    assert {k: v for k, v in replayed.items() if v == v} == {k: v for k, v in recorded.items() if v == v}
