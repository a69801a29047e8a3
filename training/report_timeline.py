"""The report's timeline: every inject, decision point, plan trigger and action in local time.

The report shows a summary timeline, where a post's actions of one kind within an hour
(sixteen shelters opened at 22:59) are one line and the reorder rule's triggers for one item
are one line; the appendix shows every entry on its own line, with the exercise clock
(``T+14:20``) beside the local time and each action's rationale.
"""
from .plain import place, plain_action
from .report_parts import GROUP_WINDOW_H, KIND_WORDS, NAMES_SHOWN, rule_name
from .words import clock as exercise_clock

INJECT, DECISION, TRIGGER, ACTION = range(4)
"""The order of entries at the same moment."""


def timeline(ctx, full=False):
    """The timeline section: summary (grouped) or *full* (the appendix's)."""
    _ = ctx._
    entries = sorted(_injects(ctx) + _decisions(ctx) + _triggers(ctx) + _actions(ctx), key=lambda e: (e[0], e[1]))
    groups = [[e] for e in entries] if full else _grouped(entries)
    rows = []
    for group in groups:
        t, who = group[0][0], group[0][2]
        when = [ctx.clock.at(t)] + ([exercise_clock(t)] if full else [])
        rows.append(when + [_what(ctx, group), who, _detail(ctx, group)])
    head = [_("local time")] + ([_("exercise clock")] if full else []) + [_("what"), _("who"), _("detail")]
    note = (_("Times are local ({zone}). Actions of one post and kind within an hour are one line; the appendix "
              "lists each.", zone=ctx.clock.zone_name(_)) if not full else
            _("Times are local ({zone}); the exercise clock counts from the start.", zone=ctx.clock.zone_name(_)))
    title = _("Timeline") if not full else _("Timeline, every entry")
    return [("h2", title), ("note", note), ("table", head, rows, "timeline")]


def _injects(ctx):
    ex, _ = ctx.ex, ctx._
    adhoc = {a.act.get("id"): a for a in getattr(ctx.record, "acts", ()) if a.accepted and a.act.get("act") == "add_inject"}
    out = []
    for iid, when in ctx.record.deliveries.items():
        inject = ex.injects.get(iid)
        if inject is not None:
            out.append((when, INJECT, inject.sender(ctx.lang) or "—", iid, _.pick(inject.message)))
            continue
        act = adhoc.get(iid)  # added by the facilitator during the exercise
        message = (act.act.get("message") or {}) if act is not None else {}
        who = (act.act.get("from") or act.who) if act is not None else "—"
        out.append((when, INJECT, str(who), iid, _.pick(message) if isinstance(message, dict) else str(message)))
    return out


def _decisions(ctx):
    out = []
    for did, (opened, _closed) in ctx.record.decisions.items():
        point = ctx.ex.decisions.get(did)
        out.append((opened, DECISION, "", did, ctx._.pick(point.prompt) if point is not None else ""))
    return out


def _triggers(ctx):
    return [(when, TRIGGER, "", rid, rid) for rid, when in ctx.record.rule_times.items()]


def _actions(ctx):
    return [(a.t, ACTION, ctx.role(a.role), ("action", a.role, a.action.get("action"), a.accepted), a)
            for a in ctx.record.actions]


def _group_key(entry):
    """Entries that may share a line: actions of one role, kind and fate; reorder triggers of one item."""
    t, kind, _who, key, payload = entry
    if kind == ACTION:
        return key
    if kind == TRIGGER and str(key).startswith("resupply:"):
        return ("resupply", str(key).split(":")[-1])
    return None


def _grouped(entries):
    """Entries in time order, those of one group key within GROUP_WINDOW_H of its first joined."""
    groups, open_groups = [], {}
    for e in entries:
        key = _group_key(e)
        group = open_groups.get(key) if key is not None else None
        if group is not None and e[0] - group[0][0] <= GROUP_WINDOW_H:
            group.append(e)
            continue
        group = [e]
        groups.append(group)
        if key is not None:
            open_groups[key] = group
    return groups


def _what(ctx, group):
    _ = ctx._
    t, kind, _who, key, payload = group[0]
    if kind == INJECT:
        return _("inject {id}", id=key)
    if kind == DECISION:
        return _("decision point {id}", id=key)
    if kind == TRIGGER:
        return _("reorder rule") if str(key).startswith("resupply:") else _("plan rule {id}", id=key)
    return _("action") if payload.accepted else _("action (rejected)")


def _detail(ctx, group):
    _ = ctx._
    t, kind, _who, key, payload = group[0]
    if kind in (INJECT, DECISION):
        return payload
    if kind == TRIGGER:
        if len(group) == 1:
            return rule_name(ctx.ex, key, ctx.lang)
        return _("{item} below the plan's cover at {places}", item=_item(ctx, key),
                 places=_names(ctx, [_shelter_of(ctx, e[3]) for e in group]))
    if len(group) == 1:
        a = payload
        text = plain_action(a.action, ctx.ex.scenario, ctx.lang)
        if a.rationale:
            text = _("{action} — {rationale}", action=text, rationale=a.rationale)
        return text if a.accepted else _("{action} — refused: {reason}", action=text, reason=_reason(ctx, a.reason))
    kind_word = KIND_WORDS.get(payload.action.get("action"))
    head = _(kind_word) if kind_word else payload.action.get("action", "")
    targets = _names(ctx, [_target(ctx, e[4].action) for e in group])
    text = _("{kind} ({n}): {targets}", kind=head, n=len(group), targets=targets)
    return text if payload.accepted else _("{action} — refused: {reason}", action=text,
                                           reason=_reason(ctx, payload.reason))


def _reason(ctx, reason):
    """A refusal as the engine wrote it, said again in the report's language (training.reasons)."""
    from .reasons import reason_text

    return reason_text(reason, ctx.ex, ctx.lang)


def _names(ctx, names):
    _ = ctx._
    unique = list(dict.fromkeys(names))
    shown = _.join(unique[:NAMES_SHOWN])
    rest = len(unique) - NAMES_SHOWN
    return shown if rest <= 0 else _("{names} and {n} more", names=shown, n=rest)


def _item(ctx, rule_id):
    from .plain import item_name

    return item_name(str(rule_id).split(":")[-1], ctx.lang)


def _shelter_of(ctx, rule_id):
    return place("shelter", str(rule_id).split(":")[1], ctx.ex.scenario, ctx.lang)


def _target(ctx, action):
    """The place an action is about, by name: its shelter, zone, township or road."""
    for kind in ("shelter", "zone", "township"):
        if action.get(kind):
            return place(kind, action[kind], ctx.ex.scenario, ctx.lang)
    if action.get("edge"):
        return action["edge"]
    return plain_action(action, ctx.ex.scenario, ctx.lang)
