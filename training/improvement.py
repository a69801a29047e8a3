"""The improvement plan: an item for every expected action not done on time and every
objective rated M or U, with a corrective action, a responsible role and a due date."""
import json
from datetime import date, datetime, timedelta

from .matching import describe
from .words import RATING, SOURCE, hm, role_name, verdict_text


def improvement_items(record, score):
    """(key, issue, corrective action, role, due) for the session; texts are JSON {en, zh}."""
    ex = record.exercise
    due = (_day(record.started_at) + timedelta(days=ex.spec.scoring.improvement_due_days)).isoformat()
    items = []
    for v in score.verdicts:
        if v.status == "full":
            continue
        role = v.role or ex.role_for(v.expected["action"]) or ex.spec.roles[0].id
        what = describe(v.expected)
        issue = {lang: f"{SOURCE[v.source][lang]} {v.source_id}: {verdict_text(v, lang)}" for lang in ("en", "zh")}
        action = {
            "en": (f"Put '{what}' on the {role_name(ex, role)} emergency card with its trigger and its "
                   f"{hm(v.within)} deadline; rehearse it in the next exercise."),
            "zh": (f"将“{what}”连同触发条件和{hm(v.within, 'zh')}时限写入{role_name(ex, role, 'zh')}岗位应急卡，"
                   f"并在下次推演中演练。"),
        }
        items.append((v.key, _j(issue), _j(action), role, due))
    for o in score.objectives:
        if o.rating in ("M", "U"):
            issue = {"en": f"Objective {o.id} ({o.name}) rated {RATING[o.rating]['en']}",
                     "zh": f"目标 {o.id}（{o.name_zh or o.name}）评定为 {RATING[o.rating]['zh']}"}
            action = {"en": "Walk through this objective's critical tasks with the team and the plan; "
                            "assign each task to a named post.",
                      "zh": "与团队对照预案逐项复盘该目标的关键任务，并将每项任务落实到具体岗位。"}
            items.append((f"objective:{o.id}", _j(issue), _j(action), ex.spec.roles[0].id, due))
    return items


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
