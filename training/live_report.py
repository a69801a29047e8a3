"""The report's part on live facilitation: what the facilitator did, and how fast each role
acknowledged the injects sent to it (the response-time indicators of GB/T 46792).

    blocks(record, lang)   # report blocks (training.report's format), empty if nothing to say
"""
from .facilitation import recipients
from .words import clock, hm, role_name

T = {
    "en": {"acts": "Facilitation", "acks": "Acknowledgement of injects",
           "h_time": "time", "h_who": "who", "h_act": "act", "h_fate": "result",
           "h_inject": "inject", "h_role": "role", "h_sent": "delivered", "h_ack": "acknowledged",
           "h_delay": "time to acknowledge", "ok": "done", "refused": "refused", "never": "not acknowledged",
           "summary": "{role}: {n} of {total} acknowledged, mean {mean}, slowest {worst}",
           "seats": "Who did what (seats)", "h_seat": "seat", "h_what": "what",
           "k_action": "action", "k_ack": "acknowledged", "k_answer": "decision",
           "seat_summary": "{seat} ({role}): {n} actions, {a} acknowledgements, {d} decisions"},
    "zh": {"acts": "导调操作", "acks": "情景注入确认",
           "h_time": "时间", "h_who": "操作人", "h_act": "操作", "h_fate": "结果",
           "h_inject": "情景注入", "h_role": "岗位", "h_sent": "下发", "h_ack": "确认",
           "h_delay": "确认用时", "ok": "已执行", "refused": "未执行", "never": "未确认",
           "summary": "{role}：确认 {n}/{total} 条，平均 {mean}，最长 {worst}",
           "seats": "席位操作记录", "h_seat": "席位", "h_what": "内容",
           "k_action": "处置行动", "k_ack": "确认收到", "k_answer": "决策",
           "seat_summary": "{seat}（{role}）：处置行动 {n} 项，确认 {a} 条，决策 {d} 项"},
}
ACT_NAMES = {
    "pause": {"en": "pause", "zh": "暂停"}, "resume": {"en": "resume", "zh": "继续"},
    "release": {"en": "release", "zh": "立即下发"}, "skip": {"en": "skip", "zh": "取消"},
    "retime": {"en": "re-time", "zh": "改时"}, "add_inject": {"en": "add inject", "zh": "临时注入"},
}


def act_text(act, lang="en"):
    """A facilitator act (a dict) in a few words of *lang*."""
    kind = act.get("act", "?")
    name = ACT_NAMES.get(kind, {}).get(lang, kind)
    if kind in ("release", "skip"):
        return f"{name} {act.get('inject', '')}"
    if kind == "retime":
        return f"{name} {act.get('inject', '')} → {clock(act.get('at', 0.0))}"
    if kind == "add_inject":
        message = act.get("message", {}) or {}
        words = message.get(lang) or message.get("en") or message.get("zh") or ""
        effects = "; ".join(" ".join(f"{v}" for v in e.values()) for e in act.get("effect", []))
        to = act.get("to", "all")
        to = "all" if to == "all" else ",".join(to)
        return f"{name} {act.get('id') or ''} → {to}: {words}" + (f" [{effects}]" if effects else "")
    return name


def blocks(record, lang="en"):
    """Report blocks on the facilitator's acts and the acknowledgements, if there were any."""
    t, ex, out = T[lang], record.exercise, []
    if record.acts:
        out.append(("h2", t["acts"]))
        rows = [[clock(a.t), a.who, act_text(a.act, lang), t["ok"] if a.accepted else f"{t['refused']}: {a.reason}"]
                for a in record.acts]
        out.append(("table", [t["h_time"], t["h_who"], t["h_act"], t["h_fate"]], rows))
    if record.acks:
        out.append(("h2", t["acks"]))
        acked = {(a.inject, a.role): a for a in record.acks}
        adhoc = {a.act.get("id"): a.act for a in record.acts if a.accepted and a.act.get("act") == "add_inject"}
        rows, per_role = [], {}
        for iid, sent in sorted(record.deliveries.items(), key=lambda kv: kv[1]):
            inject = ex.injects.get(iid)
            to = recipients(inject, ex) if inject is not None else _adhoc_to(adhoc.get(iid), ex)
            for role in to:
                ack = acked.get((iid, role))
                per_role.setdefault(role, []).append(None if ack is None else ack.delay_h)
                rows.append([iid, role_name(ex, role, lang), clock(sent), "—" if ack is None else clock(ack.t),
                             t["never"] if ack is None else hm(ack.delay_h, lang)])
        for role, delays in per_role.items():
            done = [d for d in delays if d is not None]
            if done:
                out.append(("li", t["summary"].format(role=role_name(ex, role, lang), n=len(done), total=len(delays),
                                                      mean=hm(sum(done) / len(done), lang), worst=hm(max(done), lang))))
        out.append(("table", [t["h_inject"], t["h_role"], t["h_sent"], t["h_ack"], t["h_delay"]], rows))
    out += seat_blocks(record, lang)
    return out


def seat_blocks(record, lang="en"):
    """Report blocks saying who did what from which seat (training.seats), if seats took part."""
    t, ex = T[lang], record.exercise
    seats = getattr(record, "seats", ())
    if not seats:
        return []
    out = [("h2", t["seats"])]
    counts = {}
    for e in seats:
        c = counts.setdefault((e.seat, e.role), {"action": 0, "ack": 0, "answer": 0})
        c[e.kind] += 1 if e.accepted else 0  # what was done; the refusals are in the table below
    for (seat, role), c in counts.items():
        out.append(("li", t["seat_summary"].format(seat=seat, role=role_name(ex, role, lang), n=c["action"],
                                                   a=c["ack"], d=c["answer"])))
    rows = [[clock(e.t), e.seat, role_name(ex, e.role, lang), f"{t['k_' + e.kind]} {e.ref}",
             t["ok"] if e.accepted else f"{t['refused']}: {e.outcome.get('reason', '')}"] for e in seats]
    out.append(("table", [t["h_time"], t["h_seat"], t["h_role"], t["h_what"], t["h_fate"]], rows))
    return out


def _adhoc_to(act, exercise):
    if act is None:
        return ()
    to = act.get("to", "all")
    return tuple(exercise.roles) if to == "all" else tuple(to)
