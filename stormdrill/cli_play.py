"""``stormdrill play``: open a scenario or an exercise in the pygame viewer.

The viewer's packages are an optional extra (``pip install 'stormdrill[viz]'``); they are
imported only when ``play`` runs, so the other subcommands work without them.
"""
import os
from pathlib import Path

import sim

from . import commands
from .commands import seed_option
from .errors import UserError

LANGS = ("zh", "en")
ROLES = ("facilitator", "player")


def _size(text):
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise UserError(f"--size {text!r}: write WIDTHxHEIGHT, e.g. 1600x900") from None
    if w < 1024 or h < 640:  # viz.app.MIN_SIZE
        raise UserError(f"--size {text}: the viewer needs at least 1024x640 (1280x800 or more is best)")
    return (w, h)


def _viewer():
    """The viewer's modules, or a UserError saying how to install them."""
    try:
        from viz import app, exercise, source
    except ImportError as exc:
        raise UserError(f"the viewer needs pygame-ce and pygame-gui ({exc}); "
                        "install them with: pip install 'stormdrill[viz]'") from None
    return app, exercise, source


def play(args):
    path = Path(args.file)
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    if args.screenshot:
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")  # one frame, no window needed
        shot = Path(args.screenshot)
        if shot.suffix.lower() != ".png":
            raise UserError(f"--screenshot {shot}: give a .png file")
        if shot.exists() and not args.force:
            raise UserError(f"--screenshot {shot}: exists; choose another name or add --force")
    elif args.at is not None:
        raise UserError("--at goes with --screenshot")
    app, exercise, source_mod = _viewer()
    source = _source(path, args, exercise, source_mod)
    size = _size(args.size)
    options = app.ViewerOptions(lang=args.lang, role=args.role, font=args.font, fullscreen=args.fullscreen,
                                size=size, briefing=not args.screenshot, seat=args.seat)
    viewer = app.App(source, options)
    if args.screenshot:
        moment = _moment(args.at, source)
        at = None if moment else commands.hours_option("--at", args.at or "0h", 0, source.horizon)
        try:
            shown = viewer.screenshot(shot, at, moment=moment)
        except ValueError as exc:
            viewer.close()
            raise UserError(f"--at {args.at}: {exc} (seed {source.seed})") from None
        width, height = viewer.window.get_size()
        viewer.close()
        what = {None: "", "end": "the score card, "}.get(moment, f"{moment}'s card, ")
        print(f"wrote {shot} ({width}x{height}, {what}T+{shown:.4g} h)")
        return 0
    viewer.run()
    return 0


def _moment(text, source):
    """The card --at names ("I7", "D1"; "end" for the score card), or None for a time."""
    if text is None:
        return None
    if text.lower() == "end":
        return "end"
    spec = getattr(getattr(source, "exercise", None), "spec", None)
    cards = [c.id for c in spec.injects] + [c.id for c in spec.decisions] if spec is not None else []
    if text in cards:
        return text
    if text[:1].isalpha() and not text[:1].isdigit() and text[-1:].isdigit():  # looks like a card id
        known = ", ".join(cards) if cards else "none: a scenario has no injects; give its exercise file"
        raise UserError(f"--at {text}: no inject or decision point {text} (known: {known})")
    return None


def _source(path, args, exercise, source_mod):
    """A FreeRun for a scenario file, an exercise for an exercise file."""
    if exercise.is_exercise(path):
        try:
            return exercise.open_exercise(path, seed=args.seed, session=args.session, db=args.db,
                                          record=not args.screenshot)
        except exercise.ExerciseUnavailable as exc:
            raise UserError(str(exc)) from None
    if args.session:
        raise UserError("--session resumes an exercise; give an exercise file, not a scenario")
    scenario = commands.load(path)
    try:
        return source_mod.FreeRun(scenario, seed=args.seed or 0)
    except sim.ScenarioError as exc:
        raise commands.problems_error(exc) from None


def register(sub):
    """Add ``play`` to the ``stormdrill`` parser."""
    p = sub.add_parser("play", help="open a scenario or an exercise in the viewer",
                       description="Open the pygame viewer: a scenario.yaml plays its community plan (free run); "
                                   "an exercise file runs a guided exercise with injects and decisions.")
    p.add_argument("file", help="scenario or exercise YAML file")
    p.add_argument("--lang", choices=LANGS, default="zh", help="labels in Chinese (default) or English")
    p.add_argument("--role", choices=ROLES, default="facilitator",
                   help="facilitator (default) also sees the plan's expected actions and coming injects")
    p.add_argument("--font", metavar="PATH", help="font file for the labels (default: Noto Sans SC shipped with pygame-gui)")
    p.add_argument("--fullscreen", action="store_true", help="fill the screen (for a projector)")
    p.add_argument("--size", default="1280x800", metavar="WxH", help="window size (default 1280x800)")
    p.add_argument("--seed", type=seed_option, help="random seed (default: the exercise's own, or 0 for a scenario)")
    p.add_argument("--session", metavar="ID", help="resume recorded exercise session ID (after a crash or a quit)")
    p.add_argument("--db", metavar="PATH", help="session database for exercises "
                                                 "(default $STORMDRILL_DB, else $XDG_DATA_HOME/stormdrill/sessions.db)")
    p.add_argument("--seat", default="viewer", metavar="NAME",
                   help="this viewer's seat name: an exercise remembers the role it acts as per seat (default viewer)")
    p.add_argument("--screenshot", metavar="PNG", help="draw one frame headless, save it as PNG and exit")
    p.add_argument("--at", metavar="WHEN", help="with --screenshot: a simulated time (12h, 30h30min), an inject or "
                                              "decision point of the exercise to show its card (I7, D1), or end "
                                              "for the score card")
    p.add_argument("--force", action="store_true", help="overwrite the --screenshot file if it exists")
    p.set_defaults(func=play)
