"""Live facilitation: the facilitator's acts, inboxes and acknowledgements, the MSEL state,
situation summaries and paced time — all in training/, for any front-end."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from training.facilitation import parse_act
from training.msel import msel, plan_status
from training.pacing import LIMIT_NOTE, Pacer
from training.report import write_report
from training.runner import Runner, replay
from training.session import Session, replay_kpis, replayed_record
from training.situation import SituationWatch, day_clock
from training.store import SessionStore


def advance_to(runner, t, role="commander"):
    """Play to *t* (h), closing decision points on the way; return the injects delivered."""
    got = []
    while runner.now < t and not runner.finished:
        step = runner.advance(t)
        got += [d.inject.id for d in step.injects]
        if step.decision is not None:
            runner.close_decision(role)
    return got


LOSE_WATER = {"act": "add_inject", "message": {"zh": "S1 储水被污染", "en": "The water at S1 is contaminated"},
              "to": ["logistics", "commander"], "from": "Shelter manager",
              "effect": [{"action": "lose_stock", "shelter": "S1", "item": "water_l", "share": 1.0}]}


def facilitated_session(store, exercise):
    """A scripted session: the team acts, the facilitator pauses, adds an inject with an
    effect, skips one and re-times another; roles acknowledge what they received."""
    session = Session.start(store, exercise, participants=[("commander", "Li Wei")])
    r = session.runner
    advance_to(r, 0.5)
    r.act("commander", {"action": "warn"}, "blue signal")
    r.act("shelter_manager", {"action": "open_shelter", "shelter": "S1"})
    assert r.facilitate({"act": "pause"}, who="Wang").accepted
    assert r.advance(8.0).t == r.now == pytest.approx(0.5, abs=1e-6)  # paused: the clock stands
    assert r.facilitate({"act": "resume"}, who="Wang").accepted
    advance_to(r, 16.5)
    r.act("grid_worker", {"action": "order_evacuation", "zone": "Z1"}, "orange")
    advance_to(r, 18.0)
    assert r.facilitate(LOSE_WATER, who="Wang").accepted
    assert r.facilitate({"act": "skip", "inject": "I6"}, who="Wang").accepted
    assert r.facilitate({"act": "retime", "inject": "I11", "at": "19h30min"}, who="Wang").accepted
    r.acknowledge("logistics", "F1")
    delivered = advance_to(r, 21.0)
    assert "I11" in delivered and "I6" not in delivered
    r.acknowledge("commander", "I11")
    r.act("logistics", {"action": "dispatch", "depot": "D1", "shelter": "S1", "items": {"water_l": 2000}})
    session.finish()
    return session


def test_a_facilitated_session_replays_to_identical_kpis_and_reports(tmp_path, exercise):
    store = SessionStore(tmp_path / "s.db")
    session = facilitated_session(store, exercise)
    sid = session.id
    acts = store.acts(sid)
    assert [a.act["act"] for a in acts] == ["pause", "resume", "add_inject", "skip", "retime"]
    assert all(a.who == "Wang" and a.accepted for a in acts)
    assert acts[2].act["id"] == "F1" and acts[2].t == pytest.approx(18.0, abs=1e-6)
    assert store.deliveries(sid)["I11"] == pytest.approx(19.5, abs=1e-6)
    assert "I6" not in store.deliveries(sid)

    replayed, recorded = replay_kpis(store, sid)
    assert replayed == recorded
    # the acts matter: replaying the players' actions alone gives another run
    row = store.session(sid)
    without = replay(store.exercise(sid), row["seed"], store.actions(sid), store.decisions(sid)).run_out().kpis
    assert without["unmet_person_hours_water_l"] != recorded["unmet_person_hours_water_l"]

    for lang in ("en", "zh"):
        original = write_report(store.record(sid), tmp_path / f"a-{lang}", lang=lang, store=store)
        again = write_report(replayed_record(store, sid), tmp_path / f"b-{lang}", lang=lang, store=store)
        for suffix in (".md", "-appendix.md"):  # the report and its appendix (the facilitation logs)
            text = original.with_name(original.stem + suffix).read_text(encoding="utf-8")
            assert text == again.with_name(again.stem + suffix).read_text(encoding="utf-8")
    assert "Wang" in text and "临时注入 F1" in text and "确认用时" in text


def test_a_resumed_session_keeps_the_acts_the_pause_and_the_acknowledgements(tmp_path, exercise):
    store = SessionStore(tmp_path / "s.db")
    session = Session.start(store, exercise)
    r = session.runner
    advance_to(r, 2.0)
    r.facilitate({"act": "retime", "inject": "I6", "at": 3.0})
    advance_to(r, 3.5)
    r.acknowledge("grid_worker", "I6")
    r.facilitate({"act": "pause"})
    again = Session.resume(store, session.id).runner
    assert again.paused and again.now == pytest.approx(r.now)
    assert [d.inject.id for d in again.deliveries] == [d.inject.id for d in r.deliveries]
    assert again.inbox("grid_worker")[-1].ack.delay_h == pytest.approx(0.5, abs=1e-6)
    assert again.advance(10.0).t == again.now  # still paused


def test_each_role_sees_exactly_the_injects_sent_to_it(exercise):
    r = Runner(exercise)
    advance_to(r, 21.0)
    r.facilitate({**LOSE_WATER, "effect": []})
    for role in exercise.roles:
        mine = [i.inject.id for i in r.inbox(role)]
        expected = [d.inject.id for d in r.deliveries if d.inject.to == "all" or role in d.inject.to]
        assert mine == expected
    assert "I4" in [i.inject.id for i in r.inbox("commander")]  # I4 goes to the commander only
    assert "I4" not in [i.inject.id for i in r.inbox("grid_worker")]
    assert "F1" in [i.inject.id for i in r.inbox("logistics")]
    assert "F1" not in [i.inject.id for i in r.inbox("shelter_manager")]
    with pytest.raises(ValueError, match="not addressed to shelter_manager"):
        r.acknowledge("shelter_manager", "I4")
    with pytest.raises(ValueError, match="has not been delivered"):
        r.acknowledge("commander", "I13")
    ack = r.acknowledge("commander", "I4")
    assert ack.delay_h == pytest.approx(r.now - next(d.t for d in r.deliveries if d.inject.id == "I4"))
    assert r.inbox("commander")[[i.inject.id for i in r.inbox("commander")].index("I4")].ack == ack


def test_an_action_is_credited_to_the_role_that_took_it_and_setbacks_are_the_facilitators(exercise):
    r = Runner(exercise)
    taken = r.act("shelter_manager", {"action": "open_shelter", "shelter": "S2"})
    assert taken.accepted and taken.role == "shelter_manager"
    refused = r.act("logistics", {"action": "open_shelter", "shelter": "S1"})
    assert not refused.accepted and "may not open_shelter" in refused.reason
    setback = r.act("commander", {"action": "shelter_unusable", "shelter": "S1"})
    assert not setback.accepted and "only the facilitator or an inject" in setback.reason


@pytest.mark.parametrize("act, reason", [
    ({"act": "skip", "inject": "I99"}, "no scripted inject 'I99'"),
    ({"act": "release", "inject": "I1"}, "already delivered"),
    ({"act": "retime", "inject": "I6", "at": 1.0}, "has passed"),
    ({"act": "retime", "inject": "I6", "at": 999.0}, "after the end of the exercise"),
    ({"act": "resume"}, "not paused"),
    ({"act": "add_inject", "message": {"en": "x"}, "to": ["mayor"]}, "no role 'mayor'"),
    ({"act": "add_inject", "message": {"en": "x"}, "effect": [{"action": "close_road", "edge": "R99"}]}, "no road 'R99'"),
    ({"act": "add_inject", "message": {"en": "x"}, "effect": [{"action": "lose_stock", "item": "water_l"}]},
     "one of the two"),
    ({"act": "add_inject", "message": {}}, "the message is empty"),
    ({"act": "fast_forward"}, "does not match any of the expected tags"),
])
def test_a_bad_act_is_refused_with_the_reason_and_changes_nothing(exercise, act, reason):
    r = Runner(exercise)
    advance_to(r, 2.0)
    before, delivered = r.snapshot(), len(r.deliveries)
    entry = r.facilitate(act)
    assert not entry.accepted and reason in entry.reason
    assert r.snapshot() == before and len(r.deliveries) == delivered and not r.paused
    assert r.acts[-1] is entry  # refused acts are logged too


def test_release_delivers_now_and_the_trigger_never_delivers_it_again(exercise):
    r = Runner(exercise)
    advance_to(r, 1.5)
    assert r.facilitate({"act": "release", "inject": "I10"}).accepted
    step = r.advance(r.now)
    assert [d.inject.id for d in step.injects] == ["I10"] and step.t == pytest.approx(1.5, abs=1e-6)
    assert any(e["kind"] == "road_closed" and e["road"] == "R8" for e in r.engine.events)  # its effect
    advance_to(r, 30.0)
    assert [d.inject.id for d in r.deliveries].count("I10") == 1


def test_msel_and_plan_rules_show_where_the_team_stands(exercise):
    r = Runner(exercise)
    states = {m.id: m.state for m in msel(r)}
    assert set(states.values()) == {"coming"}
    rules = {p.id: p.state for p in plan_status(r)}
    assert set(rules.values()) == {"waiting"}
    advance_to(r, 0.01)  # I1 (blue signal) has arrived: warn all zones within 1 h
    assert {m.id: m.state for m in msel(r)}["I1"] == "released"
    r.act("grid_worker", {"action": "warn"})
    r.facilitate({"act": "skip", "inject": "I7"})
    items = {m.id: m for m in msel(r)}
    assert items["I1"].state == "answered" and items["I1"].expected[0].state == "done"
    assert items["I7"].state == "skipped"
    assert {p.id: p.state for p in plan_status(r)}["P1"] == "done"
    advance_to(r, 3.0)  # P2 (open both shelters on yellow, 1 h) passes its deadline undone
    rules = {p.id: p for p in plan_status(r)}
    assert rules["P2"].state == "missed" and rules["P2"].fired_t is not None
    assert "Door-to-door persuasion" in items["I6"].notes  # controller notes, for the facilitator
    r.act("shelter_manager", {"action": "open_shelter", "shelter": "S1"})
    r.act("shelter_manager", {"action": "open_shelter", "shelter": "S2"})
    assert {p.id: p.state for p in plan_status(r)}["P2"] == "missed"  # the response level is still missing
    r.act("commander", {"action": "raise_response", "level": "IV"})
    assert {p.id: p.state for p in plan_status(r)}["P2"] == "late"
    advance_to(r, 20.5)  # I6 expects a door-to-door order for Z2's assisted residents within 1 h
    assert {m.id: m.state for m in msel(r)}["I6"] == "released"
    advance_to(r, 21.5)
    assert {m.id: m.state for m in msel(r)}["I6"] == "overdue"
    # an inject that expects nothing is answered once every recipient has acknowledged it
    i4 = next(m for m in msel(r) if m.id == "I4")
    assert i4.state == "released" and i4.to == ("commander",)
    r.acknowledge("commander", "I4")
    assert next(m for m in msel(r) if m.id == "I4").state == "answered"


def test_the_situation_since_the_last_prompt_counts_what_the_model_did(exercise):
    r = Runner(exercise)
    watch = SituationWatch(r)
    assert watch.since_last().quiet
    r.act("commander", {"action": "open_shelter", "shelter": "S1"})
    for z in exercise.scenario.zones:
        r.act("commander", {"action": "order_evacuation", "zone": z.id})
    r.facilitate({"act": "add_inject", "message": {"en": "Landslide"},
                  "effect": [{"action": "close_road", "edge": "R3"}]})
    advance_to(r, 40.0)
    news = watch.since_last()
    assert news.t0 == 0 and news.t1 == r.now
    assert "R3" in news.roads_closed and "S1" in news.shelters_full
    assert ("S1", "water_l") in news.stockouts
    en, zh = "\n".join(news.lines("en")), "\n".join(news.lines("zh"))
    assert "road(s) closed: R3" in en and "stock-out(s)" in en and "S1 water" in en
    assert "条道路中断：R3" in zh and "饮用水" in zh and "台风" in zh
    assert watch.since_last().stockouts == ()  # said once


def test_the_feed_stamp_shows_the_day_with_the_time(exercise):
    assert day_clock(26.5) == "day 2 02:30 · T+26:30"
    from datetime import datetime
    assert day_clock(20.0, datetime(2026, 9, 14, 6, 0), "zh") == "第2天 02:00 · T+20:00"


class FakeClock:
    """A wall clock the test moves by hand (seconds)."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_paced_time_follows_the_wall_clock_at_the_ratio_and_stops_while_paused(exercise):
    wall = FakeClock()
    r = Runner(exercise)
    pacer = Pacer(r, ratio=10.0, clock=wall)  # 1 real minute = 10 model minutes
    wall.now += 60
    tick = pacer.tick()
    assert r.now == pytest.approx(10 / 60, abs=1e-6)
    assert [d.inject.id for d in tick.step.injects] == ["I1"]  # the blue signal arrived on the way
    wall.now += 30
    pacer.tick()
    assert r.now == pytest.approx(15 / 60, abs=1e-6)
    r.facilitate({"act": "pause"})
    wall.now += 600
    pacer.tick()
    assert r.now == pytest.approx(15 / 60, abs=1e-6)  # the pause costs no model time
    r.facilitate({"act": "resume"})
    wall.now += 6
    pacer.tick()
    assert r.now == pytest.approx(16 / 60, abs=1e-6)
    with pytest.raises(ValueError, match="positive"):
        Pacer(r, ratio=0, clock=wall)


def test_a_decision_point_with_a_real_time_limit_closes_by_itself(village):
    from training import load_exercise

    path = village / "exercise.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  - id: D1\n", "  - id: D1\n    limit: 5min\n"), encoding="utf-8")
    ex = load_exercise(path)
    wall = FakeClock()
    r = Runner(ex)
    pacer = Pacer(r, ratio=3600.0, clock=wall)  # one model hour a real second
    while r.pending_decision is None:
        wall.now += 1
        pacer.tick()
    opened = r.now
    assert r.pending_decision.id == "D1"
    wall.now += 200
    tick = pacer.tick()
    assert r.pending_decision is not None and tick.left_s == pytest.approx(100.0)
    assert r.now == opened  # the clock waits for the decision
    wall.now += 100
    tick = pacer.tick()
    assert tick.expired is not None and tick.expired.id == "D1"
    assert r.decisions["D1"][1] == opened and r.pending_decision is None
    wall.now += 1
    pacer.tick()
    assert r.now > opened


def test_acts_parse_from_plain_mappings():
    act = parse_act({"act": "retime", "inject": "I3", "at": "14h30min"})
    assert act.at == 14.5
    assert LIMIT_NOTE


def test_a_tampered_facilitator_log_is_caught_on_replay(tmp_path, exercise):
    from training.runner import ReplayMismatch

    store = SessionStore(tmp_path / "s.db")
    session = Session.start(store, exercise)
    advance_to(session.runner, 2.0)
    session.runner.facilitate({"act": "skip", "inject": "I6"})
    session.finish()
    store.db.execute("UPDATE facilitator_acts SET act=? WHERE session_id=?", ('{"act": "skip", "inject": "I1"}', session.id))
    with pytest.raises(ReplayMismatch, match="facilitator act 1"):
        replay_kpis(store, session.id)


ACTS = st.sampled_from([
    {"act": "pause"}, {"act": "resume"},
    *({"act": kind, "inject": i} for kind in ("release", "skip") for i in ("I6", "I10", "I11", "I12", "I13")),
    *({"act": "retime", "inject": i, "at": at} for i in ("I6", "I10", "I12") for at in (3.0, 12.0, 26.0)),
    {"act": "add_inject", "message": {"en": "A landslide on R3"}, "effect": [{"action": "close_road", "edge": "R3"}]},
    {"act": "add_inject", "message": {"zh": "S1 储水损失一半"}, "to": ["logistics"],
     "effect": [{"action": "lose_stock", "shelter": "S1", "item": "water_l", "share": 0.5}]},
])


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(script=st.lists(st.tuples(st.floats(0.0, 30.0), ACTS), max_size=6))
def test_any_sequence_of_acts_replays_exactly(tmp_path_factory, exercise, script):
    """Whatever the facilitator does, in whatever order, a replay of the log gives the same
    deliveries, the same acts' fates and the same KPIs."""
    store = SessionStore(tmp_path_factory.mktemp("acts") / "s.db")
    session = Session.start(store, exercise)
    r = session.runner
    r.act("shelter_manager", {"action": "open_shelter", "shelter": "S1"})
    for t, act in sorted(script, key=lambda p: p[0]):
        if r.paused:
            r.facilitate({"act": "resume"})
        advance_to(r, t)
        r.facilitate(act)
    if r.paused:
        r.facilitate({"act": "resume"})
    session.finish()
    again = replayed_record(store, session.id)
    assert again.deliveries == store.record(session.id).deliveries
    assert [a.accepted for a in again.acts] == [a.accepted for a in store.acts(session.id)]
    replayed, recorded = replay_kpis(store, session.id)
    assert replayed == recorded
