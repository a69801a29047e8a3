"""Paced time: the model clock follows the wall clock at a stated ratio, so that a debate
costs model time.

    pacer = Pacer(runner, ratio=10)            # 1 real minute = 10 model minutes
    tick = pacer.tick()                        # call as often as you like (each frame, each prompt)
    tick.step.injects, tick.expired, tick.left_s

Each ``tick`` plays the model on by the real time since the last one × *ratio*. Injects
arrive on the way without stopping the clock. The clock stands still while the facilitator
has paused the exercise (``runner.paused``) and while a decision point is open; a decision
point with a real-time ``limit`` is closed by itself when the limit has passed (logged as
closed by nobody, note "real-time limit reached"). The wall clock is a function given to
the pacer (``time.monotonic`` by default), so tests drive it without sleeping.
"""
import time
from dataclasses import dataclass

from .runner import EPS_H, Step

LIMIT_NOTE = "real-time limit reached"
"""The note of a decision point closed because its real-time limit passed."""


@dataclass(frozen=True)
class Tick:
    """What one tick of the pacer did."""

    step: Step  # the model's step (injects, decision, rules, finished)
    expired: object  # the DecisionPoint closed by its real-time limit in this tick, or None
    left_s: float | None  # real seconds left to close the pending decision point, if it has a limit


class Pacer:
    """Plays a Runner at *ratio* model seconds per real second."""

    def __init__(self, runner, ratio=10.0, clock=time.monotonic):
        if not ratio > 0:
            raise ValueError(f"the pace ratio must be a positive number of model seconds per real second, not {ratio!r}")
        self.runner, self.ratio, self.clock = runner, float(ratio), clock
        self.last = clock()
        self.opened = {}  # decision id -> wall second it was first seen open

    @property
    def hours_per_second(self):
        """Model hours per real second."""
        return self.ratio / 3600.0

    def tick(self):
        """Play the model on by the real time since the last tick; return the Tick."""
        runner, wall = self.runner, self.clock()
        real = max(wall - self.last, 0.0)
        self.last = wall
        held = runner.paused or runner.pending_decision is not None  # the real time since went on waiting
        expired = self._limit(wall)
        injects, rules = [], []
        target = runner.now if held else runner.now + real * self.hours_per_second
        while True:
            step = runner.advance(target)
            injects += step.injects
            rules += step.rules
            if step.finished or step.decision is not None or runner.paused or runner.now >= target - EPS_H:
                break
        point = runner.pending_decision
        if point is not None:
            self.opened.setdefault(point.id, wall)
        step = Step(runner.now, tuple(injects), point, tuple(rules), runner.finished)
        return Tick(step, expired, self.left_s(wall))

    def left_s(self, wall=None):
        """Real seconds left to close the pending decision point, or None if it has no limit."""
        point = self.runner.pending_decision
        limit = getattr(point, "limit", None) if point is not None else None
        if limit is None:
            return None
        wall = self.clock() if wall is None else wall
        return max(limit * 3600.0 - (wall - self.opened.get(point.id, wall)), 0.0)

    def _limit(self, wall):
        """Close the pending decision point if its real-time limit has passed; return it or None."""
        point = self.runner.pending_decision
        if point is None or getattr(point, "limit", None) is None or point.id not in self.opened:
            return None
        if wall - self.opened[point.id] < point.limit * 3600.0:
            return None
        return self.runner.close_decision("", note=LIMIT_NOTE)
