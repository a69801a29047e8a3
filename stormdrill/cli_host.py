"""``stormdrill host``: serve one exercise to the seats round the table (phones, laptops),
the facilitator's console and the projector (host/, docs/host.md); with ``--projector``,
also the pygame viewer on the same session in this process (viz.hosted), read-only."""
from pathlib import Path

import sim
from messages import texts

from . import options
from .commands import problems_error
from .errors import UserError, in_cli_words


def host(args):
    _ = texts(args.lang)
    try:
        from host import ExerciseTable, TableError
        from host.serve import serve
    except ImportError as exc:
        raise UserError(_("the exercise host needs starlette, uvicorn and segno ({why}); install them with: "
                          "pip install 'stormdrill[host]'", why=exc)) from None
    from training import load_exercise
    from training.store import SessionStore, StoreError, default_path

    if (args.file is None) == (args.resume is None):
        raise UserError(_("give an exercise FILE to start, or --resume ID (one of the two)"))
    if not 0 <= args.port <= 65535:
        raise UserError(_("--port {port}: give a port from 1 to 65535", port=args.port))
    try:
        # with the projector, the server's thread and the viewer's share the connection, one at a time (table.lock)
        store = SessionStore(Path(args.db) if args.db else default_path(), create=args.resume is None,
                             shared=args.projector)
        if args.resume is not None:
            store.claim(args.resume)  # one process plays a session: not the host and a terminal at once
            table = ExerciseTable.resume(store, args.resume)
        else:
            if args.paced is not None and not args.paced > 0:
                raise UserError(_("--paced {ratio:g}: give how many model minutes pass in one real minute (e.g. 10)",
                                  ratio=args.paced))
            try:
                exercise = load_exercise(args.file)
            except sim.ScenarioError as exc:
                raise problems_error(exc, args.lang) from None
            pacing = ("paced", float(args.paced)) if args.paced else ("stepped", 1.0)
            table = ExerciseTable.start(store, exercise, seed=args.seed, pacing=pacing)
            store.claim(table.session.id)
    except (StoreError, TableError) as exc:
        raise UserError(in_cli_words(exc)) from None
    if args.projector:
        return _with_projector(table, args)
    serve(table, port=args.port, lan=args.lan, info_file=args.info, address=args.address)
    return 0


def _with_projector(table, args):
    """Serve *table* from a thread and show it in the pygame viewer on the main thread (pygame
    wants it), read-only: the seats act, the facilitator moves the clock."""
    _ = texts(args.lang)
    try:
        from viz.app import App, ViewerOptions
        from viz.hosted import HostedRun
    except ImportError as exc:
        raise UserError(_("--projector needs the viewer's pygame-ce and pygame-gui ({why}); install them with: "
                          "pip install 'stormdrill[viz]'", why=exc)) from None
    from host.serve import Background

    running = Background(table, port=args.port, lan=args.lan, info_file=args.info, address=args.address)
    try:
        running.__enter__()
    except OSError as exc:
        raise UserError(_("port {port}: {why}", port=args.port, why=exc)) from None
    try:
        viewer = App(HostedRun(table, lang=args.lang), ViewerOptions(lang=args.lang, role="player", font=args.font,
                                                                     fullscreen=args.fullscreen, briefing=False))
        viewer.run()
        print(_("the projector window is closed; the host goes on serving the seats and the console (Ctrl+C stops "
                "it; `--resume` brings it back)"))
        while running.thread.is_alive():
            running.thread.join(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        running.stop()
    return 0


def register(sub, _):
    """Add ``host`` to the ``stormdrill`` parser."""
    p = sub.add_parser("host", description=_(
        "Run one exercise session (recorded in SQLite) and serve it: every role joins from its own phone or laptop "
        "with the room code, the facilitator steers from a console that needs its own secret. Listens on 127.0.0.1 "
        "unless --lan."))
    p.add_argument("file", nargs="?", help=_("exercise YAML file (e.g. scenarios/tutorial_village/exercise.yaml)"))
    options.add_resume(p, _("serve recorded session ID again after the host stopped"))
    options.add_seed(p, _("random seed (default: the exercise's)"), default=None)
    p.add_argument("--paced", type=float, metavar="RATIO", help=_(
        "paced time: RATIO model minutes per real minute (e.g. 10); default: stepped, the facilitator moves the "
        "clock on"))
    p.add_argument("--port", type=int, default=8765, help=_("port (default 8765)"))
    p.add_argument("--lan", action="store_true", help=_("listen on the local network, not only on this machine"))
    p.add_argument("--address", metavar="HOST", help=_(
        "the address phones use to reach this machine, for the join link and QR code (default: its LAN address "
        "with --lan)"))
    p.add_argument("--info", metavar="FILE", help=_("write the join address, room code and facilitator secret here "
                                                    "(JSON)"))
    p.add_argument("--projector", action="store_true", help=_(
        "also open the pygame viewer on this session, read-only, for the projector (the seats act from their "
        "phones, the facilitator moves the clock from the console page)"))
    options.add_lang(p, _("language of the projector and of what this command says: zh or en (default: "
                          "$STORMDRILL_LANG, else the system locale, else zh)"))
    p.add_argument("--font", metavar="PATH", help=_("the projector's font file (default: Noto Sans SC)"))
    p.add_argument("--fullscreen", action="store_true", help=_("the projector's window fills the screen"))
    options.add_db(p)
    p.set_defaults(func=host)
