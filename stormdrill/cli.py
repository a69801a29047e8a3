"""The ``stormdrill`` command: a thin layer that wires sim, training and viz together.

Every subcommand reports bad input as ``file:line:col: path: reason`` and exits with
code 2; it never prints a traceback for a user's mistake.
"""
import argparse
import importlib
import sys

from .cli_authoring import ROUTED
from .errors import UserError

SUBCOMMANDS = [
    "stormdrill.commands",
    "stormdrill.cli_sweep",
    "stormdrill.cli_stock",
    "stormdrill.cli_compare",
    "stormdrill.cli_import",
    "stormdrill.cli_play",
    "stormdrill.cli_exercise",
    "stormdrill.cli_host",
    "stormdrill.cli_evaluate",
    "stormdrill.cli_authoring",
]
"""Modules whose ``register(sub)`` adds their subcommands; each module owns its own."""


def build_parser():
    parser = argparse.ArgumentParser(
        prog="stormdrill",
        description="Tabletop typhoon and flood simulation for grassroots emergency management: "
                    "validate and run scenarios against the 10-hour relief target.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    for name in SUBCOMMANDS:
        importlib.import_module(name).register(sub)
    return parser


def main(argv=None):
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) >= 2 and argv[0] == "exercise" and argv[1] in ROUTED:  # `exercise import` is `exercise-import`
        argv = [ROUTED[argv[1]]] + argv[2:]
    args = parser.parse_args(argv)
    try:
        return args.func(args) or 0
    except UserError as exc:
        print(str(exc) if exc.bare else f"stormdrill: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into head or less, closed early
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("stormdrill: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
