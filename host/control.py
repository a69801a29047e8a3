"""The facilitator's controls: each does what it says or is refused with the reason.

    act       pause, resume, release, skip, retime, add_inject (training.facilitation)
    advance   stepped mode: the clock moves to the next inject or decision point, or by ``by`` h;
              refused, saying what holds it, when the clock would not move
    close     close the open decision point with the chosen options (each taken as an action
              of a role of the decision point that may take it) or with "no decision" recorded
    finish    with ``confirm: true``: play to the end, score, show the score page
    poll, poll_close, note   quick polls; observer and hotwash notes

``blocked(table)`` says what holds the clock now and what comes next, for the console.
Every handler returns the reply's fields (``of``, ``ok``, ``reason``, ``text``, ``t``, ...);
a Refusal raised in one becomes a refused reply (host.table keeps the reply by the message id).
"""
import time

from messages import N_
from training import roles as training_roles
from training.notes import KINDS as NOTE_KINDS, TEXT_MAX, SessionNote
from training.words import clock

from . import guard
from .guard import Refusal
from .words import both, said

ADVANCE_MAX_H = 48
"""Longest single step the facilitator may ask for (h)."""


def act(table, client, msg):
    guard.effects(msg.get("act"), table.exercise.scenario, table.runner.snapshot(), table.runner.horizon)
    entry = table.runner.facilitate(msg.get("act"), who=client.name)
    if entry.accepted:
        table.after_clock()
    return {"of": "act", "ok": entry.accepted, "reason": entry.reason, "t": table.runner.now}


def advance(table, client, msg):
    """Move the stepped clock; ok only if the clock moved (or what was due now was delivered)."""
    r = table.runner
    if table.mode == "paced":
        raise Refusal(N_("the exercise is paced: the clock follows the wall clock (pause or resume it instead)"))
    by = msg.get("by")
    if by is not None and not (isinstance(by, (int, float)) and not isinstance(by, bool) and 0 < by <= ADVANCE_MAX_H):
        raise Refusal(N_("advance takes by: hours (more than 0, at most {most}), or nothing for the next event"),
                      most=ADVANCE_MAX_H)
    hold = blocked(table)["blocked"]
    if hold is not None:
        raise Refusal(hold["message"], words=hold["text"])
    before, delivered = r.now, len(r.deliveries)
    step = r.advance(r.horizon if by is None else r.now + float(by))
    table.after_clock()
    moved = r.now > before
    if not moved and len(r.deliveries) == delivered and step.decision is None:
        raise Refusal(N_("the clock did not move (T+{t:.2f} h)"), t=r.now)
    stop = _stopped_at(step, r, r.deliveries[delivered:])
    return {"of": "advance", "ok": True, "reason": "", "from_t": before, "t": r.now, "stopped_at": stop}


def _stopped_at(step, r, arrived):
    """Why the clock stopped where it did: a decision point, an inject that arrived on the
    way, the end, or the time asked for."""
    if step.decision is not None:
        return {"kind": "decision", "id": step.decision.id}
    if arrived:
        return {"kind": "inject", "id": arrived[-1].inject.id}
    if r.finished:
        return {"kind": "end", "id": None}
    return {"kind": "time", "id": None}


def close(table, client, msg):
    """Close the open decision point with the chosen options, or with none ("no decision")."""
    r, point = table.runner, table.runner.pending_decision
    wanted = str(msg.get("decision"))[:64]
    if point is None or point.id != wanted:
        raise Refusal(N_("decision point {id} is not open"), id=wanted)
    options = msg.get("options")
    if not isinstance(options, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in options):
        raise Refusal(N_("close takes options: a list of option numbers, [] for no decision"))
    options, offered = sorted(set(options)), training_roles.decision_options(table.exercise, point)
    if any(not 0 <= i < len(offered) for i in options):
        raise Refusal(N_("decision point {id} has options 0 to {last}"), id=point.id, last=len(offered) - 1)
    if len(options) > 1 and not getattr(point, "multi", False):
        raise Refusal(N_("decision point {id} takes one option"), id=point.id)
    roles = [option_role(table, point, offered[i].action) for i in options]
    for i, role in zip(options, roles):
        if role is None:
            raise Refusal(N_("no role of decision point {id} may take option {i} ({action})"),
                          id=point.id, i=i, action=offered[i].action["action"])
    results = []
    for i, role in zip(options, roles):
        entry = r.act(role, dict(offered[i].action),
                      f"decision {point.id}: {offered[i].label.get('en')} (closed by the facilitator)")
        results.append({"i": i, "role": role, "ok": entry.accepted, "reason": entry.reason})
    note = "no decision" if not options else "options " + ", ".join(map(str, options))
    r.close_decision(f"facilitator:{client.name}", note=f"{note} (closed by the facilitator)")
    table.line("close", both(lambda _: _("{who} closed decision point {id}: {what}", who=client.name, id=point.id,
                                         what=_.join(_.pick(offered[i].label) for i in options)
                                         if options else _("no decision"))), ref=point.id)
    table.after_clock()
    return {"of": "close", "ok": True, "reason": "", "decision": point.id, "options": results, "t": r.now}


def option_role(table, point, action):
    """The role an option's *action* of *point* is taken as when the facilitator closes it:
    the first of the decision point's roles whose rights allow it (None if none does)."""
    roles = table.exercise.roles
    candidates = list(roles) if point.roles == "all" else [r for r in point.roles if r in roles]
    return next((r for r in candidates if roles[r].may(action["action"])), None)


def finish(table, client, msg):
    """End the exercise: only with ``confirm: true`` (the console asks first)."""
    if msg.get("confirm") is not True:
        raise Refusal(N_("ending the exercise cannot be undone: send finish with confirm: true"))
    if table.score is None:
        table.end()
    page = table.score_page
    return {"of": "finish", "ok": True, "reason": "", "overall": page["overall"], "grade": page["grade"],
            "verdict": page["verdict"], "t": table.runner.now}


def poll(table, client, msg):
    opened = table.polls.open(_poll_id(table), msg.get("question"), msg.get("options"), msg.get("multi"),
                              table.runner.now)
    table.line("poll", both(lambda _: _("Poll: {question}", question=opened["question"])), ref=opened["id"])
    return {"of": "poll", "ok": True, "reason": "", "poll": opened["id"], "t": table.runner.now}


def poll_close(table, client, msg):
    closed = table.polls.close(str(msg.get("poll"))[:64])
    return {"of": "poll_close", "ok": True, "reason": "", "poll": closed["id"], "t": table.runner.now}


def _poll_id(table):
    return f"P{len(table.polls.polls) + 1}"


def note(table, client, cid, msg, role, kinds):
    """Record an observer's or a hotwash note (the console's, or a seat's after the end)."""
    kind = msg.get("kind")
    if kind not in kinds:
        raise Refusal(N_("a note's kind is one of: {kinds}"), kinds=", ".join(kinds))
    text = str(msg.get("text") or "").strip()[:TEXT_MAX]
    if not text:
        raise Refusal(N_("the note is empty"))
    if role and role not in table.exercise.roles:
        raise Refusal(N_("no role {role}; roles: {roles}"), role=str(role)[:40], roles=", ".join(table.exercise.roles))
    table.store.add_note(table.session.id, SessionNote(cid, kind, role or "", client.name, text, table.runner.now, time.time()))
    return {"of": "note", "ok": True, "reason": "", "kind": kind, "t": table.runner.now}


def facilitator_note(table, client, msg):
    return note(table, client, msg["id"], msg, msg.get("role") or "", NOTE_KINDS)


def blocked(table):
    """What holds the clock now (None, or a message with its fields and words) and what the
    next scripted event is, for the console (and for ``advance``'s refusals)."""
    r = table.runner
    hold = _hold(table)
    nxt = r.next_event()
    if nxt is not None:
        kind, ident, t = nxt
        upcoming = {"kind": kind, "id": ident, "t": t, "clock": clock(t)}
    elif r.waiting:
        upcoming = {"kind": "state", "ids": list(r.waiting), "t": None}
    else:
        upcoming = None
    return {"blocked": hold, "can_advance": hold is None and table.mode != "paced", "next": upcoming}


def _hold(table):
    r = table.runner
    if table.score is not None:
        return _why("finished", N_("the exercise has ended"))
    point = r.pending_decision
    if point is not None:
        roles = list(table.exercise.roles) if point.roles == "all" else list(point.roles)
        message = N_("decision point {id} is open: {roles} answer it from their seats, or close it here")
        words = both(lambda _: _(message, id=point.id, roles=_.join(_.name(table.exercise.roles[x]) for x in roles
                                                                     if x in table.exercise.roles)))
        return {"code": "decision", "id": point.id, "message": message, "text": words}
    if r.paused:
        return _why("paused", N_("the exercise is paused: resume it to move the clock"))
    if r.finished:
        return _why("end", N_("the model has reached its end (T+{t:g} h): end the exercise to score it"), t=r.horizon)
    return None


def _why(code, message, **fields):
    return {"code": code, "message": message, "text": said(message, **fields)}
