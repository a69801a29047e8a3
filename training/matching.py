"""Does a team's action do what an expected action asks, on the right target?

Quantities and channels are not compared: a warning by other channels, or a dispatch of
other amounts, is the same decision on the same target. Raising the response to a higher
level covers a lower one; warning every zone covers a warning to some.
"""

TARGETS = {
    "order_evacuation": ("zone",),
    "open_shelter": ("shelter",),
    "assign_shelter": ("zone",),
    "dispatch": ("shelter",),  # and the items it carries
    "request_reserve": ("township",),
    "close_road": ("edge",),
    "reopen_road": ("edge",),
    "fail_generator": ("shelter",),
}
"""The fields that name an action's target, per kind."""

LEVELS = ("IV", "III", "II", "I")


def same_kind(team, expected):
    return team.get("action") == expected.get("action")


def covers(team, expected):
    """True if the team's action (a dict) does what the *expected* action (a dict) asks."""
    if not same_kind(team, expected):
        return False
    kind = expected["action"]
    if kind == "warn":
        want, got = expected.get("zones", "all"), team.get("zones", "all")
        return got == "all" or (want != "all" and set(want) <= set(got))
    if kind == "raise_response":
        return LEVELS.index(team["level"]) >= LEVELS.index(expected["level"])
    if kind == "order_evacuation" and team.get("group", "all") not in ("all", expected.get("group", "all")):
        return False
    if kind == "dispatch" and not set(expected.get("items", {})) <= set(team.get("items", {})):
        return False
    if kind == "assign_shelter" and team["shelters"][:1] != expected["shelters"][:1]:
        return False
    return all(team.get(f) == expected.get(f) for f in TARGETS.get(kind, ()))


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
