"""``stormdrill play``: open a scenario or an exercise in the pygame viewer.

The viewer's packages are an optional extra (``pip install 'stormdrill[viz]'``); they are
imported only when ``play`` runs, so the other subcommands work without them.
"""
import argparse
import os
from pathlib import Path

import sim
from messages import texts

from . import commands, options
from .errors import UserError
from .options import session_arg

ROLES = ("facilitator", "player")


def _size(text, _):
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise UserError(_("--size {text!r}: write WIDTHxHEIGHT, e.g. 1600x900", text=text)) from None
    if w < 1024 or h < 640:  # viz.app.MIN_SIZE
        raise UserError(_("--size {text}: the viewer needs at least 1024x640 (1280x800 or more is best)", text=text))
    return (w, h)


def _viewer(_):
    """The viewer's modules, or a UserError saying how to install them."""
    try:
        from viz import app, exercise, source
    except ImportError as exc:
        raise UserError(_("the viewer needs pygame-ce and pygame-gui ({why}); install them with: "
                          "pip install 'stormdrill[viz]'", why=exc)) from None
    return app, exercise, source


def play(args):
    _ = texts(args.lang)
    path = Path(args.file)
    if not path.is_file():
        raise UserError(_("{path}: no such file", path=path))
    if args.screenshot:
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")  # one frame, no window needed
        shot = Path(args.screenshot)
        if shot.suffix.lower() != ".png":
            raise UserError(_("--screenshot {path}: give a .png file", path=shot))
        if shot.exists() and not args.force:
            raise UserError(_("--screenshot {path}: exists; choose another name or add --force", path=shot))
    elif args.at is not None:
        raise UserError(_("--at goes with --screenshot"))
    app, exercise, source_mod = _viewer(_)
    source = _source(path, args, exercise, source_mod)
    options = app.ViewerOptions(lang=args.lang, role=args.role, font=args.font, fullscreen=args.fullscreen,
                                size=_size(args.size, _), briefing=not args.screenshot, seat=args.seat,
                                report_dir=args.out or ".")
    viewer = app.App(source, options)
    if args.screenshot:
        return _screenshot(viewer, source, shot, args, _)
    viewer.run()
    return 0


def _screenshot(viewer, source, shot, args, _):
    moment = _moment(args.at, source, _)
    at = None if moment else commands.hours_option("--at", args.at or "0h", 0, source.horizon, args.lang)
    try:
        shown = viewer.screenshot(shot, at, moment=moment)
    except ValueError as exc:
        viewer.close()
        raise UserError(_("--at {at}: {why} (seed {seed})", at=args.at, why=exc, seed=source.seed)) from None
    width, height = viewer.window.get_size()
    viewer.close()
    if moment is None:
        print(_("wrote {path} ({width}x{height}, T+{t:.4g} h)", path=shot, width=width, height=height, t=shown))
    elif moment == "end":
        print(_("wrote {path} ({width}x{height}, the score card, T+{t:.4g} h)", path=shot, width=width,
                height=height, t=shown))
    else:
        print(_("wrote {path} ({width}x{height}, {card}'s card, T+{t:.4g} h)", path=shot, width=width,
                height=height, card=moment, t=shown))
    return 0


def _moment(text, source, _):
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
        known = _.join(cards) if cards else _("none: a scenario has no injects; give its exercise file")
        raise UserError(_("--at {text}: no inject or decision point {text} (known: {known})", text=text, known=known))
    return None


def _source(path, args, exercise, source_mod):
    """A FreeRun for a scenario file, an exercise for an exercise file."""
    if exercise.is_exercise(path):
        if args.overrides:
            _ = texts(args.lang)
            raise UserError(_("--set changes a scenario; {path} is an exercise (its session keeps the scenario as "
                              "it was written)", path=path))
        try:
            return exercise.open_exercise(path, seed=args.seed, session=args.resume, db=args.db,
                                          record=not args.screenshot)
        except exercise.ExerciseUnavailable as exc:
            raise UserError(str(exc)) from None
    if args.resume:
        _ = texts(args.lang)
        raise UserError(_("--resume goes on with a recorded exercise; give an exercise file, not a scenario"))
    scenario = commands.load(path, args.overrides, args.lang)
    try:
        return source_mod.FreeRun(scenario, seed=args.seed or 0)
    except sim.ScenarioError as exc:
        raise commands.problems_error(exc, args.lang) from None


def register(sub, _):
    """Add ``play`` to the ``stormdrill`` parser."""
    p = sub.add_parser("play", description=_(
        "Open the pygame viewer: a scenario.yaml plays its community plan (free run); an exercise file runs a "
        "guided exercise with injects and decisions."))
    p.add_argument("file", help=_("scenario or exercise YAML file"))
    options.add_lang(p, _("language of the labels: zh or en (default: $STORMDRILL_LANG, else the system locale, "
                          "else zh)"))
    p.add_argument("--role", choices=ROLES, default="facilitator",
                   help=_("facilitator (default) also sees the plan's expected actions and coming injects"))
    p.add_argument("--font", metavar="PATH", help=_("font file for the labels (default: Noto Sans SC shipped with "
                                                    "pygame-gui)"))
    p.add_argument("--fullscreen", action="store_true", help=_("fill the screen (for a projector)"))
    p.add_argument("--size", default="1280x800", metavar="WxH", help=_("window size (default 1280x800)"))
    options.add_seed(p, _("random seed (default: the exercise's own, or 0 for a scenario)"), default=None)
    options.add_set(p)
    options.add_resume(p, _("go on with recorded exercise session ID (after a crash or a quit)"))
    p.add_argument("--session", dest="resume", type=session_arg, help=argparse.SUPPRESS)  # its name before --resume
    options.add_db(p)
    p.add_argument("--seat", default="viewer", metavar="NAME",
                   help=_("this viewer's seat name: an exercise remembers the role it acts as per seat (default "
                          "viewer)"))
    p.add_argument("--screenshot", metavar="PNG", help=_("draw one frame headless, save it as PNG and exit"))
    p.add_argument("--at", metavar="WHEN", help=_(
        "with --screenshot: a simulated time (12h, 30h30min), an inject or decision point of the exercise to show "
        "its card (I7, D1), or end for the score card"))
    options.add_out(p, _("folder the after-action reports written from the viewer go to (default: the current "
                         "folder; a report never replaces a file)"))
    options.add_force(p, _("overwrite the --screenshot file if it exists"))
    p.set_defaults(func=play)
