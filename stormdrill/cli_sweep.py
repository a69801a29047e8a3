"""``stormdrill sweep``: replications over a parameter grid. The work is in sim.sweep; this
module reads the command line, prints tables and writes files (``stormdrill stock`` and
``reserve`` are in cli_stock.py)."""
import math
import sys
from pathlib import Path

import sim
from sim import cells
from sim.outfile import cannot_write_in, replacing, why

from . import options
from .commands import check_runs, load, positive_int, problems_error, seed_option, worker_count
from .errors import Stopped, UserError, in_cli_words

DEFAULT_KPIS = ("relief_target_met", "relief_kept_share", "relief_secured_share", "relief_p90_h",
                "people_needing_relief", "people_left_in_danger", "shelter_overflow", "first_stockout_h")
"""KPIs the summary table shows unless --kpi says otherwise."""


def parse_vary(pairs):
    """``["a.b=1,2,3", ...]`` -> ``{"a.b": [1, 2, 3], ...}``; values read as YAML."""
    from sim.overrides import parse_value  # pydantic, YAML, rich and sim.sweep load when a sweep runs, not at start-up

    vary = {}
    for pair in pairs:
        path, sep, values = pair.partition("=")
        path = path.strip()
        if not sep or not path or not values.strip():
            raise UserError(f"--vary {pair!r}: write PATH=V1,V2,..., e.g. shelters.S1.stock.water_l=500,1000,2000")
        if path in vary:
            raise UserError(f"--vary {path}: given twice; list all its values in one --vary")
        try:
            vary[path] = [parse_value(v.strip()) for v in values.split(",")]
        except ValueError as exc:
            raise UserError(f"--vary {pair!r}: {exc}") from None
    return vary


def _paths(out, force, resume, scenario, vary, seed):
    """(output file or None, store file, keep the store afterwards?) after checking nothing is overwritten."""
    from sim.sweep import sweep_key

    if out is None:
        store = Path(f"stormdrill-sweep-{sweep_key(scenario, vary, seed)[:12]}.runs.jsonl")
        keep = False
    else:
        out = Path(out)
        if out.suffix not in (".csv", ".parquet"):
            raise UserError(f"--out {out}: give a .csv or .parquet file")
        if out.exists() and out.is_dir():
            raise UserError(f"--out {out}: is a folder; give a .csv or .parquet file")
        if out.exists() and not (force or resume):
            raise UserError(f"--out {out}: exists; choose another file, or add --force to overwrite it")
        store, keep = out.with_suffix(".runs.jsonl"), True
    if store.exists() and not resume:
        if not force:
            raise UserError(f"{store}: finished runs of an earlier sweep are kept there; add --resume to "
                            f"complete that sweep, or --force to start again and discard them")
        store.unlink()
    refused = cannot_write_in(store.parent)  # a read-only or unwritable folder, said before any run
    if refused:
        raise UserError(refused)
    return out, store, keep


def sweep_command(args):
    from rich.console import Console

    from sim.sweep import grid_points

    scenario = load(args.file, args.overrides, args.lang)
    vary = parse_vary(args.vary)
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
            raise UserError(f"--kpi: unknown KPI {', '.join(unknown)}; known: {', '.join(known)}")
    out, store, keep = _paths(args.out, args.force, args.resume, scenario, vary, args.seed)
    console = Console()
    if not args.quiet:  # a note beside the progress bar, on stderr: stdout keeps the answer
        Console(stderr=True).print(f"[dim]{len(grid_points(vary))} grid point(s) x {args.reps} "
                                   f"replications; finished runs kept in {store}[/dim]")
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

    try:
        return sim.sweep(scenario, vary=vary, replications=args.reps, seed=args.seed, workers=args.workers,
                         backend=backend, scheduler=args.scheduler, store=store, resume=args.resume,
                         progress=not args.quiet and sys.stderr.isatty())  # a bar on a terminal only
    except KeyboardInterrupt as stop:
        kept = _count_runs(store)
        if not kept:
            raise
        how = "stopped (SIGTERM)" if isinstance(stop, Stopped) else "interrupted"
        print(f"stormdrill: {how}; {kept} finished run(s) kept in {store}: run the same command with --resume "
              f"to finish", file=sys.stderr)  # one line, and the command ends here
        raise SystemExit(143 if isinstance(stop, Stopped) else 130) from None
    except sim.ScenarioError as exc:
        raise problems_error(exc) from None
    except SweepStoreError as exc:
        raise UserError(in_cli_words(exc)) from None
    except (ValueError, TypeError, RuntimeError) as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:  # a scheduler that cannot be reached, a store that cannot be written
        if args.scheduler:
            raise UserError(f"cannot reach the Dask scheduler at {args.scheduler}: {exc}") from None
        kept = _count_runs(store)
        raise UserError(why(store, exc) + (f"; {kept} finished run(s) kept there: run the same command with --resume "
                                           f"to finish" if kept else "")) from None


def _finish(result, args, scenario, console, out, store, keep):
    print_summary(result, args.kpi or DEFAULT_KPIS, scenario, console)
    if out is not None:
        _write(result, out)
        console.print(f"wrote {out} ({len(result.rows)} rows), {_summary_path(out)}; runs kept in {store}")
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


def print_summary(result, kpis, scenario, console):
    """Per grid point, one line per KPI: its mean (or probability) and 95 % confidence interval."""
    missing = [k for k in kpis if k not in result.rows[0]]
    if missing:
        raise UserError(f"--kpi: unknown KPI {', '.join(missing)}; known: {', '.join(result.kpi_names())}")
    from rich.table import Table

    table = Table(title=f"{scenario.name}: {result.replications} replications per point, seed {result.seed}")
    table.add_column("grid point")
    table.add_column("KPI")
    table.add_column("mean or P", justify="right")
    table.add_column("95 % CI", justify="right")
    for entry in result.summary:
        point = _point(result, entry)
        for i, name in enumerate(kpis):
            value, ci = _cell(entry, name)
            table.add_row(point if i == 0 else "", name, value, ci, end_section=i == len(kpis) - 1)
    console.print(table)
    if len(result.summary) > 1:
        console.print(paired_table(result, kpis))


def _point(result, entry):
    return "\n".join(f"{_short(p)}={entry[p]}" for p in result.vary) or "as is"


def paired_table(result, kpis):
    """Each grid point against the first, replication by replication (common random numbers):
    the mean paired difference and its 95 % interval; shares in percentage points."""
    from rich.table import Table

    table = Table(title="Paired differences from the first grid point (same storms)")
    table.add_column("grid point")
    table.add_column("KPI")
    table.add_column("Δ (95 % CI)", justify="right")
    reps = result.replications
    first = result.rows[:reps]
    for g, entry in enumerate(result.summary[1:], start=1):
        rows = result.rows[g * reps:(g + 1) * reps]
        for i, name in enumerate(kpis):
            table.add_row(_point(result, entry) if i == 0 else "", name, _vs_first(first, rows, name),
                          end_section=i == len(kpis) - 1)
    return table


def _vs_first(first, rows, name):
    """The paired difference of *name* from the first grid point, replication by replication,
    with its 95 % interval (shares in percentage points)."""
    from planning.compare import paired
    from planning.compare_texts import fmt_diff

    d = paired(first, rows, name)
    if math.isnan(d.diff):
        return "—"
    return f"{fmt_diff(name, d.diff, 'en')} ({_bare(name, d.low)} … {_bare(name, d.high)})"


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


def _cell(entry, name):
    """(value, interval) as text for one KPI of one grid point."""
    if f"{name}_p" in entry:
        return f"{entry[name + '_p']:.2f}", f"{entry[name + '_low']:.2f} – {entry[name + '_high']:.2f}"
    mean = entry.get(f"{name}_mean", math.nan)
    finite = entry.get(f"{name}_finite_share")
    if math.isnan(mean):
        return ("never" if finite == 0 else "—"), ""
    low, high = entry[f"{name}_low"], entry[f"{name}_high"]
    ci = "" if math.isnan(low) else f"{_num(low)} – {_num(high)}"
    value = _num(mean) + ("" if finite is None else f" ({finite:.0%} of runs)")
    return value, ci


def _num(x):
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.2f}"


def register(sub, _):
    """Add ``sweep`` and ``stock`` to the ``stormdrill`` parser."""
    p = sub.add_parser("sweep", help="run many replications over a grid of parameter values",
                       description="Run replications of a scenario at every combination of the --vary values, "
                                   "in parallel, and print each point's mean (or probability) with its 95 % "
                                   "confidence interval. Replication k uses the same seed at every point.")
    p.add_argument("file", help="scenario YAML file")
    p.add_argument("--vary", action="append", default=[], metavar="PATH=V1,V2,...",
                   help="values for one dotted path, e.g. shelters.S1.stock.water_l=500,1000 (repeatable; "
                        "the grid is every combination)")
    p.add_argument("--reps", type=positive_int, default=options.REPLICATIONS, metavar="R",
                   help="replications per grid point (default %(default)s)")
    p.add_argument("--workers", type=worker_count, default=None, metavar="W",
                   help="processes that play runs, this one included (default: one per core); worker "
                        "processes start only when the sweep is big enough to pay for them")
    p.add_argument("--seed", type=seed_option, default=0, help="the sweep's seed (default 0)")
    options.add_set(p)
    p.add_argument("-o", "--out", metavar="FILE", help="write every run to FILE (.csv or .parquet), the summary to "
                                                  "FILE's name with .summary.csv, and keep finished runs in "
                                                  ".runs.jsonl beside it")
    p.add_argument("--resume", action="store_true", help="complete an interrupted sweep from its kept runs")
    p.add_argument("--force", action="store_true", help="overwrite --out and discard runs kept from an earlier sweep")
    p.add_argument("--backend", choices=("process", "dask"), default="process",
                   help="process: worker processes here (default); dask: a Dask cluster (local unless --scheduler)")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="run on the Dask scheduler at this address")
    p.add_argument("--kpi", action="append", metavar="NAME", help="KPI to show in the table (repeatable)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    options.add_lang(p)
    p.set_defaults(func=sweep_command)
