"""The seat page's action forms: which choices each action offers, taken from the scenario,
and the action built from what a seat chose, checked against those choices on the host.

A form is a list of fields ``{"key", "label": {zh, en}, "choices": [{"value", "label"}], "default"}``.
The page sends back ``{"form": kind, "values": {key: value}}``; ``build`` refuses any value
that is not one of the field's choices, then makes an action in sim's vocabulary, which the
runner checks against the role's rights and the model (the same reasons as the viewer).
"""

from sim.actions import RESPONSE_LEVELS
from sim.relief import item_word
from training.needs import supplies

ACTIONS = ("warn", "order_evacuation", "open_shelter", "assign_shelter", "dispatch", "request_reserve",
           "raise_response")
"""The actions a seat may be offered, in the order shown (the viewer's buttons)."""
DISPATCH_COVER_H = (6, 12, 24)
"""Hours of use at a shelter's capacity a dispatch may send for (as the viewer)."""
RESERVE_COVER_H = (12, 24, 48)
"""Hours of use the district reserve may be asked for (as the viewer)."""

NAMES = {
    "warn": ("发布预警", "Warn"), "order_evacuation": ("组织转移", "Order evacuation"),
    "open_shelter": ("开放避灾点", "Open shelter"), "assign_shelter": ("指定安置点", "Assign shelter"),
    "dispatch": ("调运物资", "Dispatch supplies"), "request_reserve": ("申请区级储备", "Request district reserve"),
    "raise_response": ("提升响应级别", "Raise response level"),
}
FIELDS = {
    "zones": ("区域", "Zones"), "zone": ("区域", "Zone"), "channels": ("渠道", "Channels"), "group": ("人群", "Group"),
    "shelter": ("避灾点", "Shelter"), "depot": ("储备库", "Depot"), "items": ("物资", "Supplies"),
    "cover": ("保障时长", "Cover"), "township": ("乡镇（街道）", "Township"), "level": ("级别", "Level"),
}
WORDS = {
    "all": ("全部", "all"), "assisted": ("行动不便人员", "needs assistance"), "general": ("一般人员", "general"),
    "basic": ("基本生活物资", "basic needs"),
    "broadcast": ("应急广播", "emergency broadcast"), "sms": ("短信/微信", "SMS / WeChat"),
    "door_to_door": ("入户通知", "door to door"), "gong": ("鸣锣", "gongs"),
}
"""The seat forms' words; relief items are named by sim.relief.item_word like everywhere else."""


def text(pair):
    return {"zh": pair[0], "en": pair[1]}


def word(key):
    return text(WORDS.get(key, (item_word(key, "zh"), item_word(key, "en"))))


def _named(spec):
    return {"zh": getattr(spec, "name_zh", "") or spec.name or spec.id, "en": spec.name or spec.id}


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
                out.append({"action": kind, "label": text(NAMES[kind]), "fields": f})
    return out


def fields(kind, scenario):
    """The fields of the form for action *kind*, or None if the scenario offers none."""
    zones = [_choice(z.id, _named(z)) for z in scenario.zones]
    shelters = [_choice(s.id, {"zh": f"{s.grade} {_named(s)['zh']}", "en": f"{s.grade} {_named(s)['en']}"})
                for s in scenario.shelters]
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
        depots = [_choice(d.id, _named(d)) for d in scenario.depots]
        if not depots:
            return None
        items = [_choice("basic", word("basic"))] + [_choice(i, word(i)) for i in scenario.relief.items]
        covers = [_choice(str(h), {"zh": f"{h} 小时", "en": f"{h} h"}) for h in DISPATCH_COVER_H]
        return [f("depot", depots), f("shelter", shelters), f("items", items), f("cover", covers, "12")]
    if kind == "request_reserve":
        towns = sorted({z.township for z in scenario.zones if z.township})
        if not towns:
            return None
        covers = [_choice(str(h), {"zh": f"{h} 小时", "en": f"{h} h"}) for h in RESERVE_COVER_H]
        return [f("township", [_choice(w, {"zh": w, "en": w}) for w in towns]), f("cover", covers, "24")]
    if kind == "raise_response":
        return [f("level", [_choice(v, {"zh": f"{v}级", "en": v}) for v in RESPONSE_LEVELS])]
    return None


def _field(key, choices, default=None):
    return {"key": key, "label": text(FIELDS[key]), "choices": choices,
            "default": default if default is not None else choices[0]["value"]}


class FormError(ValueError):
    """A form came back with a value it did not offer."""


def build(kind, values, scenario):
    """The action dict for *kind* from the chosen *values* (key -> value); FormError says
    which field is wrong."""
    if kind not in ACTIONS:
        raise FormError(f"no form for action {kind!r}; forms: {', '.join(ACTIONS)}")
    spec = fields(kind, scenario)
    if spec is None:
        raise FormError(f"this scenario offers no {kind} (no depots or no townships)")
    if not isinstance(values, dict):
        raise FormError("values must be a mapping of field to chosen value")
    v = {}
    for field in spec:
        value = values.get(field["key"], field["default"])
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
    return {"action": "raise_response", "level": v["level"]}


def _all_or_list(value):
    return "all" if value == "all" else [value]
