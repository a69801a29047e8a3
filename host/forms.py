"""The seat page's action forms: which choices each action offers, taken from the scenario,
and the action built from what a seat chose, checked against those choices on the host.

A form is a list of fields ``{"key", "label": {zh, en}, "choices": [{"value", "label"}], "default"}``.
The page sends back ``{"form": kind, "values": {key: value}}`` with a value for every field
(a missing or null value is refused: nothing defaults to "all"); ``build`` refuses any value
that is not one of the field's choices, then makes an action in sim's vocabulary, which the
runner checks against the role's rights and the model (the same reasons as the viewer).
"""
from messages import N_
from sim.actions import RESPONSE_LEVELS
from sim.relief import item_word
from training.needs import supplies

from .words import both

ACTIONS = ("warn", "order_evacuation", "open_shelter", "assign_shelter", "dispatch", "request_reserve",
           "raise_response", "close_road", "reopen_road")
"""The actions a seat may be offered, in the order shown (the viewer's buttons, then the roads')."""
DISPATCH_COVER_H = (6, 12, 24)
"""Hours of use at a shelter's capacity a dispatch may send for (as the viewer)."""
RESERVE_COVER_H = (12, 24, 48)
"""Hours of use the district reserve may be asked for (as the viewer)."""

NAMES = {
    "warn": N_("Warn"), "order_evacuation": N_("Order evacuation"), "open_shelter": N_("Open shelter"),
    "assign_shelter": N_("Assign shelter"), "dispatch": N_("Dispatch supplies"),
    "request_reserve": N_("Request district reserve"), "raise_response": N_("Raise response level"),
    "close_road": N_("Close a road"), "reopen_road": N_("Reopen a road"),
}
FIELDS = {
    "zones": N_("Zones"), "zone": N_("Zone"), "channels": N_("Channels"), "group": N_("Group"),
    "shelter": N_("Shelter"), "depot": N_("Depot"), "items": N_("Supplies"), "cover": N_("Cover"),
    "township": N_("Township"), "level": N_("Level"), "edge": N_("Road"),
}
WORDS = {
    "all": N_("all"), "assisted": N_("needs assistance"), "general": N_("general"), "basic": N_("basic needs"),
    "broadcast": N_("emergency broadcast"), "sms": N_("SMS / WeChat"), "door_to_door": N_("door to door"),
    "gong": N_("gongs"),
}
"""The seat forms' words; relief items are named by sim.relief.item_word like everywhere else."""


def action_name(kind):
    """{zh, en} name of an action kind (the kind itself for one without a form)."""
    return both(lambda _: _(NAMES[kind]) if kind in NAMES else kind)


def word(key):
    """{zh, en} of a choice word or a relief item."""
    if key in WORDS:
        return both(lambda _: _(WORDS[key]))
    return both(lambda _: item_word(key, _.lang))


def _named(spec, prefix=""):
    return both(lambda _: f"{prefix}{_.name(spec)}")


def _choice(value, label):
    return {"value": value, "label": label}


def forms(scenario, role):
    """The forms for the actions *role* (training.spec.Role) may take: a list of
    ``{"action", "label", "fields"}``."""
    out = []
    for kind in ACTIONS:
        if role.may(kind):
            f = fields(kind, scenario)
            if f:
                out.append({"action": kind, "label": action_name(kind), "fields": f})
    return out


def fields(kind, scenario):
    """The fields of the form for action *kind*, or None if the scenario offers none."""
    zones = [_choice(z.id, _named(z)) for z in scenario.zones]
    shelters = [_choice(s.id, _named(s, f"{s.grade} ")) for s in scenario.shelters]
    everyone = _choice("all", word("all"))
    channels = [everyone] + [_choice(c, word(c)) for c in scenario.behaviour.channels]
    f = _field
    if kind == "warn":
        return [f("zones", [everyone] + zones), f("channels", channels)]
    if kind == "order_evacuation":
        return [f("zone", zones), f("group", [_choice(g, word(g)) for g in ("all", "assisted", "general")]),
                f("channels", channels)]
    if kind == "open_shelter":
        return [f("shelter", shelters)]
    if kind == "assign_shelter":
        return [f("zone", zones), f("shelter", shelters)]
    if kind == "dispatch":
        return _dispatch_fields(scenario, shelters)
    if kind == "request_reserve":
        towns = sorted({z.township for z in scenario.zones if z.township})
        if not towns:
            return None
        names = {t.id: t for t in getattr(scenario.spec, "townships", None) or ()}
        covers = [_choice(str(h), _hours(h)) for h in RESERVE_COVER_H]
        return [f("township", [_choice(w, _named(names[w]) if w in names else both(lambda _, w=w: w)) for w in towns]),
                f("cover", covers, "24")]
    if kind == "raise_response":
        return [f("level", [_choice(v, both(lambda _, v=v: _("level {level}", level=v))) for v in RESPONSE_LEVELS])]
    if kind in ("close_road", "reopen_road"):
        edges = [_choice(e.id, both(lambda _, e=e: f"{e.id} {_.name(e)}".strip() if _.name(e) != e.id else e.id))
                 for e in scenario.edges]
        return [f("edge", edges)] if edges else None
    return None


def _dispatch_fields(scenario, shelters):
    depots = [_choice(d.id, _named(d)) for d in scenario.depots]
    if not depots:
        return None
    items = [_choice("basic", word("basic"))] + [_choice(i, word(i)) for i in scenario.relief.items]
    covers = [_choice(str(h), _hours(h)) for h in DISPATCH_COVER_H]
    return [_field("depot", depots), _field("shelter", shelters), _field("items", items),
            _field("cover", covers, "12")]


def _hours(h):
    return both(lambda _: _("{n} h", n=h))


def _field(key, choices, default=None):
    return {"key": key, "label": both(lambda _: _(FIELDS[key])), "choices": choices,
            "default": default if default is not None else choices[0]["value"]}


class FormError(ValueError):
    """A form came back with a value it did not offer."""


def build(kind, values, scenario):
    """The action dict for *kind* from the chosen *values* (key -> value, one for every
    field); FormError says which field is wrong."""
    if kind not in ACTIONS:
        raise FormError(f"no form for action {str(kind)[:40]!r}; forms: {', '.join(ACTIONS)}")
    spec = fields(kind, scenario)
    if spec is None:
        raise FormError(f"this scenario offers no {kind} (no depots, townships or roads)")
    if not isinstance(values, dict):
        raise FormError("values must be a mapping of each field to the chosen value (nothing is taken as 'all')")
    v = {}
    for field in spec:
        value = values.get(field["key"])
        if value is None:
            raise FormError(f"{kind}.{field['key']}: no value given (choose one; nothing is taken as 'all')")
        if value not in [c["value"] for c in field["choices"]]:
            raise FormError(f"{kind}.{field['key']}: {str(value)[:40]!r} is not one of the choices")
        v[field["key"]] = value
    if kind == "warn":
        return {"action": "warn", "zones": _all_or_list(v["zones"]), "channels": _all_or_list(v["channels"])}
    if kind == "order_evacuation":
        return {"action": "order_evacuation", "zone": v["zone"], "group": v["group"], "channels": _all_or_list(v["channels"])}
    if kind == "open_shelter":
        return {"action": "open_shelter", "shelter": v["shelter"]}
    if kind == "assign_shelter":
        return {"action": "assign_shelter", "zone": v["zone"], "shelters": [v["shelter"]]}
    if kind == "dispatch":
        shelter = scenario.shelter[v["shelter"]]
        return {"action": "dispatch", "depot": v["depot"], "shelter": shelter.id,
                "items": supplies(scenario, shelter, v["items"], float(v["cover"]))}
    if kind == "request_reserve":
        return {"action": "request_reserve", "township": v["township"], "cover": float(v["cover"])}
    if kind in ("close_road", "reopen_road"):
        return {"action": kind, "edge": v["edge"]}
    return {"action": "raise_response", "level": v["level"]}


def _all_or_list(value):
    return "all" if value == "all" else [value]
