"""The inject feed: the event log in plain words, newest first.

Each event is turned into one line of text once, when it first appears; the words come
from the catalogue (``event.<kind>``), ids become the names people know.
"""
from .format import hm, people

ITEM_FIELDS = ("item",)
SKIP = frozenset({"delivered"})
"""Event kinds too frequent to be worth a line."""


class Names:
    """Display names of a scenario's zones, shelters, depots and roads in one language."""

    def __init__(self, scenario, t):
        self.t = t
        self.by_id = {}
        for group in (scenario.zones, scenario.shelters, scenario.depots):
            for spec in group:
                self.by_id[spec.id] = t.name(spec)
        for edge in scenario.edges:
            self.by_id[edge.id] = t.name(edge)

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
        return t("outcome.rejected", what=what, reason=event.get("reason", ""))
    fields = {k: names(v) for k, v in event.items() if k not in ("t", "kind")}
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
    """Lines (t, text, notable) built from an event list as it grows."""

    def __init__(self, t, names, notable):
        self.t, self.names, self.notable = t, names, notable
        self.lines = []
        self._seen = 0

    def update(self, events):
        for event in events[self._seen:]:
            text = event_text(self.t, self.names, event)
            if text:
                self.lines.append((event["t"], text, event["kind"] in self.notable))
        self._seen = len(events)

    def add(self, t_h, text, notable=True):
        """A line that is not an engine event (an inject card, a report written)."""
        self.lines.append((t_h, text, notable))

    def recent(self, n):
        return self.lines[-n:][::-1]

    @staticmethod
    def stamp(t_h):
        return hm(t_h)
