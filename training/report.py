"""The after-action report: a report of a few pages and an appendix beside it, each as one
self-contained HTML page (charts embedded, printable on A4) and a Markdown file.

    write_report(record, "out/aar", lang="zh", store=store)
    # out/aar/aar-session3-zh.html, .md, and aar-session3-zh-appendix.html, .md

The report opens with a one-page summary (the relief verdict with its reasons, the score,
the three improvement items that weigh most), then the objectives, a summary timeline, the
charts, the outcome against the plan, the evaluators' judgements and notes, strengths and
areas for improvement, and this session's improvement plan. The appendix holds the long
tables: every action, every expected action with its verdict, the facilitation logs, the
zones and shelters where the runs differ, earlier exercises' items and the scoring rules.
Times are local (the scenario's time zone), places and rules go by name, words come from
the message catalogue, and every text is escaped on the way out (training.report_render).
"""
from pathlib import Path

from messages import texts
from sim.errors import RemedyError
from sim.outfile import make_folder, write_text

from . import live_report, report_charts, report_parts as parts
from .improvement import improvement_items
from .report_parts import Context, source_label  # noqa: F401  (source_label: training.evaluate_console)
from .report_render import to_html, to_markdown
from .report_timeline import timeline
from .scoring import score as score_record
from .wallclock import WallClock

APPENDIX = "-appendix"
"""What the appendix's file name adds to the report's (``aar-session3-zh-appendix.html``)."""


def context(record, score, lang="en", items=(), closed=(), still_open=(), appendix=""):
    """The Context every section reads (training.report_parts)."""
    return Context(record=record, score=score, _=texts(lang), clock=WallClock(record.exercise.scenario),
                   items=tuple(items), closed=tuple(closed), still_open=tuple(still_open), appendix=appendix)


def build(record, score, lang="en", items=(), closed=(), still_open=(), appendix="appendix", font=None):
    """The report as blocks (training.report_render's format); *appendix*: the appendix's
    file name without suffix, which the report links to."""
    ctx = context(record, score, lang, items, closed, still_open, appendix)
    blocks = parts.title(ctx) + parts.meta(ctx) + parts.relief(ctx) + parts.score_lines(ctx) + parts.top_items(ctx)
    blocks += parts.appendix_link(ctx) + [("pagebreak",)]
    blocks += parts.objectives(ctx) + timeline(ctx) + report_charts.blocks(ctx, font) + parts.outcomes(ctx)
    blocks += parts.judgements(ctx) + parts.notes(ctx) + live_report.summary(ctx)
    blocks += parts.findings(ctx) + parts.improvement_plan(ctx)
    return blocks


def build_appendix(record, score, lang="en", items=(), closed=(), still_open=(), report="report"):
    """The appendix as blocks; *report*: the report's file name without suffix (linked back)."""
    ctx = context(record, score, lang, items, closed, still_open)
    _ = ctx._
    blocks = [("h1", _("Appendix to the after-action report: {name}", name=_.name(ctx.ex.spec))),
              ("link", _("Back to the report"), report)]
    blocks += timeline(ctx, full=True) + parts.expected_actions(ctx) + live_report.tables(ctx)
    blocks += parts.differences(ctx) + parts.findings(ctx, full=True) + parts.earlier_items(ctx) + parts.rubric(ctx)
    return blocks


class ReportExists(RemedyError):
    """A report file is already there and *force* was not given."""


def report_paths(record, out, lang="en"):
    """(report .html, report .md, appendix .html, appendix .md) for *out*: a folder (the
    files get the session's name), or a path whose suffix is replaced."""
    out = Path(out)
    if out.suffix.lower() in (".md", ".html"):
        stem = out.with_suffix("")
    elif out.is_dir() or not out.suffix:
        stem = out / f"aar-session{record.session_id or 0}-{lang}"
    else:
        stem = out
    appendix = stem.with_name(stem.name + APPENDIX)
    return tuple(s.with_name(s.name + suffix) for s in (stem, appendix) for suffix in (".html", ".md"))


def write_report(record, out, lang="en", force=False, store=None, font=None):
    """Write the report and its appendix (HTML and Markdown each); return the report's HTML
    path. With *store*, the improvement plan is the one stored with the session, and the
    items of earlier exercises it closed or left open are counted (and listed in the appendix).
    *font*: a font file with Chinese glyphs for the charts (default: one the system has)."""
    paths = report_paths(record, out, lang)
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
    stem, appendix = paths[0].with_suffix("").name, paths[2].with_suffix("").name
    files = {p.name for p in paths}
    _ = texts(lang)
    see_html = _("the chart is in the HTML report")
    main = build(record, score, lang, items, closed, still_open, appendix, font)
    extra = build_appendix(record, score, lang, items, closed, still_open, stem)
    bodies = (to_html(main, lang, files), to_markdown(main, lang, files, see_html),
              to_html(extra, lang, files), to_markdown(extra, lang, files, see_html))
    make_folder(paths[0].parent)
    for path, body in zip(paths, bodies):
        write_text(path, body)  # all at once, never through a planted link (sim.outfile)
    return paths[0]
