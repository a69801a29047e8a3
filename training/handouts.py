"""Print-ready papers of an exercise: HTML pages with print CSS (A4, Chinese fonts).

    write_handouts(exercise, "handouts/")   # index.html, msel.html, role-cards.html, evaluator-forms.html

* **演练脚本 / MSEL** for controllers: every inject and decision point in order, its time or
  trigger, from whom to whom, the message, what the team is expected to do, the effect on
  the model and the facilitator's notes.
* **重点岗位应急处置卡 / role cards**, one page per role, generated from the community plan:
  for each signal or trigger, what this post does, with which other posts, and by when.
* **评估表 / evaluator forms**, one page per objective: each expected action with its
  deadline and blanks for the observed time, who acted and the P / S / M / U rating, and
  lines for strengths and areas for improvement (the HSEEP Exercise Evaluation Guide).

Chinese first, English under it. Every text is escaped: exercise files are input from
strangers as far as a web page is concerned.
"""
import html
from pathlib import Path

from sim.errors import RemedyError
from sim.outfile import make_folder, write_text

from .improvement import capability_names
from .plain import item_name, plain_action, plain_trigger
from .words import hm, role_name

FILES = ("index.html", "msel.html", "role-cards.html", "evaluator-forms.html")
CSS = """
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei",
       "PingFang SC", "SimHei", sans-serif; color: #111; font-size: 10.5pt; line-height: 1.45;
       max-width: 186mm; margin: 0 auto; }
h1 { font-size: 17pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; margin: 5mm 0 2mm; border-bottom: 1.5pt solid #333; }
.en { color: #555; font-size: 8.5pt; display: block; }
.meta { font-size: 9pt; color: #333; margin-bottom: 3mm; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; }
th, td { border: 0.6pt solid #444; padding: 1.2mm 1.6mm; vertical-align: top; text-align: left; }
th { background: #e8ecf4; font-size: 9pt; }
tr { page-break-inside: avoid; break-inside: avoid; }
thead { display: table-header-group; }
.page { page-break-after: always; break-after: page; }
.page:last-child { page-break-after: auto; break-after: auto; }
.blank { min-width: 22mm; }
.box { display: inline-block; border: 0.8pt solid #333; width: 4mm; height: 4mm; margin: 0 1mm -0.8mm 2mm; }
.lines div { border-bottom: 0.6pt solid #888; height: 8mm; }
.sign { margin-top: 6mm; font-size: 9.5pt; }
.note { font-size: 8.5pt; color: #333; }
.inject { background: #fff; } .decision { background: #fff6e0; }
@media screen { body { margin: 8mm auto; } .page { border-bottom: 1px dashed #aaa; padding-bottom: 8mm; margin-bottom: 8mm; } }
"""


class HandoutsExist(RemedyError):
    """A handout file is already there and *force* was not given."""


def e(text):
    return html.escape(str(text))


def bi(zh, en):
    """Chinese, with English under it in small grey type."""
    if not en or en == zh:
        return e(zh)
    return f"{e(zh)}<span class='en'>{e(en)}</span>"


def page(title_zh, title_en, body):
    return (f"<!DOCTYPE html>\n<html lang='zh-CN'><head><meta charset='utf-8'>"
            f"<title>{e(title_zh)} / {e(title_en)}</title><style>{CSS}</style></head><body>\n{body}\n</body></html>\n")


def _head(ex, zh, en):
    name_zh, name_en = ex.spec.name_zh or ex.name, ex.name
    scenario_zh = ex.scenario.spec.name_zh or ex.scenario.name
    return (f"<h1>{e(zh)}<span class='en'>{e(en)}</span></h1>"
            f"<div class='meta'>{bi(f'{name_zh} · 社区：{ex.community_zh} · 情景：{scenario_zh}', f'{name_en} · community: {ex.community} · scenario: {ex.scenario.name}')}</div>")


def _roles(ex, roles):
    if roles == "all":
        return bi("全体岗位", "all roles")
    return bi("、".join(role_name(ex, r, "zh") for r in roles), ", ".join(role_name(ex, r) for r in roles))


def _expectations(ex, expect):
    out = []
    for x in expect:
        do = x.do.model_dump(by_alias=True)
        who = x.role or ex.role_for(do["action"])
        out.append(bi(f"{role_name(ex, who, 'zh')}：{hm(x.within, 'zh')}内{plain_action(do, ex.scenario, 'zh')}",
                      f"{role_name(ex, who)}: {plain_action(do, ex.scenario)} within {hm(x.within)}"))
    return "<br>".join(out) or "—"


def msel(ex):
    """The MSEL page for controllers."""
    points = [(p, "inject") for p in ex.spec.injects] + [(p, "decision") for p in ex.spec.decisions]
    rows = []
    for p, kind in points:
        if kind == "inject":
            frm = bi(getattr(p, "from_zh", "") or p.from_ or "—", p.from_)
            to = _roles(ex, p.to)
            text = bi(p.message.zh, p.message.en)
            effect = "<br>".join(bi(plain_action(a.model_dump(by_alias=True), ex.scenario, "zh"),
                                    plain_action(a.model_dump(by_alias=True), ex.scenario)) for a in p.effect) or "—"
            kind_text = bi("情景注入", "inject")
        else:
            frm, to = bi("导调组", "controllers"), _roles(ex, p.roles)
            options = "".join(f"<br>□ {bi(o.label.zh, o.label.en)}" for o in p.options)
            text = bi(p.prompt.zh, p.prompt.en) + options
            effect = bi("时钟暂停，待岗位处置后继续", "the clock stops until the players close it")
            kind_text = bi("决策点", "decision point")
        rows.append(f"<tr class='{kind}'><td>{e(p.id)}<br>{kind_text}</td>"
                    f"<td>{bi(plain_trigger(p.when, ex.scenario, 'zh'), plain_trigger(p.when, ex.scenario))}</td>"
                    f"<td>{frm}<br>→ {to}</td><td>{text}</td><td>{_expectations(ex, p.expect)}</td>"
                    f"<td>{effect}</td><td class='note'>{bi(getattr(p, 'notes_zh', '') or p.notes or '—', p.notes)}</td></tr>")
    head = "".join(f"<th>{bi(zh, en)}</th>" for zh, en in (
        ("编号", "id"), ("时间或触发", "time or trigger"), ("发出 → 接收", "from → to"), ("内容", "message"),
        ("期望处置", "expected action"), ("对推演的影响", "effect"), ("导调说明", "controller notes")))
    body = (_head(ex, "演练脚本（主情景事件清单）", "Master scenario events list (MSEL) — for controllers")
            + f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
    return page("演练脚本", "MSEL", body)


def card_rows(ex, role_id):
    """(trigger zh, trigger en, action zh, action en, with zh, with en, by-when zh, by-when en) of
    what the plan asks of *role_id*, in the order of the plan."""
    rows = []
    plan = ex.scenario.plan
    for rule in plan.rules:
        actions = [a.model_dump(by_alias=True) for a in rule.do]
        roles = [ex.role_for(a["action"]) or ex.spec.roles[0].id for a in actions]
        mine = [a for a, r in zip(actions, roles) if r == role_id]
        if not mine:
            continue
        others = sorted({r for r in roles if r != role_id})
        with_zh = "、".join(role_name(ex, r, "zh") for r in others) or "—"
        with_en = ", ".join(role_name(ex, r) for r in others) or "—"
        when_zh, when_en = plain_trigger(rule.when, ex.scenario, "zh"), plain_trigger(rule.when, ex.scenario)
        if rule.early:
            when_zh, when_en = when_zh + "（可提前）", when_en + " (earlier is fine)"
        rows.append((when_zh, when_en,
                     "；".join(plain_action(a, ex.scenario, "zh") for a in mine),
                     "; ".join(plain_action(a, ex.scenario) for a in mine),
                     with_zh, with_en, f"触发后{hm(rule.deadline, 'zh')}内", f"within {hm(rule.deadline)} of it"))
    rule = plan.resupply
    if rule is not None and (ex.role_for("dispatch") or ex.spec.roles[0].id) == role_id:
        items = [n for n, spec in ex.scenario.relief.items.items() if not spec.durable
                 and (rule.items == "all" or n in rule.items)]
        names_zh, names_en = "、".join(item_name(i, "zh") for i in items), ", ".join(item_name(i) for i in items)
        manager = ex.role_for("open_shelter")
        rows.append((f"任一避灾点{names_zh}不足{rule.cover_below:g}小时用量时",
                     f"when a shelter's {names_en} falls below {rule.cover_below:g} h of use",
                     f"从最近的储备库足量调运，补足按满员计算{rule.cover_target:g}小时的用量（一次一车队，不搞象征性调运）",
                     f"send enough from the nearest depot for {rule.cover_target:g} h at full capacity "
                     "(one top-up at a time; no token loads)",
                     role_name(ex, manager, "zh") if manager and manager != role_id else "—",
                     role_name(ex, manager) if manager and manager != role_id else "—", "1小时内", "within 1 h"))
    return rows


def role_cards(ex):
    """One role card per role, from the plan."""
    pages = []
    for role in ex.spec.roles:
        rows = card_rows(ex, role.id)
        head = "".join(f"<th>{bi(zh, en)}</th>" for zh, en in (
            ("何时（信号或触发）", "when (signal or trigger)"), ("做什么", "what to do"),
            ("与谁配合", "with whom"), ("时限", "by when")))
        body = "".join(f"<tr><td>{bi(r[0], r[1])}</td><td>{bi(r[2], r[3])}</td><td>{bi(r[4], r[5])}</td>"
                       f"<td>{bi(r[6], r[7])}</td></tr>" for r in rows)
        if not rows:
            body = f"<tr><td colspan='4'>{bi('预案未为本岗位规定动作：听从指挥长安排。', 'The plan gives this post no action of its own: follow the commander.')}</td></tr>"
        pages.append(
            "<section class='page'>"
            + _head(ex, f"重点岗位应急处置卡：{role.name_zh or role.name or role.id}",
                    f"Emergency card for key posts: {role.name or role.id}")
            + "<table><colgroup><col style='width:22%'><col><col style='width:20%'><col style='width:15%'></colgroup>"
            + f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            + f"<div class='sign'>{bi('本岗位责任人：____________　联系电话：____________　AB岗：____________', 'Post holder: ____________   Phone: ____________   Deputy: ____________')}</div>"
            + f"<p class='note'>{bi('依据' + (ex.scenario.plan.name_zh or ex.scenario.plan.name or '社区应急预案') + '生成；预案修订后请重新打印。', 'Generated from ' + (ex.scenario.plan.name or 'the community plan') + '; print again when the plan changes.')}</p>"
            + "</section>")
    return page("重点岗位应急处置卡", "Role cards", "".join(pages))


def _after(when_zh):
    """``台风蓝色预警发布时`` -> ``台风蓝色预警发布后``."""
    return (when_zh[:-1] if when_zh.endswith("时") else when_zh) + "后"


def _task_items(ex, task):
    """(what zh, what en, deadline zh, deadline en) expected under a critical task."""
    out = []
    plan = ex.scenario.plan
    for rule in plan.rules:
        if rule.id in task.rules:
            for a in rule.do:
                d = a.model_dump(by_alias=True)
                out.append((f"{rule.id}：{plain_action(d, ex.scenario, 'zh')}", f"{rule.id}: {plain_action(d, ex.scenario)}",
                            f"{_after(plain_trigger(rule.when, ex.scenario, 'zh'))}{hm(rule.deadline, 'zh')}内",
                            f"within {hm(rule.deadline)} — {plain_trigger(rule.when, ex.scenario)}"))
    if "resupply" in task.rules and plan.resupply is not None:
        out.append(("补给规则：物资低于预案小时数的避灾点足量补给", "Reorder rule: a full top-up at each shelter that runs low",
                    "低于规定小时数后1小时内", "within 1 h of running low"))
    points = {p.id: p for p in list(ex.spec.injects) + list(ex.spec.decisions)}
    for pid in task.injects:
        p = points.get(pid)
        for x in getattr(p, "expect", []):
            d = x.do.model_dump(by_alias=True)
            out.append((f"{pid}：{plain_action(d, ex.scenario, 'zh')}", f"{pid}: {plain_action(d, ex.scenario)}",
                        f"{_after(plain_trigger(p.when, ex.scenario, 'zh'))}{hm(x.within, 'zh')}内",
                        f"within {hm(x.within)} — {plain_trigger(p.when, ex.scenario)}"))
    return out


def evaluator_forms(ex):
    """One evaluation form per objective (Exercise Evaluation Guide)."""
    pages = []
    rate = "".join(f"<span class='box'></span>{r}" for r in "PSMU")
    head = "".join(f"<th>{bi(zh, en)}</th>" for zh, en in (
        ("关键任务 / 应执行动作", "critical task / expected action"), ("时限", "deadline"),
        ("实际时间", "observed time"), ("执行岗位", "who acted"), ("评定", "rating"), ("备注", "notes")))
    for obj in ex.spec.objectives:
        rows = []
        for task in obj.tasks:
            rows.append(f"<tr><td colspan='6'><b>{e(task.id)}</b> {bi(task.name_zh or task.name, task.name)}</td></tr>")
            for zh, en, dz, de in _task_items(ex, task):
                rows.append(f"<tr><td>{bi(zh, en)}</td><td>{bi(dz, de)}</td><td class='blank'></td>"
                            f"<td class='blank'></td><td>{rate}</td><td class='blank'></td></tr>")
            for c in task.criteria:
                bound = []
                if c.at_most is not None:
                    bound.append((f"不超过{c.at_most:g}", f"at most {c.at_most:g}"))
                if c.at_least is not None:
                    bound.append((f"不少于{c.at_least:g}", f"at least {c.at_least:g}"))
                if c.no_worse_than_baseline:
                    bound.append(("不差于预案基准", "no worse than the plan baseline"))
                rows.append(f"<tr><td>{bi('结果指标：' + c.kpi + '，' + '，'.join(b[0] for b in bound), 'Outcome: ' + c.kpi + ', ' + ', '.join(b[1] for b in bound))}</td>"
                            f"<td>{bi('推演结束时', 'at the end')}</td><td class='blank'></td><td>—</td><td>{rate}</td>"
                            "<td class='blank'></td></tr>")
        lines = "<div class='lines'>" + "<div></div>" * 3 + "</div>"
        cap_en, cap_zh = capability_names(obj) if obj.capability else ("—", "—")
        pages.append(
            "<section class='page'>"
            + _head(ex, f"评估表：{obj.id} {obj.name_zh or obj.name}", f"Evaluation form: {obj.id} {obj.name}")
            + f"<p>{bi('核心能力：' + cap_zh, 'Capability: ' + cap_en)}</p>"
            + "<table><colgroup><col style='width:36%'><col style='width:18%'><col style='width:11%'>"
            + "<col style='width:11%'><col style='width:9%'><col></colgroup>"
            + f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            + f"<p>{bi('目标总体评定：', 'Overall rating of the objective:')} {rate}</p>"
            + f"<p class='note'>{bi('P 顺利完成；S 完成但存在一些问题；M 完成但存在重大问题；U 未能完成', 'P performed without challenges; S with some challenges; M with major challenges; U unable to be performed')}</p>"
            + f"<h2>{bi('优点', 'Strengths')}</h2>{lines}<h2>{bi('需改进的方面', 'Areas for improvement')}</h2>{lines}"
            + f"<div class='sign'>{bi('评估员：____________　日期：____________　（录入：stormdrill evaluate 会话编号）', 'Evaluator: ____________   Date: ____________   (enter with: stormdrill evaluate SESSION)')}</div>"
            + "</section>")
    if not pages:
        pages.append(f"<p>{bi('本演练未设目标。', 'This exercise has no objectives.')}</p>")
    return page("评估表", "Evaluator forms", "".join(pages))


def index(ex):
    links = (("msel.html", "演练脚本（导调用）", "MSEL, for controllers"),
             ("role-cards.html", "重点岗位应急处置卡", "Role cards"),
             ("evaluator-forms.html", "评估表", "Evaluator forms"))
    items = "".join(f"<li><a href='{href}'>{e(zh)}</a><span class='en'>{e(en)}</span></li>" for href, zh, en in links)
    return page("演练资料", "Exercise handouts", _head(ex, "演练资料", "Exercise handouts") + f"<ul>{items}</ul>")


def write_handouts(exercise, out, force=False):
    """Write the handouts of *exercise* into the folder *out*; return the paths written."""
    out = Path(out)
    paths = [out / name for name in FILES]
    taken = [p for p in paths if p.exists()]
    if taken and not force:
        clash = f"would overwrite {', '.join(map(str, taken))}; "
        raise HandoutsExist(clash + "choose another out or pass force=True", cli=clash + "choose another -o or add --force")
    make_folder(out)
    for path, body in zip(paths, (index(exercise), msel(exercise), role_cards(exercise), evaluator_forms(exercise))):
        write_text(path, body)  # all at once, never through a planted link (sim.outfile)
    return paths
