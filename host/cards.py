"""A seat's role card: the actions its role may take (as forms with the scenario's zones,
shelters, depots, roads and quantities to pick from) and what the plan expects of it.

    card(exercise, "logistics")   # {"forms": [...], "kinds": ["dispatch", ...], "expects": [...]}

This is the one place the host asks what a role may and should do; the seats' forms, the
check that a seat sends only what its card offers (host.guard) and the card's "what the
plan expects" all read it.
"""
import functools

from training.words import hm

from . import forms
from .words import both


def card(exercise, role):
    """The card of *role* in *exercise*: ``forms`` (host.forms), the action ``kinds`` they
    offer, and ``expects``: what the exercise expects of the role ({"source", "text" {zh, en}})."""
    return _card(exercise, role)


@functools.lru_cache(maxsize=64)
def _card(exercise, role):
    spec = exercise.roles[role]
    offered = forms.forms(exercise.scenario, spec)
    return {"forms": offered, "kinds": [f["action"] for f in offered], "expects": _expects(exercise, role)}


def _expects(exercise, role):
    out = []
    for source in list(exercise.spec.injects) + list(exercise.spec.decisions):
        for e in source.expect:
            who = e.role or _first_allowed(exercise, e.do.action)
            if who != role:
                continue
            action = e.do.model_dump(by_alias=True)
            kind = action["action"]
            target = next((str(action[k]) for k in ("shelter", "zone", "depot", "township", "level", "edge")
                           if k in action), "")
            name = forms.action_name(kind)
            out.append({"source": source.id, "action": action, "text": both(lambda _, n=name, t=target, w=e.within, s=source.id: _(
                "{what} {target} within {within} of {source}", what=n[_.lang], target=t, within=hm(w, _.lang), source=s))})
    return out


def _first_allowed(exercise, kind):
    return next((r.id for r in exercise.roles.values() if r.may(kind)), None)
