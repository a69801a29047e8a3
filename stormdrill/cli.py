"""The ``stormdrill`` command: a thin layer that wires sim, training and viz together.

Every subcommand reports bad input as ``file:line:col: path: reason`` and exits with
code 2; it never prints a traceback for a user's mistake.
"""
import argparse
import sys

from . import commands


def build_parser():
    parser = argparse.ArgumentParser(
        prog="stormdrill",
        description="Tabletop typhoon and flood simulation for grassroots emergency management: "
                    "validate and run scenarios against the 10-hour relief target.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("validate", help="check a scenario file and report every problem",
                       description="Check a scenario (and the plan it names); print every problem as file:line:col.")
    p.add_argument("file", help="scenario YAML file")
    p.set_defaults(func=commands.validate)

    p = sub.add_parser("run", help="run a scenario in plan mode and print its KPIs",
                       description="Run a scenario in plan mode (the engine carries out the community plan) and "
                                   "print the KPIs against the 10-hour relief target.")
    p.add_argument("file", nargs="?", help="scenario YAML file (omit with --builtin)")
    p.add_argument("--builtin", action="store_true", help="run the built-in tutorial village scenario")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0); same seed, same result")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE",
                   help="override one value by dotted path, e.g. shelters.S1.stock.water_l=5000 (repeatable)")
    p.add_argument("--out", metavar="DIR", help="write kpis.json, series.csv and events.jsonl to DIR")
    p.add_argument("--force", action="store_true", help="overwrite those files in DIR if they exist")
    p.set_defaults(func=commands.run)

    p = sub.add_parser("schema", help="print the JSON Schema of the scenario format",
                       description="Print a JSON Schema of the scenario format, for editors to check and complete files.")
    p.set_defaults(func=commands.schema)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args) or 0
    except commands.UserError as exc:
        print(f"stormdrill: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into head or less, closed early
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("stormdrill: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
