"""The evaluator's judgement: overrides of computed verdicts and observations (HSEEP EEG).

An evaluator (role ``evaluator``, or the facilitator) may disagree with the scorer: rate an
expected action otherwise (``full``, ``late``, ``partial``, ``missing`` ...) or an objective
otherwise (P / S / M / U), with a comment. They may also note an observation — a strength
or an area for improvement, in free text, tied to an objective. Each is recorded in the
session with who and when; the score keeps the computed verdict and shows the evaluator's
beside it, and the evaluator's counts.

    ev = Evaluation.override("rule:P2:warn ...", "full", "door knocking started at 14:10, the log was late",
                             evaluator="Wang", role="evaluator", sim_t=12.5)
"""
from dataclasses import dataclass
from datetime import datetime, timezone

from messages import N_, texts

VERDICT_RATINGS = ("full", "late", "partial", "early", "wrong", "missing")
OBJECTIVE_RATINGS = ("P", "S", "M", "U")
OBSERVATION_KINDS = ("strength", "improvement")
EVALUATOR_ROLES = ("evaluator", "facilitator")
PARTIAL_POINTS = 0.5
"""Points of an expected action an evaluator rates ``partial`` (the scorer's own partial
verdicts carry the share actually covered)."""


class EvaluationError(ValueError):
    """An override or observation that cannot be recorded, and why."""


@dataclass(frozen=True)
class Evaluation:
    """One override or observation. *target*: a verdict key (``rule:P2:...``) or an
    objective (``objective:O1``); *rating*: a verdict status, P/S/M/U, or for an
    observation ``strength`` / ``improvement``."""

    kind: str  # "override" or "observation"
    target: str
    rating: str
    comment: str
    evaluator: str
    role: str = "evaluator"
    sim_t: float | None = None  # exercise clock when entered (h), None after the exercise
    recorded_at: str = ""
    id: int | None = None

    @property
    def points(self):
        """Points of an override of an expected action."""
        return {"full": 1.0, "late": 0.5, "partial": PARTIAL_POINTS}.get(self.rating, 0.0)

    def who(self, lang="en"):
        _ = texts(lang)
        when = self.recorded_at.replace("T", " ")[:16]
        return _("{name} ({role}, {when})", name=self.evaluator, role=_(ROLE_NAMES[self.role]), when=when)


ROLE_NAMES = {"evaluator": N_("evaluator"), "facilitator": N_("facilitator")}


def make(kind, target, rating, comment, evaluator, role="evaluator", sim_t=None, verdict_keys=(), objectives=()):
    """A checked Evaluation; EvaluationError saying what is wrong otherwise."""
    if role not in EVALUATOR_ROLES:
        raise EvaluationError(f"role {role!r} may not evaluate; only {' or '.join(EVALUATOR_ROLES)}")
    if not evaluator.strip():
        raise EvaluationError("say who you are (the evaluator's name)")
    if not comment.strip():
        raise EvaluationError("an evaluation needs a comment: what you saw")
    is_objective = target.startswith("objective:")
    if is_objective and target.split(":", 1)[1] not in objectives:
        raise EvaluationError(f"no objective {target.split(':', 1)[1]!r}; objectives: {', '.join(objectives)}")
    if not is_objective and target not in verdict_keys:
        raise EvaluationError(f"no expected action {target!r} in this session")
    if kind == "override":
        allowed = OBJECTIVE_RATINGS if is_objective else VERDICT_RATINGS
    elif kind == "observation":
        if not is_objective:
            raise EvaluationError("an observation is tied to an objective (objective:O1)")
        allowed = OBSERVATION_KINDS
    else:
        raise EvaluationError(f"kind {kind!r}: override or observation")
    if rating not in allowed:
        raise EvaluationError(f"rating {rating!r}: one of {', '.join(allowed)}")
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return Evaluation(kind, target, rating, comment.strip(), evaluator.strip(), role, sim_t, now)


def overrides(evaluations):
    """Target -> the latest override of it."""
    out = {}
    for e in evaluations:
        if e.kind == "override":
            out[e.target] = e
    return out


def observations(evaluations, objective_id=None):
    return [e for e in evaluations if e.kind == "observation"
            and (objective_id is None or e.target == f"objective:{objective_id}")]
