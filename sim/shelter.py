"""A shelter (避灾点) at run time: its door, its intake desks, its people and its stocks.

People count as *queued* from the moment they reach the door until registration ends,
then as *sheltered*. A shelter takes people only while it is open and usable and never
beyond its capacity. Each stock is computed exactly between events (see stock.py);
the shelter keeps one pending check event at the earliest moment something is due
(a stock-out, a cover threshold), planned again whenever its numbers change.
"""
import math
from collections import deque

import numpy as np
import simpy

from .stock import Stock
from .tolerance import NOTHING, SAME_MOMENT_H

CLOSED, OPENING, OPEN = "closed", "opening", "open"


class Board:
    """Every shelter's room and whether it takes people, as arrays by shelter index: the
    board at the command post from which a cohort's shelter is chosen."""

    def __init__(self, count):
        self.room = np.zeros(count, dtype=np.int64)  # persons each can still promise to take
        self.accepting = np.zeros(count, dtype=bool)  # usable, and open or opening
        self.usable = np.zeros(count, dtype=bool)
        self.node = np.zeros(count, dtype=np.int64)  # road node of each shelter

    def nearest_with_room(self, hours):
        """Index of the shelter taking people, with room, that is nearest by *hours* (travel
        hours to every road node; the first in file order on a tie), or None if none is reachable."""
        idx = np.flatnonzero(self.accepting & (self.room > 0))
        if not len(idx):
            return None
        near = hours[self.node[idx]]
        best = int(np.argmin(near))
        return int(idx[best]) if np.isfinite(near[best]) else None

    def all_full(self):
        """True if no usable shelter has room: every search for a shelter fails."""
        return not (self.usable & (self.room > 0)).any()


class Shelter:
    """Run-time state of one shelter."""

    def __init__(self, engine, spec, index):
        self.engine = engine
        self.env = engine.env
        self.spec = spec
        self.id = spec.id
        self.index = index
        relief = engine.scenario.relief
        room = spec.capacity
        if spec.area_m2 is not None:
            room = min(room, int(spec.area_m2 // relief.space_m2_per_person))
        self.capacity = max(room, 0)  # persons it can hold, by declared capacity and floor space
        self.node = engine.network.node[spec.node]
        self.board = engine.board
        self.board.node[index] = self.node
        self.desks = simpy.Resource(self.env, capacity=spec.intake.desks)
        self.state = OPEN if spec.open_at_start else CLOSED
        self.usable = True
        self.accepting = self.state != CLOSED  # usable, and open or opening: people may head here
        self.board.accepting[index] = self.accepting
        self.board.usable[index] = True
        self.condemned = False  # put out of use by an action: the hazard's receding does not reopen it
        self.mains_power = True
        self.generator_ok = spec.generator
        self.changed = self.env.event()  # succeeds when it opens or becomes unusable
        self.occupancy = 0  # persons registered inside
        self.committed = 0  # persons inside or being registered
        self.promised = 0  # persons on their way here
        self.room = self.capacity  # persons it can still promise to take: capacity - committed - promised
        self.board.room[index] = self.room
        self.queued = 0  # persons at the door or at the desks
        self.peak = 0
        self._had_room = self.capacity > 0  # usable with room, when last looked at (see _note_room)
        self.stocks = {name: Stock(item, spec.stock.get(name, 0.0)) for name, item in relief.items.items()}
        self._securing = [(s, s.spec.share) for s in self.stocks.values() if s.spec.secures and s.spec.share > 0]
        self.waiting = deque()  # [departed_h, persons] registered but not yet secured, in order
        self.secured = 0.0  # persons inside who are secured
        self.kept = 0.0  # of them, persons secured by the deadline and never cut off since
        self.cut_here = 0.0  # of them, persons secured by the deadline and since cut off (registered earlier)
        self.tally = dict.fromkeys(("secured_in_time", "secured_late", "cut_off"), 0.0)  # persons, whole run
        self.watchers = []  # [item, cover_below_h, callback] called once when cover falls below
        self.in_flight = {}  # item -> units on trucks heading here
        self._version = 0

    # -- state ------------------------------------------------------------------
    def promise(self, persons):
        """*persons* set off for this shelter."""
        self.promised += persons
        self._set_room()

    def unpromise(self, persons, arriving):
        """*persons* on their way here arrived (*arriving*: they register at once, see
        ``register``, which tells the waiting room) or turned back."""
        self.promised -= persons
        self._set_room(note=not arriving)

    def _commit(self, persons):
        """*persons* take (or, negative, give up) their places inside."""
        self.committed += persons
        self._set_room()

    def _set_room(self, note=True):
        self.room = self.capacity - self.committed - self.promised
        self.board.room[self.index] = self.room
        if note:
            self._note_room()

    def _note_room(self):
        """Tell the waiting room if this shelter has just gained room people could head for."""
        has = self.usable and self.room > 0
        if has and not self._had_room:
            self.engine.waiting.shelter_gained(self.node)
        self._had_room = has

    def _set_state(self, state, usable):
        self.state, self.usable = state, usable
        self.accepting = usable and state != CLOSED
        self.board.accepting[self.index] = self.accepting
        self.board.usable[self.index] = usable

    @property
    def powered(self):
        return self.mains_power or self.generator_ok

    def open(self, delay):
        """Start opening; it takes people after *delay* hours."""
        if self.state != CLOSED:
            return False
        self._set_state(OPENING, self.usable)
        if self.usable:  # people may head here from now on
            self.engine.waiting.shelter_gained(self.node)
        self.env.timeout(delay).callbacks.append(self._opened)
        return True

    def _opened(self, _event):
        self._set_state(OPEN, self.usable)
        self.engine.log("shelter_open", shelter=self.id)
        self._announce()

    def set_usable(self, usable):
        usable = usable and not self.condemned
        if usable != self.usable:
            self._set_state(self.state, usable)
            self.engine.log("shelter_usable" if usable else "shelter_unusable", shelter=self.id, occupancy=self.occupancy)
            if not usable and self.occupancy:
                self._empty()
            if usable:
                self.engine.waiting.shelter_gained(self.node)
            self._note_room()
            self._announce()

    def _empty(self):
        """The shelter floods with people inside: everyone leaves for another shelter. Those
        already secured stay secured (they take their bedding); the rest still wait."""
        now, people = self.env.now, self.occupancy
        waiting = [(departed, int(n)) for departed, n in self.waiting]
        secured = people - sum(n for _, n in waiting)
        kept, self.kept = self.kept, 0.0
        self.cut_here = 0.0
        for stock in self.stocks.values():
            stock.leave_all(now)
        self.waiting.clear()
        self.secured = 0.0
        self._commit(-people)
        self.occupancy = 0
        self._update(now)
        self.engine.relocate(self, secured, waiting, kept)

    def _announce(self):
        event, self.changed = self.changed, self.env.event()
        event.succeed()
        self.engine.shelter_changed()

    # -- intake -----------------------------------------------------------------
    def register(self, people, departed, secured=False, kept=0.0):
        """Process: register *people* who reached the door; return how many got in.
        *secured* people (moved from a flooded shelter) need no first ration here; *kept* of
        them were secured in time and never cut off."""
        self.engine.move("moving", "queued", people)
        self.queued += people
        if self.usable and self.state != OPEN:
            self._note_room()  # their promise is released; they take their places when it opens
        while self.usable and self.state != OPEN:
            yield self.changed
        taken = min(people, self.capacity - self.committed) if self.usable else 0
        self._commit(taken)
        if taken > 0:
            with self.desks.request() as desk:
                yield desk
                per_person = float(self.engine.draw_intake(self))
                factor = 1.0 if self.powered else self.engine.scenario.relief.no_power_intake_factor
                yield self.env.timeout(taken * per_person * factor)
            if self.usable:
                self._admit(taken, departed, secured, kept * taken / people)
            else:  # flooded while they were being registered: they go on elsewhere
                self._commit(-taken)
                taken = 0
        self.queued -= people
        self.engine.move("queued", "moving", people - taken)
        if self.committed >= self.capacity:
            self.engine.log_once(("full", self.id), "shelter_full", shelter=self.id)
        return taken

    def _admit(self, people, departed, secured=False, kept=0.0):
        now = self.env.now
        self.occupancy += people
        self.peak = max(self.peak, self.occupancy)
        self.engine.move("queued", "sheltered", people)
        if secured:
            self.secured += people
            self.kept += kept
        else:
            self.waiting.append([departed, people])
        for stock in self.stocks.values():
            stock.arrive(people, now, served=secured)
        self._update(now)
        self.engine.occupancy_changed(self)

    def leave(self, people):
        """*people* registered here go back home now (回流), the earliest registered first;
        return (how many of them were secured, of those how many in time, and of those how
        many were never cut off). The earliest registered were secured first: those secured in
        time and since cut off, then those kept, then those secured late."""
        now = self.env.now
        people = min(people, self.occupancy)
        if people <= 0:
            return 0.0, 0.0, 0.0
        for stock in self.stocks.values():
            stock.leave(people, now)
        secured = min(people, self.secured)
        cut = min(secured, self.cut_here)
        kept = min(secured - cut, self.kept)
        self.secured -= secured
        self.cut_here -= cut
        self.kept -= kept
        rest = people - secured
        while rest > NOTHING and self.waiting:
            take = min(rest, self.waiting[0][1])
            self.waiting[0][1] -= take
            rest -= take
            if self.waiting[0][1] <= NOTHING:
                self.waiting.popleft()
        self.occupancy -= people
        self._commit(-people)
        self._update(now)
        self.engine.notify_changed()  # room for people waiting as overflow
        return secured, cut + kept, kept

    def lose(self, item, share):
        """*share* of the *item* on hand now is lost; return the units lost."""
        now = self.env.now
        lost = self.stocks[item].lose(share, now)
        self._update(now)
        return lost

    def receive(self, items):
        """A truck unloads *items* (item -> units) now."""
        now = self.env.now
        for name, units in items.items():
            self.stocks[name].add(units, now)
            self.in_flight[name] = max(0.0, self.in_flight.get(name, 0.0) - units)
        self._update(now)

    # -- securing and stock checks ----------------------------------------------
    def _update(self, now):
        """Secure whoever can be, log new stock-outs, and plan the next check."""
        # everyone registered, less those who need an item and still wait for it (only the
        # share who need medical care can lack a medical kit)
        # (people are whole: a shortfall of 0.1 kit-needing persons leaves one person waiting)
        can = self.occupancy - math.ceil(max([0.0] + [s.unserved for s, _ in self._securing]) - NOTHING)
        in_time = now <= self.engine.deadline + SAME_MOMENT_H
        while can - self.secured > NOTHING and self.waiting:
            group = self.waiting[0]
            take = min(group[1], can - self.secured)
            exposed = self.engine.secured(now, group[0], take)  # of them, left in danger at their peak first
            self.secured += take
            self.tally["secured_in_time" if in_time else "secured_late"] += take
            if in_time:
                self.kept += take - exposed
            group[1] -= take
            if group[1] <= NOTHING:
                self.waiting.popleft()
        for name, stock in self.stocks.items():
            if stock.stockout_at is not None:
                self.engine.log_once(("stockout", self.id, name), "stockout", shelter=self.id, item=name,
                                     at=stock.stockout_at)
        self._cut_off(now)
        self._plan_check(now)

    def _in_window(self, t):
        """Is *t* (h) inside the relief window, while secured people must stay supplied?
        (The one place that says so: cut-offs and the checks planned for them both ask.)"""
        return t <= self.engine.relief_end + SAME_MOMENT_H

    def _cut_off(self, now):
        """People secured in time go without an item that has been out for longer than the
        grace, before the relief window ends: they are no longer kept."""
        if self.kept <= NOTHING or not self._in_window(now):
            return
        for name, stock, cut_at in self._cut_items():
            if now + SAME_MOMENT_H >= cut_at:
                self.engine.cut_off(self, name, stock.out_since, self.kept)
                self.cut_here += self.kept
                self.kept = 0.0
                return

    def _cut_items(self):
        """(item, stock, moment its people count as cut off) of the securing items out now
        whose grace ends inside the relief window.

        The moment is the end of the grace, and never before the deadline: the planning rule
        asks that needs be secured *by* the deadline, so a gap that a truck closes before it
        leaves people as secured as those whose first water came just in time (otherwise more
        stock, run out and refilled, would score worse than none until the truck)."""
        grace, out = self.engine.scenario.relief.grace, []
        for name, s in self.stocks.items():
            if s.spec.secures and s.out_since is not None:
                cut_at = max(s.out_since + grace, self.engine.cut_from)
                if self._in_window(cut_at):
                    out.append((name, s, cut_at))
        return out

    def missing_item(self):
        """The securing item the most registered people here still wait for, or None."""
        waits = [(s.unserved, name) for name, s in self.stocks.items() if s.spec.secures and s.unserved > NOTHING]
        return max(waits)[1] if waits else None

    def watch_cover(self, item, hours, callback):
        """Call *callback(t)* once when *item*'s cover falls below *hours*."""
        self.watchers.append([item, hours, callback])
        self._plan_check(self.env.now)

    def _plan_check(self, now):
        due, watchers = math.inf, self.watchers
        for name, stock in self.stocks.items():
            stock_due = stock.next_due([hours for item, hours, _ in watchers if item == name] if watchers else ())
            if stock_due < due:  # min(due, stock_due), without the call
                due = stock_due
        if self.kept > NOTHING and self._in_window(now):
            due = min([due] + [cut_at for _, _, cut_at in self._cut_items()])
        self._version += 1
        if due < self.engine.horizon:
            version = self._version
            self.env.timeout(max(due - now, 0.0)).callbacks.append(lambda _e: self._check(version))

    def _check(self, version):
        if version != self._version:
            return
        now = self.env.now
        for stock in self.stocks.values():
            stock.advance(now)
            stock.settle_empty(now)
        fired = [w for w in self.watchers if self.stocks[w[0]].cover_hours(now) <= w[1] + SAME_MOMENT_H]
        self.watchers = [w for w in self.watchers if w not in fired]
        for item, _, callback in fired:
            callback(now)
        self._update(now)

    def settle(self, now):
        """Bring every stock up to *now* (for the end of a run or a snapshot)."""
        for stock in self.stocks.values():
            stock.advance(now)
