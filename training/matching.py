"""Does what a team did do what an expected action asks?

An expected action is met by actions of the same kind, on the same target (zone, shelter,
township, road), through the channel the plan names when it names one (an SMS does not
knock on doors), and in sufficient quantity. Several actions may meet it together: warning
C1 and then C2 covers "warn C1, C2"; two trucks of 3,000 L cover "6,000 L".

``assess(expected, actions, ...)`` says how much of the expectation a list of team actions
covers, as a share from 0 to 1, with the actions that earned it and the reason in zh and
en ("covered 3.0 of 12.0 h"). What counts as a window (trigger to deadline) is the
scorer's business (training/scoring.py); this module only compares actions.
"""
from dataclasses import dataclass

from .plain import channel_names, item_name, quantity, unit_name

TARGETS = {
    "order_evacuation": ("zone",),
    "open_shelter": ("shelter",),
    "assign_shelter": ("zone",),
    "dispatch": ("shelter",),
    "request_reserve": ("township",),
    "close_road": ("edge",),
    "reopen_road": ("edge",),
    "fail_generator": ("shelter",),
    "forced_transfer": ("zone",),
    "prevent_return": ("zone",),
    "lift_transfer": ("zone",),
}
"""The fields that name an action's target, per kind."""

LEVELS = ("IV", "III", "II", "I")
GROUPS = ("assisted", "general")
SUFFICIENT = 0.9
"""Share of the quantity asked (units, hours of cover) that counts as enough. Teams write
round numbers (3,000 L for 3,140 L); a tenth short is rounding, not a token."""


@dataclass(frozen=True)
class Assessment:
    """How much of an expectation some team actions cover."""

    share: float  # 0..1
    cited: tuple  # the team's actions (ActionEntry) that count, in time order
    reason: dict  # {"en": ..., "zh": ...}: what is short, "" when nothing is


def same_kind(team, expected):
    return team.get("action") == expected.get("action")


def on_target(team, expected):
    """Same kind and the same target (zone, shelter, township, road); a higher response
    level covers a lower one; an assignment must name the same first shelter."""
    if not same_kind(team, expected):
        return False
    kind = expected["action"]
    if kind == "raise_response":
        return LEVELS.index(team["level"]) >= LEVELS.index(expected["level"])
    if kind == "assign_shelter" and team["shelters"][:1] != expected["shelters"][:1]:
        return False
    if kind == "warn":
        return bool(_zones(team, None) & _zones(expected, None)) or "all" in (team.get("zones"), expected.get("zones"))
    if kind == "dispatch" and not set(_items(expected)) & set(team.get("items", {})):
        return False
    return all(team.get(f) == expected.get(f) for f in TARGETS.get(kind, ()))


def assess(expected, entries, need=None, zones=()):
    """The share of *expected* (an action dict) that the team's *entries* (ActionEntry,
    already on target and inside the window) cover together.

    *need*: for a dispatch whose items say ``any`` (the reorder rule), the units the rule
    asks for, with ``per_hour`` (units an hour at the shelter's capacity) to state it in
    hours. *zones*: every zone id of the scenario, for ``zones: all``.
    Actions are taken in time order, all those of one moment together, until the
    expectation is covered; the cited ones are those up to that moment.
    """
    kind = expected["action"]
    cited, state = [], None
    share, reason = 0.0, _nothing()
    for _t, group in _by_moment(entries):
        cited += group
        if kind == "warn":
            share, reason, state = _warn(expected, group, zones, state)
        elif kind == "order_evacuation":
            share, reason, state = _order(expected, group, state)
        elif kind == "dispatch":
            share, reason, state = _dispatch(expected, group, need, state)
        elif kind == "request_reserve":
            share, reason, state = _reserve(expected, group, state)
        else:
            share, reason = 1.0, _nothing()
        if share >= SUFFICIENT - 1e-9:
            break
    return Assessment(min(share, 1.0), tuple(cited), reason)


def _by_moment(entries):
    """Entries grouped by time, in time order; inside a moment in a fixed order, so that the
    order actions were typed at the same minute changes nothing."""
    ordered = sorted(entries, key=lambda e: (e.t, e.role, repr(sorted(e.action.items()))))
    groups = []
    for e in ordered:
        if groups and abs(groups[-1][0] - e.t) < 1e-9:
            groups[-1][1].append(e)
        else:
            groups.append((e.t, [e]))
    return groups


def _nothing():
    return {"en": "", "zh": ""}


EVERY_ZONE = "*"
"""Stands for ``zones: all`` when the scenario's zones are not at hand."""


def _zones(action, universe):
    zones = action.get("zones", "all")
    if zones == "all":
        return set(universe) if universe else {EVERY_ZONE}
    return set(zones)


def _channels(action):
    """The channels an action names, or None for every channel."""
    ch = action.get("channels", "all")
    return None if ch == "all" else set(ch)


def _warn(expected, group, universe, state):
    """Warn: every (zone, channel) pair the plan names; a channel the plan does not name
    is no use, and ``channels: all`` reaches by every channel."""
    want_zones = _zones(expected, universe)
    want_ch = _channels(expected)
    covered = state or set()
    for e in group:
        zones = _zones(e.action, universe) & want_zones
        got_ch = _channels(e.action)
        chans = ({"*"} if want_ch is None else (want_ch if got_ch is None else got_ch & want_ch))
        covered |= {(z, c) for z in zones for c in chans}
    wanted = {(z, c) for z in want_zones for c in (want_ch or {"*"})}
    share = len(covered & wanted) / max(len(wanted), 1)
    if share >= 1 - 1e-9:
        return 1.0, _nothing(), covered
    missing_z = sorted({z for z, c in wanted - covered})
    missing_c = sorted({c for z, c in wanted - covered if c != "*"})
    reason = {lang: _short_warn(lang, missing_z, missing_c, len(covered & wanted), len(wanted)) for lang in ("en", "zh")}
    return share, reason, covered


def _short_warn(lang, zones, chans, got, want):
    if lang == "zh":
        where = f"未覆盖{('、'.join(zones))}" if zones else ""
        how = f"缺少{'、'.join(channel_names(chans, 'zh'))}渠道" if chans else ""
        return f"覆盖了预案要求的{want}个（社区×渠道）中的{got}个：" + "，".join(x for x in (where, how) if x)
    where = f"not {', '.join(zones)}" if zones else ""
    how = f"not by {', '.join(channel_names(chans, 'en'))}" if chans else ""
    return f"covered {got} of the {want} zone-channel pairs the plan names: " + "; ".join(x for x in (where, how) if x)


def _order(expected, group, state):
    """Order evacuation: the groups (assisted, general) and channels the plan names."""
    want_g = set(GROUPS) if expected.get("group", "all") == "all" else {expected["group"]}
    want_ch = _channels(expected)
    covered = state or set()
    for e in group:
        groups = set(GROUPS) if e.action.get("group", "all") == "all" else {e.action["group"]}
        got_ch = _channels(e.action)
        chans = {"*"} if want_ch is None else (want_ch if got_ch is None else got_ch & want_ch)
        covered |= {(g, c) for g in groups & want_g for c in chans}
    wanted = {(g, c) for g in want_g for c in (want_ch or {"*"})}
    share = len(covered & wanted) / max(len(wanted), 1)
    if share >= 1 - 1e-9:
        return 1.0, _nothing(), covered
    gaps = wanted - covered
    miss_g = sorted({g for g, _ in gaps})
    miss_c = sorted({c for _, c in gaps if c != "*"})
    gz = {"assisted": "行动不便人员", "general": "其他居民"}
    ge = {"assisted": "assisted residents", "general": "other residents"}
    if miss_c and len(covered & wanted) == 0:
        reason = {"en": f"not by {', '.join(channel_names(miss_c, 'en'))}, which the plan names",
                  "zh": f"未通过预案指定的{'、'.join(channel_names(miss_c, 'zh'))}渠道"}
    elif miss_c:
        reason = {"en": f"not by {', '.join(channel_names(miss_c, 'en'))}",
                  "zh": f"缺少{'、'.join(channel_names(miss_c, 'zh'))}渠道"}
    else:
        reason = {"en": f"only part of the people: not the {', '.join(ge[g] for g in miss_g)}",
                  "zh": f"只覆盖了部分人员：缺{'、'.join(gz[g] for g in miss_g)}"}
    return share, reason, covered


def _items(expected):
    return expected.get("items", {}) or {}


def _dispatch(expected, group, need, state):
    """Dispatch: the units of each item asked for (or, for ``any``, the reorder rule's need)."""
    sent = dict(state or {})
    for e in group:
        for item, units in e.action.get("items", {}).items():
            sent[item] = sent.get(item, 0.0) + float(units)
    shares, parts_en, parts_zh = [], [], []
    for item, asked in _items(expected).items():
        if asked == "any":
            if need is None:
                shares.append(1.0 if sent.get(item, 0) > 0 else 0.0)
                continue
            want, rate = need["units"], need.get("per_hour") or 0.0
        else:
            want, rate = float(asked), 0.0
        got = sent.get(item, 0.0)
        s = 1.0 if want <= 1e-9 else min(1.0, got / want)
        shares.append(s)
        if s < SUFFICIENT:
            unit = need.get("unit", "") if (asked == "any" and need) else ""
            if rate > 0:
                parts_en.append(f"{item_name(item)}: covered {got / rate:.1f} of {want / rate:.1f} h "
                                f"({quantity(got, unit)} of {quantity(want, unit)})")
                unit_zh = unit_name(item, unit, "zh")
                parts_zh.append(f"{item_name(item, 'zh')}：补足{got / rate:.1f}小时，预案要求{want / rate:.1f}小时"
                                f"（{quantity(got, unit_zh)}/{quantity(want, unit_zh)}）")
            else:
                parts_en.append(f"{item_name(item)}: sent {quantity(got, unit)} of {quantity(want, unit)}")
                unit_zh = unit_name(item, unit, "zh")
                parts_zh.append(f"{item_name(item, 'zh')}：调运{quantity(got, unit_zh)}，要求{quantity(want, unit_zh)}")
    share = min(shares) if shares else 0.0
    return share, {"en": "; ".join(parts_en), "zh": "；".join(parts_zh)}, sent


def _reserve(expected, group, state):
    """District reserve: the hours of cover asked for."""
    got = max([state or 0.0] + [float(e.action.get("cover", 24.0)) for e in group])
    want = float(expected.get("cover", 24.0))
    share = min(1.0, got / want)
    if share >= SUFFICIENT:
        return share, _nothing(), got
    return share, {"en": f"covered {got:g} of {want:g} h", "zh": f"申请{got:g}小时，要求{want:g}小时"}, got


@dataclass(frozen=True)
class _Taken:
    """A bare action as assess() reads it (an ActionEntry has these fields too)."""

    t: float
    role: str
    action: dict


def covers(team, expected, need=None):
    """True if the one team action *team* (a dict) alone does what *expected* asks: the same
    target, through the channel the plan names, in the quantity asked (for the reorder
    rule's ``any``, whatever *need* says, else any amount). The time window is the caller's."""
    if not on_target(team, expected):
        return False
    return assess(expected, [_Taken(0.0, "", team)], need).share >= SUFFICIENT - 1e-9


def describe(action):
    """A short English description of an action dict, e.g. ``open_shelter S1``."""
    kind = action.get("action", "?")
    parts = [kind]
    for key, value in action.items():
        if key == "action" or value in ("all", None) and key in ("channels", "group"):
            continue
        if isinstance(value, list):
            value = ",".join(map(str, value))
        elif isinstance(value, dict):
            value = ",".join(f"{k}:{v:g}" if isinstance(v, float) else f"{k}:{v}" for k, v in value.items())
        parts.append(f"{key}={value}")
    return " ".join(parts)


__all__ = ["Assessment", "SUFFICIENT", "assess", "covers", "describe", "on_target", "same_kind"]
