"""``stormdrill host``: serve one exercise to the seats round the table (phones, laptops),
the facilitator's console and the projector (host/, docs/host.md); with ``--projector``,
also the pygame viewer on the same session in this process (viz.hosted), read-only."""
from pathlib import Path

import sim

from .commands import problems_error, seed_option, session_arg
from .errors import UserError, in_cli_words


def host(args):
    try:
        from host import Table, TableError
        from host.serve import serve
    except ImportError as exc:
        raise UserError(f"the exercise host needs starlette, uvicorn and segno ({exc}); "
                        "install them with: pip install 'stormdrill[host]'") from None
    from training import load_exercise
    from training.store import SessionStore, StoreError, default_path

    if (args.file is None) == (args.resume is None):
        raise UserError("give an exercise FILE to start, or --resume SESSION (one of the two)")
    if not 0 <= args.port <= 65535:
        raise UserError(f"--port {args.port}: give a port from 1 to 65535")
    try:
        # with the projector, the server's thread and the viewer's share the connection, one at a time (table.lock)
        store = SessionStore(Path(args.db) if args.db else default_path(), create=args.resume is None,
                             shared=args.projector)
        if args.resume is not None:
            store.claim(args.resume)  # one process plays a session: not the host and a terminal at once
            table = Table.resume(store, args.resume)
        else:
            if args.paced is not None and not args.paced > 0:
                raise UserError(f"--paced {args.paced:g}: give how many model minutes pass in one real minute (e.g. 10)")
            try:
                exercise = load_exercise(args.file)
            except sim.ScenarioError as exc:
                raise problems_error(exc) from None
            pacing = ("paced", float(args.paced)) if args.paced else ("stepped", 1.0)
            table = Table.start(store, exercise, seed=args.seed, pacing=pacing)
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
    try:
        from viz.app import App, ViewerOptions
        from viz.hosted import HostedRun
    except ImportError as exc:
        raise UserError(f"--projector needs the viewer's pygame-ce and pygame-gui ({exc}); "
                        "install them with: pip install 'stormdrill[viz]'") from None
    from host.serve import Background

    running = Background(table, port=args.port, lan=args.lan, info_file=args.info, address=args.address)
    try:
        running.__enter__()
    except OSError as exc:
        raise UserError(f"port {args.port}: {exc}") from None
    try:
        viewer = App(HostedRun(table, lang=args.lang), ViewerOptions(lang=args.lang, role="player", font=args.font,
                                                                     fullscreen=args.fullscreen, briefing=False))
        viewer.run()
        print("the projector window is closed; the host goes on serving the seats and the console "
              "(Ctrl+C stops it; `--resume` brings it back)")
        while running.thread.is_alive():
            running.thread.join(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        running.stop()
    return 0


def register(sub):
    """Add ``host`` to the ``stormdrill`` parser."""
    p = sub.add_parser("host", help="serve an exercise to seats (phones, laptops), the facilitator and the projector",
                       description="Run one exercise session (recorded in SQLite) and serve it: every role joins "
                                   "from its own phone or laptop with the room code, the facilitator steers from a "
                                   "console that needs its own secret. Listens on 127.0.0.1 unless --lan.")
    p.add_argument("file", nargs="?", help="exercise YAML file (e.g. scenarios/tutorial_village/exercise.yaml)")
    p.add_argument("--resume", type=session_arg, metavar="SESSION", help="serve session SESSION again after the host stopped")
    p.add_argument("--seed", type=seed_option, default=None, help="random seed (default: the exercise's)")
    p.add_argument("--paced", type=float, metavar="RATIO",
                   help="paced time: RATIO model minutes per real minute (e.g. 10); default: stepped, the "
                        "facilitator moves the clock on")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    p.add_argument("--lan", action="store_true", help="listen on the local network, not only on this machine")
    p.add_argument("--address", metavar="HOST", help="the address phones use to reach this machine, for the join "
                                                      "link and QR code (default: its LAN address with --lan)")
    p.add_argument("--info", metavar="FILE", help="write the join address, room code and facilitator secret here (JSON)")
    p.add_argument("--projector", action="store_true",
                   help="also open the pygame viewer on this session, read-only, for the projector (the seats act "
                        "from their phones, the facilitator moves the clock from the console page)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="the projector's labels (default zh)")
    p.add_argument("--font", metavar="PATH", help="the projector's font file (default: Noto Sans SC)")
    p.add_argument("--fullscreen", action="store_true", help="the projector's window fills the screen")
    p.add_argument("--db", metavar="PATH",
                   help="session database (default $STORMDRILL_DB, else $XDG_DATA_HOME/stormdrill/sessions.db)")
    p.set_defaults(func=host)
