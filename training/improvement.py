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

from .plain import plain_action
from .words import RATING, hm, role_name

MAX_ITEMS = 12
"""Most items one exercise adds to the improvement plan; smaller groups are merged into one."""
EXAMPLES = 3
"""Findings spelled out in an item's sentence; the rest are counted."""

CAPABILITY_OF_KIND = {
    "warn": ("warning", "Public information and warning", "预警发布"),
    "order_evacuation": ("evacuation", "Evacuation", "转移避险"),
    "open_shelter": ("shelter", "Mass care, shelter", "避灾安置"),
    "assign_shelter": ("shelter", "Mass care, shelter", "避灾安置"),
    "dispatch": ("logistics", "Logistics and supply chain", "物资保障"),
    "request_reserve": ("logistics", "Logistics and supply chain", "物资保障"),
    "raise_response": ("coordination", "Operational coordination", "指挥协调"),
    "close_road": ("roads", "Critical transportation", "交通保障"),
    "reopen_road": ("roads", "Critical transportation", "交通保障"),
}
CAPABILITY_OF_KIND.update(dict.fromkeys(("forced_transfer", "prevent_return", "lift_transfer"),
                                         CAPABILITY_OF_KIND["order_evacuation"]))  # the transfer's other actions
ADVICE = {
    "warning": ("Write on the card who warns which communities, through which channels and by when, for each "
                "signal; walk the door-to-door round with the grid workers before the season.",
                "在岗位应急处置卡上写明每个预警信号下由谁、通过什么渠道、在多长时间内通知哪些社区；汛前与网格员走一遍入户通知路线。"),
    "evacuation": ("Write on the card which communities and which residents move at which signal, who knocks on "
                   "the doors, and the deadline; check the list of residents who need help to move.",
                   "在岗位应急处置卡上写明每个信号下转移哪些社区、哪些人员，由谁入户动员，在什么时限内完成；核对行动不便人员名单。"),
    "shelter": ("Write on the card which shelters open at which signal and who opens them; rehearse opening "
                "(keys, beds, registration) against the deadline.",
                "在岗位应急处置卡上写明每个信号下开放哪些避灾点、由谁开放；按时限演练开门、铺床、登记。"),
    "logistics": ("Agree the reorder point with each shelter manager (report when cover falls below the plan's "
                  "hours) and send enough for the plan's full cover, not a token load; keep the depot phone list "
                  "on the card.",
                  "与各避灾点管理员约定补给报告点（物资低于预案规定小时数即上报），并按预案足量调运，不搞象征性调运；把储备库联系电话写入处置卡。"),
    "coordination": ("Write the response level for each signal on the commander's card and rehearse the call that "
                     "starts it.", "在指挥长处置卡上写明各预警信号对应的响应级别，并演练启动响应的通知流程。"),
    "roads": ("Agree with the roads crews who closes and reopens which roads, and how the closure is announced.",
              "与市政抢险组约定哪些道路由谁封闭、重新开放，以及如何发布。"),
    "other": ("Walk through these findings with the team and the plan; put each task on a named post's card.",
              "与团队对照预案逐项复盘，并把每项任务落实到具体岗位的处置卡。"),
}


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
        ranked = ranked[:MAX_ITEMS - 1] + [(("other", "", "Other findings", "其他问题"), rest)]
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
    _, en, zh = CAPABILITY_OF_KIND.get(v.expected["action"], ("other", "Other", "其他"))
    return en, zh


def _slug(text):
    return "".join(c if c.isalnum() else "_" for c in text.lower()).strip("_") or "other"


def capability_names(obj):
    """(en, zh) of an objective's capability: its ``capability_zh`` where given, else the
    Chinese in brackets of ``Evacuation (转移避险)``."""
    en, zh = split_capability(obj.capability or "Other (其他)")
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
    en, zh = capability_names(spec) if spec is not None else split_capability(o.capability or "Other (其他)")
    matching = sorted(k for k in groups if k[0] == _slug(en))
    return matching[0] if matching else (_slug(en), "", en, zh)


def _weight(g):
    return sum(1 - v.points for v in g["verdicts"]) + sum(1 for _ in g["objectives"])


def _item(key, g, ex, due):
    _, town, cap_en, cap_zh = key
    verdicts, objectives = g["verdicts"], g["objectives"]
    kinds = Counter(CAPABILITY_OF_KIND.get(v.expected["action"], ("other",))[0] for v in verdicts)
    kind = kinds.most_common(1)[0][0] if kinds else next(
        (k for k, en, _zh in CAPABILITY_OF_KIND.values() if cap_en.startswith(en)), "other")
    role = _owner(verdicts, ex)
    where_en = f", township {town}" if town else ""
    where_zh = f"（{town}镇街）" if town else ""
    parts_en, parts_zh = [], []
    if verdicts:
        statuses = Counter(v.final_status for v in verdicts)
        parts_en.append(f"{len(verdicts)} expected action{'s' if len(verdicts) > 1 else ''} fell short ("
                        + ", ".join(f"{n} {STATUS_EN[s]}" for s, n in sorted(statuses.items())) + ")")
        parts_zh.append(f"{len(verdicts)}项应执行动作未完全做到（"
                        + "，".join(f"{STATUS_ZH[s]}{n}项" for s, n in sorted(statuses.items())) + "）")
        for v in sorted(verdicts, key=lambda v: (v.points, v.due_from))[:EXAMPLES]:
            parts_en.append(_example(v, ex, "en"))
            parts_zh.append(_example(v, ex, "zh"))
        if len(verdicts) > EXAMPLES:
            parts_en.append(f"and {len(verdicts) - EXAMPLES} more like these")
            parts_zh.append(f"另有{len(verdicts) - EXAMPLES}项类似")
    for o in objectives:
        parts_en.append(f"objective {o.id} ({o.name}) rated {RATING[o.rating]['en']}")
        parts_zh.append(f"目标{o.id}（{o.name_zh or o.name}）评定为{RATING[o.rating]['zh']}")
    issue = {"en": f"{cap_en}{where_en}: " + "; ".join(parts_en) + ".",
             "zh": f"{cap_zh}{where_zh}：" + "；".join(parts_zh) + "。"}
    advice_en, advice_zh = ADVICE.get(kind, ADVICE["other"])
    action = {"en": f"{role_name(ex, role)}: {advice_en} The next exercise checks it.",
              "zh": f"{role_name(ex, role, 'zh')}：{advice_zh}下次推演时检验。"}
    return item_key(key), _j(issue), _j(action), role, due


STATUS_EN = {"late": "late", "partial": "partly done", "early": "only before the trigger", "wrong": "wrong target or channel",
             "missing": "not done"}
STATUS_ZH = {"late": "延迟", "partial": "部分完成", "early": "仅在触发前执行", "wrong": "对象或渠道错误", "missing": "未执行"}


def _example(v, ex, lang):
    what = plain_action(v.expected, ex.scenario, lang)
    status = v.final_status
    if lang == "zh":
        tail = {"late": f"超时{hm(v.overdue_h or 0, 'zh')}", "partial": v.reason.get("zh", "") or "部分完成",
                "early": "只在触发前执行", "wrong": "对象或渠道错误", "missing": "未执行"}.get(status, "")
        return f"{what}（{tail}）"
    tail = {"late": f"{hm(v.overdue_h or 0)} late", "partial": v.reason.get("en", "") or "partly done",
            "early": "only before the trigger", "wrong": "wrong target or channel", "missing": "not done"}.get(status, "")
    return f"{what} ({tail})"


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
