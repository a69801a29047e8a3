"""``stormdrill sweep``: replications over a parameter grid. The work is in sim.sweep; this
module reads the command line, prints tables and writes files (``stormdrill stock`` and
``reserve`` are in cli_stock.py)."""
import math
import sys
from pathlib import Path

import sim
from messages import texts
from sim import cells
from sim.outfile import cannot_write_in, replacing, why

from . import options
from .commands import check_runs, load, problems_error, worker_count
from .errors import Stopped, UserError, in_cli_words

DEFAULT_KPIS = ("relief_target_met", "relief_kept_share", "relief_secured_share", "relief_p90_h",
                "people_needing_relief", "people_left_in_danger", "shelter_overflow", "first_stockout_h")
"""KPIs the summary table shows unless --kpi says otherwise."""

JUDGED_ONLY = ("relief_target_met", "relief_kept_share", "relief_secured_share")
"""KPIs of the relief verdict: at a grid point where nobody needed relief in any run, there is
nothing to judge (not a target missed, nor a share of nobody)."""


def parse_vary(pairs, lang=None):
    """``["a.b=1,2,3", ...]`` -> ``{"a.b": [1, 2, 3], ...}``; values read as YAML."""
    from sim.overrides import parse_value  # pydantic, YAML, rich and sim.sweep load when a sweep runs, not at start-up

    _ = texts(lang)
    vary = {}
    for pair in pairs:
        path, sep, values = pair.partition("=")
        path = path.strip()
        if not sep or not path or not values.strip():
            raise UserError(_("--vary {pair!r}: write PATH=V1,V2,..., e.g. shelters.S1.stock.water_l=500,1000,2000",
                              pair=pair))
        if path in vary:
            raise UserError(_("--vary {path}: given twice; list all its values in one --vary", path=path))
        try:
            vary[path] = [parse_value(v.strip()) for v in values.split(",")]
        except ValueError as exc:
            raise UserError(_("--vary {pair!r}: {why}", pair=pair, why=exc)) from None
    return vary


def _paths(out, force, resume, scenario, vary, seed, lang=None):
    """(output file or None, store file, keep the store afterwards?) after checking nothing is overwritten."""
    from sim.sweep import sweep_key

    _ = texts(lang)
    if out is None:
        store = Path(f"stormdrill-sweep-{sweep_key(scenario, vary, seed)[:12]}.runs.jsonl")
        keep = False
    else:
        out = Path(out)
        if out.suffix not in (".csv", ".parquet"):
            raise UserError(_("--out {out}: give a .csv or .parquet file", out=out))
        if out.exists() and out.is_dir():
            raise UserError(_("--out {out}: is a folder; give a .csv or .parquet file", out=out))
        if out.exists() and not (force or resume):
            raise UserError(_("--out {out}: exists; choose another file, or add --force to overwrite it", out=out))
        store, keep = out.with_suffix(".runs.jsonl"), True
    if store.exists() and not resume:
        if not force:
            raise UserError(_("{store}: finished runs of an earlier sweep are kept there; add --resume to "
                              "complete that sweep, or --force to start again and discard them", store=store))
        store.unlink()
    refused = cannot_write_in(store.parent)  # a read-only or unwritable folder, said before any run
    if refused:
        raise UserError(refused)
    return out, store, keep


def sweep_command(args):
    from rich.console import Console

    from sim.sweep import grid_points

    _ = texts(args.lang)
    scenario = load(args.file, args.overrides, args.lang)
    vary = parse_vary(args.vary, args.lang)
    check_runs(math.prod(len(values) for values in vary.values()), args.reps)
    backend = "dask" if (args.scheduler or args.backend == "dask") else "process"
    try:
        for point in grid_points(vary):  # every override checked before anything is written
            scenario.with_overrides(point)
    except sim.ScenarioError as exc:
        raise problems_error(exc) from None
    if args.kpi:  # names checked on one quick run, before the sweep
        known = sim.run(scenario, seed=0).kpis
        unknown = [k for k in args.kpi if k not in known]
        if unknown:
            raise UserError(_("--kpi: unknown KPI {unknown}; known: {known}", unknown=", ".join(unknown),
                              known=", ".join(known)))
    out, store, keep = _paths(args.out, args.force, args.resume, scenario, vary, args.seed, args.lang)
    console = Console()
    if not args.quiet:  # a note beside the progress bar, on stderr: stdout keeps the answer
        note = _("{points} grid point(s) x {reps} replications; finished runs kept in {store}",
                 points=len(grid_points(vary)), reps=args.reps, store=store)
        Console(stderr=True).print(note, style="dim", markup=False)
    try:
        result = _run(scenario, vary, args, backend, store)
    except BaseException:
        if _count_runs(store) == 0 and not args.resume:
            store.unlink(missing_ok=True)  # nothing finished: leave no empty store behind
        raise
    return _finish(result, args, scenario, console, out, store, keep)


def _run(scenario, vary, args, backend, store):
    """sim.sweep with its errors turned into UserError; a Ctrl-C into the resume hint."""
    from sim.sweep import SweepStoreError

    _ = texts(args.lang)
    try:
        return sim.sweep(scenario, vary=vary, replications=args.reps, seed=args.seed, workers=args.workers,
                         backend=backend, scheduler=args.scheduler, store=store, resume=args.resume,
                         progress=not args.quiet and sys.stderr.isatty())  # a bar on a terminal only
    except KeyboardInterrupt as stop:
        kept = _count_runs(store)
        if not kept:
            raise
        how = _("stopped (SIGTERM)") if isinstance(stop, Stopped) else _("interrupted")
        print(_("stormdrill: {how}; {kept} finished run(s) kept in {store}: run the same command with --resume "
                "to finish", how=how, kept=kept, store=store), file=sys.stderr)  # one line, and the command ends here
        raise SystemExit(143 if isinstance(stop, Stopped) else 130) from None
    except sim.ScenarioError as exc:
        raise problems_error(exc) from None
    except SweepStoreError as exc:
        raise UserError(in_cli_words(exc)) from None
    except (ValueError, TypeError, RuntimeError) as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:  # a scheduler that cannot be reached, a store that cannot be written
        if args.scheduler:
            raise UserError(_("cannot reach the Dask scheduler at {address}: {why}", address=args.scheduler,
                              why=exc)) from None
        kept = _count_runs(store)
        raise UserError(why(store, exc) + (_("; {kept} finished run(s) kept there: run the same command with "
                                             "--resume to finish", kept=kept) if kept else "")) from None


def _finish(result, args, scenario, console, out, store, keep):
    print_summary(result, args.kpi or DEFAULT_KPIS, scenario, console, args.lang)
    if out is not None:
        _write(result, out)
        _ = texts(args.lang)
        console.print(_("wrote {out} ({rows} rows), {summary}; runs kept in {store}", out=out, rows=len(result.rows),
                        summary=_summary_path(out), store=store), markup=False)
    elif not keep:
        store.unlink(missing_ok=True)
    return 0


def _count_runs(store):
    try:
        with open(store, encoding="utf-8") as fh:
            return max(0, sum(1 for _ in fh) - 1)
    except OSError:
        return 0


def _summary_path(out):
    return out.with_suffix(".summary.csv")


def _write(result, out):
    try:
        if out.suffix == ".parquet":
            result.to_parquet(out)
        else:
            result.to_csv(out)
    except RuntimeError as exc:
        raise UserError(str(exc)) from None

    columns = []
    for entry in result.summary:
        columns += [c for c in entry if c not in columns]
    with replacing(_summary_path(out), newline="") as fh:
        writer = cells.dict_writer(fh, fieldnames=columns)
        writer.writeheader()
        for entry in result.summary:
            writer.writerow(entry)


def print_summary(result, kpis, scenario, console, lang=None):
    """Per grid point, one line per KPI: its mean (or probability) and 95 % confidence interval."""
    from rich.table import Table

    _ = texts(lang)
    missing = [k for k in kpis if k not in result.rows[0]]
    if missing:
        raise UserError(_("--kpi: unknown KPI {unknown}; known: {known}", unknown=", ".join(missing),
                          known=", ".join(result.kpi_names())))
    table = Table(title=_("{scenario}: {reps} replications per point, seed {seed}", scenario=_.name(scenario),
                          reps=result.replications, seed=result.seed))
    table.add_column(_("grid point"))
    table.add_column(_("KPI"))
    table.add_column(_("mean or P"), justify="right")
    table.add_column(_("95 % CI"), justify="right")
    for entry in result.summary:
        point = _point(result, entry, _)
        for i, name in enumerate(kpis):
            value, ci = _judged_cell(entry, name, _) or _cell(entry, name, _)
            table.add_row(point if i == 0 else "", name, value, ci, end_section=i == len(kpis) - 1)
    console.print(table)
    if len(result.summary) > 1:
        console.print(paired_table(result, kpis, lang))


def _point(result, entry, _):
    return "\n".join(f"{_short(p)}={entry[p]}" for p in result.vary) or _("as is")


def paired_table(result, kpis, lang=None):
    """Each grid point against the first, replication by replication (common random numbers):
    the mean paired difference and its 95 % interval; shares in percentage points."""
    from rich.table import Table

    _ = texts(lang)
    table = Table(title=_("Paired differences from the first grid point (same storms)"))
    table.add_column(_("grid point"))
    table.add_column(_("KPI"))
    table.add_column(_("Δ (95 % CI)"), justify="right")
    reps = result.replications
    first = result.rows[:reps]
    for g, entry in enumerate(result.summary[1:], start=1):
        rows = result.rows[g * reps:(g + 1) * reps]
        for i, name in enumerate(kpis):
            table.add_row(_point(result, entry, _) if i == 0 else "", name, _vs_first(first, rows, name, lang),
                          end_section=i == len(kpis) - 1)
    return table


def _vs_first(first, rows, name, lang=None):
    """The paired difference of *name* from the first grid point, replication by replication,
    with its 95 % interval (shares in percentage points)."""
    from planning.compare import paired
    from planning.compare_texts import fmt_diff

    d = paired(first, rows, name)
    if math.isnan(d.diff):
        return "—"
    return f"{fmt_diff(name, d.diff, lang)} ({_bare(name, d.low)} … {_bare(name, d.high)})"


def _bare(name, x):
    """An interval's end in the unit of its difference, without the unit."""
    from planning.compare_texts import is_share

    if math.isnan(x):
        return "—"
    return f"{100 * x:+.1f}" if is_share(name) else f"{x:+.1f}" if abs(x) < 10 else f"{x:+,.0f}"


def _short(path):
    """``shelters.S1.stock.water_l`` -> ``S1.stock.water_l``: enough to tell the columns apart."""
    parts = path.split(".")
    return ".".join(parts[-3:]) if len(parts) > 3 else path


def _judged_cell(entry, name, _):
    """(value, interval) of a relief-verdict KPI at a point with nothing to judge in some runs, else None."""
    judged = entry.get("relief_judged_p")
    if name not in JUDGED_ONLY or judged is None or judged >= 1.0:
        return None
    if judged == 0:
        return _("nothing to judge"), ""
    if name != "relief_target_met":
        return None  # the mean says "(x % of runs)": the runs that had a share
    value, ci = _cell(entry, name, _)
    return _("{p} ({judged:.0%} of runs judged)", p=value, judged=judged), ci


def _cell(entry, name, _):
    """(value, interval) as text for one KPI of one grid point (*_*: the catalogue)."""
    if f"{name}_p" in entry:
        return f"{entry[name + '_p']:.2f}", f"{entry[name + '_low']:.2f} – {entry[name + '_high']:.2f}"
    mean = entry.get(f"{name}_mean", math.nan)
    finite = entry.get(f"{name}_finite_share")
    if math.isnan(mean):
        return (_("never") if finite == 0 else "—"), ""
    low, high = entry[f"{name}_low"], entry[f"{name}_high"]
    ci = "" if math.isnan(low) else f"{_num(low)} – {_num(high)}"
    value = _num(mean) + ("" if finite is None else " " + _("({share:.0%} of runs)", share=finite))
    return value, ci


def _num(x):
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.2f}"


def register(sub, _):
    """Add ``sweep`` to the ``stormdrill`` parser (``_``: the catalogue of this command line)."""
    p = sub.add_parser("sweep", help=_("run many replications over a grid of parameter values"),
                       description=_("Run replications of a scenario at every combination of the --vary values, "
                                     "in parallel, and print each point's mean (or probability) with its 95 % "
                                     "confidence interval. Replication k uses the same seed at every point."))
    p.add_argument("file", help=_("scenario YAML file"))
    p.add_argument("--vary", action="append", default=[], metavar="PATH=V1,V2,...",
                   help=_("values for one dotted path, e.g. shelters.S1.stock.water_l=500,1000 (repeatable; "
                          "the grid is every combination)"))
    options.add_reps(p, _("replications per grid point (default {n})", n=options.REPLICATIONS))
    p.add_argument("--workers", type=worker_count, default=None, metavar="W",
                   help=_("processes that play runs, this one included (default: one per core); worker "
                          "processes start only when the sweep is big enough to pay for them"))
    options.add_seed(p, _("the sweep's seed (default 0)"))
    options.add_set(p)
    options.add_out(p, _("write every run to FILE (.csv or .parquet), the summary to FILE's name with "
                         ".summary.csv, and keep finished runs in .runs.jsonl beside it"), metavar="FILE")
    p.add_argument("--resume", action="store_true", help=_("complete an interrupted sweep from its kept runs"))
    options.add_force(p, _("overwrite --out and discard runs kept from an earlier sweep"))
    p.add_argument("--backend", choices=("process", "dask"), default="process",
                   help=_("process: worker processes here (default); dask: a Dask cluster (local unless "
                          "--scheduler)"))
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT", help=_("run on the Dask scheduler at this address"))
    p.add_argument("--kpi", action="append", metavar="NAME", help=_("KPI to show in the table (repeatable)"))
    options.add_quiet(p, _("no progress bar"))
    options.add_lang(p)
    p.set_defaults(func=sweep_command)
