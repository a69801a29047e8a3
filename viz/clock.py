"""The display clock: what simulated time the picture shows, and how fast it runs.

SimPy's clock jumps from event to event; the picture must not. Each frame the viewer
asks ``target(dt)`` for the time to show, steps the model up to it and draws there.
Never ``simpy.rt``: its ``step()`` sleeps and would freeze the window.
"""

SPEEDS = (60, 300, 900, 1800, 3600, 7200)
"""Simulated seconds per real second: ×60 is one simulated minute a second, ×3600 an hour."""
DEFAULT_SPEED = 900
MAX_FRAME_S = 0.1
"""A frame longer than this (a stall, a dragged window) counts as this long (s)."""


class DisplayClock:
    """The simulated time on screen (h since the start), the speed and whether it runs."""

    def __init__(self, start_h=0.0, horizon_h=float("inf"), speed=DEFAULT_SPEED, playing=True):
        if speed not in SPEEDS:
            raise ValueError(f"speed must be one of {SPEEDS}, not {speed!r}")
        self.shown_h = float(start_h)
        self.horizon_h = float(horizon_h)
        self.speed = speed
        self.playing = playing

    def target(self, frame_s):
        """The time to show after a frame of *frame_s* real seconds (h), not past the horizon."""
        if not self.playing:
            return self.shown_h
        step = min(max(frame_s, 0.0), MAX_FRAME_S) * self.speed / 3600.0
        return min(self.shown_h + step, self.horizon_h)

    def show(self, t_h):
        """The picture is now drawn at *t_h*."""
        self.shown_h = float(t_h)

    @property
    def at_end(self):
        return self.shown_h >= self.horizon_h

    def toggle(self):
        self.playing = not self.playing

    def faster(self):
        i = SPEEDS.index(self.speed)
        self.speed = SPEEDS[min(i + 1, len(SPEEDS) - 1)]

    def slower(self):
        i = SPEEDS.index(self.speed)
        self.speed = SPEEDS[max(i - 1, 0)]
