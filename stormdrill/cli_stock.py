"""``stormdrill stock`` and ``stormdrill reserve``: wiring only; the work is in planning/."""
import sys
import time
from pathlib import Path

import sim
from messages import texts as messages_texts

from . import options, output
from .commands import hours_option, load, positive_int, problems_error, worker_count
from .errors import Stopped, UserError
from .progress import Progress

FILES = ("stock.csv", "stock.html", "purchase.xlsx", "shelters.geojson", "shortfall.geojson", "shortfall.png")


def register(sub, _):
    """Add ``stock`` and ``reserve`` to the ``stormdrill`` parser (``_``: the catalogue of this command line)."""
    p = sub.add_parser(
        "stock", help=_("how much each shelter needs so the target holds with probability p, in purchase units"),
        description=_("One batch of runs with ample stock records what each shelter's people draw; each shelter's "
                      "stock is read from it (before the first resupply as planned, or for --hold-out hours with "
                      "the depots cut off), all shelters at one joint probability, then verified with fresh seeds. "
                      "Prints what to add in purchase units (never less than held now) and the district-reserve "
                      "check; --out writes {files}.", files=", ".join(FILES)))
    p.add_argument("file", help=_("scenario YAML file"))
    p.add_argument("--confidence", type=float, default=options.CONFIDENCE,
                   help=_("probability asked for (default {p})", p=options.CONFIDENCE))
    p.add_argument("--items", help=_("comma-separated items (default: every item that counts towards secured, "
                                     "e.g. water_l,food,bedding,medical)"))
    p.add_argument("--hold-out", nargs="?", const="resupply", metavar="HOURS",
                   help=_("the hold-out question: every shelter carries what its people need until the first "
                          "resupply could reach it (no value), or for HOURS with the depots cut off (e.g. 24h, "
                          "Sphere style)"))
    p.add_argument("--no-resupply", action="store_true",
                   help=_("no truck reaches any shelter: stock for the whole relief window, judged by the "
                          "relief verdict"))
    options.add_reps(p, _("runs in the batch (default {n})", n=options.REPLICATIONS))
    p.add_argument("--verify-reps", type=positive_int, default=None, metavar="V",
                   help=_("fresh runs per verification (default: as many as --reps)"))
    p.add_argument("--settle", action="store_true",
                   help=_("when the last check's interval still holds the asked probability, play the fresh runs "
                          "that settle it (up to 5,000; by default only when no more than --verify-reps)"))
    p.add_argument("--prices", metavar="FILE.csv",
                   help=_("unit prices: a CSV with columns item, price_cny (yuan per purchase unit), optional unit "
                          "and source; over the scenario's price_cny and the defaults (docs/sweeps.md, Costs)"))
    p.add_argument("--cheapest", action="store_true",
                   help=_("share the allowed chance of running short in proportion to what a margin costs at each "
                          "shelter: the cheapest list that holds at --confidence"))
    p.add_argument("--budget", type=float, metavar="YUAN",
                   help=_("the cheapest list at --confidence and, if it costs more, the cheapest list within YUAN, "
                          "checked on fresh seeds (implies --cheapest)"))
    options.add_seed(p, _("seed of the runs (default 0)"))
    p.add_argument("--workers", type=worker_count, default=None, metavar="W",
                   help=_("worker processes (default: one per core)"))
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT", help=_("run on the Dask scheduler at this address"))
    options.add_lang(p)
    options.add_set(p)
    options.add_out(p, _("write {files} to DIR", files=", ".join(FILES)))
    options.add_force(p, _("overwrite those files in DIR"))
    options.add_quiet(p, _("no progress bar"))
    p.set_defaults(func=stock)

    p = sub.add_parser("reserve", help=_("can the district reserve stock the two largest townships at once?"),
                       description=_("Name the two townships with the largest need, say whether the district depots "
                                     "cover them at once (shelters full, target hours of use), and if not which "
                                     "item limits and how much to add, in purchase units. No simulation."))
    p.add_argument("file", help=_("scenario YAML file"))
    options.add_lang(p)
    options.add_set(p)
    p.set_defaults(func=reserve)


def stock(args):
    """``stormdrill stock``: the stock test, its answer printed and (with --out) written."""
    import planning
    from planning import texts

    _ = messages_texts(args.lang)
    scenario = load(args.file, args.overrides, args.lang)
    question = _question(args, scenario, _)
    out = Path(args.out) if args.out else None
    if out is not None:
        output.check_writable(out, FILES, args.force, UserError)
    bar = StockProgress(args.reps, args.lang, args.quiet)
    started = time.perf_counter()
    try:
        with bar.bar:
            answer = planning.stock_test(
                scenario, confidence=args.confidence, replications=args.reps, verify_replications=args.verify_reps,
                seed=args.seed, workers=args.workers, backend="dask" if args.scheduler else "process",
                scheduler=args.scheduler, progress=bar.runs_done, on_stage=bar.stage,
                settle=True if args.settle else None, rule="cheapest" if args.cheapest else "equal",
                budget=args.budget, **question)
    except sim.ScenarioError as exc:
        raise problems_error(exc) from None
    except (ValueError, RuntimeError) as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(_("cannot reach the Dask scheduler at {address}: {why}", address=args.scheduler, why=exc)
                        if args.scheduler else str(exc)) from None
    except KeyboardInterrupt as stop:  # Ctrl-C, or SIGTERM (Stopped): the workers are ended already
        how = _("stopped (SIGTERM)") if isinstance(stop, Stopped) else _("interrupted")
        print(_("stormdrill: {how}; nothing written", how=how), file=sys.stderr)
        return 143 if isinstance(stop, Stopped) else 130
    seconds = time.perf_counter() - started
    for line in texts.lines(answer, args.lang, seconds):
        print(line)
    for line in texts.reserve_lines(answer.reserve, scenario, args.lang):
        print(line)
    if out is not None:
        _write(answer, out, args.lang, seconds)
        print(texts.wrote_line([out / f for f in FILES], args.lang))
    return 0


def _question(args, scenario, _):
    """The options that say what the stock test asks (items, question, hold-out hours, prices),
    checked: a UserError names the option that is wrong and why."""
    if not 0 < args.confidence < 1:
        raise UserError(_("--confidence {p}: give a probability above 0 and below 1, e.g. 0.95", p=args.confidence))
    if args.hold_out and args.no_resupply:
        raise UserError(_("--hold-out and --no-resupply ask different questions: give one of them"))
    if args.budget is not None and not 0 < args.budget < float("inf"):
        raise UserError(_("--budget {yuan:g}: give a positive amount of yuan, e.g. 500000", yuan=args.budget))
    hold = None
    if args.hold_out and args.hold_out != "resupply":
        hold = hours_option("--hold-out", args.hold_out, 0.1, 24 * 30)
    return {"items": [i.strip() for i in args.items.split(",") if i.strip()] if args.items else None,
            "question": "hold_out" if args.hold_out else "no_resupply" if args.no_resupply else "planned",
            "hold_out_h": hold, "prices": _prices(args.prices, scenario) if args.prices else None}


def _write(answer, out, lang, seconds):
    """Write the answer's files (FILES) into the folder *out*."""
    from planning.exports import write_geojson, write_purchase_list, write_shortfall
    from planning.report import write_csv, write_html

    output.make_folder(out)  # OutputError (one line naming the folder) when it cannot be
    try:
        write_csv(answer, out / "stock.csv")
        write_html(answer, out / "stock.html", lang, seconds)
        write_purchase_list(answer, out / "purchase.xlsx", lang)
        write_geojson(answer, out / "shelters.geojson")
        write_shortfall(answer, out, lang)
    except RuntimeError as exc:
        raise UserError(str(exc)) from None


def _prices(path, scenario):
    """The prices CSV at *path*, or a UserError saying where it is wrong."""
    from planning.prices import PriceError, read_prices

    try:
        return read_prices(path, scenario.relief)
    except PriceError as exc:
        raise UserError(str(exc), bare=True) from None


class StockProgress:
    """One bar for the whole stock test: the batch, then each check, with the time left.

    Every stage (the batch, the check of the stock held now, each verification, a
    correction, the runs that settle a check) adds its runs to the total when it begins,
    and the time left follows."""

    def __init__(self, reps, lang, quiet):
        self.lang = lang
        self.bar = Progress(reps, "runs", self._label("batch"), quiet=quiet, lang=lang)
        self.started = False

    def _label(self, name):
        from planning.texts import stage_label

        return stage_label(name, self.lang)

    def stage(self, name, runs):
        more = runs if self.started else 0  # the first stage's runs are counted from the start
        if not self.started and name != "batch":
            more = runs - self.bar.total
        self.started = True
        self.bar.update(total=self.bar.total + more, label=self._label(name))

    def runs_done(self, n):
        self.bar.update(advance=n)


def reserve(args):
    import planning
    from planning import texts

    scenario = load(args.file, args.overrides, args.lang)
    check = planning.reserve_check(scenario)
    for line in texts.reserve_lines(check, scenario, args.lang):
        print(line)
    return 0
