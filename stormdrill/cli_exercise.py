"""``stormdrill exercise``, ``replay``, ``report`` and ``salvage``: tabletop exercises from the terminal."""
import math
import os
import sqlite3
import sys
from pathlib import Path

import sim
from messages import texts

from . import options
from .commands import problems_error
from .errors import UserError, in_cli_words
from .options import session_arg


def _store(path, create=True):
    from training.store import SessionStore, StoreError, default_path

    try:
        return SessionStore(Path(path) if path else default_path(), create=create)
    except StoreError as exc:
        raise UserError(in_cli_words(exc)) from None


def _load_exercise(path, lang=None):
    from training import load_exercise

    try:
        return load_exercise(path)
    except sim.ScenarioError as exc:
        raise problems_error(exc, lang) from None


def _participants(pairs, exercise, _):
    out = []
    for pair in pairs:
        role, sep, name = pair.partition("=")
        if not sep or not name.strip():
            raise UserError(_("--player {pair!r}: write ROLE=NAME, e.g. commander='Li Wei'", pair=pair))
        if role not in exercise.roles:
            raise UserError(_("--player {pair!r}: no role {role!r}; roles: {roles}", pair=pair, role=role,
                              roles=_.join(exercise.roles)))
        out.append((role, name.strip()))
    return out


def exercise(args):
    from training.runner import ReplayMismatch
    from training.store import StoreError, explain
    from training.terminal import TerminalExercise

    _ = texts(args.lang)
    if (args.file is None) == (args.resume is None):
        raise UserError(_("give an exercise FILE to start, or --resume ID (one of the two)"))
    store = _store(args.db, create=args.resume is None)
    try:
        store.writable()
        session = _resumed(store, args, _) if args.resume is not None else _started(store, args, _)
        mode, ratio = _pacing(args, store, session.id)
    except (StoreError, ReplayMismatch) as exc:
        raise UserError(in_cli_words(exc)) from None
    except sqlite3.DatabaseError as exc:
        raise UserError(str(explain(store.path, exc))) from None
    pacer = None
    if mode == "paced":
        from training.pacing import Pacer

        pacer = Pacer(session.runner, ratio=ratio)
    print(_("session {id} in {path}", id=session.id, path=store.path))
    try:
        TerminalExercise(session, lang=args.lang, pacer=pacer, who=args.facilitator).run()
    except (StoreError, sqlite3.DatabaseError) as exc:
        why = exc if isinstance(exc, StoreError) else explain(store.path, exc)
        raise UserError(_("{why}\nsession {id}: everything acknowledged before this is saved; once the file is "
                          "usable again, go on with `stormdrill exercise --resume {id}`", why=why, id=session.id)) \
            from None
    return 0


def _resumed(store, args, _):
    """The session --resume names, claimed for this process."""
    from training.session import Session

    row = _reading(store, args.resume, store.session, args.resume)
    if row["status"] == "finished":
        raise UserError(_("session {id} has finished; see `stormdrill report {id}`", id=args.resume))
    store.claim(args.resume)
    return _reading(store, args.resume, Session.resume, store, args.resume)


def _started(store, args, _):
    """A new session of the exercise file, claimed for this process."""
    from training.session import Session

    ex = _load_exercise(args.file, args.lang)
    session = Session.start(store, ex, seed=args.seed, participants=_participants(args.player, ex, _))
    store.claim(session.id)
    return session


def _reading(store, session_id, read, *args):
    """*read*(*args*) on the session's stored rows; a damaged row or table becomes a StoreError
    saying what can still be read and how to export it."""
    from training.salvage import damaged

    try:
        return read(*args)
    except sqlite3.DatabaseError as exc:
        raise damaged(store, session_id, exc) from None
    except (ValueError, KeyError, TypeError) as exc:  # a row whose JSON or fields are broken
        if type(exc).__name__ == "ReplayMismatch":
            raise
        raise damaged(store, session_id, exc) from None


def _pacing(args, store, session_id):
    """(mode, ratio) for the session: --paced / --stepped, else what the session was started with."""
    if args.paced is not None:
        if not args.paced > 0:
            _ = texts(args.lang)
            raise UserError(_("--paced {ratio:g}: give how many model minutes pass in one real minute (e.g. 10)",
                              ratio=args.paced))
        mode, ratio = "paced", float(args.paced)
    elif args.stepped or args.resume is None:
        mode, ratio = "stepped", 1.0
    else:
        return store.pacing(session_id)
    store.set_pacing(session_id, mode, ratio)
    return mode, ratio


def replay(args):
    from training.runner import ReplayMismatch
    from training.session import replayed_runner
    from training.store import StoreError

    from . import output

    _ = texts(args.lang)
    store = _store(args.db, create=False)
    try:
        runner = _reading(store, args.id, replayed_runner, store, args.id)
        result = runner.run_out()
        recorded = _reading(store, args.id, store.record, args.id).kpis
        acts = len(store.acts(args.id))
    except (StoreError, ReplayMismatch) as exc:
        raise UserError(in_cli_words(exc)) from None
    output.print_kpis(runner.exercise.scenario, result, runner.seed, lang=args.lang)
    differ = [k for k in recorded if not _same(result.kpis.get(k), recorded[k])]
    for key in differ:
        print(_("{kpi}: recorded {recorded!r}, the replay gives {replayed!r}", kpi=key, recorded=recorded[key],
                replayed=result.kpis.get(key)))
    if differ:
        print(_.plural("stormdrill: the replay of session {id} differs in {n} KPI",
                       "stormdrill: the replay of session {id} differs in {n} KPIs", len(differ), id=args.id),
              file=sys.stderr)
        return 1
    print(_("replay of session {id}: all {n} KPIs identical to the recorded run", id=args.id, n=len(recorded))
          + (_(" ({n} facilitator acts replayed in place)", n=acts) if acts else ""))
    return 0


def _same(a, b):
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b


def report(args):
    from training.report import ReportExists, write_report
    from training.store import StoreError

    store = _store(args.db, create=False)
    try:
        record = _reading(store, args.id, store.record, args.id)
        path = write_report(record, Path(args.out), lang=args.lang, force=args.force, store=store)
    except (StoreError, ReportExists) as exc:
        raise UserError(in_cli_words(exc)) from None
    _ = texts(args.lang)
    print(_("wrote {html} and {md}", html=path, md=path.with_suffix(".md")))
    return 0


def salvage(args):
    from training.salvage import salvage as read_salvage, write_salvage

    _ = texts(args.lang)
    store = _store(args.db, create=False)
    found = read_salvage(store, args.id)
    if not found.session and not found.actions:
        why = _.paren("", "; ".join(found.problems)) if found.problems else ""
        raise UserError(_("session {id}: nothing of it can be read in {path}", id=args.id, path=store.path) + why)
    out = Path(args.out or f"session-{args.id}-salvage.jsonl")
    if os.path.lexists(out) and not (args.force and out.is_file()):
        raise UserError(_("-o {path}: exists; choose another file, or add --force to overwrite it", path=out)
                        if out.is_file() else _("-o {path}: exists; choose another file", path=out))
    write_salvage(found, out)
    if store.damage:
        print(_("{path} damaged: {what}", path=store.path, what="; ".join(store.damage[:3])))
    else:
        print(_("{path} passes its integrity check", path=store.path))
    for problem in found.problems:
        print(_("  stopped: {problem}", problem=problem))
    print(_("wrote {path}: session {id}, {actions} team action(s), {acts} facilitator act(s)", path=out, id=args.id,
            actions=len(found.actions), acts=len(found.acts)))
    return 0


def register(sub, _):
    """Add exercise, replay, report and salvage to the ``stormdrill`` parser."""
    p = sub.add_parser("exercise", description=_(
        "Play an exercise script: injects arrive, the team acts, the session is recorded as it happens and scored "
        "against the community plan at the end."))
    p.add_argument("file", nargs="?", help=_("exercise YAML file (e.g. scenarios/tutorial_village/exercise.yaml)"))
    options.add_resume(p, _("go on with recorded session ID after a crash or a quit"))
    options.add_seed(p, _("random seed (default: the exercise's)"), default=None)
    p.add_argument("--player", action="append", default=[], metavar="ROLE=NAME", help=_("a participant (repeatable)"))
    options.add_lang(p)
    pace = p.add_mutually_exclusive_group()
    pace.add_argument("--paced", type=float, metavar="RATIO", help=_(
        "paced time: the model clock follows the wall clock, RATIO model minutes per real minute (e.g. 10); default: "
        "stepped (the clock moves on `next` / `go`)"))
    pace.add_argument("--stepped", action="store_true", help=_("stepped time (the default; on --resume, switch back "
                                                               "to it)"))
    p.add_argument("--facilitator", default="facilitator", metavar="NAME",
                   help=_("who the facilitator's acts are recorded as (default: facilitator)"))
    options.add_db(p)
    p.set_defaults(func=exercise)

    p = sub.add_parser("replay", description=_(
        "Replay a finished session from its seed and logged actions, print its KPIs and verdict as `stormdrill run` "
        "does, and check that every KPI is identical to the recorded run (exit 1 if not)."))
    p.add_argument("id", type=session_arg, help=_("session id"))
    options.add_db(p)
    options.add_lang(p)
    p.set_defaults(func=replay)

    p = sub.add_parser("report", description=_(
        "Write the after-action report of a finished session: a self-contained HTML page with charts and a Markdown "
        "file, with the improvement plan."))
    p.add_argument("id", type=session_arg, help=_("session id"))
    options.add_out(p, _("folder (or file stem) to write to (default: the current folder)"), default=".")
    options.add_force(p, _("overwrite existing report files"))
    options.add_lang(p)
    options.add_db(p)
    p.set_defaults(func=report)

    p = sub.add_parser("salvage", description=_(
        "Read a session's row, team actions and facilitator acts in order, up to the first that cannot be read, and "
        "write them as JSON lines (one per row)."))
    p.add_argument("id", type=session_arg, help=_("session id"))
    options.add_out(p, _("JSON-lines file to write (default session-ID-salvage.jsonl)"), metavar="FILE")
    options.add_force(p, _("overwrite FILE if it exists"))
    options.add_lang(p)
    options.add_db(p)
    p.set_defaults(func=salvage)
