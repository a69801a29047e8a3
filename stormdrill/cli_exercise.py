"""``stormdrill exercise``, ``replay`` and ``report``: tabletop exercises from the terminal."""
import math
import os
import sqlite3
import sys
from pathlib import Path

import sim

from .commands import problems_error, seed_option, session_arg
from .errors import UserError, in_cli_words


def _store(path, create=True):
    from training.store import SessionStore, StoreError, default_path

    try:
        return SessionStore(Path(path) if path else default_path(), create=create)
    except StoreError as exc:
        raise UserError(in_cli_words(exc)) from None


def _load_exercise(path):
    from training import load_exercise

    try:
        return load_exercise(path)
    except sim.ScenarioError as exc:
        raise problems_error(exc) from None


def _participants(pairs, exercise):
    out = []
    for pair in pairs:
        role, sep, name = pair.partition("=")
        if not sep or not name.strip():
            raise UserError(f"--player {pair!r}: write ROLE=NAME, e.g. commander='Li Wei'")
        if role not in exercise.roles:
            raise UserError(f"--player {pair!r}: no role {role!r}; roles: {', '.join(exercise.roles)}")
        out.append((role, name.strip()))
    return out


def exercise(args):
    from training.runner import ReplayMismatch
    from training.session import Session
    from training.store import StoreError, explain
    from training.terminal import TerminalExercise

    if (args.file is None) == (args.resume is None):
        raise UserError("give an exercise FILE to start, or --resume ID (one of the two)")
    store = _store(args.db, create=args.resume is None)
    try:
        store.writable()
        if args.resume is not None:
            row = _reading(store, args.resume, store.session, args.resume)
            if row["status"] == "finished":
                raise UserError(f"session {args.resume} has finished; see `stormdrill report {args.resume}`")
            store.claim(args.resume)
            session = _reading(store, args.resume, Session.resume, store, args.resume)
        else:
            ex = _load_exercise(args.file)
            session = Session.start(store, ex, seed=args.seed, participants=_participants(args.player, ex))
            store.claim(session.id)
        mode, ratio = _pacing(args, store, session.id)
    except (StoreError, ReplayMismatch) as exc:
        raise UserError(in_cli_words(exc)) from None
    except sqlite3.DatabaseError as exc:
        raise UserError(str(explain(store.path, exc))) from None
    mode, ratio = _pacing(args, store, session.id)
    pacer = None
    if mode == "paced":
        from training.pacing import Pacer

        pacer = Pacer(session.runner, ratio=ratio)
    print(f"会话 {session.id}，记录于 {store.path}" if args.lang == "zh" else f"session {session.id} in {store.path}")
    try:
        TerminalExercise(session, lang=args.lang, pacer=pacer, who=args.facilitator).run()
    except (StoreError, sqlite3.DatabaseError) as exc:
        why = exc if isinstance(exc, StoreError) else explain(store.path, exc)
        raise UserError(f"{why}\nsession {session.id}: everything acknowledged before this is saved; once the "
                        f"file is usable again, go on with `stormdrill exercise --resume {session.id}`") from None
    return 0


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
            raise UserError(f"--paced {args.paced:g}: give how many model minutes pass in one real minute (e.g. 10)")
        mode, ratio = "paced", float(args.paced)
    elif args.stepped or args.resume is None:
        mode, ratio = "stepped", 1.0
    else:
        return store.pacing(session_id)
    store.set_pacing(session_id, mode, ratio)
    return mode, ratio


def replay(args):
    from training.runner import ReplayMismatch
    from training.session import replay_kpis
    from training.store import StoreError

    store = _store(args.db, create=False)
    try:
        replayed, recorded = _reading(store, args.id, replay_kpis, store, args.id)
        acts = len(store.acts(args.id))
    except (StoreError, ReplayMismatch) as exc:
        raise UserError(in_cli_words(exc)) from None
    differ = [k for k in recorded if not _same(replayed.get(k), recorded[k])]
    for key, value in recorded.items():
        mark = "" if key not in differ else f"   <- replay gives {replayed.get(key)!r}"
        print(f"{key:28s} {value!r}{mark}")
    if differ:
        print(f"stormdrill: replay of session {args.id} differs in {len(differ)} KPIs", file=sys.stderr)
        return 1
    extra = f" ({acts} facilitator acts replayed in place)" if acts else ""
    print(f"replay of session {args.id}: all {len(recorded)} KPIs identical to the recorded run{extra}")
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
    print(f"wrote {path} and {path.with_suffix('.md')}")
    return 0


def salvage(args):
    from training.salvage import salvage as read_salvage, write_salvage

    store = _store(args.db, create=False)
    found = read_salvage(store, args.id)
    if not found.session and not found.actions:
        raise UserError(f"session {args.id}: nothing of it can be read in {store.path}"
                        + (f" ({'; '.join(found.problems)})" if found.problems else ""))
    out = Path(args.out or f"session-{args.id}-salvage.jsonl")
    if os.path.lexists(out) and not (args.force and out.is_file()):
        raise UserError(f"-o {out}: exists; choose another file" + (", or add --force to overwrite it" if out.is_file() else ""))
    write_salvage(found, out)
    state = "damaged: " + "; ".join(store.damage[:3]) if store.damage else "passes its integrity check"
    print(f"{store.path} {state}")
    for problem in found.problems:
        print(f"  stopped: {problem}")
    print(f"wrote {out}: session {args.id}, {len(found.actions)} team action(s), {len(found.acts)} facilitator act(s)")
    return 0


def register(sub):
    """Add exercise, replay and report to the ``stormdrill`` parser."""
    db_help = "session database (default $STORMDRILL_DB, else $XDG_DATA_HOME/stormdrill/sessions.db)"
    p = sub.add_parser("exercise", help="run a tabletop exercise in the terminal (recorded in SQLite)",
                       description="Play an exercise script: injects arrive, the team acts, the session is "
                                   "recorded as it happens and scored against the community plan at the end.")
    p.add_argument("file", nargs="?", help="exercise YAML file (e.g. scenarios/tutorial_village/exercise.yaml)")
    p.add_argument("--resume", type=session_arg, metavar="ID", help="resume session ID after a crash or a quit")
    p.add_argument("--seed", type=seed_option, default=None, help="random seed (default: the exercise's)")
    p.add_argument("--player", action="append", default=[], metavar="ROLE=NAME", help="a participant (repeatable)")
    p.add_argument("--lang", choices=("zh", "en"), default="en", help="language of messages")
    pace = p.add_mutually_exclusive_group()
    pace.add_argument("--paced", type=float, metavar="RATIO",
                      help="paced time: the model clock follows the wall clock, RATIO model minutes per real minute "
                           "(e.g. 10); default: stepped (the clock moves on `next` / `go`)")
    pace.add_argument("--stepped", action="store_true", help="stepped time (the default; on --resume, switch back to it)")
    p.add_argument("--facilitator", default="facilitator", metavar="NAME",
                   help="who the facilitator's acts are recorded as (default: facilitator)")
    p.add_argument("--db", metavar="PATH", help=db_help)
    p.set_defaults(func=exercise)

    p = sub.add_parser("replay", help="replay a recorded session from its seed and action log; compare KPIs",
                       description="Replay a finished session from its seed and logged actions and check that "
                                   "every KPI is identical to the recorded run (exit 1 if not).")
    p.add_argument("id", type=session_arg, help="session id")
    p.add_argument("--db", metavar="PATH", help=db_help)
    p.set_defaults(func=replay)

    p = sub.add_parser("report", help="write the after-action report of a session (HTML + Markdown)",
                       description="Write the after-action report of a finished session: a self-contained HTML "
                                   "page with charts and a Markdown file, with the improvement plan.")
    p.add_argument("id", type=session_arg, help="session id")
    p.add_argument("--lang", choices=("zh", "en"), default="en")
    p.add_argument("-o", "--out", default=".", metavar="DIR", help="folder (or file stem) to write to")
    p.add_argument("--force", action="store_true", help="overwrite existing report files")
    p.add_argument("--db", metavar="PATH", help=db_help)
    p.set_defaults(func=report)

    p = sub.add_parser("salvage", help="export what can still be read of a session in a damaged database",
                       description="Read a session's row, team actions and facilitator acts in order, up to the "
                                   "first that cannot be read, and write them as JSON lines (one per row).")
    p.add_argument("id", type=session_arg, help="session id")
    p.add_argument("-o", "--out", metavar="FILE", help="JSON-lines file to write (default session-ID-salvage.jsonl)")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p.add_argument("--db", metavar="PATH", help=db_help)
    p.set_defaults(func=salvage)
