"""The engine's reasons for refusing an action, in the language shown.

The engine (sim/commands.py, sim/logistics.py) says why it refused an action in one
English sentence. The viewer matches each known sentence and writes it again from the
catalogue (REFUSED) with ids turned into names; a sentence it does not know is shown as the
engine wrote it.
"""
import re

from messages import N_

from . import words
from .words import GROUPS, SHELTER_STATES, word

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
    ("lifted", r"the transfer order of (?P<zone>\S+) was (?:already )?lifted at T\+\S+ h"),
    ("prevented", r"returns to (?P<zone>\S+) are already prevented \(since T\+\S+ h\)"),
    ("nothing_to_lift", r"no transfer order has been given in (?P<zone>\S+): there is nothing to lift"),
    ("force_unordered", r"no evacuation order has been given to (?P<zone>\S+) \(group '(?P<group>\w+)'\) yet: .*"),
    ("force_nobody", r"everyone of (?P<zone>\S+) \(group '(?P<group>\w+)'\) who was ordered out has already left .*"),
)
REFUSED = {
    "nobody": N_("{zone} has nobody among {group}"),
    "moving": N_("all {group} of {zone} are already on the move"),
    "shelter_state": N_("{shelter} is already {state}"),
    "shelter_flooded": N_("{shelter} is flooded and cannot be used"),
    "response": N_("the response is already at level {level}"),
    "road_closed": N_("{road} is already closed"),
    "road_not_closed": N_("{road} was not closed by an order"),
    "no_generator": N_("{shelter} has no working generator"),
    "no_trucks": N_("{depot} has no trucks"),
    "depot_empty": N_("{depot} has no {items}"),
    "no_reserve": N_("the scenario has no district depot with trucks"),
    "no_open_shelter": N_("no shelter in {township} is open or opening"),
    "out_of_use": N_("{shelter} is already out of use"),
    "nothing_to_lose": N_("{place} has no {item} left to lose"),
    "lifted": N_("the transfer order of {zone} has been lifted"),
    "prevented": N_("returns to {zone} are already prevented"),
    "nothing_to_lift": N_("no transfer order has been given in {zone}: nothing to lift"),
    "force_unordered": N_("{zone} ({group}) has not been ordered to move yet: order the transfer first"),
    "force_nobody": N_("nobody of {zone} ({group}) refused the order or went back home: nobody to force"),
}
"""Each refusal of PATTERNS, said again with the names people know."""
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
            fields["group"] = word(t, GROUPS, m["group"])
        if "state" in fields:
            fields["state"] = word(t, SHELTER_STATES, m["state"])
        if "item" in fields:
            fields["item"] = words.item(t, m["item"])
        if "items" in fields:
            fields["items"] = t.join(words.item(t, i) for i in m["items"].split(", "))
        if "township" in fields:
            fields["township"] = names.township(m["township"])
        return t(REFUSED[kind], **fields)
    return reason
