"""The score page the room sees when the facilitator ends the exercise: the relief verdict
with its reasons, the score by objective, the outcome against the plan, and per role the
response times and acknowledgements — the same figures as ``stormdrill report``, because
they are computed the same way: ``training.scoring.score`` of the session's record as
stored (``SessionStore.record``).

``page(record)`` gives the whole page (the console and the projector); ``for_role(page, role)``
the part a seat sees: the verdict, the overall score and its own role's line and expected
actions.
"""
import math

from messages import N_
from training.facilitation import recipients
from training.scoring import score as score_record

from .words import both, said

GRADES = {"excellent": N_("excellent"), "good": N_("good"), "pass": N_("pass"), "fail": N_("fail")}
RATINGS = {"P": N_("P - performed without challenges"), "S": N_("S - performed with some challenges"),
           "M": N_("M - performed with major challenges"), "U": N_("U - unable to be performed"),
           "-": N_("not observed")}
KPIS = {"relief_target_met": N_("10-hour relief target met"),
        "people_in_danger_at_peak": N_("people left in danger at the hazard peak"),
        "shelter_overflow": N_("evacuees with no shelter place (peak)"),
        "unmet_person_hours": N_("unmet person-hours of relief items")}
VERDICTS = {"PASS": N_("PASS"), "FAIL": N_("FAIL"), "NOTHING_TO_JUDGE": N_("nothing to judge")}
"""The relief verdict's code as the page says it (sim.verdict: nothing to judge is neither pass nor fail)."""
STATUSES = ("full", "late", "partial", "early", "wrong", "missing")


def page(record):
    """The score page of a finished session's record (training.record.SessionRecord)."""
    score = score_record(record)
    ex = record.exercise
    verdict = record.kpis.get("verdict")
    reasons = (record.tables or {}).get("team", {}).get("verdict") or {"zh": [], "en": []}
    return {
        "session": record.session_id, "overall": score.overall, "grade": score.grade,
        "grade_text": said(GRADES[score.grade]), "process": score.timeliness, "outcome": score.outcome,
        "verdict": verdict, "verdict_text": said(VERDICTS[verdict]) if verdict in VERDICTS else None,
        "reasons": reasons, "target_met": score.target_met, "target_met_baseline": score.target_met_baseline,
        "target_judged": score.target_judged,
        "objectives": [{"id": o.id, "name": both(lambda _, o=o: _.name(o)), "rating": o.rating,
                        "rating_text": said(RATINGS.get(o.rating, RATINGS["-"])), "score": o.score}
                       for o in score.objectives],
        "outcomes": [{"kpi": o.kpi, "name": said(KPIS[o.kpi]) if o.kpi in KPIS else both(lambda _, k=o.kpi: k),
                      "team": _num(o.team), "baseline": _num(o.baseline), "score": o.score} for o in score.outcomes],
        "roles": [_role_line(record, score, role) for role in ex.roles],
    }


def for_role(page_, role):
    """What a seat of *role* sees of the score page: everything but the other roles' lines."""
    if page_ is None:
        return None
    return {**page_, "roles": [r for r in page_["roles"] if r["role"] == role]}


def _role_line(record, score, role):
    """Acknowledgements (as the report's "Acknowledgement of injects") and expected actions
    (as its "Expected actions" table) of one role."""
    ex = record.exercise
    acked = {(a.inject, a.role): a for a in record.acks}
    adhoc = {a.act.get("id"): a.act for a in record.acts if a.accepted and a.act.get("act") == "add_inject"}
    delays, sent = [], 0
    for iid in record.deliveries:
        inject = ex.injects.get(iid)
        to = recipients(inject, ex) if inject is not None else _adhoc_to(adhoc.get(iid), ex)
        if role in to:
            sent += 1
            if (iid, role) in acked:
                delays.append(acked[(iid, role)].delay_h)
    mine = [v for v in score.verdicts if v.role == role]
    responses = [max(v.delay_h, 0.0) for v in mine if v.delay_h is not None]
    spec = ex.roles[role]
    return {"role": role, "name": both(lambda _: _.name(spec)), "sent": sent, "acked": len(delays),
            "mean_ack_h": _mean(delays), "slowest_ack_h": max(delays) if delays else None,
            "expected": len(mine), "statuses": {s: sum(v.status == s for v in mine) for s in STATUSES},
            "mean_response_h": _mean(responses),
            "verdicts": [{"status": v.final_status, "text": both(lambda _, v=v: v.explain(_.lang))} for v in mine]}


def _adhoc_to(act, exercise):
    if act is None:
        return ()
    to = act.get("to", "all")
    return tuple(exercise.roles) if to == "all" else tuple(to)


def _mean(values):
    return sum(values) / len(values) if values else None


def _num(value):
    return value if isinstance(value, (int, float)) and math.isfinite(value) else None
