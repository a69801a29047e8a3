"""The after-action report: one self-contained HTML page (charts embedded) and a Markdown file.

    write_report(record, "out/aar", lang="zh", store=store)   # out/aar.html and out/aar.md

The report is built once as a list of blocks (headings, paragraphs, tables, images) and
then rendered twice. Every text is escaped on the way out: scenario and exercise files are
input from strangers as far as a web page is concerned.
"""
import html
import math
from pathlib import Path

from . import charts, live_report
from .improvement import improvement_items, text
from .matching import describe
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
    rows = [[f"{SOURCE[v.source][lang]} {v.source_id}", describe(v.expected), role_name(ex, v.role, lang),
             clock(v.due_by), "—" if v.taken_t is None else clock(v.taken_t), STATUS[v.status][lang],
             verdict_text(v, lang)] for v in score.verdicts]
    blocks.append(("table", [t["h_source"], t["h_expected"], t["h_role"], t["h_due"], t["h_taken"], t["h_verdict"],
                             t["h_text"]], rows))
    blocks += _charts(record, lang)
    blocks.append(("h2", t["objectives"]))
    rows = []
    for o in score.objectives:
        oname = (o.name_zh or o.name) if lang == "zh" else o.name
        tasks = "; ".join(f"{k.id} {(k.name_zh or k.name) if lang == 'zh' else k.name}: "
                          f"{'—' if k.score is None else f'{k.score:.0%}'}" for k in o.tasks)
        rows.append([f"{o.id} {oname}", o.capability, RATING[o.rating][lang], tasks])
    blocks.append(("table", [t["h_objective"], t["h_capability"], t["h_rating"], t["h_tasks"]], rows))
    blocks.append(("h2", t["outcomes"]))
    blocks.append(("table", [t["h_kpi"], t["h_team"], t["h_base"], t["h_score"]],
                   [[KPI_NAMES[o.kpi][lang], _num(o.team, o.kpi, lang), _num(o.baseline, o.kpi, lang),
                     f"{o.score:.0%}"] for o in score.outcomes]))
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
        lines = [f"社区：{record.community}；会话 {record.session_id or '—'}；开始 {record.started_at or '—'}；随机种子 {record.seed}。",
                 f"参演人员：{people}。",
                 f"总分 {score.overall}/100（{GRADE[score.grade]['zh']}）；时效 {timeliness}，结果 {score.outcome:.0%}。",
                 f"10小时救助目标：本队{target}，预案基准{base}。",
                 f"应执行动作 {len(score.verdicts)} 项：按时 {c['full']}，延迟 {c['late']}，对象错误 {c['wrong']}，未执行 {c['missing']}。"]
    else:
        lines = [f"Community: {record.community}; session {record.session_id or '—'}; started {record.started_at or '—'}; seed {record.seed}.",
                 f"Participants: {people}.",
                 f"Overall score {score.overall}/100 ({score.grade}); timeliness {timeliness}, outcome {score.outcome:.0%}.",
                 f"10-hour relief target: team {target}, plan baseline {base}.",
                 f"{len(score.verdicts)} expected actions: {c['full']} on time, {c['late']} late, {c['wrong']} wrong target, "
                 f"{c['missing']} missing."]
    return [("h2", t["summary"])] + [("p", line) for line in lines]


def _timeline(record, lang):
    t, ex = T[lang], record.exercise
    rows = []
    for iid, when in record.deliveries.items():
        inject = ex.injects.get(iid)
        if inject is None:
            continue
        who = inject.from_ or "—"
        rows.append((when, 0, [clock(when), f"{t['inject']} {iid}", who, inject.message.get(lang)]))
    for did, (opened, _closed) in record.decisions.items():
        point = ex.decisions.get(did)
        if point is not None:
            rows.append((opened, 1, [clock(opened), f"{t['decision']} {did}", "", point.prompt.get(lang)]))
    for rid, when in record.rule_times.items():
        rows.append((when, 2, [clock(when), f"{t['trigger']} {rid}", "", _rule_name(ex, rid)]))
    for a in record.actions:
        kind = t["action"] if a.accepted else f"{t['action']} ({t['rejected']})"
        detail = describe(a.action) + (f" — {a.rationale}" if a.rationale else "") + ("" if a.accepted else f" — {a.reason}")
        rows.append((a.t, 3, [clock(a.t), kind, role_name(ex, a.role, lang), detail]))
    return [r for _, _, r in sorted(rows, key=lambda x: (x[0], x[1]))]


def _rule_name(ex, rid):
    rule = next((r for r in ex.scenario.plan.rules if r.id == rid), None)
    return rule.name if rule is not None else rid


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
    strengths, areas = [], []
    for o in score.objectives:
        name = (o.name_zh or o.name) if lang == "zh" else o.name
        line = f"{o.id} {name}: {RATING[o.rating][lang]}"
        if o.rating in ("P", "S"):
            strengths.append(line)
        elif o.rating in ("M", "U"):
            areas.append(line)
    for v in score.verdicts:
        if v.status == "full" and v.taken_t is not None and v.taken_t < v.due_from:
            strengths.append(f"{SOURCE[v.source][lang]} {v.source_id}: {verdict_text(v, lang)}"
                             + (" (提前于触发)" if lang == "zh" else " (ahead of the trigger)"))
        elif v.status != "full":
            areas.append(f"{SOURCE[v.source][lang]} {v.source_id}: {verdict_text(v, lang)}")
    for o in score.outcomes:
        if o.score < 1.0:
            areas.append(f"{KPI_NAMES[o.kpi][lang]}: {_num(o.team, o.kpi, lang)} / {_num(o.baseline, o.kpi, lang)}")
    return strengths, areas


def _rubric(lang):
    ratings = ", ".join(f"{r} ≥ {b:.0%}" for b, r in RATINGS if math.isfinite(b))
    grades = ", ".join(f"{GRADE[g][lang]} ≥ {b}" for b, g in GRADES if math.isfinite(b))
    if lang == "zh":
        return [
            "时效：预案每条已触发条款的每个动作、每个已送达情景注入和决策点的每个期望动作，"
            "在时限内（提前也算）对正确对象执行得1分，超时得0.5分，对象错误或未执行得0分；时效为平均分。",
            "结果：与同一随机种子的预案基准比较四项指标（10小时救助目标、灾害峰值时仍处危险区人数、无处安置人数、"
            "物资缺口人·小时），每项0–1分；结果为平均分。仍处危险区的人数超过基准（加容差）即视为未达成10小时目标。",
            f"总分 = 100 ×（½ 时效 + ½ 结果）；{grades}，以下为不合格。",
            f"目标评定（HSEEP四级）：关键任务得分为其各项平均，目标得分为关键任务平均；{ratings}，以下为U。"
            "评分规则参照 GB/T 46792-2025 桌面推演评估指标与观察记录折算方法。",
        ]
    return [
        "Timeliness: every action of every plan rule whose trigger held, and every expected action of every "
        "delivered inject and decision point, scores 1 if the team took it on the right target by the deadline "
        "(earlier counts), 0.5 if later, 0 if on another target or never; timeliness is the mean.",
        "Outcome: four KPIs against the plan-mode baseline of the same seed (10-hour relief target, people left in "
        "danger at the hazard peak, shelter overflow, unmet person-hours), each 0-1; outcome is the mean. Leaving "
        "more people in danger than the baseline (plus a tolerance) counts as missing the 10-hour target.",
        f"Overall = 100 × (½ timeliness + ½ outcome); {grades}; below that, fail.",
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


def to_markdown(blocks):
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
            out += [f"*({_md(block[2])}: see the HTML report)*", ""]
    return "\n".join(out) + "\n"


class ReportExists(Exception):
    """A report file is already there and --force was not given."""


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
        raise ReportExists(f"would overwrite {', '.join(map(str, taken))}; choose another -o or add --force")
    score = score_record(record)
    items, closed, still_open = improvement_items(record, score), (), ()
    if store is not None and record.session_id is not None:
        stored = store.improvements(record.session_id)
        items = [(i["key"], i["issue"], i["corrective_action"], i["role"], i["due"]) for i in stored] or items
        closed = store.closed_by(record.session_id)
        still_open = store.open_items(record.community, before=record.session_id)
    blocks = build(record, score, lang, items, closed, still_open)
    stem.parent.mkdir(parents=True, exist_ok=True)
    for path, body in zip(paths, (to_html(blocks, lang), to_markdown(blocks))):
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(body, encoding="utf-8")
        tmp.replace(path)
    return paths[0]
