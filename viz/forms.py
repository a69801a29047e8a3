"""The action panel's forms: which choices each action offers, taken from the scenario.

A form is a list of fields, each a list of (label, value) choices with a default; the
chosen values make an action dict in sim's vocabulary (``sim.actions``), which the
model checks when it is applied.
"""
import math

from messages import N_
from sim.actions import RESPONSE_LEVELS
from training.needs import supplies

from . import words
from .format import hours
from .words import CHANNELS, GROUPS, word

ACTIONS = ("warn", "order_evacuation", "open_shelter", "assign_shelter", "dispatch", "request_reserve",
           "raise_response", "transfer")
"""The action buttons, in the order they are shown; ``transfer`` is one button for the transfer's
measures (MEASURES): forced transfer, 防回流 and lifting the order."""
MEASURES = ("forced_transfer", "prevent_return", "lift_transfer")
"""The actions the ``transfer`` button's form offers (sim.actions)."""
DISPATCH_COVER_H = (6, 12, 24)
"""Hours of use at a shelter's capacity a dispatch may send for."""
RESERVE_COVER_H = (12, 24, 48)
"""Hours of use the district reserve may be asked for."""


FIELDS = {
    "field.zones": N_("Zones"), "field.zone": N_("Zone"), "field.channels": N_("Channels"), "field.group": N_("Who"),
    "field.shelter": N_("Shelter"), "field.depot": N_("Depot"), "field.items": N_("Items"),
    "field.cover": N_("Enough for"), "field.township": N_("Township"), "field.level": N_("Level"),
    "field.measure": N_("Measure"),
}
"""The fields a form may have: key (the name its value goes by) -> label."""


class FormField:
    """One choice in a form: its key (FIELDS), the (label, value) choices, the default value."""

    def __init__(self, key, choices, default=None):
        self.key = key
        self.label = FIELDS[key]
        self.choices = list(choices)
        self.default = default if default is not None else self.choices[0][1]


def fields(kind, scenario, t, snap=None):
    """The fields of the form for action *kind*."""
    zones = [(t.name(z), z.id) for z in scenario.zones]
    shelters = [(f"{s.grade} {t.name(s)}", s.id) for s in scenario.shelters]
    everyone = (t("All"), "all")
    channels = [everyone] + [(word(t, CHANNELS, c), c) for c in scenario.behaviour.channels]
    if kind == "warn":
        return [FormField("field.zones", [everyone] + zones), FormField("field.channels", channels)]
    if kind == "order_evacuation":
        groups = [(word(t, GROUPS, g), g) for g in ("all", "assisted", "general")]
        return [FormField("field.zone", zones, _first_at_home(scenario, snap)), FormField("field.group", groups),
                FormField("field.channels", channels)]
    if kind == "open_shelter":
        return [FormField("field.shelter", shelters, _first_closed(scenario, snap))]
    if kind == "assign_shelter":
        return [FormField("field.zone", zones), FormField("field.shelter", shelters)]
    if kind == "dispatch":
        depots = [(t.name(d), d.id) for d in scenario.depots]
        if not depots:
            return None
        items = [(t("All basic items"), "basic")] + [(words.item(t, i), i) for i in scenario.relief.items]
        covers = [(hours(t, h), str(h)) for h in DISPATCH_COVER_H]
        return [FormField("field.depot", depots), FormField("field.shelter", shelters, _neediest(scenario, snap)),
                FormField("field.items", items), FormField("field.cover", covers, "12")]
    if kind == "request_reserve":
        towns = sorted({z.township for z in scenario.zones if z.township})
        if not towns:
            return None
        return [FormField("field.township", [(w, w) for w in towns]),
                FormField("field.cover", [(hours(t, h), str(h)) for h in RESERVE_COVER_H], "24")]
    if kind == "raise_response":
        return [FormField("field.level", [(level, level) for level in RESPONSE_LEVELS], _next_level(snap))]
    if kind == "transfer":  # the model says why when no order came first, or it was lifted (sim.transfer)
        groups = [(word(t, GROUPS, g), g) for g in ("all", "assisted", "general")]
        return [FormField("field.measure", [(word(t, words.ACTIONS, m), m) for m in MEASURES]),
                FormField("field.zone", zones, _first_at_home(scenario, snap)), FormField("field.group", groups)]
    raise ValueError(f"no form for action {kind!r}")


def build(kind, values, scenario):
    """The action dict for *kind* from the chosen *values* (field key -> value)."""
    v = values
    if kind == "warn":
        return {"action": "warn", "zones": _all_or_list(v["field.zones"]), "channels": _all_or_list(v["field.channels"])}
    if kind == "order_evacuation":
        return {"action": "order_evacuation", "zone": v["field.zone"], "group": v["field.group"],
                "channels": _all_or_list(v["field.channels"])}
    if kind == "open_shelter":
        return {"action": "open_shelter", "shelter": v["field.shelter"]}
    if kind == "assign_shelter":
        return {"action": "assign_shelter", "zone": v["field.zone"], "shelters": [v["field.shelter"]]}
    if kind == "dispatch":
        shelter = scenario.shelter[v["field.shelter"]]
        return {"action": "dispatch", "depot": v["field.depot"], "shelter": shelter.id,
                "items": supplies(scenario, shelter, v["field.items"], float(v["field.cover"]))}
    if kind == "request_reserve":
        return {"action": "request_reserve", "township": v["field.township"], "cover": float(v["field.cover"])}
    if kind == "raise_response":
        return {"action": "raise_response", "level": v["field.level"]}
    if kind == "transfer":
        measure = v["field.measure"]
        if measure == "forced_transfer":
            return {"action": measure, "zone": v["field.zone"], "group": v["field.group"]}
        return {"action": measure, "zone": v["field.zone"]}  # the whole zone: the group does not apply
    raise ValueError(f"no form for action {kind!r}")


def _all_or_list(value):
    return "all" if value == "all" else [value]


def _first_closed(scenario, snap):
    if snap is not None:
        for s in snap.shelters:
            if s.state == "closed" and s.usable:
                return s.id
    return None


def _first_at_home(scenario, snap):
    if snap is not None:
        zones = [z for z in snap.zones if z.at_home > 0]
        if zones:
            return max(zones, key=lambda z: (z.depth_m, z.at_home)).id
    return None


def _neediest(scenario, snap):
    if snap is not None:
        used = [s for s in snap.shelters if s.occupancy > 0]
        if used:
            return min(used, key=lambda s: min((c.hours for c in s.cover_h), default=math.inf)).id
    return None


def _next_level(snap):
    if snap is None or snap.response_level is None:
        return RESPONSE_LEVELS[0]
    i = RESPONSE_LEVELS.index(snap.response_level)
    return RESPONSE_LEVELS[min(i + 1, len(RESPONSE_LEVELS) - 1)]
