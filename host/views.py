"""What each client sees: the state of the table, cut to who is looking (docs/host.md, "The
state"). Pure reading: nothing here changes the runner or the room.

    state = build(table, kind, role)      # kind: "seat", "facilitator" or "projector"
"""
from training.msel import msel
from training.situation import day_clock, signal_name
from training.words import clock

from training import roles as training_roles

from . import cards, control, mapview, scorepage
from .words import both


def build(table, kind, role):
    """The whole state for a client of *kind* playing *role* (None unless a seat)."""
    r, snap = table.runner, table.snapshot()
    state = {
        "t": r.now, "clock": both(lambda _: day_clock(r.now, table.start, _.lang)),
        "onset": r.onset, "deadline": r.deadline, "horizon": r.horizon, "paused": r.paused,
        "finished": table.score is not None, "mode": table.mode, "ratio": table.ratio,
        "decision": decision(table, role, kind),
        "countdown_s": None if table.pacer is None or table.pacer.left_s() is None else round(table.pacer.left_s()),
        "situation": situation(table, snap, role), "news": table.news,
        "poll": table.polls.view(None, counts=kind != "seat"),
    }
    if kind == "seat" and role in table.exercise.roles:
        state["due"] = cards.due(r, role, snap) if table.score is None else []
    if kind != "seat":
        state["seats"] = table.presence.rows(table.room.seats())
        state["map"] = mapview.layer(snap)
    if kind == "facilitator":
        state["msel"] = [_msel_item(i, table.presence) for i in msel(r)]
        state["room"] = table.room.code
        state["control"] = control.blocked(table)
        state["responses"] = responses(table)
        state["notes"] = [_note(n) for n in table.store.notes(table.session.id)[-20:]]
    if table.score_page is not None:
        state["score"] = table.score_page if kind != "seat" else scorepage.for_role(table.score_page, role)
    return state


def decision(table, role, kind):
    """The open decision point: its prompt, options (each allowed for this role or not), who
    may answer, and whether several options may be chosen."""
    point = table.runner.pending_decision
    if point is None:
        return None
    rights = table.exercise.roles.get(role)
    may = kind == "seat" and (point.roles == "all" or role in point.roles)
    roles = list(table.exercise.roles) if point.roles == "all" else list(point.roles)
    offered = training_roles.decision_options(table.exercise, point)
    return {"id": point.id, "prompt": point.prompt.model_dump(), "may_answer": may, "roles": roles,
            "multi": bool(getattr(point, "multi", False)),
            "options": [{"i": i, "label": o.label, "action": o.action["action"],
                         "allowed": bool(may and rights is not None and rights.may(o.action["action"])),
                         "closes_as": control.option_role(table, point, o.action)}
                        for i, o in enumerate(offered)]}


def situation(table, snap, role):
    """The shared picture, cut to what *role* acts on (everything for the console and the projector)."""
    rights = table.exercise.roles.get(role)

    def may(*kinds):
        return rights is None or any(rights.may(k) for k in kinds)

    out = {"secured": int(round(snap.secured)), "counts": {k: int(v) for k, v in snap.counts},
           "left_in_danger": int(snap.left_in_danger), "response_level": snap.response_level,
           "signals": [both(lambda _, k=k, v=v: signal_name(k, v, _.lang)) for k, v in snap.signals
                       if v not in (None, "none")],
           "closed_roads": list(snap.closed_roads)}
    if may("warn", "order_evacuation", "assign_shelter"):
        out["zones"] = [{"id": z.id, "name": table.name(z.id), "at_home": int(z.at_home), "population": int(z.population),
                         "warned": int(z.warned), "depth_m": round(z.depth_m, 2)} for z in snap.zones]
    if may("open_shelter", "assign_shelter", "dispatch", "request_reserve"):
        out["shelters"] = [{"id": s.id, "name": table.name(s.id), "state": s.state, "usable": s.usable,
                            "occupancy": int(s.occupancy), "capacity": int(s.capacity), "queued": int(s.queued),
                            "cover_h": _least_cover(s.cover_h)} for s in snap.shelters]
    if may("dispatch", "request_reserve"):
        out["depots"] = [{"id": d.id, "name": table.name(d.id),
                          "stock": [{"item": k, "label": cards.item_words(k), "units": round(v)} for k, v in d.stock]}
                         for d in snap.depots]
    if may("close_road", "reopen_road"):
        out["roads"] = [{"id": e.id, "name": both(lambda _, e=e: _.name(e)), "closed": e.id in snap.closed_roads}
                        for e in table.exercise.scenario.edges]
    return out


def responses(table):
    """Per role, live: injects sent to it, acknowledged, the mean and slowest time to
    acknowledge (model h), the actions taken and refused (the runner's log)."""
    r, out = table.runner, []
    for role, spec in table.exercise.roles.items():
        items = r.inbox(role)
        delays = [i.ack.delay_h for i in items if i.ack is not None]
        acts = [a for a in r.actions if a.role == role]
        out.append({"role": role, "name": both(lambda _, s=spec: _.name(s)), "sent": len(items), "acked": len(delays),
                    "mean_ack_h": sum(delays) / len(delays) if delays else None,
                    "slowest_ack_h": max(delays) if delays else None,
                    "actions": sum(a.accepted for a in acts), "refused": sum(not a.accepted for a in acts)})
    return out


def inbox_item(item):
    inject, d = item.inject, item.delivery
    return {"id": inject.id, "t": d.t, "clock": clock(d.t), "from": both(lambda _: inject.sender(_.lang)),
            "message": inject.message.model_dump(), "ack": None if item.ack is None else item.ack.t}


def exercise_info(table):
    ex = table.exercise
    return {"name": both(lambda _: _.name(ex.spec)),
            "roles": [{"id": r.id, "name": both(lambda _, r=r: _.name(r)),
                       "actions": r.actions if r.actions == "all" else list(r.actions)} for r in ex.roles.values()]}


def _least_cover(cover):
    hours = [h for _, h in cover if h == h and h != float("inf")]
    return round(min(hours), 1) if hours else None


def _msel_item(item, presence):
    return {"id": item.id, "kind": item.kind, "state": item.state, "when": item.when, "due_t": item.due_t,
            "delivered_t": item.delivered_t, "to": list(item.to), "text": item.text.model_dump(), "notes": item.notes,
            "acks": [list(a) for a in item.acks], "seat_acks": presence.acks.get(item.id, [])}


def _note(n):
    return {"kind": n.kind, "role": n.role, "author": n.author, "text": n.text, "t": n.t}
