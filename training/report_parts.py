"""The sections of the after-action report, as blocks (training.report_render's format).

Every function takes a ``Context`` (the record, its score, the catalogue in the report's
language, the wall clock) and returns a list of blocks. Words come from the message
catalogue; names come from the scenario and exercise files (``name`` / ``name_zh``); times
are local wall-clock times (training.wallclock).
"""
import math
from dataclasses import dataclass
from types import SimpleNamespace

from messages import N_
from sim.verdict import NOTHING_TO_JUDGE

from .plain import item_name, place, plain_trigger
from .record import session_notes
from .scoring import GRADES, RATINGS
from .words import GRADE, RATING, SOURCE, STATUS, role_name, verdict_text


@dataclass(frozen=True)
class Context:
    """What every section reads: the session, its score, the words and the clock."""

    record: object
    score: object
    _: object  # messages.Texts in the report's language
    clock: object  # training.wallclock.WallClock
    items: tuple = ()  # this session's improvement items: (key, issue, action, role, due)
    closed: tuple = ()  # items of earlier exercises this one closed (store rows)
    still_open: tuple = ()  # items of earlier exercises still open (store rows)
    appendix: str = ""  # the appendix's file name without suffix (for links)

    @property
    def ex(self):
        return self.record.exercise

    @property
    def lang(self):
        return self._.lang

    def role(self, role_id):
        return role_name(self.ex, role_id, self.lang)


KPI_NAMES = {
    "relief_target_met": N_("10-hour relief target met"),
    "people_in_danger_at_peak": N_("people left in danger at the hazard peak"),
    "shelter_overflow": N_("evacuees with no shelter place (peak)"),
    "unmet_person_hours": N_("unmet person-hours of relief items"),
}
KIND_WORDS = {
    "warn": N_("warnings"), "order_evacuation": N_("evacuation orders"), "open_shelter": N_("shelters opened"),
    "assign_shelter": N_("shelter assignments"), "dispatch": N_("dispatches of supplies"),
    "request_reserve": N_("requests to the district reserve"), "raise_response": N_("response level raised"),
    "close_road": N_("roads closed"), "reopen_road": N_("roads reopened"),
    "forced_transfer": N_("forced transfers"), "prevent_return": N_("returns home prevented"),
    "lift_transfer": N_("transfer orders lifted"),
}
NOTE_KINDS = {"strength": N_("strength"), "improvement": N_("area for improvement"),
              "observer": N_("observer's note"), "hotwash": N_("hotwash note")}
GROUP_WINDOW_H = 1.0
"""Actions of one role and kind within this many hours of the first form one line of the
summary timeline (every action stays in the appendix's)."""
NAMES_SHOWN = 4
"""Places named in one grouped timeline line; the rest are counted."""


def title(ctx):
    _ = ctx._
    return [("h1", _("After-action report: {name}", name=_.name(ctx.ex.spec)))]


def meta(ctx):
    """Who, when, which session: the first lines of the summary."""
    _, r = ctx._, ctx.record
    community = _.name(SimpleNamespace(name=r.community or ctx.ex.community, name_zh=ctx.ex.community_zh))
    people = _.join(_("{role}: {name}", role=ctx.role(role), name=name) for role, name in r.participants) or "—"
    return [("p", _("Community: {community}; session {session}; held {start} ({zone}); seed {seed}.",
                    community=community, session=r.session_id or "—", start=ctx.clock.stamp(r.started_at),
                    zone=ctx.clock.zone_name(_), seed=r.seed)),
            ("p", _("Participants: {people}.", people=people))]


def relief(ctx):
    """The relief verdict of the team's run with its reasons, and the plan's in one line."""
    _, tables = ctx._, ctx.record.tables or {}
    team = (tables.get("team", {}).get("verdict") or {}).get(ctx.lang, [])
    base = (tables.get("baseline", {}).get("verdict") or {}).get(ctx.lang, [])
    out = [("h2", _("Relief verdict: the 10-hour target"))]
    if not team:
        met = ctx.score.target_met
        if not judged(ctx):
            return out + [("p", _("Team: nothing to judge: nobody needed relief, so the 10-hour target was "
                                  "neither met nor missed."))]
        return out + [("p", _("Team: the 10-hour target met.") if met else _("Team: the 10-hour target missed."))]
    out.append(("p", _("Team: {verdict}", verdict=team[0])))
    out += [("li", line.lstrip("- ")) for line in team[1:]]
    if base:
        out.append(("p", _("Plan baseline (same seed): {verdict}", verdict=base[0])))
    return out


def judged(ctx):
    """Did the team's run have a relief verdict to give? (nobody needing relief: nothing to judge)"""
    return (ctx.record.kpis or {}).get("verdict") != NOTHING_TO_JUDGE


def score_lines(ctx):
    _, s = ctx._, ctx.score
    c = s.counts
    process = "—" if s.timeliness is None else f"{s.timeliness:.0%}"
    percent = f"{s.outcome:.0%}"
    return [("h2", _("Score")),
            ("p", _("Overall score {overall}/100 ({grade}); process {process}, outcome {outcome}.",
                    overall=s.overall, grade=GRADE[s.grade][ctx.lang], process=process, outcome=percent)),
            ("p", _("{n} expected actions: {full} on time, {late} late, {partial} partly done, {early} only before "
                    "the trigger, {wrong} wrong target or channel, {missing} missing.", n=len(s.verdicts), **c))]


def top_items(ctx, n=3):
    """The improvement items that weigh most (the plan lists them heaviest first)."""
    _ = ctx._
    out = [("h2", _("Top three improvement items"))]
    if not ctx.items:
        return out + [("p", _("None: every expected action was done in full."))]
    from .improvement import text

    for _key, issue, action, role, due in ctx.items[:n]:
        out.append(("li", _("{issue} Responsible: {role}; due {due}.", issue=text(issue, ctx.lang),
                            role=ctx.role(role), due=due)))
    return out


def appendix_link(ctx):
    _ = ctx._
    return [("link", _("Appendix: every action, every expected action, the facilitation logs and the scoring rules"),
             ctx.appendix)]


def objectives(ctx):
    _ = ctx._
    rows = []
    for o in ctx.score.objectives:
        tasks = _.join(_("{task}: {score}", task=_.name(k), score="—" if k.score is None else f"{k.score:.0%}")
                       for k in o.tasks)
        rating = RATING[o.rating][ctx.lang]
        if o.override is not None:
            rating = _("{rating} (evaluator; computed {computed})", rating=rating, computed=o.computed)
        spec = next((x for x in ctx.ex.spec.objectives if x.id == o.id), None)
        capability = spec.capability_in(ctx.lang) if spec is not None and hasattr(spec, "capability_in") else o.capability
        rows.append([_.paren(_.name(o), o.id), capability, rating, tasks])
    return [("h2", _("Objective ratings")),
            ("table", [_("objective"), _("capability"), _("rating"), _("critical tasks")], rows)]


def source_label(v, lang, scenario=None):
    """What an expected action comes from: ``plan rule P2``, ``inject I7``, ``reorder rule:
    water at Haibin community centre (S03)`` (never the raw ``resupply:S03:water_l``)."""
    from messages import texts

    _ = texts(lang)
    if v.source_id.startswith("resupply:"):
        parts = v.source_id.split(":") + ["", ""]
        return _("reorder rule: {item} at {shelter}", item=item_name(parts[2], lang),
                 shelter=place("shelter", parts[1], scenario, lang))
    return _("{source} {id}", source=SOURCE[v.source][lang], id=v.source_id)


def rule_name(ex, rid, lang):
    """A plan rule by its name, a reorder rule in words (``when water at ... falls below 12 h of use``)."""
    from messages import texts

    _ = texts(lang)
    if rid.startswith("resupply:"):
        _r, shelter, item = rid.split(":")
        trigger = {"stock": {"shelter": shelter, "item": item, "cover_below": ex.scenario.plan.resupply.cover_below}}
        return _("reorder rule: {when}", when=plain_trigger(trigger, ex.scenario, lang))
    rule = next((r for r in ex.scenario.plan.rules if r.id == rid), None)
    return rid if rule is None else _.name(rule)


def outcomes(ctx):
    _ = ctx._
    rows = [[_(KPI_NAMES[o.kpi]), kpi_value(o.team, o.kpi, _), kpi_value(o.baseline, o.kpi, _), f"{o.score:.0%}"]
            for o in ctx.score.outcomes]
    return [("h2", _("Outcome against the relief target and the plan baseline (same seed)")),
            ("table", [_("indicator"), _("team"), _("plan baseline"), _("score")], rows)]


def kpi_value(value, kpi, _):
    if kpi == "relief_target_met":
        return _("met") if value else _("missed")
    if isinstance(value, float) and math.isinf(value):
        return "—"
    return f"{value:,.0f}" if abs(value - round(value)) < 1e-9 else f"{value:,.1f}"


def judgements(ctx):
    """The evaluator's overrides beside the computed verdicts."""
    _, rows = ctx._, []
    for v in ctx.score.verdicts:
        if v.override is not None:
            rows.append([_("{source}: {what}", source=source_label(v, ctx.lang, ctx.ex.scenario), what=v.what.get(ctx.lang, "")),
                         STATUS[v.status][ctx.lang], STATUS[v.override.rating][ctx.lang], v.override.comment,
                         _evaluator(ctx, v.override)])
    for o in ctx.score.objectives:
        if o.override is not None:
            rows.append([_.paren(_.name(o), o.id), o.computed, o.rating, o.override.comment, _evaluator(ctx, o.override)])
    if not rows:
        return []
    return [("h2", _("Evaluator judgements")),
            ("table", [_("item"), _("computed"), _("evaluator"), _("comment"), _("by")], rows)]


def _evaluator(ctx, e):
    roles = {"evaluator": N_("evaluator"), "facilitator": N_("facilitator")}
    role = ctx._(roles[e.role]) if e.role in roles else e.role
    return ctx._("{name} ({role}, {when})", name=e.evaluator, role=role, when=ctx.clock.stamp(e.recorded_at))


def notes(ctx):
    """Every note of the session (training.record.session_notes): evaluators' observations
    today, observers' and hotwash notes once the store keeps them."""
    _ = ctx._
    rows = []
    for n in session_notes(ctx.record):
        when = ctx.clock.at(n.t) if n.t is not None else ctx.clock.stamp(n.recorded_at)
        kind = _(NOTE_KINDS[n.kind]) if n.kind in NOTE_KINDS else n.kind
        rows.append([when, kind, n.about or "—", n.text, n.who])
    if not rows:
        return []
    return [("h2", _("Evaluator observations and other notes")),
            ("table", [_("time"), _("kind"), _("about"), _("note"), _("by")], rows)]


def findings(ctx, full=False):
    """Strengths and areas for improvement. The report names objectives, evaluator notes and
    outcome shortfalls and counts the expected actions; the appendix (*full*) lists each."""
    _, strengths, areas = ctx._, [], []
    for o in ctx.score.objectives:
        line = _("{objective}: {rating}", objective=_.paren(_.name(o), o.id), rating=RATING[o.rating][ctx.lang])
        (strengths if o.rating in ("P", "S") else areas if o.rating in ("M", "U") else []).append(line)
    ahead = [v for v in ctx.score.verdicts if v.final_status == "full" and v.ahead]
    short = [v for v in ctx.score.verdicts if v.final_status != "full"]
    if full:
        strengths += [_("{source}: {verdict}", source=source_label(v, ctx.lang, ctx.ex.scenario), verdict=verdict_text(v, ctx.lang))
                      for v in ahead]
        areas += [_("{source}: {verdict}", source=source_label(v, ctx.lang, ctx.ex.scenario), verdict=verdict_text(v, ctx.lang))
                  for v in short]
    else:
        on_time = sum(v.final_status == "full" for v in ctx.score.verdicts)
        if on_time and ahead:
            strengths.append(_.plural("{n} expected action done in full ({ahead} of them ahead of the trigger, "
                                      "as the plan allows).", "{n} expected actions done in full ({ahead} of them "
                                      "ahead of the trigger, as the plan allows).", on_time, ahead=len(ahead)))
        elif on_time:
            strengths.append(_.plural("{n} expected action done in full.", "{n} expected actions done in full.", on_time))
        if short:
            areas.append(_.plural("{n} expected action fell short: see the improvement plan below, and the appendix "
                                  "for each.", "{n} expected actions fell short: see the improvement plan below, "
                                  "and the appendix for each.", len(short)))
    target = next((o for o in ctx.score.outcomes if o.kpi == "relief_target_met"), None)
    missed = not ctx.score.target_met and judged(ctx)  # nothing to judge is not a target missed
    if missed and (target is None or target.score >= 1.0):  # else the line below says it
        areas.append(_("The 10-hour relief target was missed, as in the plan's own run: see the relief verdict."))
    for o in ctx.score.outcomes:
        if o.score < 1.0:
            areas.append(_("{kpi}: team {team}, plan {plan}", kpi=_(KPI_NAMES[o.kpi]),
                           team=kpi_value(o.team, o.kpi, _), plan=kpi_value(o.baseline, o.kpi, _)))
    out = [("h2", _("Strengths"))] + ([("li", s) for s in strengths] or [("p", _("None."))])
    return out + [("h2", _("Areas for improvement"))] + ([("li", a) for a in areas] or [("p", _("None."))])


def improvement_plan(ctx):
    """This session's improvement items, and one sentence on earlier exercises' items."""
    from .improvement import text

    _ = ctx._
    rows = [[text(issue, ctx.lang), text(action, ctx.lang), ctx.role(role), due] for _k, issue, action, role, due in ctx.items]
    out = [("h2", _("Improvement plan"))]
    out.append(("table", [_("issue"), _("corrective action"), _("responsible"), _("due")], rows, "plan") if rows else
               ("p", _("None: every expected action was done in full.")))
    if ctx.closed or ctx.still_open:
        out.append(("p", _("This exercise closed {closed} items of earlier exercises; {open} remain open (listed in "
                           "the appendix).", closed=len(ctx.closed), open=len(ctx.still_open))))
    return out


def earlier_items(ctx):
    """The appendix's list of earlier exercises' items: closed by this one, still open."""
    from .improvement import text

    _ = ctx._
    out = []
    for heading, rows in ((_("Items from earlier exercises closed by this one"), ctx.closed),
                          (_("Items still open from earlier exercises"), ctx.still_open)):
        if rows:
            out.append(("h2", heading))
            out += [("li", _("No. {id} (due {due}): {issue}", id=c["id"], due=c["due"], issue=text(c["issue"], ctx.lang)))
                    for c in rows]
    return out


def expected_actions(ctx):
    """Every expected action against its deadline, with the actions that earned its verdict."""
    _, rows = ctx._, []
    for v in ctx.score.verdicts:
        taken = _.join(ctx.clock.at(c[0]) for c in v.cited) or "—"  # who took them: in the verdict's text
        status = STATUS[v.status][ctx.lang] + ("" if v.status != "partial" else f" {v.share:.0%}")
        judged = "" if v.override is None else _("{rating} — {comment} — {by}", rating=STATUS.get(
            v.override.rating, {}).get(ctx.lang, v.override.rating), comment=v.override.comment, by=_evaluator(ctx, v.override))
        rows.append([source_label(v, ctx.lang, ctx.ex.scenario), ctx.role(v.role), ctx.clock.at(v.due_by), taken, status,
                     judged, verdict_text(v, ctx.lang)])  # the verdict's text begins with the expected action
    return [("h2", _("Expected actions against the plan's deadlines")),
            ("table", [_("source"), _("responsible"), _("due by"), _("taken"), _("verdict"), _("evaluator"),
                       _("expected action and what the team did")], rows, "expected")]


ZONE_COLUMNS = {"left_in_danger": N_("left in danger"), "evacuated": N_("evacuated"), "to_shelters": N_("to shelters")}
SHELTER_COLUMNS = {"secured_in_time": N_("secured in time"), "secured_late": N_("secured late"),
                   "never_secured": N_("never secured"), "cut_off": N_("cut off")}


def differences(ctx):
    """The zones and shelters where the team's run differs from the plan's (team / plan)."""
    _, tables = ctx._, ctx.record.tables or {}
    team, base = tables.get("team", {}), tables.get("baseline", {})
    out = []
    for kind, key, columns, heading in (
            ("zones", "zone", ZONE_COLUMNS, _("Zones where the team's run differs from the plan's")),
            ("shelters", "shelter", SHELTER_COLUMNS, _("Shelters where the team's run differs from the plan's"))):
        mine, theirs = team.get(kind), base.get(kind)
        if not mine or not theirs:
            continue
        plan_rows = {r[key]: r for r in theirs}
        cols = [c for c in columns if c in mine[0]]
        rows = [[_.paren(_.name(SimpleNamespace(name=r.get("name", ""), name_zh=r.get("name_zh", "")), r[key]), r[key])]
                + [f"{_cell(r.get(c))} / {_cell(plan_rows.get(r[key], {}).get(c))}" for c in cols]
                for r in mine if any(r.get(c) != plan_rows.get(r[key], {}).get(c) for c in cols)]
        if rows:
            head = [_("place")] + [_("{column} (team / plan)", column=_(columns[c])) for c in cols]
            out += [("h2", heading), ("table", head, rows)]
    return out


def _cell(value):
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.0f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def rubric(ctx):
    _ = ctx._
    ratings = _.join(f"{r} ≥ {b:.0%}" for b, r in RATINGS if math.isfinite(b))
    grades = _.join(f"{GRADE[g][ctx.lang]} ≥ {b}" for b, g in GRADES if math.isfinite(b))
    return [("h2", _("How the score is made")),
            ("p", _("Process: every action of every plan rule whose trigger held, the reorder rule at every shelter that "
                    "ran low, and every expected action of every delivered inject and decision point is judged on the "
                    "team's actions of the same kind, on the same target, through the channels the plan names (an SMS "
                    "is not a door-to-door visit; a plan action naming no channel asks for every channel, credited as a "
                    "share), between the trigger and the deadline (before the trigger only where the plan says early is "
                    "fine), in sufficient quantity of what the depot actually sent (a dispatch must cover the hours the "
                    "reorder rule asks for, read off the model at that moment): 1 if done in the window, 0.75 down to "
                    "0.25 by how late if done only later, the share done (with its reason, e.g. 'covered 3.0 of 12.0 h') "
                    "if never done in full, 0 if done only before the trigger, on another target or channel, or never. "
                    "Each verdict cites the actions that earned it, by time and role. Process is the mean. An evaluator "
                    "may override a verdict; theirs counts and is shown beside the computed one.")),
            ("p", _("Outcome: the 10-hour relief target against what the plan promised (1 if the engine's relief "
                    "verdict passes, else the share secured in time and kept supplied over the target share, so a fail "
                    "never earns full marks; left out when nobody needed relief), and three indicators against the "
                    "plan-mode baseline of the same seed (people left in danger at the hazard peak, shelter overflow, "
                    "unmet person-hours), each 0 to 1; outcome is the mean.")),
            ("p", _("Overall = 100 × (½ process + ½ outcome), at most 99 when the relief verdict fails; {grades}; "
                    "below that, fail.", grades=grades)),
            ("p", _("Objective ratings (the four-level scale of exercise evaluation): a critical task scores the mean "
                    "of its items, an objective the mean of its tasks; {ratings}; below that, U. Scores convert "
                    "observations as GB/T 46792-2025 does for tabletop exercises.", ratings=ratings))]
