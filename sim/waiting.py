"""Everyone waiting for a shelter or a road to change: overflow cohorts and cut-off trucks.

A cohort with no shelter it can reach waits as overflow; a truck with no open road to its
shelter waits at the roadside. Both wait for a change (a shelter opens or gains room, a road
reopens, an assignment changes) and then search again. Waking every waiter at every change
costs (waiters x changes): at a million people most of the run. Here waiters are grouped by
what they search for, their *key* (zone, node and travel mode of a cohort; node and shelter of
a truck): every waiter of a key finds the same thing. The room keeps a log of *gains*, the
things that could turn a failed search into a found one: a shelter gained room or began taking
people, a road reopened, an assignment changed. At a change, a key is passed over without
waking anyone unless a gain since its search failed can help it (a shelter it could reach then,
a reopened road that reaches a node it could not); the others are woken one by one, in exactly
the order in which waking everyone would have reached them, until a search of their key fails.
So a run gives the same results, event for event, at a cost that grows with the people who can
actually move.
"""
import heapq
import math
from collections import deque


class WaitingRoom:
    """Waiters in the order they would be woken, per key: deques of (order number, event)."""

    def __init__(self, env, hopeless=lambda key: False):
        self.env = env
        self.hopeless = hopeless
        """hopeless(key) is True when a search of *key* surely finds nothing now (no shelter anywhere has room)."""
        self.woken = 0
        """Waiters woken so far (each one searches again)."""
        self._gains = []  # in order: ("shelter", road node), ("road", [(tail, head), ...]) or None (anything)
        self._failed = {}  # key -> [number of gains seen, travel hours to every node when its search failed]
        self._next = {}  # key -> deque[(order, event)]: woken at the next change
        self._order = 0
        self._back = None  # (key, order, batch) of the waiter being woken, until it waits again

    def shelter_gained(self, node):
        """The shelter at road node *node* gained room, or began taking people."""
        self._gains.append(("shelter", node))

    def road_reopened(self, arcs):
        """A road reopened: its arcs as (tail node, head node) pairs."""
        self._gains.append(("road", arcs))

    def anything_gained(self):
        """Something that may help any search changed (an assignment)."""
        self._gains.append(None)

    def wait(self, key, reach):
        """An event to yield after a search of *key* found nothing; *reach* is the travel hours
        (inf: cut off) from where it searched to every road node. The event succeeds at a change
        that may help (never scheduled: the room wakes the waiter in its turn)."""
        event = self.env.event()
        self._failed[key] = [len(self._gains), reach]
        back, self._back = self._back, None
        if back is not None:  # woken and still nothing: back in its place at the head of its key
            woken_key, order, batch = back
            if woken_key != key:
                raise RuntimeError(f"a waiter woken for {woken_key!r} waits again for {key!r}")
            batch.setdefault(key, deque()).appendleft((order, event))
        else:
            self._order += 1
            self._next.setdefault(key, deque()).append((self._order, event))
        return event

    def take_batch(self):
        """The waiters of the change happening now (their turn comes when its event is processed);
        later waiters wait for the next change."""
        batch, self._next = self._next, {}
        return batch

    def wake(self, batch):
        """Wake, in order, the waiters of *batch* whose key may now find something; the rest,
        and those who still find nothing, wait for the next change behind anyone who came since."""
        live = [(queue[0][0], key) for key, queue in batch.items() if self._may_help(key)]
        heapq.heapify(live)
        while live:
            key = live[0][1]
            queue = batch[key]
            order, event = queue.popleft()
            self._back = (key, order, batch)
            self.woken += 1
            _resume(event)
            if self._back is None:  # it waited again: nobody else of its key finds anything now
                heapq.heappop(live)
                continue
            self._back = None
            if queue:
                heapq.heapreplace(live, (queue[0][0], key))
            else:
                heapq.heappop(live)
                del batch[key]
        self._requeue(batch)

    def _may_help(self, key):
        """True if something gained since *key*'s search failed can change what it finds."""
        if self.hopeless(key):
            return False
        failed = self._failed[key]
        seen, reach = failed
        for gain in self._gains[seen:]:
            if gain is None:
                return True
            kind, what = gain
            if kind == "shelter":
                if reach[what] < math.inf:
                    return True
            elif any(reach[a] < math.inf and not reach[b] < math.inf for a, b in what):
                return True
        failed[0] = len(self._gains)  # nothing yet: these gains need no second look
        return False

    def _requeue(self, batch):
        """Put the waiters of *batch* who are still waiting behind those who came since."""
        batch = {key: queue for key, queue in batch.items() if queue}
        if not self._next:
            self._next = batch
            return
        if not batch:
            return
        # those who came since go first: renumber them below everyone in the batch, in order
        first = min(queue[0][0] for queue in batch.values())
        last = max(queue[-1][0] for queue in self._next.values())
        shift = last - first + 1
        for key, queue in self._next.items():
            self._next[key] = deque((order - shift, event) for order, event in queue)
        for key, queue in batch.items():
            ahead = self._next.get(key)
            if ahead is None:
                self._next[key] = queue
            elif len(ahead) <= len(queue):
                queue.extendleft(reversed(ahead))
                self._next[key] = queue
            else:
                ahead.extend(queue)


def _resume(event):
    """Process *event* now, as SimPy's ``Environment.step`` would: its waiting process resumes
    here, in the middle of the change being processed, as it did when it waited on the change."""
    event._ok, event._value = True, None
    callbacks, event.callbacks = event.callbacks, None
    for callback in callbacks:
        callback(event)
