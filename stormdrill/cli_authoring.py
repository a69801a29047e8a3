"""``stormdrill exercise import`` / ``exercise export``: an exercise's MSEL spreadsheet, both ways;
``stormdrill handouts``: the printed papers of an exercise."""
from pathlib import Path

from messages import texts

from . import options
from .commands import problems_error
from .errors import UserError, in_cli_words


def import_command(args):
    from training.msel_sheet import MselError, import_msel, write_exercise

    _ = texts(args.lang)
    out, base = Path(args.out), Path(args.base)
    if out.resolve().parent != base.resolve().parent:
        raise UserError(_("-o {out}: write the exercise next to {base} (its scenario is named relative to that "
                          "folder)", out=out, base=base))
    if out.resolve() in (Path(args.msel).resolve(), base.resolve()) and not args.force:
        raise UserError(_("-o {out}: is one of the input files; add --force to replace it", out=out))
    if out.exists() and not args.force:
        raise UserError(_("-o {out}: exists; choose another -o or add --force", out=out))
    try:
        data, rows = import_msel(args.msel, base)
        write_exercise(data, out, force=args.force)
    except MselError as exc:
        raise problems_error(exc, args.lang) from None
    print(_("wrote {out}: {injects} injects and {decisions} decision points from {rows} rows of {msel}", out=out,
            injects=len(data["injects"]), decisions=len(data["decisions"]), rows=len(rows), msel=args.msel))
    print(_("next: `stormdrill validate {out}`, then `stormdrill handouts {out} -o handouts/`", out=out))
    return 0


def export_command(args):
    from training.msel_sheet import write_msel

    from .cli_exercise import _load_exercise

    _ = texts(args.lang)
    out = Path(args.out)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise UserError(_("-o {out}: name a .csv or .xlsx file", out=out))
    if out.exists() and not args.force:
        raise UserError(_("-o {out}: exists; choose another name or add --force", out=out))
    exercise = _load_exercise(args.file, args.lang)
    write_msel(exercise.spec, out, lang=args.lang)
    print(_("wrote {out}: {injects} injects and {decisions} decision points", out=out,
            injects=len(exercise.injects), decisions=len(exercise.decisions)))
    return 0


def handouts_command(args):
    from training.handouts import HandoutsExist, write_handouts

    from .cli_exercise import _load_exercise

    _ = texts(args.lang)
    exercise = _load_exercise(args.file, args.lang)
    try:
        paths = write_handouts(exercise, Path(args.out), force=args.force)
    except HandoutsExist as exc:
        raise UserError(in_cli_words(exc)) from None
    for path in paths:
        print(_("wrote {path}", path=path))
    print(_("print them from a browser (A4; one set in Chinese, one in English)"))
    return 0


def register(sub, _):
    """Add ``exercise-import``, ``exercise-export`` and ``handouts`` to the ``stormdrill`` parser."""
    p = sub.add_parser("exercise-import", description=_(
        "Read the injects and decision points of an exercise from an MSEL spreadsheet (演练脚本: id, type, time or "
        "trigger, from, to, message zh/en, expected action, effect, options, notes) and write the exercise: the "
        "other parts (roles, objectives, scenario) come from --base. Every bad row is reported as file:row: column: "
        "reason, and nothing is written then. See docs/exercise-format.md."))
    p.add_argument("msel", help=_("MSEL spreadsheet: .csv (UTF-8 or GBK) or .xlsx"))
    p.add_argument("--base", required=True, metavar="EXERCISE", help=_(
        "exercise YAML whose roles, objectives and scenario the new file keeps"))
    options.add_out(p, _("exercise YAML to write (beside --base)"), metavar="FILE", required=True)
    options.add_force(p, _("overwrite FILE if it exists"))
    options.add_lang(p)
    p.set_defaults(func=import_command)

    p = sub.add_parser("exercise-export", description=_(
        "Write the injects and decision points of an exercise as an MSEL spreadsheet (CSV or .xlsx) to edit and read "
        "back with `stormdrill exercise import`."))
    p.add_argument("file", help=_("exercise YAML file"))
    options.add_out(p, _(".csv or .xlsx file to write"), metavar="FILE", required=True)
    options.add_force(p, _("overwrite FILE if it exists"))
    options.add_lang(p, _("language of the headers and of what this command says: zh or en (default: "
                          "$STORMDRILL_LANG, else the system locale, else zh)"))
    p.set_defaults(func=export_command)

    p = sub.add_parser("handouts", description=_(
        "Write the papers of an exercise as HTML pages with print CSS (A4, Chinese fonts): the MSEL (演练脚本) for "
        "controllers, a role card (重点岗位应急处置卡) for each role built from the plan, and an evaluator form per "
        "objective."))
    p.add_argument("file", help=_("exercise YAML file"))
    options.add_out(p, _("folder to write to"), required=True)
    options.add_force(p, _("overwrite files there"))
    options.add_lang(p)
    p.set_defaults(func=handouts_command)
