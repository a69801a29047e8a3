"""Why an action, a facilitator's act or an acknowledgement was refused, in the language shown.

The engine (sim/commands.py, sim/logistics.py), the runner and the facilitator's acts
(training/runner.py, training/facilitation.py) say why they refused something in one
English sentence, which the session log keeps as written; so do the forms of training.roles
(``OfferError``). ``reason_text`` matches each known sentence and says it again from the
catalogue, with ids turned into names; a sentence it does not know is shown as it was
written. It takes the exercise, or a scenario alone (the viewer's free run: no roles).
"""
import re

from messages import N_, texts

from .plain import GROUPS, item_name, level_name, place

PATTERNS = (
    (N_("nobody in {zone} is in that group ({group})"), r"(?P<zone>\S+) has nobody in group '(?P<group>\w+)'"),
    (N_("everyone of {zone} in that group ({group}) is already on the move"),
     r"every cohort of (?P<zone>\S+) in group '(?P<group>\w+)' is already on the move"),
    (N_("{shelter} is already {state}"), r"(?P<shelter>\S+) is already (?P<state>closed|opening|open)"),
    (N_("{shelter} is flooded and out of use"), r"(?P<shelter>\S+) is unusable \(flooded\)"),
    (N_("the response is already at {level}"), r"response is already at level (?P<level>[IV]+)"),
    (N_("{road} is already closed"), r"(?P<road>\S+) is already closed"),
    (N_("{road} was not closed by an action (roads the hazard closed reopen by themselves)"),
     r"(?P<road>\S+) was not closed by an action"),
    (N_("{shelter} has no working generator"), r"(?P<shelter>\S+) has no working generator"),
    (N_("{depot} has no trucks"), r"(?P<depot>\S+) has no trucks"),
    (N_("{depot} has none of {items} left"), r"(?P<depot>\S+) has none of (?P<items>.+)"),
    (N_("the scenario has no district depot with trucks"), r"the scenario has no district depot with trucks"),
    (N_("no shelter of {township} is open or opening"), r"no open or opening shelter in township '(?P<township>[^']+)'"),
    (N_("{shelter} is already out of use"), r"(?P<shelter>\S+) is already out of use"),
    (N_("{place} has no {item} left to lose"), r"(?P<place>\S+) has no (?P<item>\w+) left to lose"),
    (N_("the transfer order of {zone} has been lifted"), r"the transfer order of (?P<zone>\S+) was (?:already )?lifted at T\+\S+ h"),
    (N_("returns to {zone} are already prevented"), r"returns to (?P<zone>\S+) are already prevented \(since T\+\S+ h\)"),
    (N_("no transfer order has been given in {zone}: nothing to lift"),
     r"no transfer order has been given in (?P<zone>\S+): there is nothing to lift"),
    (N_("{zone} ({group}) has not been ordered to move yet: order the transfer first"),
     r"no evacuation order has been given to (?P<zone>\S+) \(group '(?P<group>\w+)'\) yet: .*"),
    (N_("nobody of {zone} ({group}) refused the order or went back home: nobody to force"),
     r"everyone of (?P<zone>\S+) \(group '(?P<group>\w+)'\) who was ordered out has already left .*"),
    (N_("the exercise has ended"), r"the exercise has ended"),
    (N_("{role} may not do this; it may: {kinds}"), r"role '(?P<role>[^']+)' may not (?P<kind>\w+); it may: (?P<kinds>.+)"),
    (N_("only an inject or the facilitator brings about a setback"), r"\w+ is a setback only the facilitator or an inject can bring about"),
    (N_("no such role: {role}"), r"no role '(?P<role>[^']+)'; roles: .*"),
    (N_("the exercise is already paused"), r"the exercise is already paused"),
    (N_("the exercise is not paused"), r"the exercise is not paused"),
    (N_("the exercise is already at its end"), r"the exercise is already at its end"),
    (N_("{inject} was already delivered"), r"inject (?P<inject>\S+) was already delivered"),
    (N_("{inject} is already skipped"), r"inject (?P<inject>\S+) is already skipped"),
    (N_("no scripted inject {inject}"), r"no scripted inject '(?P<inject>[^']+)'; injects: .*"),
    (N_("{inject} has not been delivered"), r"inject '(?P<inject>[^']+)' has not been delivered"),
    (N_("{inject} is not addressed to {role}"), r"inject (?P<inject>\S+) is not addressed to (?P<role>\S+)"),
    (N_("that time has passed: release it instead"), r"T\+\S+ h has passed .*: release it instead"),
    (N_("that time is after the end of the exercise"), r"T\+\S+ h is after the end of the exercise .*"),
    (N_("{role} may not take this action: {kind}"), r"role '(?P<role>[^']+)' may not (?P<kind>\w+)"),
    (N_("{kind}: nothing to choose from now"), r"this scenario offers no (?P<kind>\w+) now"),
    (N_("{kind}: {value} is not one of the choices for {field}"),
     r"(?P<kind>\w+)\.(?P<field>\w+): (?P<value>.+) is not one of the choices"),
)
_COMPILED = tuple((message, re.compile(pattern + r"$")) for message, pattern in PATTERNS)
STATES = {"closed": N_("closed"), "opening": N_("opening"), "open": N_("open")}


def reason_text(reason, exercise, lang="en"):
    """*reason* (a refusal as the engine, the runner, the facilitation or a role's form wrote
    it) in *lang*, ids as names; a sentence it does not know, as written. *exercise* may be a
    scenario alone (roles are then named by their ids)."""
    if not isinstance(reason, str):
        return reason
    _ = texts(lang)
    for message, pattern in _COMPILED:
        m = pattern.match(reason)
        if m is not None:
            return _(message, **_fields(m.groupdict(), exercise, lang))
    return reason


def _fields(found, exercise, lang):
    """The matched ids of a refusal as words of *lang*."""
    _, s = texts(lang), getattr(exercise, "scenario", exercise)
    out = {}
    for key, value in found.items():
        if key in ("zone", "shelter", "depot", "township"):
            out[key] = place(key, value, s, lang)
        elif key == "road":
            out[key] = place("road", value, s, lang)
        elif key == "place":
            out[key] = place("shelter" if value in s.shelter else "depot", value, s, lang)
        elif key == "group":
            out[key] = _(GROUPS.get(value, GROUPS["all"]))
        elif key == "state":
            out[key] = _(STATES[value])
        elif key == "level":
            out[key] = level_name(value, lang)
        elif key == "item":
            out[key] = item_name(value, lang)
        elif key == "items":
            out[key] = _.join(item_name(i, lang) for i in value.split(", "))
        elif key == "role":
            role = getattr(exercise, "roles", {}).get(value)
            out[key] = _.name(role) if role is not None else value
        elif key in ("kind", "kinds"):
            from .roles import KIND_NAMES

            out[key] = _.join(_(KIND_NAMES[k]) if k in KIND_NAMES else k for k in value.split(", "))
        elif key == "field":
            from .roles import FIELD_NAMES

            out[key] = _(FIELD_NAMES[value]) if value in FIELD_NAMES else value
        else:
            out[key] = value
    return out
