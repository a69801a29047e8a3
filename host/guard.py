"""The host trusts no message: what a page sends is read strictly and checked before the
runner sees it.

- ``loads`` reads a message's JSON and refuses ``NaN``, ``Infinity`` and numbers too large
  for a float (``1e400``): a non-finite number never enters the host, so it is never stored.
- ``seat_action`` checks an action a seat sends in sim's vocabulary: setbacks are the
  facilitator's and an inject's, never a seat's; the action must be one its card offers;
  no field may be null or left out where sim would read it as "all"; every quantity is a
  finite, positive number no larger than what exists (the depot's stock now, the
  exercise's length).
- ``effects`` checks the effects of an inject the facilitator adds the same way (quantities
  and durations bounded).

Each refusal is a ``Refusal`` with its reason in the catalogue's words.
"""
import json
import math

from messages import N_
from training.facilitation import SETBACKS

from .words import said

EXPLICIT = {"warn": ("zones", "channels"), "order_evacuation": ("zone", "group", "channels")}
"""Fields sim would fill with "all" when missing: a seat must give them."""


class Refusal(Exception):
    """A message refused before the runner saw it; ``text`` is its reason in every language."""

    def __init__(self, message, words=None, **fields):
        """*message* (a catalogue message) with its *fields*; *words*: its {zh, en} made by the
        caller instead (for fields that are themselves in two languages, such as role names)."""
        self.text = words or said(message, **fields)
        super().__init__(self.text["en"])

    @property
    def reason(self):
        return self.text["en"]


class BadNumber(ValueError):
    """A message held a number JSON has no place for (NaN, Infinity, one that overflows)."""


def _constant(name):
    raise BadNumber(f"{name} is not a number a message may hold")


def _float(text):
    value = float(text)
    if not math.isfinite(value):
        raise BadNumber(f"{text[:20]} is too large a number")
    return value


def loads(text):
    """The JSON value of *text*; BadNumber for NaN, Infinity and overflowing numbers,
    ValueError for text that is not JSON."""
    return json.loads(text, parse_constant=_constant, parse_float=_float)


def seat_action(action, card_kinds, scenario, snapshot, horizon):
    """Check an action a seat sends in sim's vocabulary; Refusal says why it may not."""
    if not isinstance(action, dict) or not isinstance(action.get("action"), str):
        raise Refusal(N_("an action is a mapping with an 'action' key, e.g. {action: open_shelter, shelter: S1}"))
    kind = action["action"]
    if kind in SETBACKS:
        raise Refusal(N_("{kind} is a setback: only the facilitator or an inject brings it about"), kind=kind)
    if kind not in card_kinds:
        raise Refusal(N_("{kind} is not on this role's card; it offers: {offered}"), kind=kind[:40],
                      offered=", ".join(card_kinds) or "-")
    for key, value in action.items():
        if value is None:
            raise Refusal(N_("{kind}.{key}: null is not a value (nothing is taken as 'all'): give one"), kind=kind, key=key)
    for key in EXPLICIT.get(kind, ()):
        if key not in action:
            raise Refusal(N_("{kind}.{key}: give it (a missing value is not taken as 'all')"), kind=kind, key=key)
    quantities(action, scenario, snapshot, horizon)


def quantities(action, scenario, snapshot, horizon):
    """Every number in *action* finite, positive and bounded by what exists; Refusal if not."""
    kind = action.get("action")
    _finite_positive(action, kind)
    if kind == "dispatch":
        items = action.get("items")
        if not isinstance(items, dict) or not items:
            raise Refusal(N_("dispatch.items: give the units of each item to send, e.g. {water_l: 6000}"))
        stock = dict(next((d.stock for d in snapshot.depots if d.id == action.get("depot")), ()))
        for item, units in items.items():
            if item not in scenario.relief.items:
                raise Refusal(N_("dispatch.items: no relief item {item}; items: {known}"), item=str(item)[:40],
                              known=", ".join(scenario.relief.items))
            if action.get("depot") in stock_ids(snapshot) and units > stock.get(item, 0.0) + 1e-9:
                raise Refusal(N_("dispatch.items.{item}: {units:,.0f} is more than depot {depot} holds ({stock:,.0f})"),
                              item=item, units=float(units), depot=action["depot"], stock=stock.get(item, 0.0))
    for key in ("cover", "hours"):
        if key in action and isinstance(action[key], (int, float)) and action[key] > horizon:
            raise Refusal(N_("{kind}.{key}: {value:g} h is longer than the whole exercise ({horizon:g} h)"),
                          kind=kind, key=key, value=float(action[key]), horizon=float(horizon))


def stock_ids(snapshot):
    return {d.id for d in snapshot.depots}


def _finite_positive(value, where):
    if isinstance(value, bool):
        return
    if isinstance(value, (int, float)):
        if not math.isfinite(value) or value <= 0:
            raise Refusal(N_("{where}: {value} is not a finite, positive quantity"), where=where, value=str(value)[:30])
        return
    if isinstance(value, dict):
        for key, inner in value.items():
            if key != "action":
                _finite_positive(inner, f"{where}.{key}")
    elif isinstance(value, (list, tuple)):
        for i, inner in enumerate(value):
            _finite_positive(inner, f"{where}[{i}]")


def effects(act, scenario, snapshot, horizon):
    """Check the effects of an inject the facilitator adds (``add_inject``); Refusal if one
    holds a quantity that is not finite, positive and bounded by what exists."""
    if not isinstance(act, dict) or act.get("act") != "add_inject":
        return
    for effect in act.get("effect") or ():
        if isinstance(effect, dict):
            quantities(effect, scenario, snapshot, horizon)
