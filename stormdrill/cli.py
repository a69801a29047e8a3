"""The ``stormdrill`` command: a thin layer that wires sim, training and viz together.

Every subcommand reports bad input as ``file:line:col: path: reason`` and exits with
code 2; it never prints a traceback for a user's mistake. Everything it says is in one
language, chosen once by the rule of messages.choose (``--lang``, else STORMDRILL_LANG,
else the locale, else zh), argparse's own words included (stormdrill.options).

Only the module of the command asked for is imported: ``stormdrill --help`` lists the
commands from COMMANDS without loading any of them.
"""
import importlib
import signal
import sys
import threading

import messages
from messages import N_

from .options import Parser, add_lang

COMMANDS = {
    "run": ("stormdrill.commands", N_("run a scenario in plan mode and print its KPIs and verdict")),
    "validate": ("stormdrill.commands", N_("check a scenario, plan or exercise file and report every problem")),
    "schema": ("stormdrill.commands", N_("print the JSON Schema of the scenario, plan or exercise format")),
    "sweep": ("stormdrill.cli_sweep", N_("run many replications over a grid of parameter values")),
    "stock": ("stormdrill.cli_stock", N_("how much each shelter needs so the target holds with probability p, "
                                         "in purchase units")),
    "reserve": ("stormdrill.cli_stock", N_("can the district reserve stock the two largest townships at once?")),
    "compare": ("stormdrill.cli_compare", N_("compare plans on the same storms: paired differences with intervals")),
    "import": ("stormdrill.cli_import", N_("build a scenario from a shelter registry (避灾点台账, CSV or .xlsx)")),
    "play": ("stormdrill.cli_play", N_("open a scenario or an exercise in the viewer")),
    "exercise": ("stormdrill.cli_exercise", N_("run a tabletop exercise in the terminal (recorded in SQLite)")),
    "host": ("stormdrill.cli_host", N_("serve an exercise to seats (phones, laptops), the facilitator and the "
                                       "projector")),
    "evaluate": ("stormdrill.cli_evaluate", N_("override verdicts and note observations of a session (evaluator)")),
    "replay": ("stormdrill.cli_exercise", N_("replay a recorded session from its seed and action log; compare KPIs")),
    "report": ("stormdrill.cli_exercise", N_("write the after-action report of a session (HTML + Markdown)")),
    "salvage": ("stormdrill.cli_exercise", N_("export what can still be read of a session in a damaged database")),
    "exercise-import": ("stormdrill.cli_authoring", N_("turn an MSEL spreadsheet (CSV or .xlsx) into exercise.yaml "
                                                       "(also: stormdrill exercise import)")),
    "exercise-export": ("stormdrill.cli_authoring", N_("write an exercise's MSEL spreadsheet (also: stormdrill "
                                                       "exercise export)")),
    "handouts": ("stormdrill.cli_authoring", N_("print-ready papers of an exercise: MSEL, role cards, evaluator "
                                                "forms")),
}
"""Every command: the module whose ``register(sub, _)`` adds it, and its line in ``--help``."""

ROUTED = {"import": "exercise-import", "export": "exercise-export"}
"""``stormdrill exercise import ...`` is ``stormdrill exercise-import ...`` (see main)."""


def build_parser(_=None, command=None):
    """The parser in the language of *_* (None: the one rule); *command*'s module registers its
    commands in full, every other command is listed by its line only (its module is not imported)."""
    _ = _ or messages.texts()
    parser = Parser(prog="stormdrill", texts=_,
                    description=_("Tabletop typhoon and flood simulation for grassroots emergency management: "
                                  "validate and run scenarios against the 10-hour relief target."))
    add_lang(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    if command in COMMANDS:
        importlib.import_module(COMMANDS[command][0]).register(sub, _)
    for name, (_module, summary) in COMMANDS.items():
        if name not in sub.choices:
            sub.add_parser(name, help=_(summary))
    return parser


def command_of(argv):
    """The command *argv* names (its first word that is not an option), or None."""
    words = iter(argv)
    for word in words:
        if word == "--lang":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def lang_of(argv):
    """The value of the last ``--lang`` in *argv* when it is one stormdrill speaks, else None."""
    found = None
    for i, word in enumerate(argv):
        value = argv[i + 1] if word == "--lang" and i + 1 < len(argv) else word.partition("=")[2] \
            if word.startswith("--lang=") else None
        if value is not None:
            found = value
    return found if found in messages.LANGS else None


def _stop(signum, frame):
    from .errors import Stopped

    raise Stopped()


def main(argv=None):
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop)  # a polite kill ends like a Ctrl-C, not mid-write
    argv = list(sys.argv[1:] if argv is None else argv)
    command = command_of(argv)
    if command == "exercise" and argv.index(command) + 1 < len(argv) and argv[argv.index(command) + 1] in ROUTED:
        at = argv.index(command)
        command = ROUTED[argv[at + 1]]
        argv[at:at + 2] = [command]
    try:
        lang = messages.choose(lang_of(argv))
    except messages.LangError as exc:
        print(f"stormdrill: {exc}", file=sys.stderr)
        return 2
    args = build_parser(messages.texts(lang), command).parse_args(argv)
    args.lang = lang
    return _call(args, messages.texts(lang))


def _call(args, _):
    from sim.outfile import OutputError

    from .errors import Stopped, UserError

    try:
        return args.func(args) or 0
    except UserError as exc:
        print(str(exc) if exc.bare else _("stormdrill: {message}", message=exc), file=sys.stderr)
        return 2
    except OutputError as exc:  # a file that could not be written: one sentence naming it, nothing left behind
        print(_("stormdrill: {message}", message=exc), file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into head or less, closed early
        sys.stderr.close()
        return 0
    except Stopped:
        print(_("stormdrill: stopped (SIGTERM)"), file=sys.stderr)
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        print(_("stormdrill: interrupted"), file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
