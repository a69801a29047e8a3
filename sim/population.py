"""The people of every zone, split into cohorts, with their attributes drawn up front.

A zone's residents are split into cohorts of at most ``cohort_size`` persons, general
ones and ones who need assistance. Everything that differs between cohorts (which
channels reach them and how fast, whether they obey, how long they take to get ready,
where they go, whether they drive) is drawn once, vectorised, when the model is built,
from the zone's own random stream. Warnings and orders then only compare numbers.
"""
import math

import numpy as np

from .streams import stream


class Population:
    """Arrays with one entry per cohort (index ``i``), grouped by zone."""

    def __init__(self, scenario, seed):
        behaviour = scenario.behaviour
        self.channels = tuple(behaviour.channels)
        size, zone, assisted = [], [], []
        self.zone_cohorts = []  # per zone: array of its cohort indexes
        for z, spec in enumerate(scenario.zones):
            helped = int(round(spec.population * spec.assisted_share))
            start = len(size)
            for people, flag in ((spec.population - helped, False), (helped, True)):
                parts = _split(people, scenario.spec.cohort_size)
                size += parts
                assisted += [flag] * len(parts)
                zone += [z] * len(parts)
            self.zone_cohorts.append(np.arange(start, len(size)))
        self.size = np.array(size, dtype=np.int64)
        self.zone = np.array(zone, dtype=np.int64)
        self.assisted = np.array(assisted, dtype=bool)
        n, k = len(size), len(self.channels)
        self.reached = np.zeros((k, n), dtype=bool)
        self.delay = np.zeros((k, n))  # h from issue to receipt, per channel
        self.u_comply = np.zeros(n)
        self.mobilise = np.zeros(n)  # h from receiving an order to leaving
        self.public = np.zeros(n, dtype=bool)
        self.drive = np.zeros(n, dtype=bool)
        self.relatives_h = np.zeros(n)
        for z, spec in enumerate(scenario.zones):
            self._draw(z, spec, behaviour, stream(seed, "cohorts", spec.id))
        self.sweep = np.array([c.sweep for c in behaviour.channels.values()], dtype=bool)
        self.miss = np.array([1.0 - c.reach for c in behaviour.channels.values()])  # per visit of a sweep channel
        self.visits = np.zeros((k, n), dtype=np.int64)  # visits of each sweep channel so far
        self.u_found = np.zeros(n)
        self.u_return = np.zeros(n)
        self.away_h = np.zeros(n)  # h away from home before trying to go back
        for z, spec in enumerate(scenario.zones):
            self._draw_transfer(z, behaviour.transfer, stream(seed, "transfer", spec.id))
        self._state(n)

    def _state(self, n):
        """What happens to each cohort during the run (times in h since the start, inf: not yet)."""
        self.warned_at = np.full(n, math.inf)
        self.ordered_at = np.full(n, math.inf)  # when an obeyed order reached the cohort
        self.order_heard_at = np.full(n, math.inf)  # when any evacuation order first reached the cohort
        self.departed_at = np.full(n, math.inf)  # when the cohort left home
        self.in_danger = np.zeros(n, dtype=bool)  # at home at its zone's dangerous hazard peak
        self.due = np.zeros(n, dtype=bool)  # on the transfer list (set by sim.transfer)
        self.order_sent_at = np.full(n, math.inf)  # when an evacuation order for the cohort was first given
        self.first_departed_at = np.full(n, math.inf)  # when the cohort first left home
        self.first_public = np.zeros(n, dtype=bool)  # left for a public shelter that first time
        self.returned_at = np.full(n, math.inf)  # when it went back home (回流)
        self.forced_at = np.full(n, math.inf)  # when a forced transfer took it on
        self.why = np.full(n, -1, dtype=np.int64)  # why it was at home at the peak (sim.transfer_why.WHYS index)

    def _draw(self, z, spec, behaviour, rng):
        idx = self.zone_cohorts[z]
        m = len(idx)
        if m == 0:
            return
        for c, channel in enumerate(behaviour.channels.values()):
            self.reached[c, idx] = rng.random(m) < channel.reach
            self.delay[c, idx] = channel.delay.sample(rng, m)
        self.u_comply[idx] = rng.random(m)
        self.mobilise[idx] = behaviour.mobilisation.sample(rng, m)
        share = behaviour.public_share if spec.public_share is None else spec.public_share
        self.public[idx] = rng.random(m) < share
        self.drive[idx] = (rng.random(m) < behaviour.driving_share) & ~self.assisted[idx]
        self.relatives_h[idx] = behaviour.relatives_travel.sample(rng, m)

    def _draw_transfer(self, z, transfer, rng):
        idx = self.zone_cohorts[z]
        m = len(idx)
        if m == 0:
            return
        self.u_found[idx] = rng.random(m)
        self.u_return[idx] = rng.random(m)
        self.away_h[idx] = transfer.away.sample(rng, m)

    def to_shelters(self, now):
        """Which cohorts had left home for a public shelter by *now* (h): the displaced."""
        return (self.departed_at <= now) & self.public

    def left_in_danger(self, now):
        """Which cohorts were at home at their zone's dangerous peak (by *now*), whatever they
        did after: in the relief population, never kept (docs/model.md)."""
        return self.in_danger

    def __len__(self):
        return len(self.size)

    def send(self, idx, channels):
        """Send a message to the cohorts in *idx* on *channels*: a (channels, cohorts) array of
        which cohorts each channel reaches this time. A sweep channel's use is a visit."""
        rows = [self.channels.index(c) for c in channels]
        reached = self.reached[rows][:, idx]
        for j, row in enumerate(rows):
            if self.sweep[row]:
                self.visits[row, idx] += 1
                reached[j] = self.u_found[idx] >= self.miss[row] ** self.visits[row, idx]
        return reached

    def receipt(self, idx, channels, reached):
        """Hours until each cohort in *idx* hears a message sent on *channels* that reached
        them as *reached* says (from ``send``; inf: never)."""
        rows = [self.channels.index(c) for c in channels]
        delays = np.where(reached, self.delay[rows][:, idx], math.inf)
        return delays.min(axis=0) if rows else np.full(len(idx), math.inf)

    def obeys_after(self, idx, channels, reached, base, scenario):
        """Hours until each cohort in *idx* is persuaded by an order sent on *channels*
        (inf: never). Each channel persuades from its own receipt, with compliance *base* or
        the channel's own ``compliance`` if higher: a knock at the door persuades when it comes."""
        go = np.full(len(idx), math.inf)
        u = self.u_comply[idx]
        for j, c in enumerate(channels):
            boost = scenario.behaviour.channels[c].compliance
            threshold = base if boost is None else max(base, boost)
            row = self.channels.index(c)
            heard = np.where(reached[j], self.delay[row, idx], math.inf)
            go = np.where(u < threshold, np.minimum(go, heard), go)
        return go


def _split(people, cohort_size):
    """Split *people* into near-equal cohorts of at most *cohort_size*."""
    if people <= 0:
        return []
    count = -(-people // cohort_size)
    base, extra = divmod(people, count)
    return [base + 1] * extra + [base] * (count - extra)
