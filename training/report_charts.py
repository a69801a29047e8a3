"""The report's charts from a session's series, in the report's language and local time.

Each chart is built by one function of CHARTS from the team's and the plan's series; a
function returns None when the series it draws are not there, so a chart for a new series
is one more function in the list (``transfer`` below waits for the transfer series).
"""
import unicodedata

from messages import texts

from . import charts
from .charts import ChartStyle, Curve, Level, Mark, Panel

TRANSFER_SERIES = "transferred"
"""Cumulative persons transferred (转移) by each time: the transfer chart draws it when a run has it."""
HAZARD_SERIES = "hazard_depth_m"
"""The hazard the transfer curve is read against (worst zone's water depth, m), on the right axis."""
NAME_WIDTH = 26
"""Width of a shelter's name on the bar chart, in Latin letters (a Chinese character is two);
longer names are cut with an ellipsis."""


def blocks(ctx, font=None):
    """The charts section: a heading, each chart as an image, a note if the labels fell back to English."""
    team, base = ctx.record.series.get("team"), ctx.record.series.get("baseline")
    if not team:
        return []
    families, drawn_lang, problem = charts.chart_font(ctx.lang, font)
    style = ChartStyle(families=families, clock=ctx.clock, lang=drawn_lang)
    words = texts(drawn_lang)
    out = [("h2", ctx._("Evacuation, shelters and stocks"))]
    for chart in CHARTS:
        made = chart(ctx, team, base or {}, style, words)
        if made is not None:
            out.append(("img", made[0], made[1]))
    if problem:
        out.append(("note", ctx._("Chart labels are in English: {reason}. Install a Chinese font (Noto Sans CJK) to "
                                  "draw them in Chinese.", reason=problem)))
    return out


def _marks(ctx, _):
    onset = ctx.record.kpis["onset_h"]
    deadline = onset + ctx.ex.scenario.relief.target
    return (Mark(onset, _("onset")), Mark(deadline, _("10-hour line"), color="red", style="--"))


def _xlabel(style, _):
    return _("local time") if style.clock is not None and style.clock.datetime(0.0) is not None else \
        _("hours since the start")


def evacuation(ctx, team, base, style, _):
    curves = []
    for series, run, dash in ((team, _("team"), "-"), (base, _("plan"), "--")):
        if not series:
            continue
        left = [sum(v) for v in zip(series["moving"], series["queued"], series["sheltered"], series["relatives"],
                                    series["overflow"])]
        curves.append(Curve(series["t"], left, _("left home, {run}", run=run), "tab:blue", dash))
        curves.append(Curve(series["t"], series["sheltered"], _("in shelters, {run}", run=run), "tab:green", dash))
    panel = Panel(_("People who left home, and people in shelters"), _("persons"), tuple(curves),
                  marks=_marks(ctx, _))
    return charts.line_chart([panel], style, _xlabel(style, _), height=2.6), ctx._("evacuation curve")


def stocks(ctx, team, base, style, _):
    from .plain import item_name, unit_name

    items = team.get("items", [])
    if not items:
        return None
    units = {k: v.unit for k, v in ctx.ex.scenario.relief.items.items()}
    panels = []
    for k, item in enumerate(items):
        curves = []
        for series, run, dash in ((team, _("team"), "-"), (base, _("plan"), "--")):
            if series and k < len(series.get("stock", [])):
                curves.append(Curve(series["t"], [sum(c) for c in zip(*series["stock"][k])], run, "tab:blue", dash))
        unit = unit_name(item, units.get(item, ""), style.lang)
        panels.append(Panel(item_name(item, style.lang), unit, tuple(curves), marks=_marks(ctx, _)))
    png = charts.line_chart(panels, style, _xlabel(style, _), columns=2, height=1.9)
    return png, ctx._("relief stocks in all shelters, with the 10-hour line")


def shelters(ctx, team, base, style, _):
    """Peak occupancy of each shelter, team and plan, against its capacity."""
    ids = team.get("shelter_ids", [])
    if not ids:
        return None
    scenario = ctx.ex.scenario
    labels = [_short(_.name(scenario.shelter[s]) if s in scenario.shelter else s) for s in ids]
    groups = [(_("team"), [max(row) if row else 0 for row in team["occupancy"]], "tab:blue")]
    if base.get("occupancy"):
        groups.append((_("plan"), [max(row) if row else 0 for row in base["occupancy"]], "tab:gray"))
    limits = [scenario.shelter[s].capacity if s in scenario.shelter else 0 for s in ids]
    png = charts.bar_chart(labels, groups, style, _("Peak occupancy of each shelter"), _("persons"),
                           limits=limits, limit_label=_("capacity"))
    return png, ctx._("peak occupancy of each shelter against its capacity")


def transfer(ctx, team, base, style, _):
    """Persons transferred over time against those due to move, with the hazard on the right axis."""
    if TRANSFER_SERIES not in team:
        return None
    curves = [Curve(s["t"], s[TRANSFER_SERIES], _("transferred, {run}", run=run), "tab:purple", dash)
              for s, run, dash in ((team, _("team"), "-"), (base, _("plan"), "--")) if TRANSFER_SERIES in s]
    if HAZARD_SERIES in team:
        curves.append(Curve(team["t"], team[HAZARD_SERIES], _("water depth (m)"), "tab:red", ":", axis="right"))
    due = ctx.record.kpis.get("people_due")
    levels = (Level(due, _("people due to move")),) if due else ()
    panel = Panel(_("Transfer against the hazard"), _("persons"), tuple(curves), marks=_marks(ctx, _),
                  levels=levels, y2label=_("water depth (m)"))
    return charts.line_chart([panel], style, _xlabel(style, _)), ctx._("transfer curve against the hazard")


def _short(name):
    out, width = "", 0
    for ch in name:
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        if width > NAME_WIDTH - 1:
            return out + "…"
        out += ch
    return out


CHARTS = (evacuation, transfer, shelters, stocks)
"""The report's charts in order; each returns (base64 PNG, alt text) or None."""
