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

from messages import LANGS, N_, texts
from sim.relief import default_items

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
    return {lang: "" for lang in LANGS}


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
    reason = {lang: _short_warn(lang, wanted, covered) for lang in LANGS}
    return share, reason, covered


def _short_warn(lang, wanted, covered):
    """What a warning lacks, saying which zones were not warned at all and which were warned
    but not through a channel the plan names (never "not Z1" for a zone warned by SMS)."""
    _ = texts(lang)
    gaps = wanted - covered
    zones = sorted({z for z, _c in wanted})
    silent = [z for z in zones if not any((z, c) in covered for zz, c in wanted if zz == z)]
    parts = [_("{zones} not warned at all", zones=_.join(silent))] if silent else []
    reached = [z for z in zones if z not in silent]
    short = {}  # the reached zones that lack a channel -> those channels
    for channel in sorted({c for _z, c in gaps if c != "*"}):
        lacking = tuple(z for z in reached if (z, channel) in gaps)
        if lacking:
            short.setdefault(lacking, []).append(channel)
    for lacking, channels in short.items():
        by = _.join(channel_names(channels, lang))
        parts.append(_("not by {channels}", channels=by) if list(lacking) == reached else
                     _("{zones} not by {channels}", zones=_.join(lacking), channels=by))
    return _("covered {got} of the {want} zone-channel pairs the plan names: {gaps}",
             got=len(covered & wanted), want=len(wanted), gaps=_.join(parts, sep=_("; ")))


def _each(message, **fields):
    """*message* in every language; a field may be a function of the language."""
    return {lang: texts(lang)(message, **{k: v(lang) if callable(v) else v for k, v in fields.items()}) for lang in LANGS}


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
    channels = lambda lang: texts(lang).join(channel_names(miss_c, lang))  # noqa: E731
    if miss_c and len(covered & wanted) == 0:
        reason = _each(N_("not by {channels}, which the plan names"), channels=channels)
    elif miss_c:
        reason = _each(N_("not by {channels}"), channels=channels)
    else:
        reason = _each(N_("only part of the people: not the {groups}"),
                       groups=lambda lang: texts(lang).join(texts(lang)(GROUP_WORDS[g]) for g in miss_g))
    return share, reason, covered


GROUP_WORDS = {"assisted": N_("assisted residents"), "general": N_("other residents")}


def _items(expected):
    return expected.get("items", {}) or {}


def _dispatch(expected, group, need, state):
    """Dispatch: the units of each item asked for (or, for ``any``, the reorder rule's need)."""
    sent = dict(state or {})
    for e in group:
        for item, units in e.action.get("items", {}).items():
            sent[item] = sent.get(item, 0.0) + float(units)
    shares, parts = [], []
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
            unit = (need or {}).get("unit") or _default_unit(item)  # "sent 100 L of 3,000 L", never bare numbers
            parts.append(_short_dispatch(item, got, want, rate, unit))
    share = min(shares) if shares else 0.0
    return share, {lang: texts(lang)("; ").join(p[lang] for p in parts) for lang in LANGS}, sent


def _default_unit(item):
    """The unit of a default relief item, "" for others (asked for only when a dispatch falls short)."""
    spec = default_items().get(item)
    return spec.unit if spec is not None else ""


def _short_dispatch(item, got, want, rate, unit):
    """What a dispatch lacks of *item*, in every language: in hours of cover when *rate* (units an hour) is known."""
    def amount(units):
        return lambda lang: quantity(units, unit_name(item, unit, lang))

    name = lambda lang: item_name(item, lang)  # noqa: E731
    if rate > 0:
        return _each(N_("{item}: covered {got_h:.1f} of {want_h:.1f} h ({got} of {want})"), item=name,
                     got_h=got / rate, want_h=want / rate, got=amount(got), want=amount(want))
    return _each(N_("{item}: sent {got} of {want}"), item=name, got=amount(got), want=amount(want))


def _reserve(expected, group, state):
    """District reserve: the hours of cover asked for."""
    got = max([state or 0.0] + [float(e.action.get("cover", 24.0)) for e in group])
    want = float(expected.get("cover", 24.0))
    share = min(1.0, got / want)
    if share >= SUFFICIENT:
        return share, _nothing(), got
    return share, _each(N_("covered {got} of {want} h"), got=f"{got:g}", want=f"{want:g}"), got


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
