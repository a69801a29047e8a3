"""Print-ready papers of an exercise: HTML pages with print CSS (A4, Chinese fonts), one set
per language.

    write_handouts(exercise, "handouts/")   # index.html; msel-zh.html, role-cards-zh.html,
                                            # evaluator-forms-zh.html and the same in -en

* **演练脚本 / MSEL** for controllers: every inject and decision point in time order (a trigger
  on the model's state placed where it holds when the plan is followed), from whom to whom,
  the message, what the team is expected to do, the effect on the model and the
  facilitator's notes — compact, a dozen and more rows to an A4 page.
* **重点岗位应急处置卡 / role cards**, one page per role: what the plan, the reorder rule and
  the injects expect of the post (training.roles.duties), by trigger, with whom, by when.
* **评估表 / evaluator forms**, one page per objective, then the expected actions no objective
  names: every expected action numbered as ``stormdrill evaluate`` numbers its verdicts
  (training.roles.evaluation_form), with blanks for the observed time, who acted and the
  P / S / M / U rating, and lines for strengths and areas for improvement (HSEEP EEG).

The words come from the message catalogue (domain ``training``); content (names, messages,
notes) from the exercise's own zh / en pairs. Every text is escaped: exercise files are
input from strangers as far as a web page is concerned.
"""
import html
import math
from dataclasses import dataclass
from pathlib import Path

import sim
from messages import LANGS, N_, texts
from sim.errors import RemedyError
from sim.outfile import make_folder, write_text

from . import roles
from .improvement import capability_names
from .plain import item_name, plain_action, plain_trigger
from .situation import day_clock, start_of
from .words import clock, hm, role_name

RATE = "".join(f"<span class='box'></span>{r}" for r in "PSMU")
"""The P / S / M / U boxes of a rating."""
PAPERS = ("msel", "role-cards", "evaluator-forms")
FILES = ("index.html",) + tuple(f"{paper}-{lang}.html" for lang in LANGS for paper in PAPERS)
CSS = """
@page { size: A4; margin: 11mm 10mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei",
       "PingFang SC", "SimHei", sans-serif; color: #111; font-size: 9.5pt; line-height: 1.35; margin: 0; }
table { table-layout: fixed; }
h1 { font-size: 14pt; margin: 0 0 1mm; }
h2 { font-size: 11pt; margin: 3mm 0 1mm; border-bottom: 1.2pt solid #333; }
.meta { font-size: 8.5pt; color: #333; margin-bottom: 2mm; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 3mm; }
th, td { border: 0.5pt solid #555; padding: 0.8mm 1.2mm; vertical-align: top; text-align: left; }
th { background: #e8ecf4; font-size: 8pt; }
tr { page-break-inside: avoid; break-inside: avoid; }
thead { display: table-header-group; }
.msel { font-size: 7.6pt; line-height: 1.25; }
.msel td { padding: 0.6mm 1mm; }
.msel .id { white-space: nowrap; font-weight: bold; }
.decision { background: #fff6e0; }
.page { page-break-after: always; break-after: page; }
.page:last-child { page-break-after: auto; break-after: auto; }
.form { font-size: 8.5pt; line-height: 1.3; }
.form td { padding: 0.6mm 1mm; }
.form .who td { border-top: 1pt solid #333; font-weight: bold; font-size: 8pt; padding-top: 1mm; }
.form .task td { background: #f3f5fa; }
.rate { white-space: nowrap; }
.box { display: inline-block; border: 0.7pt solid #333; width: 3.2mm; height: 3.2mm; margin: 0 0.6mm -0.6mm 1.2mm; }
.lines div { border-bottom: 0.5pt solid #888; height: 7mm; }
.sign { margin-top: 4mm; font-size: 9pt; }
.note { font-size: 8pt; color: #333; }
.dim { color: #555; }
.num { text-align: right; white-space: nowrap; }
@media screen { body { max-width: 190mm; margin: 8mm auto; } .page { border-bottom: 1px dashed #aaa; padding-bottom: 8mm; margin-bottom: 8mm; } }
"""


HTML_LANG = dict(zh="zh-CN")
"""The page's ``lang`` attribute for a language code, where it differs from the code."""


class HandoutsExist(RemedyError):
    """A handout file is already there and *force* was not given."""


def e(text):
    return html.escape(str(text))


def page(lang, title, body):
    return (f"<!DOCTYPE html>\n<html lang='{HTML_LANG.get(lang, lang)}'><head><meta charset='utf-8'>"
            f"<title>{e(title)}</title><style>{CSS}</style></head><body>\n{body}\n</body></html>\n")


def _head(ex, title, lang):
    _ = texts(lang)
    meta = _("{exercise} · community: {community} · scenario: {scenario}", exercise=_.name(ex.spec),
             community=_.pick({"zh": ex.community_zh, "en": ex.community}), scenario=_.name(ex.scenario.spec))
    return f"<h1>{e(title)}</h1><div class='meta'>{e(meta)}</div>"


def tag(name, text, cls=None):
    """``<name class='cls'>text</name>`` with *text* escaped."""
    attr = f" class='{cls}'" if cls else ""
    return f"<{name}{attr}>{e(text)}</{name}>"


def _num(x):
    return f"{x:g}"


def _roles_text(ex, roles_, lang):
    _ = texts(lang)
    return _("all roles") if roles_ == "all" else _.join(role_name(ex, r, lang) for r in roles_)


def _th(*heads):
    return "<thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in heads) + "</tr></thead>"


# -- the MSEL --------------------------------------------------------------------------------------

def expected_times(exercise, seed=None):
    """When each inject and decision point is due (h): its clock time, or for a trigger on the
    model's state the moment it holds in the plan-mode run of the same seed (None: never)."""
    engine = sim.Engine(exercise.scenario, exercise.spec.seed if seed is None else seed, mode="plan")
    times = {}
    for point in list(exercise.spec.injects) + list(exercise.spec.decisions):
        try:
            t = engine.when(point.when)
            times[point.id] = t if math.isfinite(t) else None
        except TypeError:
            times[point.id] = None
            engine.watch(point.when, lambda t, pid=point.id: times.__setitem__(pid, t))
    engine.run_until(exercise.end_h)
    return {pid: (t if t is not None and t <= exercise.end_h + 1e-9 else None) for pid, t in times.items()}


@dataclass(frozen=True)
class MselRow:
    point: object  # an Inject or a DecisionPoint
    kind: str  # inject / decision
    t: float | None  # when it is due (h), None: it may not happen
    by_state: bool  # it waits on the model's state (t: when it holds if the plan is followed)


def msel_rows(exercise):
    """The MSEL's rows in time order (those that may never happen last, in script order)."""
    times = expected_times(exercise)
    points = [(p, "inject") for p in exercise.spec.injects] + [(p, "decision") for p in exercise.spec.decisions]
    engine = sim.Engine(exercise.scenario, exercise.spec.seed, mode="exercise")
    rows = []
    for p, kind in points:
        try:
            engine.when(p.when)
            by_state = False
        except TypeError:
            by_state = True
        rows.append(MselRow(p, kind, times[p.id], by_state))
    order = {p.id: i for i, (p, _k) in enumerate(points)}
    return sorted(rows, key=lambda r: (r.t is None, r.t if r.t is not None else 0.0, order[r.point.id]))


def _when_cell(ex, row, lang, start):
    _ = texts(lang)
    trigger = plain_trigger(row.point.when, ex.scenario, lang)
    if row.t is None:
        return e(trigger) + "<br>" + tag("span", _("may not happen if the plan is followed"), "dim")
    stamp = day_clock(row.t, start, lang)
    if row.by_state:
        return e(trigger) + "<br>" + tag("span", _("about {when} if the plan is followed", when=stamp), "dim")
    if "at" in row.point.when.model_dump(exclude_none=True):
        return e(stamp)
    return f"{e(stamp)}<br><span class='dim'>{e(trigger)}</span>"


def _expect_cell(ex, expect, lang):
    _ = texts(lang)
    out = []
    for x in expect:
        do = x.do.model_dump(by_alias=True)
        who = roles.responsible(ex, do["action"], x.role)
        out.append(_("{role}: {what} within {within}", role=role_name(ex, who, lang), within=hm(x.within, lang),
                     what=plain_action(do, ex.scenario, lang)))
    return "<br>".join(e(x) for x in out)


def msel(ex, lang="zh"):
    """The MSEL page for controllers in *lang*, in time order."""
    _ = texts(lang)
    start = start_of(ex.scenario)
    rows = []
    for row in msel_rows(ex):
        p = row.point
        if row.kind == "inject":
            sender = p.sender(lang) or "—"
            text = e(_.pick(p.message))
            effects = [e(_("effect: {what}", what=plain_action(a.model_dump(by_alias=True), ex.scenario, lang)))
                       for a in p.effect]
            to = _roles_text(ex, p.to, lang)
        else:
            sender, to = _("controllers"), _roles_text(ex, p.roles, lang)
            options = roles.decision_options(ex, p)
            mark = _("several may be taken") if p.multi else _("one to be taken")
            text = e(_.pick(p.prompt)) + f" <span class='dim'>({e(mark)})</span>" + "".join(
                f"<br>□ {e(_.pick(o.label))}" for o in options)
            effects = [e(_("the clock stops until the players close it"))]
        notes = _.pick({"zh": p.notes_zh, "en": p.notes})
        expect = _expect_cell(ex, p.expect, lang)
        rows.append(f"<tr class='{row.kind}'><td class='id'>{e(p.id)}</td><td>{_when_cell(ex, row, lang, start)}</td>"
                    f"<td>{e(sender)} → {e(to)}</td><td>{text}</td>"
                    f"<td>{'<br>'.join(x for x in (expect, *effects) if x) or '—'}</td>"
                    f"<td class='note'>{e(notes or '—')}</td></tr>")
    table = ("<table class='msel'><colgroup><col style='width:5%'><col style='width:14%'><col style='width:13%'>"
             "<col style='width:33%'><col style='width:20%'><col></colgroup>"
             + _th(_("id"), _("time or trigger"), _("from → to"), _("message"), _("expected action / effect"),
                   _("controller notes"))
             + f"<tbody>{''.join(rows)}</tbody></table>")
    title = _("Master scenario events list (MSEL) — for controllers")
    return page(lang, title, _head(ex, title, lang) + table)


# -- role cards ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CardRow:
    """One row of a role card: when, what, with whom, by when; *keys* of the duties it holds."""

    when: str
    what: str
    partners: str
    by: str
    keys: tuple


def card_rows(ex, role_id, lang="zh"):
    """The rows of *role_id*'s card in *lang*: one per plan rule, per inject or decision point,
    and for the reorder rule one for stocks running low and one for shelters opening — every
    duty of the role (training.roles.duties) in exactly one row."""
    _ = texts(lang)
    mine = roles.duties(ex, role_id)
    everyone = roles.duties(ex)
    rows = []
    for group in dict.fromkeys(d.group for d in mine):
        ds = [d for d in mine if d.group == group]
        others = sorted({d.role for d in everyone if d.group == group and d.role not in (role_id, None)})
        if group == "resupply:opening":
            others = [r for r in [roles.responsible(ex, "open_shelter")] if r and r != role_id]
        partners = _.join(role_name(ex, r, lang) for r in others) or "—"
        rows.append(CardRow(_card_when(ex, ds, lang), _card_what(ex, ds, lang), partners,
                            _("within {within} of it", within=hm(ds[0].within, lang)), tuple(d.key for d in ds)))
    return rows


def _card_when(ex, ds, lang):
    _ = texts(lang)
    d = ds[0]
    if d.group == "resupply:low":
        items = _.join(dict.fromkeys(item_name(x.item, lang) for x in ds))
        return _("when a shelter's {items} falls below {h} h of use", items=items,
                 h=_num(ex.scenario.plan.resupply.cover_below))
    if d.group == "resupply:opening":
        return _("when a shelter is opened")
    when = plain_trigger(d.when, ex.scenario, lang)
    if d.source != "rule":
        when = _("{id}: {when}", id=d.source_id, when=when)
    return _("{when} (earlier is fine)", when=when) if d.early else when


def _card_what(ex, ds, lang):
    _ = texts(lang)
    d = ds[0]
    if d.group == "resupply:low":
        shelters = dict.fromkeys(x.shelter for x in ds)
        return _("send from the nearest depot enough for {h} h at full capacity (one top-up at a time, no token "
                 "loads); {n} shelters", h=_num(roles.plan_cover(ex.scenario)), n=len(shelters))
    if d.group == "resupply:opening":
        items = _.join(dict.fromkeys(item_name(x.item, lang) for x in ds))
        return _("top up its {items} to its capacity from the nearest depot (stock sent before the opening counts)",
                 items=items)
    return _("; ").join(plain_action(x.action, ex.scenario, lang) for x in ds)


def role_cards(ex, lang="zh"):
    """One role card per role, one page each."""
    _ = texts(lang)
    pages = []
    plan = _.name(ex.scenario.plan, "") or _("the community plan")
    for role in ex.spec.roles:
        rows = card_rows(ex, role.id, lang)
        body = "".join(f"<tr><td>{e(r.when)}</td><td>{e(r.what)}</td><td>{e(r.partners)}</td><td>{e(r.by)}</td></tr>"
                       for r in rows)
        if not rows:
            body = "<tr><td colspan='4'>" + e(_("The plan gives this post no action of its own: follow the commander.")) + "</td></tr>"
        offers = _.join(o.label[lang] for o in roles.offers(ex, role.id)) or "—"
        title = _("Emergency card for key posts: {role}", role=_.name(role))
        pages.append(
            "<section class='page'>" + _head(ex, title, lang)
            + "<table><colgroup><col style='width:24%'><col><col style='width:18%'><col style='width:14%'></colgroup>"
            + _th(_("when (signal or trigger)"), _("what to do"), _("with whom"), _("by when"))
            + f"<tbody>{body}</tbody></table>"
            + tag("p", _("This post may also: {actions}.", actions=offers), "note")
            + tag("div", _("Post holder: ____________   Phone: ____________   Deputy: ____________"), "sign")
            + tag("p", _("Generated from {plan}; print again when the plan changes.", plan=plan), "note")
            + "</section>")
    return page(lang, _("Role cards"), "".join(pages))


# -- evaluator forms -------------------------------------------------------------------------------

def form_item(ex, duty, lang):
    """(what, deadline) of one expected action on the evaluator's form, in *lang*: the words
    ``stormdrill evaluate`` shows for its verdict."""
    _ = texts(lang)
    what = _("{source}: {what}", source=_source_words(duty, lang), what=plain_action(duty.action, ex.scenario, lang))
    if duty.start == "low":
        when = _("its cover below {h} h", h=_num(ex.scenario.plan.resupply.cover_below))
    elif duty.start == "opening":
        when = _("the shelter opened")
    else:
        when = plain_trigger(duty.when, ex.scenario, lang)
    return what, _("within {within} of: {when}", within=hm(duty.within, lang), when=when)


def _source_words(duty, lang):
    _ = texts(lang)
    if duty.source_id.startswith("resupply:"):
        return _("reorder rule {shelter}", shelter=duty.shelter)
    return duty.source_id


def _form_rows(ex, lines, lang):
    """A row per expected action, under a line naming the role whenever it changes."""
    _ = texts(lang)
    rows, role = [], object()
    for line in lines:
        if line.duty.role != role:
            role = line.duty.role
            rows.append("<tr class='who'><td></td>" + tag("td", _("by {role}:", role=role_name(ex, role, lang)))
                        + "<td colspan='4'></td></tr>")
        what, due = form_item(ex, line.duty, lang)
        rows.append(f"<tr><td class='num'>{line.n}</td>" + tag("td", what) + tag("td", due)
                    + f"<td></td><td></td><td class='rate'>{RATE}</td></tr>")
    return rows


def _criteria_rows(task, lang):
    _ = texts(lang)
    rows = []
    for c in task.criteria:
        bound = []
        if c.at_most is not None:
            bound.append(_("at most {x}", x=_num(c.at_most)))
        if c.at_least is not None:
            bound.append(_("at least {x}", x=_num(c.at_least)))
        if c.no_worse_than_baseline:
            bound.append(_("no worse than the plan baseline"))
        outcome = _("Outcome: {kpi}, {bound}", kpi=c.kpi, bound=_.join(bound))
        rows.append("<tr><td class='num'>—</td>" + tag("td", outcome) + tag("td", _("at the end"))
                    + f"<td></td><td>—</td><td class='rate'>{RATE}</td></tr>")
    return rows


def _form_table(rows, lang):
    _ = texts(lang)
    return ("<table class='form'><colgroup><col style='width:4%'><col style='width:42%'><col style='width:20%'>"
            "<col style='width:9%'><col style='width:9%'><col style='width:16%'></colgroup>"
            + _th(_("no."), _("critical task / expected action"), _("deadline"), _("observed time"), _("who acted"),
                  _("rating"))
            + f"<tbody>{''.join(rows)}</tbody></table>")


def evaluator_forms(ex, lang="zh"):
    """One evaluation form per objective, then one for the expected actions no objective names:
    every line of training.roles.evaluation_form, numbered as ``stormdrill evaluate`` numbers them."""
    _ = texts(lang)
    form = roles.evaluation_form(ex)
    lines = "<div class='lines'>" + "<div></div>" * 3 + "</div>"
    sign = e(_("Evaluator: ____________   Date: ____________   (enter with: stormdrill evaluate SESSION)"))
    pages = []
    for obj in ex.spec.objectives:
        rows = []
        for task in obj.tasks:
            rows.append(f"<tr class='task'><td colspan='6'><b>{e(task.id)}</b> {e(_.name(task))}</td></tr>")
            rows += _form_rows(ex, [x for x in form if x.task == task.id and x.objective == obj.id], lang)
            rows += _criteria_rows(task, lang)
        cap_en, cap_zh = capability_names(obj) if obj.capability else ("—", "—")
        pages.append(
            "<section class='page'>"
            + _head(ex, _("Evaluation form: {id} {name}", id=obj.id, name=_.name(obj)), lang)
            + tag("p", _("Capability: {capability}", capability=_.pick({"zh": cap_zh, "en": cap_en})))
            + _form_table(rows, lang)
            + "<p>" + e(_("Overall rating of the objective:")) + f" {RATE}</p>"
            + tag("p", _("P performed without challenges; S with some challenges; M with major challenges; "
                         "U unable to be performed"), "note")
            + tag("h2", _("Strengths")) + lines + tag("h2", _("Areas for improvement")) + lines
            + f"<div class='sign'>{sign}</div></section>")
    others = [x for x in form if x.objective is None]
    if others:
        pages.append("<section class='page'>" + _head(ex, _("Evaluation form: expected actions under no objective"), lang)
                     + _form_table(_form_rows(ex, others, lang), lang) + f"<div class='sign'>{sign}</div></section>")
    if not pages:
        pages.append(tag("p", _("This exercise has no objectives.")))
    return page(lang, _("Evaluator forms"), "".join(pages))


def index(ex):
    items = []
    for lang in LANGS:
        _ = texts(lang)
        links = ((f"msel-{lang}.html", _("MSEL, for controllers")), (f"role-cards-{lang}.html", _("Role cards")),
                 (f"evaluator-forms-{lang}.html", _("Evaluator forms")))
        items.append(f"<h2>{e(_.name(ex.spec))}</h2><ul>"
                     + "".join(f"<li><a href='{href}'>{e(label)}</a></li>" for href, label in links) + "</ul>")
    return page("zh", texts("zh")("Exercise handouts"), "".join(items))


def write_handouts(exercise, out, force=False):
    """Write the handouts of *exercise* in every language into the folder *out*; return the paths written."""
    out = Path(out)
    paths = [out / name for name in FILES]
    taken = [p for p in paths if p.exists()]
    if taken and not force:
        clash = f"would overwrite {', '.join(map(str, taken))}; "
        raise HandoutsExist(clash + "choose another out or pass force=True", cli=clash + "choose another -o or add --force")
    make_folder(out)
    makers = {"msel": msel, "role-cards": role_cards, "evaluator-forms": evaluator_forms}
    bodies = [index(exercise)] + [makers[paper](exercise, lang) for lang in LANGS for paper in PAPERS]
    for path, body in zip(paths, bodies):
        write_text(path, body)  # all at once, never through a planted link (sim.outfile)
    return paths
