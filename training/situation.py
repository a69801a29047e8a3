"""What the model did since the players last looked, summarised from the engine's events.

    watch = SituationWatch(runner)
    runner.advance(...)
    news = watch.since_last()        # Situation from the last call to now
    for line in news.lines("zh"): print(line)

The summary counts what a commander needs between injects: shelters that filled, stock-outs,
roads closed and reopened, shelters lost, trucks cut off, signals, and the people still at
home in a zone the hazard has made dangerous now.
"""
from dataclasses import dataclass

from messages import N_, texts
from sim.relief import item_word

from .words import clock


@dataclass(frozen=True)
class Situation:
    """What changed between *t0* and *t1* (h)."""

    t0: float
    t1: float
    shelters_full: tuple  # shelter ids
    stockouts: tuple  # (shelter id, item), ...
    roads_closed: tuple  # road ids
    roads_opened: tuple
    shelters_lost: tuple  # shelters made unusable (flooded, or a setback)
    trucks_cut_off: tuple  # (depot, shelter), ...
    signals: tuple  # (kind, level), ...
    in_danger: int  # people at home now in a zone at the danger level
    danger_zones: tuple  # zone ids with people in danger now

    @property
    def quiet(self):
        """Nothing worth saying happened and nobody is in danger."""
        return not (self.shelters_full or self.stockouts or self.roads_closed or self.roads_opened
                    or self.shelters_lost or self.trucks_cut_off or self.signals or self.in_danger)

    def lines(self, lang="en", names=None):
        """The summary as lines in *lang* ("zh" or "en"); *names* maps ids to display names."""
        _ = texts(lang)
        name = (lambda i: names.get(i, i)) if names else (lambda i: i)
        head = _("{t0} → {t1}: ", t0=clock(self.t0), t1=clock(self.t1))
        if self.quiet:
            return [head + _("quiet — nothing changed, nobody in danger")]
        out = [head]
        if self.signals:
            out.append(_("  signals: {what}", what=_.join(signal_name(k, v, lang) for k, v in self.signals)))
        if self.shelters_full:
            out.append(_("  {n} shelter(s) full: {what}", n=len(self.shelters_full), what=_.join(map(name, self.shelters_full))))
        if self.stockouts:
            items = _.join(_("{shelter} {item}", shelter=name(s), item=item_word(i, lang)) for s, i in self.stockouts)
            out.append(_("  {n} stock-out(s): {what}", n=len(self.stockouts), what=items))
        if self.shelters_lost:
            out.append(_("  shelters out of use: {what}", what=_.join(map(name, self.shelters_lost))))
        if self.roads_closed:
            out.append(_("  {n} road(s) closed: {what}", n=len(self.roads_closed), what=_.join(map(name, self.roads_closed))))
        if self.roads_opened:
            out.append(_("  roads reopened: {what}", what=_.join(map(name, self.roads_opened))))
        if self.trucks_cut_off:
            cut = _.join(f"{name(d)}→{name(s)}" for d, s in self.trucks_cut_off)
            out.append(_("  trucks cut off: {what}", what=cut))
        if self.in_danger:
            out.append(_("  {n:,} people still at home in danger: {what}", n=self.in_danger,
                         what=_.join(map(name, self.danger_zones))))
        return out


SIGNAL_KINDS = {"typhoon": N_("typhoon"), "rainstorm": N_("rainstorm")}
SIGNAL_LEVELS = {"blue": N_("BLUE"), "yellow": N_("YELLOW"), "orange": N_("ORANGE"), "red": N_("RED")}


def signal_name(kind, level, lang="en"):
    """A warning signal in words: ``typhoon ORANGE`` / ``台风橙色预警``."""
    _ = texts(lang)
    k = _(SIGNAL_KINDS[kind]) if kind in SIGNAL_KINDS else kind
    v = _(SIGNAL_LEVELS[level]) if level in SIGNAL_LEVELS else level
    return _("{kind} {level} signal", kind=k, level=v)


def in_danger(snapshot, scenario):
    """(people at home in zones at the danger level now, those zones' ids)."""
    limits = scenario.hazard.thresholds
    zones = [(z, spec) for z, spec in zip(snapshot.zones, scenario.zones)
             if z.at_home and (z.depth_m >= limits.danger_depth_m
                               or (spec.wind_exposed and z.wind_ms >= limits.danger_wind_ms))]
    return sum(z.at_home for z, _ in zones), tuple(spec.id for _, spec in zones)


class SituationWatch:
    """Remembers how far the players have been told; ``since_last()`` says what came after."""

    def __init__(self, runner):
        self.runner = runner
        self.seen = len(runner.engine.events)
        self.t = runner.now

    def since_last(self):
        """The Situation since the last call (or since the watch was made), and move the mark."""
        events = self.runner.engine.events[self.seen:]
        self.seen += len(events)
        t0, self.t = self.t, self.runner.now
        kinds = {}
        for e in events:
            kinds.setdefault(e["kind"], []).append(e)

        def ids(kind, *fields):
            seen = []
            for e in kinds.get(kind, ()):
                key = tuple(e.get(f) for f in fields) if len(fields) > 1 else e.get(fields[0])
                if key not in seen:
                    seen.append(key)
            return tuple(seen)

        people, zones = in_danger(self.runner.snapshot(), self.runner.exercise.scenario)
        return Situation(
            t0, self.t, ids("shelter_full", "shelter"), ids("stockout", "shelter", "item"), ids("road_closed", "road"),
            ids("road_open", "road"), ids("shelter_unusable", "shelter"), ids("truck_cut_off", "depot", "shelter"),
            ids("signal", "signal_kind", "level"), people, zones)


def display_names(scenario, lang):
    """id -> name of zones, shelters, depots and roads in *lang* (the Chinese name in zh if there is one)."""
    _ = texts(lang)
    out = {}
    for part in (scenario.zones, scenario.shelters, scenario.depots, scenario.edges):
        for spec in part:
            name = _.name(spec)
            out[spec.id] = _.paren(name, spec.id) if name != spec.id else spec.id
    return out


def start_of(scenario):
    """The scenario's wall-clock start (a datetime), or None if it gives none."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(scenario.spec.start) if scenario.spec.start else None
    except ValueError:
        return None


def day_clock(t, start=None, lang="en"):
    """Model time *t* (h) as the day of the exercise and the time of day, then ``T+hh:mm``:
    ``day 2 08:30 · T+26:30`` / ``第2天 08:30 · T+26:30``. Without a start, day 1 begins at T+0."""
    from datetime import timedelta

    if start is not None:
        wall = start + timedelta(hours=t)
        day, hm = (wall.date() - start.date()).days + 1, f"{wall:%H:%M}"
    else:
        minutes = round(t * 60)
        day, hm = minutes // 1440 + 1, f"{minutes % 1440 // 60:02d}:{minutes % 60:02d}"
    _ = texts(lang)
    return _("day {day} {time} · {clock}", day=day, time=hm, clock=clock(t))
