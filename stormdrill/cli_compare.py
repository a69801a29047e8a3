"""``stormdrill compare``: plans compared on the same storms, and the tornado of levers.

Wiring only: the work is in planning/compare.py and planning/sensitivity.py."""
import sys
from pathlib import Path

import sim
from messages import texts

from . import options, output
from .commands import load, parse_overrides, problems_error, worker_count
from .errors import UserError
from .progress import Progress

FILES = ("compare.csv", "differences.csv", "compare.png")
TORNADO_FILES = ("tornado.csv", "tornado.png")


def register(sub, _):
    """Add ``compare`` to the ``stormdrill`` parser (``_``: the catalogue of this command line)."""
    p = sub.add_parser(
        "compare", help=_("compare plans on the same storms: paired differences with intervals"),
        description=_("Run the scenario as planned and each variant (another plan file, or the plan with some values "
                      "changed) on the same replications (common random numbers), and print the paired differences "
                      "of the verdict share and the relief KPIs with 95 % intervals. --tornado moves each lever a "
                      "planner can change (compliance, public share, teams, stocks, trucks, onset) down and up. "
                      "See docs/sweeps.md."))
    p.add_argument("file", help=_("scenario YAML file (its plan is the baseline)"))
    p.add_argument("--plan", action="append", default=[], metavar="FILE",
                   help=_("another plan file to compare with the scenario's own (repeatable)"))
    p.add_argument("--variant", action="append", nargs="+", default=[], metavar=("NAME", "PATH=VALUE"),
                   help=_("a variant: a name and the values it changes, e.g. --variant earlier "
                          "plan.rules.P4.when.before_onset=12h (repeatable)"))
    p.add_argument("--tornado", action="store_true",
                   help=_("also move each lever down and up (stated ranges in docs/sweeps.md) and draw the tornado"))
    options.add_set(p)
    options.add_reps(p, _("replications per variant (default {n})", n=options.REPLICATIONS))
    options.add_seed(p)
    p.add_argument("--workers", type=worker_count, default=None, metavar="W",
                   help=_("worker processes (default: one per core)"))
    p.add_argument("--kpi", action="append", metavar="NAME",
                   help=_("KPI to compare (repeatable; default the verdict share and the relief KPIs)"))
    options.add_lang(p)
    options.add_out(p, _("write {files} (and with --tornado {more}) to DIR", files=", ".join(FILES),
                         more=", ".join(TORNADO_FILES)))
    options.add_force(p)
    options.add_quiet(p)
    p.set_defaults(func=compare_command)


def variants(args):
    """The baseline and every variant the command line asks for, --set applied to each."""
    from planning.compare import Variant
    from planning.plans import with_plan

    lang = args.lang
    sets = parse_overrides(args.overrides, lang)
    base = load(args.file, lang=lang)
    try:
        base = base.with_overrides(sets) if sets else base
        out = [Variant("baseline", base)]
        for path in args.plan:
            scenario = with_plan(args.file, path)
            scenario = scenario.with_overrides(sets) if sets else scenario
            plan = scenario.plan
            out.append(Variant(plan.name or Path(path).stem, scenario, name_zh=plan.name_zh))
        for name, *pairs in args.variant:
            if not pairs:
                _ = texts(lang)
                raise UserError(_("--variant {name}: give the values it changes, e.g. --variant {name} "
                                  "behaviour.compliance=0.95", name=name))
            out.append(Variant(name, base, parse_overrides(pairs, lang)))
        for v in out:
            v.built()  # every override checked before any run
    except sim.ScenarioError as exc:
        raise problems_error(exc, lang) from None
    return out


def compare_command(args):
    from planning import compare_texts

    chosen = variants(args)
    if len(chosen) < 2 and not args.tornado:
        _ = texts(args.lang)
        raise UserError(_("compare: give --plan FILE, --variant NAME PATH=VALUE ... or --tornado"))
    kpis = tuple(args.kpi) if args.kpi else None
    out = Path(args.out) if args.out else None
    if out is not None:
        output.check_writable(out, FILES + (TORNADO_FILES if args.tornado else ()), args.force, UserError)
    result, bars = _run(chosen, kpis, args)
    _print(result, bars, args.lang)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        written = _write(result, bars, out, args.lang)
        print(compare_texts.wrote(written, args.lang))
    return 0


def _run(chosen, kpis, args):
    """(Comparison or None, tornado bars or []): the runs, with one progress bar."""
    from planning import compare, sensitivity
    from planning.compare_texts import variant_label

    total = args.reps * ((len(chosen) if len(chosen) > 1 else 0) +
                         (len(sensitivity.variants(chosen[0].scenario)) if args.tornado else 0))
    bar = Progress(total, "runs", "", quiet=args.quiet, lang=args.lang)
    labels = {v.name: variant_label(v, args.lang) for v in chosen}

    def on(name):
        bar.update(label=labels.get(name) or variant_label(name, args.lang))
    result, bars = None, []
    try:
        with bar:
            if len(chosen) > 1:
                result = compare.compare(chosen, args.reps, args.seed, args.workers, kpis or compare.KPIS,
                                         progress=lambda n: bar.update(advance=n), on_variant=on)
            if args.tornado:
                _, bars = sensitivity.tornado(chosen[0].scenario, args.reps, args.seed, args.workers,
                                              progress=lambda n: bar.update(advance=n), on_variant=on)
    except sim.ScenarioError as exc:
        raise problems_error(exc) from None
    except ValueError as exc:
        raise UserError(str(exc)) from None
    except KeyboardInterrupt:
        _ = texts(args.lang)
        print(_("stormdrill: {how}; nothing written", how=_("interrupted")), file=sys.stderr)
        raise
    return result, bars


def _print(result, bars, lang):
    from rich.console import Console
    from rich.table import Table

    from planning import compare_texts

    console = Console()
    if result is not None:
        print(compare_texts.intro(result, lang))
        for variant in result.variants[1:]:
            head, rows = compare_texts.table(result, variant, lang)
            table = Table(title=compare_texts.variant_label(variant, lang), title_justify="left")
            for i, h in enumerate(head):
                table.add_column(h, justify="left" if i in (0, 5) else "right")
            for row in rows:
                table.add_row(*row)
            console.print(table)
        for line in compare_texts.findings(result, lang):
            print(line)
    for line in compare_texts.tornado_lines(bars, lang):
        print(line)


def _write(result, bars, out, lang):
    from planning import compare_files

    written = []
    if result is not None:
        written += compare_files.write_comparison(result, out, lang)
    if bars:
        written += compare_files.write_tornado(bars, out, lang)
    return written
