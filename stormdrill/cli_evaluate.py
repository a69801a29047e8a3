"""``stormdrill evaluate SESSION``: an evaluator's overrides and observations, at a terminal."""
from .cli_exercise import _store
from .commands import session_arg
from .errors import UserError, in_cli_words


def evaluate(args):
    from training.evaluate_console import EvaluatorConsole
    from training.evaluation import EVALUATOR_ROLES
    from training.store import StoreError

    if args.role not in EVALUATOR_ROLES:
        raise UserError(f"--role {args.role}: only {' or '.join(EVALUATOR_ROLES)} may evaluate")
    if not args.name.strip():
        raise UserError("--as: give the evaluator's name")
    store = _store(args.db, create=False)
    try:
        EvaluatorConsole(store, args.id, args.name, args.role, lang=args.lang).run()
    except StoreError as exc:
        raise UserError(in_cli_words(exc)) from None
    return 0


def register(sub):
    """Add ``evaluate`` to the ``stormdrill`` parser."""
    p = sub.add_parser("evaluate", help="override verdicts and note observations of a session (evaluator)",
                       description="The Exercise Evaluation Guide at a terminal: see each computed verdict and "
                                   "objective rating, override any with a rating and a comment, or note a strength "
                                   "or an area for improvement under an objective. Each entry is saved in the "
                                   "session with who and when, shown beside the computed verdict and used by "
                                   "`stormdrill report`. Works during the exercise (objectives, observations) "
                                   "and after it (every verdict).")
    p.add_argument("id", type=session_arg, help="session id")
    p.add_argument("--as", dest="name", required=True, metavar="NAME", help="the evaluator's name")
    p.add_argument("--role", default="evaluator", help="evaluator (default) or facilitator")
    p.add_argument("--lang", choices=("zh", "en"), default="en")
    p.add_argument("--db", metavar="PATH", help="session database (default $STORMDRILL_DB, else "
                                                "$XDG_DATA_HOME/stormdrill/sessions.db)")
    p.set_defaults(func=evaluate)
