"""A seat's role card, read from training.roles (the one source of what a role may and should
do, shared with the role-card handouts, the terminal, the viewer and ``evaluate``).

    card(exercise, "logistics")          # {"forms": [...], "kinds": ["dispatch", ...], "expects": [...]}
    build(exercise, "dispatch", values, "logistics", runner)   # the action, or Refusal
    due(runner, "logistics")             # what is due of the role now, each with the action that meets it

The forms are the role's offers (its rights and the scenario's zones, shelters, depots,
roads, items and hours to pick from); ``kinds`` are what a seat of the role may send at all
(host.guard refuses anything else); ``expects`` are its duties under the plan.
"""
import functools

from messages import N_
from training import roles
from training.plain import item_name

from .guard import Refusal
from .words import both


def card(exercise, role):
    """The card of *role*: ``forms`` (Offer.as_dict), the action ``kinds`` they offer, and
    ``expects``: the role's duties ({"source", "action", "text" {zh, en}})."""
    return _card(exercise, role)


@functools.lru_cache(maxsize=64)
def _card(exercise, role):
    offered = [o.as_dict() for o in roles.offers(exercise, role)]
    return {"forms": offered, "kinds": [f["action"] for f in offered],
            "expects": [_duty(exercise, d) for d in roles.duties(exercise, role)]}


def _duty(exercise, duty):
    what = roles.said(duty.action, exercise.scenario)
    return {"source": duty.source_id, "action": duty.action,
            "text": both(lambda _: _("{what} ({source}, within {within:g} h)", what=what[_.lang],
                                     source=duty.source_id, within=duty.within))}


def build(exercise, kind, values, role, runner):
    """The action a seat's form asks for; Refusal when a field has no value (nothing is taken
    as "all") or a value the form did not offer."""
    offer = next((o for o in roles.offers(exercise, role) if o.kind == kind), None)
    if offer is None:
        raise Refusal(N_("{kind} is not on this role's card; it offers: {offered}"), kind=str(kind)[:40],
                      offered=", ".join(card(exercise, role)["kinds"]) or "-")
    if not isinstance(values, dict):
        raise Refusal(N_("values: give the chosen value of each field (nothing is taken as 'all')"))
    for field in offer.fields:
        if values.get(field.key) in (None, [], ""):
            raise Refusal(N_("{kind}.{key}: no value given (choose one; nothing is taken as 'all')"),
                          kind=kind, key=field.key)
    try:
        return roles.build(exercise, kind, values, role=role, runner=runner)
    except roles.OfferError as exc:
        raise Refusal("", words=both(lambda _: str(exc))) from None


def due(runner, role, snap=None):
    """What is due of *role* now (training.roles.due_items) and can still be done: [{"label"
    {zh, en}, "action", "source"}]. A shelter open already, a road already closed, is not
    offered again (the model would refuse it)."""
    snap = snap or runner.snapshot()
    closed = {s.id for s in snap.shelters if s.state == "closed" and s.usable}
    return [{"label": item.label, "action": item.action, "source": item.duty.source_id if item.duty else None}
            for item in roles.due_items(runner, role) if _possible(item.action, closed, set(snap.closed_roads))]


def _possible(action, closed_shelters, closed_roads):
    kind = action.get("action")
    if kind == "open_shelter":
        return action.get("shelter") in closed_shelters
    if kind == "close_road":
        return action.get("edge") not in closed_roads
    if kind == "reopen_road":
        return action.get("edge") in closed_roads
    return True


def action_words(action, scenario):
    """{zh, en}: an action in plain words ("open shelter S01 ...")."""
    return roles.said(action, scenario)


def item_words(item):
    """{zh, en}: a relief item's name."""
    return both(lambda _: item_name(item, _.lang))
