"""``stormdrill evaluate SESSION``: an evaluator's overrides and observations, at a terminal."""
from messages import texts

from . import options
from .cli_exercise import _store
from .errors import UserError, in_cli_words
from .options import session_arg


def evaluate(args):
    from training.evaluate_console import EvaluatorConsole
    from training.evaluation import EVALUATOR_ROLES
    from training.store import StoreError

    _ = texts(args.lang)
    if args.role not in EVALUATOR_ROLES:
        roles = _.join(EVALUATOR_ROLES, sep=_(" or "))
        raise UserError(_("--role {role}: only {roles} may evaluate", role=args.role, roles=roles))
    if not args.name.strip():
        raise UserError(_("--as: give the evaluator's name"))
    store = _store(args.db, create=False)
    try:
        EvaluatorConsole(store, args.id, args.name, args.role, lang=args.lang).run()
    except StoreError as exc:
        raise UserError(in_cli_words(exc)) from None
    return 0


def register(sub, _):
    """Add ``evaluate`` to the ``stormdrill`` parser."""
    p = sub.add_parser("evaluate", description=_(
        "The Exercise Evaluation Guide at a terminal: see each computed verdict and objective rating, override any "
        "with a rating and a comment, or note a strength or an area for improvement under an objective. Each entry "
        "is saved in the session with who and when, shown beside the computed verdict and used by `stormdrill "
        "report`. Works during the exercise (objectives, observations) and after it (every verdict)."))
    p.add_argument("id", type=session_arg, help=_("session id"))
    p.add_argument("--as", dest="name", required=True, metavar="NAME", help=_("the evaluator's name"))
    p.add_argument("--role", default="evaluator", help=_("evaluator (default) or facilitator"))
    options.add_lang(p)
    options.add_db(p)
    p.set_defaults(func=evaluate)
