"""The inject feed: the event log in plain words, newest first.

Each event is turned into one line of text once, when it first appears; the words come
from the catalogue (EVENTS), ids become the names people know. Events of one
kind that repeat in one township within an hour (roads closing, stock-outs, trucks leaving,
shelters opening) are merged into one line that counts them: "桥头镇：12条道路中断（积水）".
"""
from typing import NamedTuple

from messages import N_

from . import words
from .format import hm, hours, people
from .reasons import reason_text
from .townships import Townships
from .words import ACTIONS, HAZARDS, LEVELS, REASONS, SIGNALS, word

EVENTS = {
    "signal": N_("Observatory: {signal}"), "callup": N_("631 call-up: {lead} before impact"),
    "onset": N_("Onset: the storm strikes"), "warning": N_("Warning sent to {zones}"),
    "evacuation_order": N_("Evacuation ordered: {zone} ({people_moving} people)"),
    "shelter_opening": N_("{shelter} opening"), "shelter_open": N_("{shelter} open"),
    "shelter_full": N_("{shelter} is full"), "shelter_unusable": N_("{shelter} flooded: unusable"),
    "shelter_usable": N_("{shelter} usable again"), "assignment": N_("{zone} assigned to {shelters}"),
    "response_level": N_("Response raised to level {level}"), "road_closed": N_("Road closed: {road} ({reason})"),
    "road_open": N_("Road reopened: {road}"), "stockout": N_("{shelter}: {item} ran out"),
    "cut_off": N_("{shelter}: people already secured are cut off from {item}"),
    "dispatch": N_("Trucks sent: {depot} to {shelter}"), "delivered": N_("Supplies delivered to {shelter}"),
    "reserve_request": N_("District reserve requested for {township}"), "power_cut": N_("{shelter}: mains power cut"),
    "power_restored": N_("{shelter}: power restored"), "generator_failed": N_("{shelter}: generator failed"),
    "plan_rule": N_("Plan {rule}: {name}"), "action_rejected": N_("Refused: {reason}"),
    "no_assistance": N_("{zone}: no team to move assisted people"),
    "truck_cut_off": N_("Truck {depot} to {shelter} cut off"),
    "resupply_unavailable": N_("{shelter}: no depot has {item}"), "inject": N_("Inject: {title}"),
    "forced_transfer": N_("Forced transfer in {zone}: {people} people, {teams} teams"),
    "prevent_return": N_("{zone}: nobody goes back home before the order is lifted"),
    "transfer_lifted": N_("{zone}: transfer order lifted"),
    "return_home": N_("{zone}: {people} people went back home"),
    "return_stopped": N_("{zone}: {people} people stopped from going back home"),
}
"""One feed line per event kind, its fields taken from the event (ids as names)."""
MERGE_H = 1.0
"""Repeats of one kind in one township within this many hours share one feed line."""
MERGED = {
    "road_closed": ("road", N_("{n} roads closed ({reason}) in {township}")),
    "road_open": ("road", N_("{n} roads reopened in {township}")),
    "stockout": ("shelter", N_("{item} ran out at {n} shelters in {township}")),
    "dispatch": ("shelter", N_("{n} trucks left for shelters in {township}")),
    "shelter_open": ("shelter", N_("{n} shelters open in {township}")),
    "shelter_opening": ("shelter", N_("{n} shelters opening in {township}")),
    "shelter_full": ("shelter", N_("{n} shelters full in {township}")),
    "shelter_unusable": ("shelter", N_("{n} shelters flooded in {township}")),
    "evacuation_order": ("zone", N_("evacuation ordered in {n} zones of {township} ({people_moving} people)")),
    "power_cut": ("shelter", N_("mains power cut at {n} shelters in {township}")),
    "power_restored": ("shelter", N_("power restored at {n} shelters in {township}")),
    "return_home": ("zone", N_("people went back home in {n} zones of {township} ({people} people)")),
    "return_stopped": ("zone", N_("people stopped from going back home in {n} zones of {township} ({people} people)")),
    "forced_transfer": ("zone", N_("forced transfer in {n} zones of {township} ({people} people)")),
}
"""Event kinds merged per township: (the field naming the place, the merged line)."""
ACTIONS_MERGED = N_("{action} ×{n} in {township}: done")
"""The merged line of one action taken at many places of a township at once."""
SKIP = frozenset({"delivered"})
"""Event kinds too frequent to be worth a line."""


class FeedLine(NamedTuple):
    """One line of the feed."""

    t: float  # h since the start
    text: str
    notable: bool  # shown first; a free run's report lists only these


class Names:
    """Display names of a scenario's zones, shelters, depots and roads in one language."""

    def __init__(self, scenario, t):
        self.t = t
        self.towns = Townships(scenario, t)
        self.rules = {rule.id: t.name(rule) for rule in scenario.plan.rules}
        self.town_of = {}
        """zone, shelter or road id -> township index"""
        for group in (scenario.zones, scenario.shelters):
            for spec in group:
                if self.towns.of(spec) is not None:
                    self.town_of[spec.id] = self.towns.of(spec)
        self.town_of.update(self.towns.road)
        self.by_id = {}
        for group in (scenario.zones, scenario.shelters, scenario.depots):
            for spec in group:
                self.by_id[spec.id] = t.name(spec)
        for edge in scenario.edges:
            self.by_id[edge.id] = t.name(edge)

    def township(self, township_id):
        """The display name of a township id."""
        i = self.towns.index.get(township_id)
        return self.towns.names[i] if i is not None else township_id

    def __call__(self, value):
        if value == "all":
            return self.t("All")
        if isinstance(value, (list, tuple)):
            return [self(v) for v in value]
        return self.by_id.get(value, value) if isinstance(value, str) else value


def describe_action(t, names, action):
    """'Open shelter: Village school' for an action dict."""
    kind = action.get("action", "?")
    label = word(t, ACTIONS, kind)
    target = action.get("zone") or action.get("shelter") or action.get("zones") or action.get("township") \
        or action.get("level") or action.get("edge") or ""
    if kind == "dispatch":
        target = t("{a} to {b}", a=names(action.get("depot")), b=names(action.get("shelter")))
        return t("{action}: {target}", action=label, target=target)
    shown = names(target)
    if isinstance(shown, list):
        shown = t.join(shown)
    return t("{action}: {target}", action=label, target=shown) if shown else label


class _Fields(dict):
    """An event's fields for its line: a field the line names but the event lacks shows as "?"."""

    def __missing__(self, key):
        return "?"


def event_text(t, names, event):
    """One line for *event*, or None if it is not shown."""
    kind = event["kind"]
    if kind in SKIP:
        return None
    if kind == "action":
        return t("{what}: done", what=describe_action(t, names, event.get("action", {})))
    if kind == "action_rejected":
        action = event.get("action")
        what = describe_action(t, names, action) if isinstance(action, dict) else kind
        return t("{what}: refused — {reason}", what=what, reason=reason_text(t, names, event.get("reason", "")))
    if kind not in EVENTS:
        return kind
    return t.gettext(EVENTS[kind]).format_map(_Fields(_event_fields(t, names, event)))


def _event_fields(t, names, event):
    """The fields of *event* as its line shows them: names for ids, words for codes."""
    fields = {k: names(v) for k, v in event.items() if k not in ("t", "kind")}
    fields = {k: t.join(v) if isinstance(v, list) else v for k, v in fields.items()}
    kind = event["kind"]
    if kind == "callup" and isinstance(event.get("lead"), str):
        fields["lead"] = hours(t, float(event["lead"].rstrip("h")))
    if kind == "plan_rule":
        fields["name"] = names.rules.get(event.get("rule"), fields.get("name", ""))
    if kind == "signal":
        fields["signal"] = signal_text(t, event.get("signal_kind"), event.get("level"))
    if "item" in event:
        fields["item"] = words.item(t, event["item"])
    if "reason" in event:
        fields["reason"] = word(t, REASONS, event["reason"])
    if "people_moving" in event:
        fields["people_moving"] = people(event["people_moving"])
    if "people" in event:
        fields["people"] = people(event["people"])
    return fields


SIGNAL_LEVELS = ("blue", "yellow", "orange", "red")


def signal_text(t, kind, level):
    """'Typhoon RED' for a signal kind and level; 'Typhoon signal lifted' for level "none"."""
    if kind is None:
        return t("no warning signal")
    if level not in SIGNAL_LEVELS:
        return t("{hazard} signal lifted", hazard=word(t, HAZARDS, kind))
    return t(SIGNALS[kind], level=word(t, LEVELS, level)) if kind in SIGNALS else f"{kind} {word(t, LEVELS, level)}"


class EventFeed:
    """Lines (t, text, notable) built from an event list as it grows; *version* changes
    whenever a line is added or a merged line counts one more."""

    def __init__(self, t, names, notable):
        self.t, self.names, self.notable = t, names, notable
        self.lines = []
        self.version = 0
        self._seen = 0
        self._groups = {}  # (kind, detail, township) -> [first t, events, index of its line]
        self._started = None

    def update(self, events):
        for event in events[self._seen:]:
            text = event_text(self.t, self.names, event)
            if text and not self._merge(event):
                self.lines.append(FeedLine(event["t"], text, event["kind"] in self.notable))
                self.version += 1
                if self._started is not None:  # the first of a possible group: remember its line
                    self._started[2] = len(self.lines) - 1
            self._started = None
        self._seen = len(events)

    def _merge(self, event):
        """Fold *event* into its township's line of repeats; False if it stands on its own line."""
        kind = event["kind"]
        if kind == "action" and isinstance(event.get("action"), dict):  # the plan opening 20 shelters at once
            action = event["action"]
            place, key, detail = action.get("shelter") or action.get("zone"), ACTIONS_MERGED, action.get("action")
        elif kind in MERGED:
            field, key = MERGED[kind]
            place, detail = event.get(field), event.get("reason") or event.get("item")
        else:
            return False
        town = self.names.town_of.get(place) if isinstance(place, str) else None
        if town is None:
            return False
        group_key = (kind, detail, town)
        group = self._groups.get(group_key)
        if group is None or event["t"] - group[0] > MERGE_H or group[2] is None:
            self._started = self._groups[group_key] = [event["t"], [event], None]
            return False
        group[1].append(event)
        line = FeedLine(event["t"], self._merged_text(key, group[1], town, detail), kind in self.notable)
        del self.lines[group[2]]
        self._reindex(group[2])
        self.lines.append(line)
        group[2] = len(self.lines) - 1
        self.version += 1
        return True

    def _reindex(self, removed):
        for group in self._groups.values():
            if group[2] is not None and group[2] > removed:
                group[2] -= 1

    def _merged_text(self, key, events, town, detail):
        t = self.t
        fields = {"n": len(events), "township": self.names.towns.names[town] if town is not None else t("the district")}
        if key == ACTIONS_MERGED:
            fields["action"] = word(t, ACTIONS, detail)
        elif detail is not None:
            fields["reason"] = word(t, REASONS, detail)
            fields["item"] = words.item(t, detail)
        fields["people_moving"] = people(sum(e.get("people_moving", 0) for e in events))
        fields["people"] = people(sum(e.get("people", 0) for e in events))
        return t.gettext(key).format_map(_Fields(fields))

    def add(self, t_h, text, notable=True):
        """A line that is not an engine event (an inject card, a report written)."""
        self.lines.append(FeedLine(t_h, text, notable))
        self.version += 1

    def recent(self, n):
        return self.lines[-n:][::-1]

    @staticmethod
    def stamp(t_h):
        return hm(t_h)
