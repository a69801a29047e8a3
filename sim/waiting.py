"""Everyone waiting for a shelter or a road to change: overflow cohorts and cut-off trucks.

A cohort with no shelter it can reach waits as overflow; a truck with no open road to its
shelter waits at the roadside. Both wait for a change (a shelter opens or gains room, a road
reopens, an assignment changes) and then search again. Waking every waiter at every change
costs (waiters x changes): at a million people most of the run. Here waiters are grouped by
what they search for, their *key* (zone, node and travel mode of a cohort; node and shelter of
a truck): every waiter of a key finds the same thing. The engine counts *hope*, which goes up
whenever something could turn a failed search into a found one. At a change, a key whose search
failed at the present hope is passed over without waking anyone; the others are woken one by
one, in exactly the order in which waking everyone would have reached them, until a search of
their key fails. So a run gives the same results, event for event, at a cost that grows with
the people who can actually move.
"""
import heapq
from collections import deque


class WaitingRoom:
    """Waiters in the order they would be woken, per key: deques of (order number, event)."""

    def __init__(self, env):
        self.env = env
        self.hope = 0
        """Goes up whenever a search that failed could now succeed."""
        self.woken = 0
        """Waiters woken so far (each one searches again)."""
        self._next = {}  # key -> deque[(order, event)]: woken at the next change
        self._failed_at = {}  # key -> hope at which a search of this key last failed
        self._order = 0
        self._back = None  # (key, order, batch) of the waiter being woken, until it waits again

    def gained_hope(self):
        """Something improved: a shelter gained room or began taking people, a road reopened."""
        self.hope += 1

    def wait(self, key):
        """An event to yield after a search of *key* found nothing; it succeeds at a change that
        may help (never scheduled: the room wakes the waiter in its turn)."""
        event = self.env.event()
        self._failed_at[key] = self.hope
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
        live = [(queue[0][0], key) for key, queue in batch.items() if self._failed_at[key] != self.hope]
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
