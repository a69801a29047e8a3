"""Actions in plain Chinese and English, as a trainer writes them on a card or a report.

    plain_action({"action": "warn", "zones": ["C1"], "channels": ["door_to_door"]}, scenario, "zh")
    -> "通过入户通知向海滨社区（C1）发布预警"

No action syntax (no ``key=value``) ever reaches a trainee through these functions.
"""
from messages import texts
from sim.relief import item_word

CHANNELS = {
    "broadcast": {"en": "emergency broadcast", "zh": "应急广播"},
    "sms": {"en": "SMS / WeChat", "zh": "短信/微信"},
    "door_to_door": {"en": "door-to-door visits", "zh": "入户通知"},
    "gong": {"en": "gongs and loudhailers", "zh": "敲锣/喊话"},
}
GROUPS = {
    "all": {"en": "everyone", "zh": "全体人员"},
    "assisted": {"en": "the residents who need help to move", "zh": "行动不便人员"},
    "general": {"en": "the residents who can move alone", "zh": "能自行转移的居民"},
}
LEVEL_ZH = {"IV": "Ⅳ级", "III": "Ⅲ级", "II": "Ⅱ级", "I": "Ⅰ级"}
ITEMS_EN = {"water_l": "drinking water"}
"""Where a plan's sentence names an item otherwise than sim.relief.ITEM_WORDS does."""


def channel_names(channels, lang="en"):
    return [CHANNELS.get(c, {}).get(lang, c) for c in channels]


UNITS_ZH = {"water_l": "升", "food": "份日口粮", "bedding": "套", "medical": "个"}
"""The model units of the default items in Chinese (sim/relief.py gives them in English)."""


def unit_name(item, unit, lang="en"):
    """*item*'s model *unit* as written in *lang* (the default items have Chinese units)."""
    return UNITS_ZH.get(item, unit) if lang == "zh" else unit


def item_name(item, lang="en"):
    return ITEMS_EN[item] if lang == "en" and item in ITEMS_EN else item_word(item, lang)


def quantity(units, unit=""):
    """``3,000 L``; whole numbers without decimals."""
    text = f"{units:,.0f}" if abs(units - round(units)) < 0.05 or units >= 100 else f"{units:,.1f}"
    return f"{text} {unit}".strip()


def place(kind, ident, scenario, lang="en"):
    """A zone, shelter, depot or township by name and id: ``Haibin (C1)`` / ``海滨社区（C1）``."""
    if scenario is None:
        return ident
    table = {"zone": getattr(scenario, "zone", {}), "shelter": getattr(scenario, "shelter", {}),
             "depot": getattr(scenario, "depot", {})}.get(kind, {})
    obj = table.get(ident) if hasattr(table, "get") else None
    if obj is None:
        if kind == "township":
            return f"{ident}镇街" if lang == "zh" else f"township {ident}"
        return ident
    name = (getattr(obj, "name_zh", "") or obj.name) if lang == "zh" else (obj.name or getattr(obj, "name_zh", ""))
    if not name or name == ident:
        return ident
    return f"{name}（{ident}）" if lang == "zh" else f"{name} ({ident})"


def _zones(action, scenario, lang):
    zones = action.get("zones", "all")
    if zones == "all":
        return "所有社区" if lang == "zh" else "every zone"
    sep = "、" if lang == "zh" else ", "
    return sep.join(place("zone", z, scenario, lang) for z in zones)


def _by(action, lang):
    ch = action.get("channels", "all")
    if ch == "all":
        return "通过所有渠道" if lang == "zh" else "by every channel"
    names = channel_names(ch, lang)
    return ("通过" + "、".join(names)) if lang == "zh" else ("by " + ", ".join(names))


def _items(action, scenario, lang):
    parts = []
    items = getattr(getattr(scenario, "relief", None), "items", {}) if scenario is not None else {}
    for item, units in action.get("items", {}).items():
        name = item_name(item, lang)
        if units == "any":
            parts.append(name)
            continue
        unit = unit_name(item, items[item].unit if item in items else "", lang)
        parts.append(f"{name} {quantity(float(units), unit)}" if lang == "en" else f"{name}{quantity(float(units), unit)}")
    return ("、" if lang == "zh" else ", ").join(parts)


def plain_action(action, scenario=None, lang="en"):
    """One sentence-fragment saying what *action* (a dict) does, in *lang*."""
    kind = action.get("action", "?")
    zh = lang == "zh"
    p = lambda k, i: place(k, i, scenario, lang)  # noqa: E731
    if kind == "warn":
        return f"{_by(action, lang)}向{_zones(action, scenario, lang)}发布预警" if zh else \
            f"warn {_zones(action, scenario, lang)} {_by(action, lang)}"
    if kind == "order_evacuation":
        group = GROUPS.get(action.get("group", "all"), GROUPS["all"])[lang]
        by = "" if action.get("channels", "all") == "all" else _by(action, lang)
        if zh:
            return f"{by}组织{p('zone', action['zone'])}{group}转移"
        return f"order {group} of {p('zone', action['zone'])} to evacuate" + (f" {by}" if by else "")
    if kind == "open_shelter":
        return f"开放{p('shelter', action['shelter'])}" if zh else f"open {p('shelter', action['shelter'])}"
    if kind == "assign_shelter":
        to = ("、" if zh else ", ").join(p("shelter", s) for s in action["shelters"])
        return f"将{p('zone', action['zone'])}转移人员安置到{to}" if zh else \
            f"send the evacuees of {p('zone', action['zone'])} to {to}"
    if kind == "dispatch":
        frm = p("depot", action["depot"]) if action.get("depot") else ("储备库" if zh else "a depot")
        what = _items(action, scenario, lang)
        return f"从{frm}向{p('shelter', action['shelter'])}调运{what}" if zh else \
            f"send {what} from {frm} to {p('shelter', action['shelter'])}"
    if kind == "request_reserve":
        hours = float(action.get("cover", 24.0))
        return f"申请区级储备，为{p('township', action['township'])}的避灾点补足{hours:g}小时物资" if zh else \
            f"ask the district reserve to stock the shelters of {p('township', action['township'])} for {hours:g} h"
    if kind == "raise_response":
        lv = action["level"]
        return f"启动{LEVEL_ZH.get(lv, lv)}应急响应" if zh else f"raise the response to level {lv}"
    if kind == "close_road":
        return f"封闭道路{action['edge']}" if zh else f"close road {action['edge']}"
    if kind == "reopen_road":
        return f"重新开放道路{action['edge']}" if zh else f"reopen road {action['edge']}"
    if kind == "fail_generator":
        return f"{p('shelter', action['shelter'])}发电机故障" if zh else f"generator fails at {p('shelter', action['shelter'])}"
    if kind in TRANSFER_KINDS:
        return _transfer(action, p("zone", action["zone"]), lang)
    return kind


TRANSFER_KINDS = ("forced_transfer", "prevent_return", "lift_transfer")


def _transfer(action, zone, lang):
    """The transfer's actions (强制转移, 防回流, 解除) in plain words, from the catalogue."""
    _ = texts(lang)
    kind = action["action"]
    if kind == "prevent_return":
        return _("keep the evacuees of {zone} from going back home before the order is lifted", zone=zone)
    if kind == "lift_transfer":
        return _("lift the transfer order of {zone}", zone=zone)
    group = GROUPS.get(action.get("group", "all"), GROUPS["all"])[lang]
    text = _("forced transfer in {zone}: {group} who refused or went back home", group=group, zone=zone)
    if action.get("teams"):
        text += _.paren("", _.plural("{n} team", "{n} teams", int(action["teams"]))).rstrip()
    return text


SIGNALS = {
    "typhoon_blue": ("台风蓝色预警", "typhoon BLUE signal"), "typhoon_yellow": ("台风黄色预警", "typhoon YELLOW signal"),
    "typhoon_orange": ("台风橙色预警", "typhoon ORANGE signal"), "typhoon_red": ("台风红色预警", "typhoon RED signal"),
    "rainstorm_blue": ("暴雨蓝色预警", "rainstorm BLUE signal"),
    "rainstorm_yellow": ("暴雨黄色预警", "rainstorm YELLOW signal"),
    "rainstorm_orange": ("暴雨橙色预警", "rainstorm ORANGE signal"), "rainstorm_red": ("暴雨红色预警", "rainstorm RED signal"),
}
QUANTITIES = {"depth_m": ("积水深度", "water depth", "米", "m"), "wind_ms": ("风速", "wind", "米/秒", "m/s"),
              "rain_mm_h": ("雨强", "rain", "毫米/小时", "mm/h")}


def plain_trigger(trigger, scenario=None, lang="en"):
    """When a trigger holds, in plain words: ``台风橙色预警发布时`` / ``on the typhoon ORANGE signal``."""
    data = trigger.model_dump(mode="json", by_alias=True) if hasattr(trigger, "model_dump") else dict(trigger)
    zh = lang == "zh"
    if "all" in data or "any" in data:
        key = "all" if "all" in data else "any"
        parts = [plain_trigger(t, scenario, lang) for t in data[key]]
        return ("且" if key == "all" else "或").join(parts) if zh else (" and " if key == "all" else " or ").join(parts)
    if "at" in data:
        minutes = round(float(data["at"]) * 60)
        return f"T+{minutes // 60:02d}:{minutes % 60:02d}" + ("时" if zh else "")
    if "before_onset" in data:
        h = float(data["before_onset"])
        return f"灾害影响前{h:g}小时" if zh else f"{h:g} h before the onset"
    if "signal" in data:
        z, e = SIGNALS.get(data["signal"], (data["signal"], data["signal"]))
        return f"{z}发布时" if zh else f"on the {e}"
    if "callup" in data:
        return f"“631”{data['callup'].rstrip('h')}小时叫应时" if zh else f"at the '631' {data['callup']} call-up"
    if "hazard" in data:
        c = data["hazard"]
        qz, qe, uz, ue = QUANTITIES.get(c.get("quantity", "depth_m"), QUANTITIES["depth_m"])
        where = place("zone", c["zone"], scenario, lang)
        return f"{where}{qz}超过{c['above']:g}{uz}时" if zh else f"when the {qe} in {where} passes {c['above']:g} {ue}"
    if "stock" in data:
        c = data["stock"]
        where, what = place("shelter", c["shelter"], scenario, lang), item_name(c["item"], lang)
        return f"{where}{what}不足{c['cover_below']:g}小时用量时" if zh else \
            f"when {what} at {where} falls below {c['cover_below']:g} h of use"
    if "occupancy" in data:
        c = data["occupancy"]
        where = place("shelter", c["shelter"], scenario, lang)
        return f"{where}入住超过{c['above']:.0%}时" if zh else f"when {where} is more than {c['above']:.0%} full"
    if "response" in data:
        lv = data["response"]
        return f"启动{LEVEL_ZH.get(lv, lv)}响应时" if zh else f"when the response reaches level {lv}"
    return str(data)
