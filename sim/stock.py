"""One relief item's stock at one shelter, used up continuously and computed exactly.

A person who needs the item is handed a ``first_ration`` on arrival (as far as the stock
goes) and lives on it for ``first_ration / per_person_per_day`` days; only then does
continuous use from the stock begin. So a person's first 24 hours draw exactly
``per_person_per_day`` (Sphere daily totals: the first ration is part of the day's use).

Between events the level falls linearly with the number of people drawing on it, so it
is known at any time without ticking. The level is piecewise linear: it bends when people
finish their first ration and start drawing. The shelter schedules the next bend, the
moment the stock runs out and the moments a cover threshold is crossed as events.
"""
import math
from collections import deque

from .tolerance import BEND_H, NOTHING, SAME_MOMENT_H

EPS_H = SAME_MOMENT_H
"""Kept for code that still imports it from here: sim.tolerance.SAME_MOMENT_H."""


class Stock:
    """Units of one item on hand and the people it serves, in persons who need the item
    (a ``share`` of those present): waiting for a first ration, living on it, or drawing
    continuously; and the person-hours during which they went without."""

    def __init__(self, spec, level, t=0.0):
        self.spec = spec
        self.level0 = float(level)  # units at time t0
        self.t0 = t  # h
        self.per_hour = spec.per_person_per_day / 24.0  # units per person per hour
        self.ration_h = spec.first_ration / self.per_hour if self.per_hour > 0 else 0.0  # h a first ration lasts
        self.unserved = 0.0  # persons waiting for a first ration
        self.holding = deque()  # [t_draws_from, persons]: served, living on their first ration
        self.holding_total = 0.0  # persons in holding
        self.drawing = 0.0  # persons drawing continuously on the stock
        self.served = 0.0  # persons handed a first ration (holding + drawing, or kept for durables)
        self.unmet_person_hours = 0.0
        self.received = 0.0  # units delivered by trucks
        self.handed = 0.0  # units handed out as first rations
        self.used = 0.0  # units drawn by continuous use
        self.stockout_at = None  # first time the level reached zero with people drawing, or an arrival went without, h
        self.out_since = None  # start of the present stock-out while people draw on it, h (None: not out)

    @property
    def rate(self):
        """Units used per hour now."""
        return self.drawing * self.per_hour

    @property
    def full_rate(self):
        """Units per hour once everyone served now draws on the stock."""
        return (self.drawing + self.holding_total) * self.per_hour

    def level(self, t):
        """Units on hand at time *t* (h), given no arrival or delivery in between."""
        if not self.holding or self.holding[0][0] >= t:  # no bend before t (the common case: kept plain)
            left = self.level0 - self.drawing * self.per_hour * (t - self.t0) if t > self.t0 else self.level0
            return left if left > 0.0 else 0.0
        level, t0, drawing = self.level0, self.t0, self.drawing
        for start, persons in self.holding:
            if start >= t:
                break
            if start > t0:
                level, t0 = max(0.0, level - drawing * self.per_hour * (start - t0)), start
            drawing += persons
        return max(0.0, level - drawing * self.per_hour * max(t - t0, 0.0))

    def cover_hours(self, t):
        """Hours of use left at time *t* once everyone served draws on it (inf if nobody does);
        0 while people wait for a first ration that the stock cannot give."""
        if self.unserved > 0:
            return 0.0
        rate = self.full_rate
        return math.inf if rate <= 0 else self.level(t) / rate

    def next_due(self, watch_hours=()):
        """The next moment (h) this stock needs a look: someone starts drawing, it runs out,
        or its cover falls to one of *watch_hours*; inf if none."""
        due = self.holding[0][0] if self.holding else math.inf
        rate = self.rate
        if rate > 0 and self.level0 > 0:
            due = min(due, self.t0 + self.level0 / rate)
        full = self.full_rate
        for hours in watch_hours:
            if self.unserved > 0:  # no cover at all: people wait for a first ration
                due = min(due, self.t0)
            elif full <= 0:
                continue
            spare = self.level0 - full * hours
            if spare <= 0:
                due = min(due, self.t0)
            elif rate > 0:
                due = min(due, self.t0 + spare / rate)
        return due

    def advance(self, t):
        """Bring the level, the people drawing and the unmet person-hours up to time *t*."""
        while self.t0 < t:
            bend = self.holding[0][0] if self.holding else math.inf
            self._linear(min(t, bend))
            self._start_drawing()
        self._start_drawing()
        self._note_empty()

    def _note_empty(self):
        """Nothing on hand while people draw on it: a stock-out from now (the level may have
        reached 0 just now, or been 0 when they started drawing, or been taken away)."""
        if self.level0 <= 0 and self.rate > 0:
            self._ran_out(self.t0)

    def _start_drawing(self):
        while self.holding and self.holding[0][0] <= self.t0 + BEND_H:
            persons = self.holding.popleft()[1]
            self.holding_total -= persons
            self.drawing += persons
        if not self.holding:
            self.holding_total = 0.0  # no rounding left behind

    def _linear(self, t):
        dt = t - self.t0
        if dt <= 0:
            return
        lacking = self.unserved * dt
        rate = self.rate
        if rate > 0:
            out = self.t0 + self.level0 / rate
            if out < t:
                lacking += self.drawing * (t - out)
                self._ran_out(out)
            drawn = min(self.level0, rate * dt)
            self.used += drawn
            self.level0 = max(0.0, self.level0 - drawn)
        self.unmet_person_hours += max(lacking, 0.0)
        self.t0 = t

    def _ran_out(self, t):
        if self.out_since is None:
            self.out_since = t
        if self.stockout_at is None:
            self.stockout_at = t

    def settle_empty(self, t):
        """At a planned stock-out moment: make rounding leave exactly zero."""
        rate = self.rate
        if rate > 0 and self.t0 + self.level0 / rate <= t + SAME_MOMENT_H:
            self.advance(t)
            self.used += self.level0
            self.level0 = 0.0
            self._ran_out(t)

    def arrive(self, people, t, served=False):
        """*people* persons arrive at time *t*; hand out first rations while stock lasts.
        *served* people already had theirs (moved here from a flooded shelter) and draw at once."""
        self.advance(t)
        needing = people * self.spec.share
        if served:
            self.served += needing
            if self.per_hour > 0:
                self.drawing += needing
                self._note_empty()
        else:
            self.unserved += needing
            self.serve(t)

    def leave_all(self, t):
        """Everyone leaves at time *t* (the shelter flooded): nobody uses or waits any more."""
        self.advance(t)
        self.unserved = self.served = self.drawing = self.holding_total = 0.0
        self.holding.clear()
        self.out_since = None

    def leave(self, people, t):
        """*people* persons leave at time *t* (they go back home), those served earliest first:
        people drawing on the stock, then those living on their first ration, then those
        still waiting for one. A durable item (bedding) they had stays for the next person."""
        self.advance(t)
        out = people * self.spec.share
        served = min(out, self.served)
        self.served -= served
        self.unserved = max(0.0, self.unserved - (out - served))
        if self.per_hour <= 0:
            units = served * self.spec.first_ration
            self.level0 += units
            self.handed -= units
            self.serve(t)
            return
        take = min(served, self.drawing)
        self.drawing -= take
        served -= take
        while served > NOTHING and self.holding:
            group = self.holding[0]
            take = min(served, group[1])
            group[1] -= take
            self.holding_total -= take
            served -= take
            if group[1] <= NOTHING:
                self.holding.popleft()
        if not self.holding:
            self.holding_total = 0.0

    def lose(self, share, t):
        """*share* of the units on hand at time *t* are lost (spoiled, washed away); return them.
        Losing all of it while people draw on it is a stock-out from *t*."""
        self.advance(t)
        lost = self.level0 * share
        self.level0 -= lost
        self._note_empty()
        return lost

    def add(self, units, t):
        """A delivery of *units* at time *t*; serve whoever waits."""
        self.advance(t)
        self.level0 += units
        self.received += units
        self.serve(t)
        if self.level0 > 0:
            self.out_since = None

    def serve(self, t):
        """Give first rations to waiting people while stock lasts."""
        need = self.spec.first_ration
        if self.unserved <= 0:
            return
        can = self.unserved if need <= 0 else min(self.unserved, self.level0 / need)
        self.unserved -= can
        self.served += can
        self.handed += min(self.level0, can * need)
        self.level0 = max(0.0, self.level0 - can * need)
        if can > 0 and self.per_hour > 0:
            if self.ration_h > 0:
                self.holding.append([t + self.ration_h, can])
                self.holding_total += can
            else:
                self.drawing += can
        if self.unserved < NOTHING:
            self.unserved = 0.0
        elif self.stockout_at is None:
            self.stockout_at = t

    @property
    def drawn(self):
        """Units handed out or used so far."""
        return self.handed + self.used
