"""The action panel's forms, read from training.roles: the one source of what a role may do.

The viewer decides nothing about actions. Its source says which kinds of action the player
may take (``source.action_offers(now=False)``: in an exercise, what the acting role's
rights allow and the scenario can carry out; in a free run, every kind the scenario can)
and, when a form opens, the choices the model offers now (``action_offers()``: closed
shelters to open, roads an action closed to reopen, quantities with the plan's defaults).
``source.build(kind, values)`` makes the action, or raises training.roles.OfferError.
This module only puts an Offer into the words and widgets of the language shown.
"""
import math

from training.roles import OfferError  # noqa: F401  (the forms' refusal, re-exported for the screens)


class FormField:
    """One field of a form in the language shown: its key (training.roles.FIELD_NAMES), label,
    the (label, value) choices, the default value, and whether several may be taken."""

    def __init__(self, field, t):
        self.key = field.key
        self.label = t.pick(field.label)
        self.choices = distinct([(t.pick(c.label), c.value) for c in field.choices], t)
        self.default = field.default
        self.multi = field.multi

    def label_of(self, value):
        return next(label for label, v in self.choices if v == value)


def kinds(source):
    """The kinds of action the action buttons offer, in training.roles' order (a projector: none)."""
    if getattr(source, "read_only", False) or not hasattr(source, "action_offers"):
        return []
    return [offer.kind for offer in source.action_offers(now=False)]


def offer(source, kind):
    """The Offer of *kind* with the choices the model offers now, or None when there is
    nothing to choose from now (no closed shelter to open, no road an action closed)."""
    return next((o for o in source.action_offers() if o.kind == kind), None)


def fields(offer, t):
    """The FormFields of *offer* in *t*'s language."""
    return [FormField(f, t) for f in offer.fields]


def distinct(choices, t):
    """Choices whose labels are told apart (a list widget knows its items by their text): a
    label that two choices share gets its value in brackets, written as *t*'s language writes
    them (full-width in Chinese)."""
    seen = {}
    for label, _ in choices:
        seen[label] = seen.get(label, 0) + 1
    return [(t("{label} ({value})", label=label, value=value) if seen[label] > 1 else label, value)
            for label, value in choices]


PER_ROW = 4
"""Action buttons on one row of the panel at most while two rows hold them all; beyond that,
rows of PER_ROW - 1, so that names such as "Assign shelter" still fit at 1280×800."""


def action_rows(source):
    """Rows of action buttons the panel lays out: two, or more when more than 2 × PER_ROW kinds
    may be offered (every kind the scenario can carry out is the most any role can have)."""
    if getattr(source, "read_only", False) or not hasattr(source, "action_offers"):
        return 2
    from training.roles import scenario_offers

    n = len(scenario_offers(source.scenario))
    return 2 if n <= 2 * PER_ROW else math.ceil(n / (PER_ROW - 1))
