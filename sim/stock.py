"""One relief item's stock at one shelter, used up continuously and computed exactly.

Between events the level falls linearly with the number of people present, so it is
known at any time without ticking: ``level(t) = max(0, level0 - rate * (t - t0))``.
The moment it runs out is ``t0 + level0 / rate``; the shelter schedules that moment as
an event and plans it again whenever the number of people changes.
"""
import math

EPS_H = 1e-6
"""Times closer than this (h, 3.6 ms) are the same moment."""


class Stock:
    """Units of one item on hand, the people still waiting for their first ration, and
    the person-hours during which people in the shelter went without it."""

    def __init__(self, spec, level, t=0.0):
        self.spec = spec
        self.level0 = float(level)  # units at time t0
        self.t0 = t  # h
        self.per_hour = spec.per_person_per_day / 24.0  # units per person per hour
        self.present = 0.0  # people in the shelter consuming, persons
        self.unserved = 0.0  # people who need the item and have not had a first ration
        self.served = 0.0  # people who have had their first ration (in persons needing it)
        self.unmet_person_hours = 0.0
        self.received = 0.0  # units delivered by trucks
        self.stockout_at = None  # first time the level reached zero with people present, h

    @property
    def rate(self):
        """Units used per hour now."""
        return self.present * self.spec.share * self.per_hour

    def level(self, t):
        """Units on hand at time *t* (h), given no change in between."""
        return max(0.0, self.level0 - self.rate * (t - self.t0))

    def empty_at(self):
        """When the level reaches zero at the present rate (h), or inf."""
        rate = self.rate
        return math.inf if rate <= 0 else self.t0 + self.level0 / rate

    def cover_hours(self, t):
        """Hours of use left at time *t* at the present rate (inf if nothing is used)."""
        rate = self.rate
        return math.inf if rate <= 0 else self.level(t) / rate

    def advance(self, t):
        """Bring the level and the unmet person-hours up to time *t*."""
        if t <= self.t0:
            return
        lacking = self.unserved * (t - self.t0)
        if not self.spec.durable and self.rate > 0:
            out = self.empty_at()
            if out < t:
                lacking += (self.present * self.spec.share - self.unserved) * (t - max(out, self.t0))
                if self.stockout_at is None:
                    self.stockout_at = max(out, self.t0)
        self.unmet_person_hours += max(lacking, 0.0)
        self.level0 = self.level(t)
        self.t0 = t

    def settle_empty(self, t):
        """At a planned stock-out moment: make rounding leave exactly zero."""
        if self.rate > 0 and self.empty_at() <= t + EPS_H:
            self.advance(t)
            self.level0 = 0.0
            if self.stockout_at is None:
                self.stockout_at = t

    def arrive(self, people, t, served=False):
        """*people* persons arrive at time *t*; hand out first rations while stock lasts.
        *served* people already had theirs (moved here from a flooded shelter)."""
        self.advance(t)
        self.present += people
        if served:
            self.served += people * self.spec.share
        else:
            self.unserved += people * self.spec.share
            self.serve(t)

    def leave_all(self, t):
        """Everyone leaves at time *t* (the shelter flooded): nobody uses or waits any more."""
        self.advance(t)
        self.present = self.unserved = self.served = 0.0

    def add(self, units, t):
        """A delivery of *units* at time *t*; serve whoever waits."""
        self.advance(t)
        self.level0 += units
        self.received += units
        self.serve(t)

    def serve(self, t):
        """Give first rations to waiting people while stock lasts."""
        need = self.spec.first_ration
        if self.unserved <= 0:
            return
        can = self.unserved if need <= 0 else min(self.unserved, self.level0 / need)
        self.unserved -= can
        self.served += can
        self.level0 = max(0.0, self.level0 - can * need)
        if self.unserved < 1e-9:
            self.unserved = 0.0
        elif self.stockout_at is None:
            self.stockout_at = t
