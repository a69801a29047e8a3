"""The engine's reasons for refusing an action, in the language shown.

The engine (sim/commands.py, sim/logistics.py) says why it refused an action in one
English sentence. The viewer matches each known sentence and writes it again from the
catalogue (``refused.<kind>``) with ids turned into names; a sentence it does not know is
shown as the engine wrote it.
"""
import re

PATTERNS = (
    ("nobody", r"(?P<zone>\S+) has nobody in group '(?P<group>\w+)'"),
    ("moving", r"every cohort of (?P<zone>\S+) in group '(?P<group>\w+)' is already on the move"),
    ("shelter_state", r"(?P<shelter>\S+) is already (?P<state>closed|opening|open)"),
    ("shelter_flooded", r"(?P<shelter>\S+) is unusable \(flooded\)"),
    ("response", r"response is already at level (?P<level>[IV]+)"),
    ("road_closed", r"(?P<road>\S+) is already closed"),
    ("road_not_closed", r"(?P<road>\S+) was not closed by an action"),
    ("no_generator", r"(?P<shelter>\S+) has no working generator"),
    ("no_trucks", r"(?P<depot>\S+) has no trucks"),
    ("depot_empty", r"(?P<depot>\S+) has none of (?P<items>.+)"),
    ("no_reserve", r"the scenario has no district depot with trucks"),
    ("no_open_shelter", r"no open or opening shelter in township '(?P<township>[^']+)'"),
    ("out_of_use", r"(?P<shelter>\S+) is already out of use"),
    ("nothing_to_lose", r"(?P<place>\S+) has no (?P<item>\w+) left to lose"),
)
_COMPILED = tuple((kind, re.compile(pattern + r"$")) for kind, pattern in PATTERNS)


def reason_text(t, names, reason):
    """*reason* (the engine's words) in the catalogue's language, ids as names."""
    if not isinstance(reason, str):
        return reason
    for kind, pattern in _COMPILED:
        m = pattern.match(reason)
        if m is None:
            continue
        fields = {k: names(v) for k, v in m.groupdict().items()}
        if "group" in fields:
            fields["group"] = t(f"group.{m['group']}")
        if "state" in fields:
            fields["state"] = t(f"shelter.{m['state']}")
        if "item" in fields:
            fields["item"] = t(f"item.{m['item']}") if t.has(f"item.{m['item']}") else m["item"]
        if "items" in fields:
            fields["items"] = ", ".join(t(f"item.{i}") for i in m["items"].split(", "))
        if "township" in fields:
            fields["township"] = names.township(m["township"])
        return t(f"refused.{kind}", **fields)
    return reason
