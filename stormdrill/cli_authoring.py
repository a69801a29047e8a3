"""``stormdrill exercise import`` / ``exercise export``: an exercise's MSEL spreadsheet, both ways;
``stormdrill handouts``: the printed papers of an exercise."""
from pathlib import Path

from .commands import problems_error
from .errors import UserError, in_cli_words

ROUTED = {"import": "exercise-import", "export": "exercise-export"}
"""``stormdrill exercise import ...`` is ``stormdrill exercise-import ...`` (see cli.main)."""


def import_command(args):
    from training.msel_sheet import MselError, import_msel, write_exercise

    out, base = Path(args.out), Path(args.base)
    if out.resolve().parent != base.resolve().parent:
        raise UserError(f"-o {out}: write the exercise next to {base} (its scenario is named relative to that folder)")
    if out.resolve() in (Path(args.msel).resolve(), base.resolve()) and not args.force:
        raise UserError(f"-o {out}: is one of the input files; add --force to replace it")
    if out.exists() and not args.force:
        raise UserError(f"-o {out}: exists; choose another -o or add --force")
    try:
        data, rows = import_msel(args.msel, base)
        write_exercise(data, out, force=args.force)
    except MselError as exc:
        raise problems_error(exc) from None
    injects, decisions = len(data["injects"]), len(data["decisions"])
    print(f"wrote {out}: {injects} injects and {decisions} decision points from {len(rows)} rows of {args.msel}")
    print(f"next: `stormdrill validate {out}`, then `stormdrill handouts {out} -o handouts/`")
    return 0


def export_command(args):
    from training.msel_sheet import write_msel

    from .cli_exercise import _load_exercise

    out = Path(args.out)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise UserError(f"-o {out}: name a .csv or .xlsx file")
    if out.exists() and not args.force:
        raise UserError(f"-o {out}: exists; choose another name or add --force")
    exercise = _load_exercise(args.file)
    write_msel(exercise.spec, out, lang=args.lang)
    print(f"wrote {out}: {len(exercise.injects)} injects and {len(exercise.decisions)} decision points")
    return 0


def handouts_command(args):
    from training.handouts import HandoutsExist, write_handouts

    from .cli_exercise import _load_exercise

    exercise = _load_exercise(args.file)
    try:
        paths = write_handouts(exercise, Path(args.out), force=args.force)
    except HandoutsExist as exc:
        raise UserError(in_cli_words(exc)) from None
    for path in paths:
        print(f"wrote {path}")
    print("print them from a browser (A4; one set in Chinese, one in English)")
    return 0


def register(sub):
    """Add ``exercise-import``, ``exercise-export`` and ``handouts`` to the ``stormdrill`` parser."""
    p = sub.add_parser("exercise-import", help="turn an MSEL spreadsheet (CSV or .xlsx) into exercise.yaml "
                                               "(also: stormdrill exercise import)",
                       description="Read the injects and decision points of an exercise from an MSEL spreadsheet "
                                   "(演练脚本: id, type, time or trigger, from, to, message zh/en, expected action, "
                                   "effect, options, notes) and write the exercise: the other parts (roles, "
                                   "objectives, scenario) come from --base. Every bad row is reported as file:row: "
                                   "column: reason, and nothing is written then. See docs/exercise-format.md.")
    p.add_argument("msel", help="MSEL spreadsheet: .csv (UTF-8 or GBK) or .xlsx")
    p.add_argument("--base", required=True, metavar="EXERCISE", help="exercise YAML whose roles, objectives and "
                                                                     "scenario the new file keeps")
    p.add_argument("-o", "--out", required=True, metavar="FILE", help="exercise YAML to write (beside --base)")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p.set_defaults(func=import_command)

    p = sub.add_parser("exercise-export", help="write an exercise's MSEL spreadsheet (also: stormdrill exercise export)",
                       description="Write the injects and decision points of an exercise as an MSEL spreadsheet "
                                   "(CSV or .xlsx) to edit and read back with `stormdrill exercise import`.")
    p.add_argument("file", help="exercise YAML file")
    p.add_argument("-o", "--out", required=True, metavar="FILE", help=".csv or .xlsx file to write")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the headers (default zh)")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p.set_defaults(func=export_command)

    p = sub.add_parser("handouts", help="print-ready papers of an exercise: MSEL, role cards, evaluator forms",
                       description="Write the papers of an exercise as HTML pages with print CSS (A4, Chinese "
                                   "fonts): the MSEL (演练脚本) for controllers, a role card (重点岗位应急处置卡) "
                                   "for each role built from the plan, and an evaluator form per objective.")
    p.add_argument("file", help="exercise YAML file")
    p.add_argument("-o", "--out", required=True, metavar="DIR", help="folder to write to")
    p.add_argument("--force", action="store_true", help="overwrite files there")
    p.set_defaults(func=handouts_command)
