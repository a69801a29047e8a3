"""The inject feed: the event log in plain words, newest first.

Each event is turned into one line of text once, when it first appears; the words come
from the catalogue (``event.<kind>``), ids become the names people know. Events of one
kind that repeat in one township within an hour (roads closing, stock-outs, trucks leaving,
shelters opening) are merged into one line that counts them: "桥头镇：12条道路中断（积水）".
"""
from .format import hm, people
from .reasons import reason_text
from .townships import Townships

ITEM_FIELDS = ("item",)
MERGE_H = 1.0
"""Repeats of one kind in one township within this many hours share one feed line."""
MERGED = {
    "road_closed": ("road", "feed.roads_closed"), "road_open": ("road", "feed.roads_open"),
    "stockout": ("shelter", "feed.stockouts"), "dispatch": ("shelter", "feed.dispatches"),
    "shelter_open": ("shelter", "feed.shelters_open"), "shelter_opening": ("shelter", "feed.shelters_opening"),
    "shelter_full": ("shelter", "feed.shelters_full"), "shelter_unusable": ("shelter", "feed.shelters_unusable"),
    "evacuation_order": ("zone", "feed.orders"), "power_cut": ("shelter", "feed.power_cut"),
    "power_restored": ("shelter", "feed.power_restored"),
}
"""Event kinds merged per township: (the field naming the place, the catalogue key of the merged line)."""
SKIP = frozenset({"delivered"})
"""Event kinds too frequent to be worth a line."""


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
            return self.t("choice.all")
        if isinstance(value, (list, tuple)):
            return [self(v) for v in value]
        return self.by_id.get(value, value) if isinstance(value, str) else value


def describe_action(t, names, action):
    """'Open shelter: Village school' for an action dict."""
    kind = action.get("action", "?")
    label = t(f"action.{kind}")
    target = action.get("zone") or action.get("shelter") or action.get("zones") or action.get("township") \
        or action.get("level") or action.get("edge") or ""
    if kind == "dispatch":
        target = t("route", a=names(action.get("depot")), b=names(action.get("shelter")))
        return t("action.what", action=label, target=target)
    shown = names(target)
    if isinstance(shown, list):
        shown = ", ".join(shown)
    return t("action.what", action=label, target=shown) if shown else label


def event_text(t, names, event):
    """One line for *event*, or None if it is not shown."""
    kind = event["kind"]
    if kind in SKIP:
        return None
    if kind == "action":
        return t("outcome.accepted", what=describe_action(t, names, event.get("action", {})))
    if kind == "action_rejected":
        action = event.get("action")
        what = describe_action(t, names, action) if isinstance(action, dict) else t("event.other", kind=kind)
        return t("outcome.rejected", what=what, reason=reason_text(t, names, event.get("reason", "")))
    fields = {k: names(v) for k, v in event.items() if k not in ("t", "kind")}
    if kind == "callup" and isinstance(event.get("lead"), str):
        fields["lead"] = t("unit.h", n=event["lead"].rstrip("h"))
    if kind == "plan_rule":
        fields["name"] = names.rules.get(event.get("rule"), fields.get("name", ""))
    if kind == "signal":
        fields["signal"] = signal_text(t, event.get("signal_kind"), event.get("level"))
    for key in ITEM_FIELDS:
        if key in event:
            fields[key] = t(f"item.{event[key]}")
    if "reason" in event and t.has(f"reason.{event['reason']}"):
        fields["reason"] = t(f"reason.{event['reason']}")
    if "people_moving" in event:
        fields["people_moving"] = people(event["people_moving"])
    key = f"event.{kind}"
    return t(key, **fields) if t.has(key) else t("event.other", kind=kind)


SIGNAL_LEVELS = ("blue", "yellow", "orange", "red")


def signal_text(t, kind, level):
    """'Typhoon RED' for a signal kind and level; 'Typhoon signal lifted' for level "none"."""
    if kind is None:
        return t("signal.none")
    if level not in SIGNAL_LEVELS:
        return t("signal.lifted", hazard=t(f"hazard.{kind}") if t.has(f"hazard.{kind}") else kind)
    return t(f"signal.{kind}", level=t(f"level.{level}"))


class Feed:
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
                self.lines.append((event["t"], text, event["kind"] in self.notable))
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
            place, key, detail = action.get("shelter") or action.get("zone"), "feed.actions", action.get("action")
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
        line = (event["t"], self._merged_text(key, group[1], town, detail), kind in self.notable)
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
        fields = {"n": len(events), "township": self.names.towns.names[town] if town is not None else t("township.unknown")}
        if key == "feed.actions":
            fields["action"] = t(f"action.{detail}")
        elif detail is not None:
            fields["reason"] = t(f"reason.{detail}") if t.has(f"reason.{detail}") else detail
            fields["item"] = t(f"item.{detail}") if t.has(f"item.{detail}") else detail
        fields["people_moving"] = people(sum(e.get("people_moving", 0) for e in events))
        return t(key, **fields)

    def add(self, t_h, text, notable=True):
        """A line that is not an engine event (an inject card, a report written)."""
        self.lines.append((t_h, text, notable))
        self.version += 1

    def recent(self, n):
        return self.lines[-n:][::-1]

    @staticmethod
    def stamp(t_h):
        return hm(t_h)
