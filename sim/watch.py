"""Triggers armed on a running engine: each calls its callback once, when it first holds."""
import math

from .triggers import (SIGNAL_LEVELS, At, BeforeOnset, CallupTrigger, HazardTrigger, OccupancyTrigger, ResponseTrigger,
                       SignalTrigger, StockTrigger)
from .actions import RESPONSE_LEVELS


class Watches:
    """Turns triggers into scheduled events or into checks made when the state changes."""

    def __init__(self, engine):
        self.engine = engine
        self._occupancy = {}  # shelter id -> [(share, callback)]
        self._response = []  # [(level, callback)]

    def add(self, trigger, callback):
        engine = self.engine
        if isinstance(trigger, StockTrigger):
            s = trigger.stock
            engine.shelter_by_id[s.shelter].watch_cover(s.item, s.cover_below, callback)
        elif isinstance(trigger, OccupancyTrigger):
            o = trigger.occupancy
            self._occupancy.setdefault(o.shelter, []).append((o.above, callback))
            self.occupancy(engine.shelter_by_id[o.shelter])
        elif isinstance(trigger, ResponseTrigger):
            self._response.append((trigger.response, callback))
            self.response()
        else:
            self._at(self.when(trigger), callback)

    def when(self, trigger):
        """The time (h) a time-like trigger holds first, or inf."""
        hazard = self.engine.hazard
        if isinstance(trigger, At):
            return trigger.at
        if isinstance(trigger, BeforeOnset):
            return max(0.0, hazard.onset_h - trigger.before_onset)
        if isinstance(trigger, SignalTrigger):
            kind, level = trigger.signal.split("_")
            rank = SIGNAL_LEVELS.index(level)
            times = [s.t for s in hazard.signals if s.kind == kind and s.level in SIGNAL_LEVELS
                     and SIGNAL_LEVELS.index(s.level) >= rank]
            return min(times, default=math.inf)
        if isinstance(trigger, CallupTrigger):
            return min((c.t for c in hazard.callups if c.lead == trigger.callup), default=math.inf)
        if isinstance(trigger, HazardTrigger):
            h = trigger.hazard
            spans = hazard.intervals(h.zone, h.quantity, h.above)
            return spans[0][0] if spans else math.inf
        raise TypeError(f"not a time trigger: {trigger!r}")

    def _at(self, t, callback):
        engine = self.engine
        if t < engine.horizon or (t == engine.horizon and t >= engine.env.now):
            engine.env.timeout(max(t - engine.env.now, 0.0)).callbacks.append(lambda _e: callback(engine.env.now))

    def occupancy(self, shelter):
        waiting = self._occupancy.get(shelter.id)
        if not waiting:
            return
        share = shelter.occupancy / shelter.capacity if shelter.capacity else 1.0
        due = [w for w in waiting if share >= w[0] - 1e-12]
        if due:
            self._occupancy[shelter.id] = [w for w in waiting if w not in due]
            for _, callback in due:
                callback(self.engine.env.now)

    def response(self):
        level = self.engine.response_level
        if level is None:
            return
        rank = RESPONSE_LEVELS.index(level)
        due = [w for w in self._response if RESPONSE_LEVELS.index(w[0]) <= rank]
        self._response = [w for w in self._response if w not in due]
        for _, callback in due:
            callback(self.engine.env.now)
