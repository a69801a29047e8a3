"""Actions and triggers in plain words, as a trainer writes them on a card or a report.

    plain_action({"action": "warn", "zones": ["C1"], "channels": ["door_to_door"]}, scenario, "zh")
    -> "通过入户通知向海滨社区（C1）发布预警"

The words come from the message catalogue (domain ``training``), the names of places from
the scenario (``name`` / ``name_zh``). No action syntax (no ``key=value``) ever reaches a
trainee through these functions.
"""
from messages import N_, texts
from sim.relief import item_word

CHANNELS = {"broadcast": N_("emergency broadcast"), "sms": N_("SMS / WeChat"), "door_to_door": N_("door-to-door visits"),
            "gong": N_("gongs and loudhailers")}
GROUPS = {"all": N_("everyone"), "assisted": N_("the residents who need help to move"),
          "general": N_("the residents who can move alone")}
LEVELS = {"IV": N_("level IV"), "III": N_("level III"), "II": N_("level II"), "I": N_("level I")}
ITEMS = {"water_l": N_("drinking water")}
"""Where a plan's sentence names an item otherwise than sim.relief.ITEM_WORDS does."""
UNITS = {"L": N_("L"), "day ration (2,100 kcal)": N_("day ration (2,100 kcal)"), "set": N_("set"),
         "consultation kit": N_("consultation kit")}
"""The model units of the default items (sim/relief.py), to be read in either language."""
SIGNALS = {
    "typhoon_blue": N_("typhoon BLUE signal"), "typhoon_yellow": N_("typhoon YELLOW signal"),
    "typhoon_orange": N_("typhoon ORANGE signal"), "typhoon_red": N_("typhoon RED signal"),
    "rainstorm_blue": N_("rainstorm BLUE signal"), "rainstorm_yellow": N_("rainstorm YELLOW signal"),
    "rainstorm_orange": N_("rainstorm ORANGE signal"), "rainstorm_red": N_("rainstorm RED signal"),
}
QUANTITIES = {"depth_m": (N_("water depth"), N_("m")), "wind_ms": (N_("wind"), N_("m/s")),
              "rain_mm_h": (N_("rain"), N_("mm/h"))}


def _num(x):
    return f"{x:g}"


def channel_names(channels, lang="en"):
    _ = texts(lang)
    return [_(CHANNELS[c]) if c in CHANNELS else c for c in channels]


def unit_name(item, unit, lang="en"):
    """A model *unit* as written in *lang* (the units of the default items are in the catalogue)."""
    return texts(lang)(UNITS[unit]) if unit in UNITS else unit


def item_name(item, lang="en"):
    return texts(lang)(ITEMS[item]) if item in ITEMS else item_word(item, lang)


def level_name(level, lang="en"):
    return texts(lang)(LEVELS[level]) if level in LEVELS else level


def quantity(units, unit=""):
    """``3,000 L``; whole numbers without decimals."""
    text = f"{units:,.0f}" if abs(units - round(units)) < 0.05 or units >= 100 else f"{units:,.1f}"
    return f"{text} {unit}".strip()


def place(kind, ident, scenario, lang="en"):
    """A zone, shelter, depot, road or township by name and id: ``Haibin (C1)`` / ``海滨社区（C1）``."""
    _ = texts(lang)
    if scenario is None:
        return ident
    if kind == "road":
        table = {e.id: e for e in getattr(scenario, "edges", ())}
    elif kind == "township":
        table = {t.id: t for t in getattr(getattr(scenario, "spec", None), "townships", ())}
    else:
        table = {"zone": getattr(scenario, "zone", {}), "shelter": getattr(scenario, "shelter", {}),
                 "depot": getattr(scenario, "depot", {})}.get(kind, {})
    obj = table.get(ident) if hasattr(table, "get") else None
    name = _.name(obj, "") if obj is not None else ""
    if not name or name == ident:
        return _("township {id}", id=ident) if kind == "township" else ident
    return _.paren(name, ident)


def _zones(action, scenario, lang):
    _ = texts(lang)
    zones = action.get("zones", "all")
    if zones == "all":
        return _("every zone")
    return _.join(place("zone", z, scenario, lang) for z in zones)


def _by(action, lang):
    _ = texts(lang)
    ch = action.get("channels", "all")
    if ch == "all":
        return _("by every channel")
    return _("by {channels}", channels=_.join(channel_names(ch, lang)))


def _items(action, scenario, lang):
    _ = texts(lang)
    parts = []
    items = getattr(getattr(scenario, "relief", None), "items", {}) if scenario is not None else {}
    for item, units in action.get("items", {}).items():
        name = item_name(item, lang)
        if units == "any":
            parts.append(name)
            continue
        unit = unit_name(item, items[item].unit if item in items else "", lang)
        parts.append(_("{item} {amount}", item=name, amount=quantity(float(units), unit)))
    return _.join(parts)


def plain_action(action, scenario=None, lang="en"):
    """One sentence-fragment saying what *action* (a dict) does, in *lang*."""
    _ = texts(lang)
    kind = action.get("action", "?")
    make = SAYS.get(kind)
    if make is None:
        return kind
    return make(_, action, lambda k, i: place(k, i, scenario, lang), scenario, lang)


def _warn(_, a, p, s, lang):
    return _("warn {zones} {by}", zones=_zones(a, s, lang), by=_by(a, lang))


def _order(_, a, p, s, lang):
    group = _(GROUPS.get(a.get("group", "all"), GROUPS["all"]))
    if a.get("channels", "all") == "all":
        return _("order {group} of {zone} to evacuate", group=group, zone=p("zone", a["zone"]))
    return _("order {group} of {zone} to evacuate {by}", group=group, zone=p("zone", a["zone"]), by=_by(a, lang))


def _dispatch(_, a, p, s, lang):
    frm = p("depot", a["depot"]) if a.get("depot") else _("a depot")
    return _("send {what} from {depot} to {shelter}", what=_items(a, s, lang), depot=frm, shelter=p("shelter", a["shelter"]))


def _forced(_, a, zone):
    """A forced transfer (强制转移, of those who refused or went back home) in plain words."""
    if a.get("group", "all") == "all":
        text = _("forced transfer in {zone}", zone=zone)
    else:
        text = _("forced transfer in {zone}: {group}", group=_(GROUPS[a["group"]]), zone=zone)
    if a.get("teams"):
        text = _.paren(text, _.plural("{n} team", "{n} teams", int(a["teams"]), n=int(a["teams"])))
    return text


SAYS = {
    "warn": _warn,
    "order_evacuation": _order,
    "open_shelter": lambda _, a, p, s, lang: _("open {shelter}", shelter=p("shelter", a["shelter"])),
    "assign_shelter": lambda _, a, p, s, lang: _("send the evacuees of {zone} to {shelters}", zone=p("zone", a["zone"]),
                                                  shelters=_.join(p("shelter", x) for x in a["shelters"])),
    "dispatch": _dispatch,
    "request_reserve": lambda _, a, p, s, lang: _(
        "ask the district reserve to stock the shelters of {township} for {hours} h",
        township=p("township", a["township"]), hours=_num(float(a.get("cover", 24.0)))),
    "raise_response": lambda _, a, p, s, lang: _("raise the response to {level}", level=level_name(a["level"], lang)),
    "close_road": lambda _, a, p, s, lang: _("close road {road}", road=p("road", a["edge"])),
    "reopen_road": lambda _, a, p, s, lang: _("reopen road {road}", road=p("road", a["edge"])),
    "fail_generator": lambda _, a, p, s, lang: _("the generator fails at {shelter}", shelter=p("shelter", a["shelter"])),
    "shelter_unusable": lambda _, a, p, s, lang: _("{shelter} is out of use", shelter=p("shelter", a["shelter"])),
    "lose_stock": lambda _, a, p, s, lang: _("{share:.0%} of the {item} at {place} is lost", share=a.get("share", 0.5),
                                              item=item_name(a["item"], lang),
                                              place=p("shelter", a["shelter"]) if a.get("shelter") else p("depot", a.get("depot"))),
    "delay_trucks": lambda _, a, p, s, lang: _("the trucks of {depot} are held up for {hours} h", depot=p("depot", a["depot"]),
                                                hours=_num(float(a["hours"]))),
    "forced_transfer": lambda _, a, p, s, lang: _forced(_, a, p("zone", a["zone"])),
    "prevent_return": lambda _, a, p, s, lang: _("no return to {zone} before the order is lifted", zone=p("zone", a["zone"])),
    "lift_transfer": lambda _, a, p, s, lang: _("lift the transfer order of {zone}", zone=p("zone", a["zone"])),
}
"""Kind of action -> its plain sentence (``_``, the action, place(kind, id), scenario, lang)."""


def signal_words(signal, lang="en"):
    """An official signal (``typhoon_orange``) in words."""
    return texts(lang)(SIGNALS[signal]) if signal in SIGNALS else signal


def plain_trigger(trigger, scenario=None, lang="en"):
    """When a trigger holds, in plain words: ``台风橙色预警发布时`` / ``on the typhoon ORANGE signal``."""
    _ = texts(lang)
    data = trigger.model_dump(mode="json", by_alias=True) if hasattr(trigger, "model_dump") else dict(trigger)
    if "all" in data:
        return _(" and ").join(plain_trigger(t, scenario, lang) for t in data["all"])
    if "any" in data:
        return _(" or ").join(plain_trigger(t, scenario, lang) for t in data["any"])
    for key, say in TRIGGERS.items():
        if key in data:
            return say(_, data[key], lambda k, i: place(k, i, scenario, lang), lang)
    return str(data)


def _at(_, at, p, lang):
    minutes = round(float(at) * 60)
    stamp = f"T+{minutes // 60:02d}:{minutes % 60:02d}"
    return _("at {clock}", clock=stamp)


def _hazard(_, c, p, lang):
    what, unit = QUANTITIES.get(c.get("quantity", "depth_m"), QUANTITIES["depth_m"])
    return _("when the {quantity} in {zone} passes {above} {unit}", quantity=_(what), zone=p("zone", c["zone"]),
             above=_num(c["above"]), unit=_(unit))


TRIGGERS = {
    "at": _at,
    "before_onset": lambda _, h, p, lang: _("{h} h before the onset", h=_num(float(h))),
    "signal": lambda _, sig, p, lang: _("on the {signal}", signal=signal_words(sig, lang)),
    "callup": lambda _, c, p, lang: _("at the '631' {h} h call-up", h=str(c).rstrip("h")),
    "hazard": _hazard,
    "stock": lambda _, c, p, lang: _("when {item} at {shelter} falls below {h} h of use", item=item_name(c["item"], lang),
                                     shelter=p("shelter", c["shelter"]), h=_num(c["cover_below"])),
    "occupancy": lambda _, c, p, lang: _("when {shelter} is more than {share:.0%} full", shelter=p("shelter", c["shelter"]),
                                         share=c["above"]),
    "response": lambda _, lv, p, lang: _("when the response reaches {level}", level=level_name(lv, lang)),
}
"""Kind of trigger -> its plain words (``_``, the trigger's value, place(kind, id), lang)."""
