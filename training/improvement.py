"""The improvement plan: a few items people act on, grouped by capability and place.

Every expected action the team did not do in full, and every objective rated M or U, is a
finding. Findings are grouped by the capability they belong to (the objective's, else the
kind of action's) and by the township of the place they concern, so that "water at S01,
food at S02 ... S16" is one item for the logistics officer, not 22. At most MAX_ITEMS
items; each has an owner role, a due date, and a plain sentence in zh and en (no action
syntax). Items are keyed by group so that the next exercise of the same community closes
them when that group is done in full.
"""
import json
from collections import Counter
from datetime import date, datetime, timedelta

from messages import LANGS, N_, texts

from .plain import plain_action
from .words import RATING, hm, role_name

MAX_ITEMS = 12
"""Most items one exercise adds to the improvement plan; smaller groups are merged into one."""
EXAMPLES = 3
"""Findings spelled out in an item's sentence; the rest are counted."""

CAPABILITY_OF_KIND = {
    "warn": ("warning", N_("Public information and warning")),
    "order_evacuation": ("evacuation", N_("Evacuation")),
    "open_shelter": ("shelter", N_("Mass care, shelter")),
    "assign_shelter": ("shelter", N_("Mass care, shelter")),
    "dispatch": ("logistics", N_("Logistics and supply chain")),
    "request_reserve": ("logistics", N_("Logistics and supply chain")),
    "raise_response": ("coordination", N_("Operational coordination")),
    "close_road": ("roads", N_("Critical transportation")),
    "reopen_road": ("roads", N_("Critical transportation")),
    "forced_transfer": ("evacuation", N_("Evacuation")),  # the transfer's other actions (强制转移, 防回流, 解除)
    "prevent_return": ("evacuation", N_("Evacuation")),
    "lift_transfer": ("evacuation", N_("Evacuation")),
}
"""The capability (id, English name: the catalogue's key) of each kind of action, when no
objective names one."""
OTHER = N_("Other")
OTHER_FINDINGS = N_("Other findings")
ADVICE = {
    "warning": N_("Write on the card who warns which communities, through which channels and by when, for each "
                  "signal; walk the door-to-door round with the grid workers before the season."),
    "evacuation": N_("Write on the card which communities and which residents move at which signal, who knocks on "
                     "the doors, and the deadline; check the list of residents who need help to move."),
    "shelter": N_("Write on the card which shelters open at which signal and who opens them; rehearse opening "
                  "(keys, beds, registration) against the deadline."),
    "logistics": N_("Agree the reorder point with each shelter manager (report when cover falls below the plan's "
                    "hours) and send enough for the plan's full cover, not a token load; keep the depot phone list "
                    "on the card."),
    "coordination": N_("Write the response level for each signal on the commander's card and rehearse the call that "
                       "starts it."),
    "roads": N_("Agree with the roads crews who closes and reopens which roads, and how the closure is announced."),
    "other": N_("Walk through these findings with the team and the plan; put each task on a named post's card."),
}
"""The corrective action of each capability, as a trainer writes it in the plan."""
STATUS_WORDS = {"late": N_("late"), "partial": N_("partly done"), "early": N_("only before the trigger"),
                "wrong": N_("wrong target or channel"), "missing": N_("not done")}


def improvement_items(record, score):
    """(key, issue, corrective action, role, due) for the session; texts are JSON {en, zh}."""
    ex = record.exercise
    due = (_day(record.started_at) + timedelta(days=ex.spec.scoring.improvement_due_days)).isoformat()
    groups = {}
    for v in score.verdicts:
        if v.final_status == "full":
            continue
        key = group_of(v, ex)
        groups.setdefault(key, {"verdicts": [], "objectives": []})["verdicts"].append(v)
    for o in score.objectives:
        if o.rating in ("M", "U"):
            key = _objective_group(o, ex, groups)
            groups.setdefault(key, {"verdicts": [], "objectives": []})["objectives"].append(o)
    ranked = sorted(groups.items(), key=lambda kv: (-_weight(kv[1]), kv[0]))
    if len(ranked) > MAX_ITEMS:
        rest = {"verdicts": [v for _, g in ranked[MAX_ITEMS - 1:] for v in g["verdicts"]],
                "objectives": [o for _, g in ranked[MAX_ITEMS - 1:] for o in g["objectives"]]}
        ranked = ranked[:MAX_ITEMS - 1] + [(("other", "", OTHER_FINDINGS, texts("zh")(OTHER_FINDINGS)), rest)]
    ranked = [(key, g) for key, g in ranked if g["verdicts"] or g["objectives"]]
    return [_item(key, g, ex, due) for key, g in ranked]


def group_of(v, ex):
    """(capability id, township, capability en, capability zh) of a verdict: the capability
    of the objective it counts for, else of its kind of action; the township of its place
    ("" when the scenario has one township, or the action spans several)."""
    en, zh = _capability(v, ex)
    return _slug(en), _township(v.expected, ex), en, zh


def item_key(group):
    """The key an improvement item is stored under (carried across exercises)."""
    return f"group:{group[0]}:{group[1] or '-'}"


def resolved_keys(record, score):
    """Keys this session shows done: groups whose expectations were all done in full (and
    whose objectives rated P or S), the full verdicts and P / S objectives themselves."""
    keys = set(score.resolved_keys())
    seen, failed = set(), set()
    for v in score.verdicts:
        g = item_key(group_of(v, record.exercise))
        seen.add(g)
        if v.final_status != "full":
            failed.add(g)
    for o in score.objectives:
        if o.rating in ("M", "U"):
            failed.add(item_key(_objective_group(o, record.exercise, {})))
    return keys | (seen - failed)


def _capability(v, ex):
    for obj in ex.spec.objectives:
        for task in obj.tasks:
            in_rules = v.source_id in task.rules or ("resupply" in task.rules and v.source_id.startswith("resupply:"))
            if obj.capability and ((v.source == "rule" and in_rules) or (v.source != "rule" and v.source_id in task.injects)):
                return capability_names(obj)
    _, en = CAPABILITY_OF_KIND.get(v.expected["action"], ("other", OTHER))
    return en, texts("zh")(en)


def _slug(text):
    return "".join(c if c.isalnum() else "_" for c in text.lower()).strip("_") or "other"


def capability_names(obj):
    """(en, zh) of an objective's capability: its ``capability_zh`` where given, else the
    Chinese in brackets of ``Evacuation (转移避险)``."""
    en, zh = split_capability(obj.capability) if obj.capability else (OTHER, texts("zh")(OTHER))
    return en, getattr(obj, "capability_zh", "") or zh


def split_capability(text):
    """``Evacuation (转移避险)`` -> ("Evacuation", "转移避险")."""
    if "(" in text and text.endswith(")"):
        en, zh = text[:-1].split("(", 1)
        return en.strip(), zh.strip()
    return text, text


def _township(action, ex):
    s = ex.scenario
    if len({z.township for z in s.zones} | {sh.township for sh in s.shelters}) <= 1:
        return ""
    if "shelter" in action and action["shelter"] in s.shelter:
        return s.shelter[action["shelter"]].township or ""
    if "zone" in action and action["zone"] in s.zone:
        return s.zone[action["zone"]].township or ""
    if action.get("township"):
        return action["township"]
    zones = action.get("zones", "all")
    if zones != "all":
        towns = {s.zone[z].township for z in zones if z in s.zone}
        return towns.pop() if len(towns) == 1 else ""
    return ""


def _objective_group(o, ex, groups):
    spec = next((x for x in ex.spec.objectives if x.id == o.id), None)
    if spec is not None:
        en, zh = capability_names(spec)
    else:
        en, zh = split_capability(o.capability) if o.capability else (OTHER, texts("zh")(OTHER))
    matching = sorted(k for k in groups if k[0] == _slug(en))
    return matching[0] if matching else (_slug(en), "", en, zh)


def _weight(g):
    return sum(1 - v.points for v in g["verdicts"]) + sum(1 for _ in g["objectives"])


def _item(key, g, ex, due):
    kinds = Counter(CAPABILITY_OF_KIND.get(v.expected["action"], ("other",))[0] for v in g["verdicts"])
    kind = kinds.most_common(1)[0][0] if kinds else next(
        (k for k, en in CAPABILITY_OF_KIND.values() if key[2].startswith(en)), "other")
    role = _owner(g["verdicts"], ex)
    issue = {lang: _issue(key, g, ex, texts(lang)) for lang in LANGS}
    action = {lang: _action(role, kind, ex, texts(lang)) for lang in LANGS}
    return item_key(key), _j(issue), _j(action), role, due


def _action(role, kind, ex, _):
    """The corrective action: the owner and the capability's advice."""
    return _("{role}: {advice} The next exercise checks it.", role=role_name(ex, role, _.lang),
             advice=_(ADVICE.get(kind, ADVICE["other"])))


def _issue(key, g, ex, _):
    """The item's sentence in the language of *_* (a messages.Texts): the capability and
    place, how many expected actions fell short and how, the ones that lost most points,
    the objectives rated M or U."""
    town, cap_en, cap_zh = key[1:]
    verdicts, parts = g["verdicts"], []
    if verdicts:
        statuses = Counter(v.final_status for v in verdicts)
        counted = _.join(_("{n} {status}", n=n, status=_(STATUS_WORDS.get(s, s))) for s, n in sorted(statuses.items()))
        parts.append(_.plural("{n} expected action fell short ({statuses})",
                              "{n} expected actions fell short ({statuses})", len(verdicts), statuses=counted))
        parts += [_example(v, ex, _) for v in sorted(verdicts, key=lambda v: (v.points, v.due_from))[:EXAMPLES]]
        if len(verdicts) > EXAMPLES:
            parts.append(_("and {n} more like these", n=len(verdicts) - EXAMPLES))
    parts += [_("objective {id} ({name}) rated {rating}", id=o.id, name=_.name(o), rating=RATING[o.rating][_.lang])
              for o in g["objectives"]]
    capability = _.pick({"en": cap_en, "zh": cap_zh})
    if town:
        township = getattr(ex.scenario, "township", {}).get(town)
        capability = _("{capability} in {township}", capability=capability,
                       township=_.name(township) if township is not None else town)
    return _("{capability}: {findings}.", capability=capability, findings=_("; ").join(parts))


def _example(v, ex, _):
    """One expected action that fell short, in words: ``open Village school (S1) (2 h 00 min late)``."""
    what = plain_action(v.expected, ex.scenario, _.lang)
    status = v.final_status
    if status == "late":
        return _("{what} ({time} late)", what=what, time=hm(v.overdue_h or 0, _.lang))
    if status == "partial":
        return _.paren(what, (v.reason or {}).get(_.lang, "") or _(STATUS_WORDS["partial"]))
    return _.paren(what, _(STATUS_WORDS[status])) if status in STATUS_WORDS else what


def _owner(verdicts, ex):
    roles = Counter(v.role or ex.role_for(v.expected["action"]) for v in verdicts)
    roles.pop(None, None)
    return roles.most_common(1)[0][0] if roles else ex.spec.roles[0].id


def text(value, lang):
    """The *lang* text of a stored {en, zh} JSON string (or the string itself)."""
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        return value
    return data.get(lang) or data.get("en", "") if isinstance(data, dict) else value


def _j(d):
    return json.dumps(d, ensure_ascii=False)


def _day(started_at):
    try:
        return datetime.fromisoformat(started_at).date()
    except (TypeError, ValueError):
        return date.today()
