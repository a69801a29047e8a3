"""``stormdrill stock``: the shelter-stock stress test and the district-reserve check."""
import math
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

import sim


def register_stock(sub, positive):
    p = sub.add_parser("stock", help="find the shelter stocks that meet the 10-hour target with a given probability",
                       description="For each shelter and item, find the smallest stock at which the 10-hour relief "
                                   "target is met in the given share of replications (same seeds at every level), "
                                   "print current and recommended stocks and the district-reserve check, and "
                                   "write stock.csv and stock.html to --out.")
    p.add_argument("file", help="scenario YAML file")
    p.add_argument("--confidence", type=float, default=0.95, help="required probability of meeting the target "
                                                                  "(default 0.95)")
    p.add_argument("--items", help="comma-separated items to search (default: every item that counts towards "
                                   "secured, e.g. water_l,food,bedding,medical)")
    p.add_argument("--reps", type=positive, default=40, metavar="R", help="replications per stock level (default 40)")
    p.add_argument("--seed", type=int, default=0, help="seed of the replications (default 0)")
    p.add_argument("--step", type=float, default=1.0, help="unit step of the search, in each item's units (default 1)")
    p.add_argument("--workers", type=positive, default=None, metavar="W", help="worker processes (default: one per core)")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="run on the Dask scheduler at this address")
    p.add_argument("--verify", action="store_true", help="play each recommendation one step lower again with "
                                                          "all seeds and every other recommendation in place")
    p.add_argument("--out", metavar="DIR", help="write stock.csv and stock.html to DIR")
    p.add_argument("--force", action="store_true", help="overwrite stock.csv and stock.html in DIR")
    p.set_defaults(func=stock)


def stock(args):
    from stormdrill import output
    from stormdrill.commands import load, problems_error
    from stormdrill.errors import UserError

    from .report import write_csv, write_html
    from .reserve import reserve_check
    from .stock_search import stock_test

    scenario = load(args.file)
    if not 0 < args.confidence <= 1:
        raise UserError(f"--confidence {args.confidence}: give a probability above 0 and at most 1, e.g. 0.95")
    if args.step <= 0:
        raise UserError(f"--step {args.step}: give a positive number of units")
    items = [i.strip() for i in args.items.split(",") if i.strip()] if args.items else None
    out = Path(args.out) if args.out else None
    if out is not None:
        output.check_writable(out, ("stock.csv", "stock.html"), args.force, UserError)
    console = Console()
    console.print(f"[dim]searching {len(scenario.shelters)} shelter(s) x {len(items) if items else 'all'} item(s), "
                  f"{args.reps} replications per level...[/dim]")
    try:
        with console.status("starting workers...") as status:
            def probed(path, level, p):
                status.update(f"{path}: {level:,.6g} -> target met in {p:.0%} of runs")

            report = stock_test(scenario, items=items, confidence=args.confidence, replications=args.reps,
                                seed=args.seed, workers=args.workers, step=args.step,
                                backend="dask" if args.scheduler else "process", scheduler=args.scheduler,
                                verify=args.verify, on_probe=probed,
                                on_finding=lambda f: console.print(f"[dim]  {f.shelter} {f.item}: "
                                                                   f"{f.recommended:,.6g} {f.unit}[/dim]"))
    except sim.ScenarioError as exc:
        raise problems_error(exc) from None
    except (ValueError, RuntimeError) as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"cannot reach the Dask scheduler at {args.scheduler}: {exc}" if args.scheduler
                        else str(exc)) from None
    except KeyboardInterrupt:
        print("stormdrill: interrupted; nothing written", file=sys.stderr)
        return 130
    reserve = reserve_check(scenario)
    print_report(report, reserve, console)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        write_csv(report, out / "stock.csv")
        write_html(report, reserve, out / "stock.html")
        console.print(f"wrote {out / 'stock.csv'}, {out / 'stock.html'}")
    return 0


def print_report(report, reserve, console):
    s = report.scenario
    table = Table(title=f"{s.name}: stocks for the {s.relief.target:g}-hour target in {report.confidence:.0%} of "
                        f"{report.replications} replications")
    for name in ("shelter", "item", "now", "recommended", "shortfall", "kg", "P a step below"):
        table.add_column(name, justify="left" if name in ("shelter", "item") else "right")
    for f in report.findings:
        rec = f"{f.recommended:,.6g}" + ("" if f.reachable else " *")
        short = f"[red]{f.shortfall:,.6g}[/red]" if f.shortfall > 0 else "0"
        table.add_row(f.shelter, f"{f.item} ({_short_unit(f.unit)})", f"{f.current:,.6g}", rec, short,
                      f"{f.shortfall_kg:,.0f}", _p(f.p_step_below))
    console.print(table)
    totals = {}
    for f in report.findings:
        totals.setdefault((f.item, f.unit), [0.0, 0.0])
        totals[(f.item, f.unit)][0] += f.shortfall
        totals[(f.item, f.unit)][1] += f.shortfall_kg
    cost = ", ".join(f"{u:,.6g} {unit} of {item}" for (item, unit), (u, _) in totals.items() if u > 0)
    kg = sum(v[1] for v in totals.values())
    console.print(f"Cost of closing the shortfall: {cost or 'nothing'}" + (f" ({kg:,.0f} kg)" if kg else ""))
    console.print(f"P(target met) now: {report.p_current:.0%}; with every recommended stock: "
                  f"{report.p_recommended:.0%} ({report.runs:,} simulations)")
    if not all(f.reachable for f in report.findings):
        console.print("* even unlimited stock of this item does not reach the asked probability: the target fails "
                      "for other reasons (evacuation, intake, roads, or an item not searched); the level shown is "
                      "where more stock stops helping")
    console.print(_reserve_line(reserve))


def _reserve_line(reserve):
    if not reserve.depots:
        return (f"[red]District reserve: the scenario has no district depot, so it supplies no township "
                f"(rule: at least {reserve.rule})[/red]")
    n = "unlimited" if math.isinf(reserve.townships) else f"{reserve.townships:g}"
    worst = min(reserve.items, key=lambda c: c.townships)
    colour = "green" if reserve.meets_rule else "red"
    return (f"[{colour}]District reserve ({', '.join(reserve.depots)}): supplies {n} township(s) at once "
            f"(limited by {worst.item}: {worst.reserve:,.0f} {worst.unit} against {worst.largest_need:,.0f} for "
            f"{worst.largest_township}); rule: at least {reserve.rule} — "
            f"{'met' if reserve.meets_rule else 'NOT met'}[/{colour}]")


def _short_unit(unit):
    """``day ration (2,100 kcal)`` -> ``day ration``."""
    return unit.split(" (")[0]


def _p(p):
    return "—" if isinstance(p, float) and math.isnan(p) else f"{p:.0%}"
