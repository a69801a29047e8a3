"""The command line's conventions, in one place: the parser that speaks the user's language,
and the options every command spells the same way.

Every ``stormdrill`` command is built from these, so that an option means one thing and has
one default everywhere (docs/language.md, README "The command line"):

    -o, --out     where the command writes (a file or a folder)
    --force       overwrite what --out names (never without it)
    --quiet       no progress bar and no notes on stderr: stdout keeps only the answer
    --lang        zh or en; else STORMDRILL_LANG, else the locale, else zh (messages.choose)
    --set         PATH=VALUE, one scenario value by dotted path (repeatable)
    --reps        replications: REPLICATIONS unless said
    --seed        the random seed, 0 unless said
    --resume ID   go on with a recorded session (or, for a sweep, its kept runs)

A command module's ``register(sub, _)`` adds its commands with ``sub.add_parser`` and these
helpers; ``_`` is the catalogue in the language chosen for this command line, and every
help text goes through it.
"""
import argparse
import contextlib
import functools
import re
import unicodedata

from messages import LANGS, N_, texts

REPLICATIONS = 40
"""Replications per grid point (sweep) or in a batch (stock) unless --reps says otherwise: with
40 runs a 95 % interval on a share is about ±15 points at worst, and a run takes a fraction of
a second. One default for every command."""
CONFIDENCE = 0.95
"""The probability stock asks for and the level of every interval a command prints."""

ARGPARSE_WORDS = (
    N_("usage: "), N_("options"), N_("positional arguments"), N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"), N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"), N_("expected at most one argument"), N_("expected at least one argument"),
    N_("not allowed with argument %s"), N_("one of the arguments %s is required"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("ignored explicit argument %r"),
    N_("unexpected option string: %s"), N_("can't open '%(filename)s': %(error)s"),
)
"""argparse's own words (Python's argparse asks ``gettext`` for them): here so that the
catalogue holds them in Chinese."""


_speaking = []
"""The catalogues of the parsers running now, innermost last (see ``speaking``)."""


@contextlib.contextmanager
def speaking(texts):
    """argparse's words in *texts*' language while the block runs.

    argparse looks its words up through the module-level ``_`` and ``ngettext`` it imported
    from ``gettext``; this is that hook, pointed at stormdrill's catalogue for the block and
    put back afterwards. The argument types below (``bounded_int``) read the same language
    from ``spoken()``."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = texts.gettext, texts.ngettext
    _speaking.append(texts)
    try:
        yield
    finally:
        _speaking.pop()
        argparse._, argparse.ngettext = saved


def spoken():
    """The catalogue of the parser running now (the one rule's language outside a parser)."""
    return _speaking[-1] if _speaking else texts()


class Formatter(argparse.HelpFormatter):
    """argparse's help layout, wrapping by the width a terminal gives each character (a Chinese
    character takes two columns), never breaking before a closing mark."""

    def _split_lines(self, text, width):
        return wrap(" ".join(text.split()), width)

    def _fill_text(self, text, width, indent):
        return "\n".join(indent + line for line in wrap(" ".join(text.split()), width - len(indent)))


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help, usage and errors are in the language of *texts*; the
    parsers it makes for subcommands speak the same language (``parser.texts``)."""

    def __init__(self, *args, texts, **kwargs):
        self.texts = texts
        kwargs.setdefault("formatter_class", Formatter)
        with speaking(texts):
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs):
        kwargs.setdefault("parser_class", functools.partial(type(self), texts=self.texts))
        with speaking(self.texts):
            return super().add_subparsers(**kwargs)

    def parse_args(self, args=None, namespace=None):
        with speaking(self.texts):
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with speaking(self.texts):
            return super().parse_known_args(args, namespace)

    def format_help(self):
        with speaking(self.texts):
            return super().format_help()

    def format_usage(self):
        with speaking(self.texts):
            return super().format_usage()

    def error(self, message):
        with speaking(self.texts):
            super().error(message)


# -- numbers on the command line ---------------------------------------------------------------

MAX_REPS = 1_000_000
"""Most replications one flag may ask for (--reps, --verify-reps)."""
MAX_RUNS = 1_000_000
"""Most runs one sweep may ask for (grid points x replications): at a tenth of a second a run,
more than a day of work on one machine."""
MAX_WORKERS = 512
"""Most worker processes one flag may ask for."""
MAX_SEED = 2 ** 63 - 1
"""The largest seed (and session id) a session can keep: sim.streams.MAX_SEED, written out here
so that parsing a command line does not load numpy (tests/test_cli.py checks they agree)."""


def _whole(text):
    """*text* as a whole number, also when spelled as a float (``1e9``, ``20.0``); else None."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if value.is_integer() else None


def bounded_int(low, high, what):
    """argparse type: a whole number from *low* to *high*; the message names the limit and
    *what* it counts (marked with N_, said in the parser's language)."""
    def parse(text):
        _ = spoken()
        value = _whole(text.strip())
        if value is None or value < low:
            raise argparse.ArgumentTypeError(_("{text!r} is not a whole number of at least {low}", text=text, low=low))
        if value > high:
            raise argparse.ArgumentTypeError(_("{text!r} is more than the limit of {high:,} {what}",
                                               text=text, high=high, what=_(what)))
        return value
    parse.__name__ = what  # argparse names the type in its messages
    return parse


positive_int = bounded_int(1, MAX_REPS, N_("replications"))
"""argparse type: a replication count, 1 to MAX_REPS."""
worker_count = bounded_int(1, MAX_WORKERS, N_("workers"))
"""argparse type: a number of worker processes, 1 to MAX_WORKERS."""
seed_option = bounded_int(0, MAX_SEED, N_("(2^63 - 1, the largest seed a session can keep)"))
"""argparse type: a seed, 0 to MAX_SEED."""
session_arg = bounded_int(1, MAX_SEED, N_("(2^63 - 1, the largest session id)"))
"""argparse type: a session id (a SQLite row id)."""


# -- the options ------------------------------------------------------------------------------

def add_lang(p, what=None):
    """``--lang zh|en``; unset, the one rule (messages.choose) decides. *what*: what it changes."""
    _ = p.texts
    p.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS,
                   help=what or _("language of everything the command says and writes: zh or en "
                                  "(default: $STORMDRILL_LANG, else the system locale, else zh)"))


def add_out(p, what, metavar="DIR", required=False, default=None):
    """``-o, --out``: where the command writes; *what* says what goes there."""
    p.add_argument("-o", "--out", metavar=metavar, required=required, default=default, help=what)


def add_force(p, what=None):
    """``--force``: overwrite what --out names."""
    _ = p.texts
    p.add_argument("--force", action="store_true", help=what or _("overwrite the files --out names if they exist"))


def add_quiet(p, what=None):
    """``--quiet``: no progress bar, no notes on stderr."""
    _ = p.texts
    p.add_argument("--quiet", action="store_true",
                   help=what or _("no progress bar and no notes on stderr; stdout keeps only the answer"))


def add_set(p):
    """``--set PATH=VALUE`` (repeatable), read by commands.parse_overrides."""
    _ = p.texts
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE",
                   help=_("override one value of the scenario by dotted path, e.g. shelters.S1.stock.water_l=5000 "
                          "(repeatable)"))


def add_reps(p, what=None):
    """``--reps R``: replications, REPLICATIONS by default."""
    _ = p.texts
    p.add_argument("--reps", type=positive_int, default=REPLICATIONS, metavar="R",
                   help=what or _("replications (default {n})", n=REPLICATIONS))


def add_seed(p, what=None, default=0):
    """``--seed S``: the random seed."""
    _ = p.texts
    p.add_argument("--seed", type=seed_option, default=default,
                   help=what or _("random seed (default 0); the same seed gives the same result"))


def add_resume(p, what):
    """``--resume ID``: go on with recorded session ID."""
    p.add_argument("--resume", type=session_arg, metavar="ID", help=what)


def add_db(p):
    """``--db PATH``: the session database."""
    _ = p.texts
    p.add_argument("--db", metavar="PATH", help=_("session database (default $STORMDRILL_DB, else "
                                                  "$XDG_DATA_HOME/stormdrill/sessions.db)"))


# -- wrapping by terminal columns -------------------------------------------------------------

_TOKEN = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uf900-\ufaff"
                    r"\uff00-\uffef\u3000-\u303f]+|\s+")


def _closing(token):
    """True for a mark that ends something (，。、：；）」 and their ASCII kin): it never starts a line."""
    return len(token) == 1 and unicodedata.category(token) in ("Pe", "Pf", "Po")


def columns(text):
    """Terminal columns *text* takes: two for a wide (Chinese) character, one for the rest."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text, width):
    """*text* in lines of at most *width* columns, broken at spaces or between Chinese
    characters; a closing mark stays on the line before it."""
    lines, line = [], ""
    for token in _TOKEN.findall(text):
        if token.isspace():
            line += " " if line else ""
        elif not line or columns(line + token) <= width or _closing(token):
            line += token
        else:
            lines.append(line.rstrip())
            line = token
    if line.strip():
        lines.append(line.rstrip())
    return lines
