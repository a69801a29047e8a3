"""The report's part on live facilitation: what the facilitator did, how fast each role
acknowledged the injects sent to it (the response-time indicators of GB/T 46792), and who
did what from which seat of the exercise host.

    summary(ctx)   # the report's few lines (training.report_parts.Context)
    tables(ctx)    # the appendix's tables: every act, every acknowledgement, every seat entry
    act_text(act, lang, exercise)   # one facilitator act in a few words
"""
from messages import N_, texts

from .facilitation import recipients
from .plain import plain_action
from .words import clock, hm, role_name

ACT_NAMES = {"pause": N_("pause"), "resume": N_("resume"), "release": N_("release"), "skip": N_("skip"),
             "retime": N_("re-time"), "add_inject": N_("add inject")}
SEAT_KINDS = {"action": N_("action"), "ack": N_("acknowledged"), "answer": N_("decision")}


def act_text(act, lang=None, exercise=None):
    """A facilitator act (a dict) in a few words of *lang*; with *exercise*, roles and the
    inject's effects by name."""
    _ = texts(lang)
    kind = act.get("act", "?")
    name = _(ACT_NAMES[kind]) if kind in ACT_NAMES else str(kind)
    if kind in ("release", "skip"):
        return _("{act} {inject}", act=name, inject=act.get("inject", ""))
    if kind == "retime":
        return _("{act} {inject} → {at}", act=name, inject=act.get("inject", ""), at=clock(act.get("at", 0.0)))
    if kind != "add_inject":
        return name
    message = act.get("message", {}) or {}
    words = _.pick(message) if isinstance(message, dict) else str(message)
    to = act.get("to", "all")
    effects = [e for e in act.get("effect", []) if isinstance(e, dict)]
    if exercise is None:  # the terminal's and the viewer's log line: role ids and the effects as typed
        to = to if to == "all" else ",".join(to)
        text = _("{act} {id} → {to}: {words}", act=name, id=act.get("id") or "", to=to, words=words)
        raw = "; ".join(" ".join(str(v) for v in e.values()) for e in effects)
        return text if not raw else _("{text} [{effects}]", text=text, effects=raw)
    to = _("every role") if to == "all" else _.join(role_name(exercise, r, _.lang) for r in to)
    text = _("{act} {id} → {to}: {words}", act=name, id=act.get("id") or "", to=to, words=words)
    described = [plain_action(e, exercise.scenario, _.lang) for e in effects]
    return text if not described else _("{text} (effect: {effects})", text=text, effects=_.join(described))


def summary(ctx):
    """The report's lines on facilitation, acknowledgements and seats (the tables go to the appendix)."""
    _, r, out = ctx._, ctx.record, []
    lines = []
    if r.acts:
        refused = sum(not a.accepted for a in r.acts)
        lines.append(_.plural("{n} facilitator act ({refused} refused); each is in the appendix.",
                              "{n} facilitator acts ({refused} refused); each is in the appendix.",
                              len(r.acts), refused=refused))
    for role, delays in _ack_delays(ctx).items():
        done = [d for d in delays if d is not None]
        if done:
            lines.append(_("{role}: {n} of {total} acknowledged, mean {mean}, slowest {worst}", role=ctx.role(role),
                           n=len(done), total=len(delays), mean=hm(sum(done) / len(done), ctx.lang),
                           worst=hm(max(done), ctx.lang)))
    if lines:
        out += [("h2", _("Facilitation and acknowledgement of injects"))] + [("li", line) for line in lines]
    seats = getattr(r, "seats", ())
    if seats:
        out.append(("h2", _("Who did what (seats)")))
        counts = {}
        for e in seats:
            c = counts.setdefault((e.seat, e.role), {"action": 0, "ack": 0, "answer": 0})
            c[e.kind] += 1 if e.accepted else 0  # what was done; the refusals are in the appendix
        out += [("li", _("{seat} ({role}): {n} actions, {a} acknowledgements, {d} decisions", seat=seat,
                         role=ctx.role(role), n=c["action"], a=c["ack"], d=c["answer"]))
                for (seat, role), c in counts.items()]
    return out


def tables(ctx):
    """The appendix's tables: every facilitator act, every acknowledgement, every seat entry."""
    _, r, out = ctx._, ctx.record, []
    if r.acts:
        rows = [[ctx.clock.at(a.t), a.who, act_text(a.act, ctx.lang, ctx.ex),
                 _("done") if a.accepted else _("refused: {reason}", reason=a.reason)] for a in r.acts]
        out += [("h2", _("Facilitation")), ("table", [_("time"), _("who"), _("act"), _("result")], rows)]
    if r.acks:
        acked = {(a.inject, a.role): a for a in r.acks}
        rows = []
        for iid, sent, role in _sent(ctx):
            ack = acked.get((iid, role))
            rows.append([iid, ctx.role(role), ctx.clock.at(sent), "—" if ack is None else ctx.clock.at(ack.t),
                         _("not acknowledged") if ack is None else hm(ack.delay_h, ctx.lang)])
        out += [("h2", _("Acknowledgement of injects")),
                ("table", [_("inject"), _("role"), _("delivered"), _("acknowledged"), _("time to acknowledge")], rows)]
    seats = getattr(r, "seats", ())
    if seats:
        rows = [[ctx.clock.at(e.t), e.seat, ctx.role(e.role), _("{kind} {ref}", kind=_(SEAT_KINDS.get(e.kind, e.kind)),
                                                                  ref=e.ref),
                 _("done") if e.accepted else _("refused: {reason}", reason=e.outcome.get("reason", ""))] for e in seats]
        out += [("h2", _("Who did what (seats)")), ("table", [_("time"), _("seat"), _("role"), _("what"), _("result")], rows)]
    return out


def _sent(ctx):
    """(inject id, delivered at, role) for every role each delivered inject went to, in time order."""
    ex = ctx.ex
    adhoc = {a.act.get("id"): a.act for a in ctx.record.acts if a.accepted and a.act.get("act") == "add_inject"}
    for iid, sent in sorted(ctx.record.deliveries.items(), key=lambda kv: kv[1]):
        inject = ex.injects.get(iid)
        for role in recipients(inject, ex) if inject is not None else _adhoc_to(adhoc.get(iid), ex):
            yield iid, sent, role


def _ack_delays(ctx):
    """Role -> [delay in h or None (never acknowledged)] over the injects sent to it."""
    if not ctx.record.acks:
        return {}
    acked = {(a.inject, a.role): a for a in ctx.record.acks}
    out = {}
    for iid, _sent_at, role in _sent(ctx):
        ack = acked.get((iid, role))
        out.setdefault(role, []).append(None if ack is None else ack.delay_h)
    return out


def _adhoc_to(act, exercise):
    if act is None:
        return ()
    to = act.get("to", "all")
    return tuple(exercise.roles) if to == "all" else tuple(to)
