"""The after-action report: one self-contained HTML page (charts embedded) and a Markdown file.

    write_report(record, "out/aar", lang="zh", store=store)   # out/aar.html and out/aar.md

The report is built once as a list of blocks (headings, paragraphs, tables, images) and
then rendered twice. Every text is escaped on the way out: scenario and exercise files are
input from strangers as far as a web page is concerned.
"""
import html
import math
from pathlib import Path

from sim.errors import RemedyError
from sim.outfile import make_folder, write_text

from . import charts, live_report
from .improvement import improvement_items, text
from .matching import describe
from .plain import plain_action, plain_trigger
from .scoring import GRADES, RATINGS, score as score_record
from .words import GRADE, RATING, SOURCE, STATUS, clock, role_name, verdict_text

T = {
    "en": {
        "title": "After-action report", "summary": "Summary", "timeline": "Timeline",
        "expected": "Expected actions against the plan's deadlines", "charts": "Evacuation, shelters and stocks",
        "objectives": "Objective ratings", "outcomes": "Outcome against the plan baseline (same seed)",
        "strengths": "Strengths", "areas": "Areas for improvement", "plan": "Improvement plan",
        "closed": "Items from earlier exercises closed by this one", "open": "Items still open from earlier exercises",
        "rubric": "How the score is made", "none": "None.",
        "h_time": "time", "h_kind": "what", "h_who": "who", "h_text": "detail", "h_source": "source",
        "h_expected": "expected action", "h_due": "due by", "h_taken": "taken", "h_verdict": "verdict",
        "h_objective": "objective", "h_capability": "capability", "h_rating": "rating", "h_tasks": "critical tasks",
        "h_kpi": "KPI", "h_team": "team", "h_base": "baseline", "h_score": "score", "h_issue": "issue",
        "h_action": "corrective action", "h_role": "responsible", "h_due_date": "due",
        "inject": "inject", "action": "action", "rejected": "rejected", "decision": "decision point",
        "trigger": "plan trigger", "met": "met", "missed": "missed",
        "h_evaluator": "evaluator", "judgement": "Evaluator judgements", "observations": "Evaluator observations",
        "h_target": "item", "h_computed": "computed", "h_comment": "comment", "h_by": "by",
        "relief": "Relief verdict (the engine's 10-hour check)", "h_run": "run", "h_verdict_lines": "verdict and reasons",
        "h_zone": "zone", "h_shelter": "shelter", "see_html": "see the HTML report",
        "zones": "Zones where the team's run differs from the plan's", "shelters": "Shelters where the team's run differs from the plan's",
        "team_run": "team", "plan_run": "plan (same seed)", "strength": "strength", "improvement": "area for improvement",
        "closed_dp": "closed",
    },
    "zh": {
        "title": "推演评估报告", "summary": "概况", "timeline": "时间线",
        "expected": "对照预案时限的应执行动作", "charts": "转移、安置与物资",
        "objectives": "目标评定", "outcomes": "与预案基准（同一随机种子）对比的结果",
        "strengths": "做得好的方面", "areas": "需改进的方面", "plan": "改进计划",
        "closed": "本次推演已关闭的以往改进事项", "open": "以往推演中仍未关闭的改进事项",
        "rubric": "评分方法", "none": "无。",
        "h_time": "时间", "h_kind": "类型", "h_who": "岗位", "h_text": "内容", "h_source": "来源",
        "h_expected": "应执行动作", "h_due": "时限", "h_taken": "执行时间", "h_verdict": "评定",
        "h_objective": "目标", "h_capability": "核心能力", "h_rating": "评定", "h_tasks": "关键任务",
        "h_kpi": "指标", "h_team": "本队", "h_base": "基准", "h_score": "得分", "h_issue": "问题",
        "h_action": "整改措施", "h_role": "责任岗位", "h_due_date": "完成期限",
        "inject": "情景注入", "action": "处置动作", "rejected": "被拒绝", "decision": "决策点",
        "trigger": "预案触发", "met": "达成", "missed": "未达成",
        "h_evaluator": "评估员", "judgement": "评估员评定", "observations": "评估员观察记录",
        "h_target": "事项", "h_computed": "系统评定", "h_comment": "说明", "h_by": "记录人",
        "relief": "救助结论（模型的10小时核查）", "h_run": "推演", "h_verdict_lines": "结论与原因",
        "h_zone": "区域", "h_shelter": "避灾点", "see_html": "图表见HTML报告",
        "zones": "本队与预案结果不同的社区", "shelters": "本队与预案结果不同的避灾点",
        "team_run": "本队", "plan_run": "预案（同一随机种子）", "strength": "优点", "improvement": "需改进",
        "closed_dp": "关闭",
    },
}
KPI_NAMES = {
    "relief_target_met": {"en": "10-hour relief target met", "zh": "10小时救助目标达成"},
    "people_in_danger_at_peak": {"en": "people left in danger at the hazard peak", "zh": "灾害峰值时仍处危险区人数"},
    "shelter_overflow": {"en": "evacuees with no shelter place (peak)", "zh": "无处安置人数（峰值）"},
    "unmet_person_hours": {"en": "unmet person-hours of relief items", "zh": "物资缺口人·小时"},
}


def build(record, score, lang="en", items=(), closed=(), still_open=()):
    """The report as blocks: ("h1"|"h2"|"p", text), ("table", head, rows), ("img", b64, alt)."""
    t, ex = T[lang], record.exercise
    name = (ex.spec.name_zh or ex.name) if lang == "zh" else ex.name
    blocks = [("h1", f"{t['title']}: {name}")]
    blocks += _summary(record, score, lang)
    blocks.append(("h2", t["timeline"]))
    blocks.append(("table", [t["h_time"], t["h_kind"], t["h_who"], t["h_text"]], _timeline(record, lang)))
    blocks += live_report.blocks(record, lang)  # the facilitator's acts, acknowledgement times
    blocks.append(("h2", t["expected"]))
    rows = [[source_label(v, lang), v.what.get(lang) or describe(v.expected),
             role_name(ex, v.role, lang), clock(v.due_by),
             ", ".join(f"{clock(c[0])} {role_name(ex, c[1], lang)}" for c in v.cited) or "—",
             STATUS[v.status][lang] + ("" if v.status != "partial" else f" {v.share:.0%}"),
             _override_cell(v.override, lang), verdict_text(v, lang)] for v in score.verdicts]
    blocks.append(("table", [t["h_source"], t["h_expected"], t["h_role"], t["h_due"], t["h_taken"], t["h_verdict"],
                             t["h_evaluator"], t["h_text"]], rows))
    blocks += _judgements(record, score, lang)
    blocks += _charts(record, lang)
    blocks.append(("h2", t["objectives"]))
    rows = []
    for o in score.objectives:
        oname = (o.name_zh or o.name) if lang == "zh" else o.name
        tasks = "; ".join(f"{k.id} {(k.name_zh or k.name) if lang == 'zh' else k.name}: "
                          f"{'—' if k.score is None else f'{k.score:.0%}'}" for k in o.tasks)
        rating = RATING[o.rating][lang]
        if o.override is not None:
            rating += (f"（评估员；系统评定 {o.computed}）" if lang == "zh" else f" (evaluator; computed {o.computed})")
        spec = next((x for x in ex.spec.objectives if x.id == o.id), None)
        capability = spec.capability_in(lang) if spec is not None and hasattr(spec, "capability_in") else o.capability
        rows.append([f"{o.id} {oname}", capability, rating, tasks])
    blocks.append(("table", [t["h_objective"], t["h_capability"], t["h_rating"], t["h_tasks"]], rows))
    blocks.append(("h2", t["outcomes"]))
    blocks.append(("table", [t["h_kpi"], t["h_team"], t["h_base"], t["h_score"]],
                   [[KPI_NAMES[o.kpi][lang], _num(o.team, o.kpi, lang), _num(o.baseline, o.kpi, lang),
                     f"{o.score:.0%}"] for o in score.outcomes]))
    blocks += _relief(record, lang)
    strengths, areas = _findings(score, lang)
    blocks.append(("h2", t["strengths"]))
    blocks += [("li", s) for s in strengths] or [("p", t["none"])]
    blocks.append(("h2", t["areas"]))
    blocks += [("li", s) for s in areas] or [("p", t["none"])]
    blocks.append(("h2", t["plan"]))
    blocks.append(("table", [t["h_issue"], t["h_action"], t["h_role"], t["h_due_date"]],
                   [[text(i[1], lang), text(i[2], lang), role_name(ex, i[3], lang), i[4]] for i in items]))
    blocks.append(("h2", t["closed"]))
    blocks += [("li", f"#{c['id']} ({c['due']}): {text(c['issue'], lang)}") for c in closed] or [("p", t["none"])]
    if still_open:
        blocks.append(("h2", t["open"]))
        blocks += [("li", f"#{c['id']} ({c['due']}): {text(c['issue'], lang)}") for c in still_open]
    blocks.append(("h2", t["rubric"]))
    blocks += [("p", line) for line in _rubric(lang)]
    return blocks


def _summary(record, score, lang):
    t, ex = T[lang], record.exercise
    people = ", ".join(f"{role_name(ex, r, lang)}: {n}" for r, n in record.participants) or "—"
    target = t["met"] if score.target_met else t["missed"]
    base = t["met"] if score.target_met_baseline else t["missed"]
    timeliness = "—" if score.timeliness is None else f"{score.timeliness:.0%}"
    c = score.counts
    if lang == "zh":
        lines = [f"社区：{record.exercise.community_zh}；会话 {record.session_id or '—'}；开始 {record.started_at or '—'}；随机种子 {record.seed}。",
                 f"参演人员：{people}。",
                 f"总分 {score.overall}/100（{GRADE[score.grade]['zh']}）；过程 {timeliness}，结果 {score.outcome:.0%}。",
                 f"10小时救助目标：本队{target}，预案基准{base}。",
                 f"应执行动作 {len(score.verdicts)} 项：按时 {c['full']}，延迟 {c['late']}，部分完成 {c['partial']}，"
                 f"触发前执行 {c['early']}，对象或渠道错误 {c['wrong']}，未执行 {c['missing']}。"]
    else:
        lines = [f"Community: {record.community}; session {record.session_id or '—'}; started {record.started_at or '—'}; seed {record.seed}.",
                 f"Participants: {people}.",
                 f"Overall score {score.overall}/100 ({score.grade}); process {timeliness}, outcome {score.outcome:.0%}.",
                 f"10-hour relief target: team {target}, plan baseline {base}.",
                 f"{len(score.verdicts)} expected actions: {c['full']} on time, {c['late']} late, {c['partial']} partly "
                 f"done, {c['early']} only before the trigger, {c['wrong']} wrong target or channel, {c['missing']} missing."]
    return [("h2", t["summary"])] + [("p", line) for line in lines]


def _timeline(record, lang):
    t, ex = T[lang], record.exercise
    rows = []
    adhoc = {a.act.get("id"): a for a in getattr(record, "acts", ()) if a.accepted and a.act.get("act") == "add_inject"}
    for iid, when in record.deliveries.items():
        inject = ex.injects.get(iid)
        if inject is not None:
            rows.append((when, 0, [clock(when), f"{t['inject']} {iid}", inject.sender(lang) or "—", inject.message.get(lang)]))
            continue
        act = adhoc.get(iid)  # added by the facilitator during the exercise
        message = (act.act.get("message") or {}) if act is not None else {}
        text_ = message.get(lang) or message.get("en") or message.get("zh") or ""
        who = (act.act.get("from") or act.who) if act is not None else "—"
        rows.append((when, 0, [clock(when), f"{t['inject']} {iid}", who, text_]))
    for did, (opened, _closed) in record.decisions.items():
        point = ex.decisions.get(did)
        prompt = point.prompt.get(lang) if point is not None else ""
        rows.append((opened, 1, [clock(opened), f"{t['decision']} {did}", "", prompt]))
    for rid, when in record.rule_times.items():
        rows.append((when, 2, [clock(when), f"{t['trigger']} {rid}", "", _rule_name(ex, rid, lang)]))
    for a in record.actions:
        kind = t["action"] if a.accepted else f"{t['action']} ({t['rejected']})"
        detail = plain_action(a.action, ex.scenario, lang) + (f" — {a.rationale}" if a.rationale else "") + (
            "" if a.accepted else f" — {a.reason}")
        rows.append((a.t, 3, [clock(a.t), kind, role_name(ex, a.role, lang), detail]))
    return [r for _, _, r in sorted(rows, key=lambda x: (x[0], x[1]))]


def _rule_name(ex, rid, lang="en"):
    if rid.startswith("resupply:"):
        _, shelter, item = rid.split(":")
        trigger = {"stock": {"shelter": shelter, "item": item, "cover_below": ex.scenario.plan.resupply.cover_below}}
        head = "补给规则：" if lang == "zh" else "reorder rule: "
        return head + plain_trigger(trigger, ex.scenario, lang)
    rule = next((r for r in ex.scenario.plan.rules if r.id == rid), None)
    if rule is None:
        return rid
    return (getattr(rule, "name_zh", "") or rule.name) if lang == "zh" else rule.name


def _charts(record, lang):
    team, base = record.series.get("team"), record.series.get("baseline")
    if not team:
        return []
    kpis = record.kpis
    onset = kpis["onset_h"]
    deadline = onset + record.exercise.scenario.relief.target
    capacities = {s.id: s.capacity for s in record.exercise.scenario.shelters}
    alt = {"en": ("evacuation curve", "shelter occupancy", "relief stocks with the 10-hour line"),
           "zh": ("转移曲线", "避灾点安置人数", "物资库存（标出10小时线）")}[lang]
    return [("h2", T[lang]["charts"]),
            ("img", charts.evacuation_chart(team, base, onset, deadline, lang), alt[0]),
            ("img", charts.occupancy_chart(team, base, capacities, onset, deadline, lang), alt[1]),
            ("img", charts.stock_chart(team, onset, deadline, lang, base), alt[2])]


def _findings(score, lang):
    """Strengths: objectives rated P / S, expected actions done ahead of a trigger that allows
    it, the evaluator's strengths. Areas: the rest, the evaluator's areas for improvement."""
    strengths, areas = [], []
    for o in score.objectives:
        name = (o.name_zh or o.name) if lang == "zh" else o.name
        line = f"{o.id} {name}: {RATING[o.rating][lang]}"
        if o.rating in ("P", "S"):
            strengths.append(line)
        elif o.rating in ("M", "U"):
            areas.append(line)
        for e in o.observations:
            (strengths if e.rating == "strength" else areas).append(f"{o.id} {e.who(lang)}: {e.comment}")
    for v in score.verdicts:
        if v.final_status == "full" and v.ahead:
            strengths.append(f"{source_label(v, lang)}: {verdict_text(v, lang)}")
        elif v.final_status != "full":
            areas.append(f"{source_label(v, lang)}: {verdict_text(v, lang)}")
    for o in score.outcomes:
        if o.score < 1.0:
            areas.append(f"{KPI_NAMES[o.kpi][lang]}: {_num(o.team, o.kpi, lang)} / {_num(o.baseline, o.kpi, lang)}")
    return strengths, areas


def source_label(v, lang):
    """``plan rule P2``, ``inject I7``, ``reorder rule S02`` (``预案条款 P2`` ...)."""
    if v.source_id.startswith("resupply:"):
        shelter = v.source_id.split(":")[1]
        return f"补给规则 {shelter}" if lang == "zh" else f"reorder rule {shelter}"
    return f"{SOURCE[v.source][lang]} {v.source_id}"


def _override_cell(e, lang):
    if e is None:
        return ""
    rating = STATUS[e.rating][lang] if e.rating in STATUS else e.rating
    return f"{rating} — {e.comment} — {e.who(lang)}"


def _judgements(record, score, lang):
    """The evaluator's overrides beside the computed verdicts, and their observations."""
    t = T[lang]
    rows = []
    for v in score.verdicts:
        if v.override is not None:
            rows.append([f"{source_label(v, lang)}: {v.what.get(lang, '')}", STATUS[v.status][lang],
                         STATUS[v.override.rating][lang], v.override.comment, v.override.who(lang)])
    for o in score.objectives:
        if o.override is not None:
            rows.append([f"{o.id} {(o.name_zh or o.name) if lang == 'zh' else o.name}", o.computed, o.rating,
                         o.override.comment, o.override.who(lang)])
    notes = [[f"{o.id}", t[e.rating], e.comment, e.who(lang)] for o in score.objectives for e in o.observations]
    out = []
    if rows:
        out += [("h2", t["judgement"]),
                ("table", [t["h_target"], t["h_computed"], t["h_evaluator"], t["h_comment"], t["h_by"]], rows)]
    if notes:
        out += [("h2", t["observations"]), ("table", [t["h_objective"], t["h_kind"], t["h_comment"], t["h_by"]], notes)]
    return out


ZONE_COLUMNS = ("left_in_danger", "evacuated", "to_shelters")
SHELTER_COLUMNS = ("secured_in_time", "secured_late", "never_secured", "cut_off")
COLUMN_NAMES = {
    "left_in_danger": {"en": "left in danger", "zh": "滞留危险区"},
    "evacuated": {"en": "evacuated", "zh": "已转移"},
    "to_shelters": {"en": "to shelters", "zh": "进入避灾点"},
    "secured_in_time": {"en": "secured in time", "zh": "按时保障"},
    "secured_late": {"en": "secured late", "zh": "延迟保障"},
    "never_secured": {"en": "never secured", "zh": "未获保障"},
    "cut_off": {"en": "cut off", "zh": "保障中断"},
}


def _relief(record, lang):
    """The engine's relief verdict of both runs and the zones / shelters where they differ."""
    t = T[lang]
    tables = record.tables or {}
    team, base = tables.get("team", {}), tables.get("baseline", {})
    out = []
    if "verdict" in team or "verdict" in base:
        rows = [[t["team_run"], "; ".join(team.get("verdict", {}).get(lang, [])) or "—"],
                [t["plan_run"], "; ".join(base.get("verdict", {}).get(lang, [])) or "—"]]
        out += [("h2", t["relief"]), ("table", [t["h_run"], t["h_verdict_lines"]], rows)]
    for kind, key, columns in (("zones", "zone", ZONE_COLUMNS), ("shelters", "shelter", SHELTER_COLUMNS)):
        mine, theirs = team.get(kind), base.get(kind)
        if not mine or not theirs:
            continue
        plan_rows = {r[key]: r for r in theirs}
        rows = []
        for r in mine:
            other = plan_rows.get(r[key], {})
            cols = [c for c in columns if c in r]
            if any(r.get(c) != other.get(c) for c in cols):
                name = (r.get("name_zh") or r.get("name", "")) if lang == "zh" else (r.get("name") or r.get("name_zh", ""))
                rows.append([f"{r[key]} {name}".strip()]
                            + [f"{_cell(r.get(c))} / {_cell(other.get(c))}" for c in cols])
        if rows:
            head = [t[f"h_{key}"]] + [f"{COLUMN_NAMES[c][lang]} ({t['team_run']} / {t['plan_run']})" for c in columns if c in mine[0]]
            out += [("h2", t[kind]), ("table", head, rows)]
    return out


def _cell(value):
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.0f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _rubric(lang):
    ratings = ", ".join(f"{r} ≥ {b:.0%}" for b, r in RATINGS if math.isfinite(b))
    grades = ", ".join(f"{GRADE[g][lang]} ≥ {b}" for b, g in GRADES if math.isfinite(b))
    if lang == "zh":
        return [
            "过程：预案每条已触发条款的每个动作、补给规则在每个物资不足的避灾点的补给、每个已送达情景注入和决策点的每个期望动作，"
            "按同类动作、同一对象、预案指定的渠道（短信不能代替入户）、从触发到时限的时间窗（触发前的动作只在预案允许提前时计入）、"
            "足够数量（调运须补足补给规则要求的小时数，按当时模型计算）评定：时限内完成得1分，超时完成得0.5分，"
            "始终未完成的按完成比例计分并说明原因（如“补足3.0小时，预案要求12.0小时”），只在触发前执行、对象或渠道错误、未执行得0分；"
            "每条评定列出得分所依据的动作（时间和岗位）。过程分为平均分。评估员可改判，以评估员评定为准并与系统评定并列显示。",
            "结果：与同一随机种子的预案基准比较四项指标（10小时救助目标、灾害峰值时仍处危险区人数、无处安置人数、"
            "物资缺口人·小时），每项0–1分；结果为平均分。10小时目标以模型的救助结论（通过/不通过及原因）为准；"
            "两者都未通过时按按时保障并持续保障的比例与预案相比。",
            f"总分 = 100 ×（½ 过程 + ½ 结果）；{grades}，以下为不合格。",
            f"目标评定（HSEEP四级）：关键任务得分为其各项平均，目标得分为关键任务平均；{ratings}，以下为U。"
            "评分规则参照 GB/T 46792-2025 桌面推演评估指标与观察记录折算方法。",
        ]
    return [
        "Process: every action of every plan rule whose trigger held, the reorder rule at every shelter that ran "
        "low, and every expected action of every delivered inject and decision point is judged on the team's "
        "actions of the same kind, on the same target, through the channel the plan names (an SMS is not a "
        "door-to-door visit), between the trigger and the deadline (before the trigger only where the plan says "
        "early is fine), in sufficient quantity (a dispatch must cover the hours the reorder rule asks for, read "
        "off the model at that moment): 1 if done in the window, 0.5 if done only later, the share done (with its "
        "reason, e.g. 'covered 3.0 of 12.0 h') if never done in full, 0 if done only before the trigger, on "
        "another target or channel, or never. Each verdict cites the actions that earned it, by time and role. "
        "Process is the mean. An evaluator may override a verdict; theirs counts and is shown beside the computed one.",
        "Outcome: four KPIs against the plan-mode baseline of the same seed (10-hour relief target, people left in "
        "danger at the hazard peak, shelter overflow, unmet person-hours), each 0-1; outcome is the mean. The "
        "10-hour target is the engine's relief verdict (PASS / FAIL with its reasons); when both runs fail, the "
        "team's share secured in time and kept supplied is compared with the plan's.",
        f"Overall = 100 × (½ process + ½ outcome); {grades}; below that, fail.",
        f"Objective ratings (HSEEP four-level scale): a critical task scores the mean of its items, an objective "
        f"the mean of its tasks; {ratings}; below that, U. Scores convert observations as GB/T 46792-2025 does "
        "for tabletop exercises.",
    ]


def _num(value, kpi, lang):
    if kpi == "relief_target_met":
        return T[lang]["met"] if value else T[lang]["missed"]
    if isinstance(value, float) and math.isinf(value):
        return "—"
    return f"{value:,.0f}" if abs(value - round(value)) < 1e-9 else f"{value:,.1f}"


# -- rendering ------------------------------------------------------------------------
CSS = ("body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
       "table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:.9em}"
       "td,th{border:1px solid #bbb;padding:.25em .5em;vertical-align:top;text-align:left}"
       "th{background:#eef}img{max-width:100%}")


def to_html(blocks, lang="en"):
    """The blocks as one self-contained HTML page; every text escaped."""
    e = html.escape
    title = next((b[1] for b in blocks if b[0] == "h1"), "")
    out = [f'<!DOCTYPE html>\n<html lang="{e(lang)}"><head><meta charset="utf-8"><title>{e(title)}</title>'
           f"<style>{CSS}</style></head><body>"]
    in_list = False
    for block in blocks:
        if block[0] != "li" and in_list:
            out.append("</ul>")
            in_list = False
        kind = block[0]
        if kind in ("h1", "h2", "p"):
            out.append(f"<{kind}>{e(block[1])}</{kind}>")
        elif kind == "li":
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{e(block[1])}</li>")
        elif kind == "table":
            head = "".join(f"<th>{e(h)}</th>" for h in block[1])
            rows = "".join("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in row) + "</tr>" for row in block[2])
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif kind == "img":
            out.append(f'<p><img alt="{e(block[2])}" src="data:image/png;base64,{block[1]}"></p>')
    if in_list:
        out.append("</ul>")
    out.append("</body></html>\n")
    return "\n".join(out)


def _md(text):
    """Text safe in Markdown tables and for renderers that pass raw HTML through."""
    return html.escape(str(text), quote=False).replace("|", "\\|").replace("\n", " ")


def to_markdown(blocks, lang="en"):
    """The blocks as Markdown; charts are left to the HTML page."""
    out = []
    for block in blocks:
        kind = block[0]
        if kind == "h1":
            out += [f"# {_md(block[1])}", ""]
        elif kind == "h2":
            out += [f"## {_md(block[1])}", ""]
        elif kind == "p":
            out += [_md(block[1]), ""]
        elif kind == "li":
            out.append(f"- {_md(block[1])}")
        elif kind == "table":
            if out and out[-1].startswith("- "):
                out.append("")
            out.append("| " + " | ".join(_md(h) for h in block[1]) + " |")
            out.append("|" + "---|" * len(block[1]))
            out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in block[2]]
            out.append("")
        elif kind == "img":
            out += [f"*({_md(block[2])}: {T[lang]['see_html']})*", ""]
    return "\n".join(out) + "\n"


class ReportExists(RemedyError):
    """A report file is already there and *force* was not given."""


def write_report(record, out, lang="en", force=False, store=None):
    """Write ``out``.html and ``out``.md (``out`` a folder or a path whose suffix is replaced).
    Returns the HTML path. With *store*, the improvement plan is the one stored with the
    session and the items it closed or left open are listed."""
    out = Path(out)
    if out.suffix.lower() in (".md", ".html"):
        stem = out.with_suffix("")
    elif out.is_dir() or not out.suffix:
        stem = out / f"aar-session{record.session_id or 0}-{lang}"
    else:
        stem = out
    paths = (stem.with_name(stem.name + ".html"), stem.with_name(stem.name + ".md"))
    taken = [p for p in paths if p.exists()]
    if taken and not force:
        clash = f"would overwrite {', '.join(map(str, taken))}; "
        raise ReportExists(clash + "choose another out or pass force=True", cli=clash + "choose another -o or add --force")
    score = score_record(record)
    items, closed, still_open = improvement_items(record, score), (), ()
    if store is not None and record.session_id is not None:
        stored = store.improvements(record.session_id)
        items = [(i["key"], i["issue"], i["corrective_action"], i["role"], i["due"]) for i in stored] or items
        closed = store.closed_by(record.session_id)
        still_open = store.open_items(record.community, before=record.session_id)
    blocks = build(record, score, lang, items, closed, still_open)
    make_folder(stem.parent)
    for path, body in zip(paths, (to_html(blocks, lang), to_markdown(blocks, lang))):
        write_text(path, body)  # all at once, never through a planted link (sim.outfile)
    return paths[0]
