"""Threshold crossings of hazard series, and the official warnings they trigger.

Every series here lives on a time grid ``t`` (hours) and is a straight line between
grid points, so the moment a series reaches a threshold is found by linear
interpolation between the two grid points around it, never rounded to the grid.

The warnings follow the China Meteorological Administration's signal rules (2007),
applied to the model's own hazard as a perfect forecast:

- typhoon blue / yellow / orange / red: within the next 24 / 24 / 12 / 6 h the mean
  wind somewhere reaches 10.8 / 17.2 / 24.5 / 32.7 m/s (Beaufort 6 / 8 / 10 / 12);
  the gust criteria are not modelled;
- rainstorm blue / yellow / orange / red: within the next 12 / 6 / 3 / 3 h the rain
  somewhere adds up to 50 / 50 / 50 / 100 mm;
- the "631" call-ups at 6 h, 3 h and 1 h before the expected impact.
"""
import math
from dataclasses import dataclass

import numpy as np

LEVELS = ("none", "blue", "yellow", "orange", "red")
"""Warning levels from lowest to highest; ``"none"`` means no signal in force."""

TYPHOON_RULES = (("blue", 24.0, 10.8), ("yellow", 24.0, 17.2), ("orange", 12.0, 24.5), ("red", 6.0, 32.7))
"""(level, look-ahead in h, mean wind in m/s) per typhoon signal."""

RAINSTORM_RULES = (("blue", 12.0, 50.0), ("yellow", 6.0, 50.0), ("orange", 3.0, 50.0), ("red", 3.0, 100.0))
"""(level, window in h, rain in mm over the window) per rainstorm signal."""

CALLUP_LEADS = (("6h", 6.0), ("3h", 3.0), ("1h", 1.0))
"""The "631" call-ups: name and hours before the expected impact."""


@dataclass(frozen=True)
class Signal:
    """A warning signal of ``kind`` ("typhoon" | "rainstorm") changing to ``level`` at ``t`` (h).

    ``level`` is one of :data:`LEVELS`; ``"none"`` means the signal was lifted.
    """

    t: float
    kind: str
    level: str


@dataclass(frozen=True)
class Callup:
    """A "631" call-up: ``lead`` ("6h" | "3h" | "1h") before the expected impact, issued at ``t`` (h)."""

    t: float
    lead: str


def spans(t, y, threshold):
    """Return the spans ``[(t_up, t_down), ...]`` during which ``y >= threshold``.

    ``t_up`` and ``t_down`` are interpolated between grid points. A span that
    starts before the grid starts at ``t[0]``; one still open at the end of the
    grid ends at ``math.inf`` (the series stays constant after the grid).
    """
    above = y >= threshold
    if not above.any():
        return []
    i = np.flatnonzero(above[1:] != above[:-1])
    y0, y1 = y[i], y[i + 1]
    when = t[i] + (threshold - y0) / (y1 - y0) * (t[i + 1] - t[i])
    ups, downs = when[above[i + 1]], when[~above[i + 1]]
    if above[0]:
        ups = np.concatenate(([t[0]], ups))
    if above[-1]:
        downs = np.concatenate((downs, [math.inf]))
    return list(zip(ups.tolist(), downs.tolist()))


def first_reach(t, series, threshold):
    """Return, per row of the 2-D ``series``, the first time it is ``>= threshold`` (inf if never)."""
    above = series >= threshold
    i = above.argmax(axis=1)
    rows = np.arange(series.shape[0])
    j = np.maximum(i - 1, 0)
    y0, y1 = series[rows, j], series[rows, i]
    rise = np.where(i > 0, y1 - y0, 1.0)
    when = t[j] + np.where(i > 0, (threshold - y0) / rise, 0.0) * (t[i] - t[j])
    return np.where(above[rows, i], when, math.inf)


def at_times(t, series, when):
    """Interpolate every row of the 2-D ``series`` at the times ``when``; constant outside ``t``."""
    when = np.clip(when, t[0], t[-1])
    j = np.clip(np.searchsorted(t, when, side="right") - 1, 0, len(t) - 2)
    frac = (when - t[j]) / (t[j + 1] - t[j])
    return series[:, j] * (1 - frac) + series[:, j + 1] * frac


def rain_ahead(t, rain, window):
    """Rain (mm) that falls in each zone during ``[t, t + window]``, per grid time.

    ``rain`` is (zones, times) in mm/h; rain after the grid stays at its last value.
    """
    steps = (rain[:, 1:] + rain[:, :-1]) / 2 * np.diff(t)
    total = np.concatenate((np.zeros((rain.shape[0], 1)), np.cumsum(steps, axis=1)), axis=1)
    end = t + window
    beyond = np.maximum(end - t[-1], 0.0)
    return at_times(t, total, end) + rain[:, -1:] * beyond - total


def _timeline(kind, in_force, start):
    """Turn ``{level: spans in force}`` into the signals issued whenever the top level changes."""
    edges = {start}
    for level_spans in in_force.values():
        edges.update(x for span in level_spans for x in span if start <= x < math.inf)
    signals, current = [], "none"
    for edge in sorted(edges):
        level = "none"
        for name, level_spans in in_force.items():
            if any(a <= edge < b for a, b in level_spans):
                level = name
        if level != current:
            signals.append(Signal(float(edge), kind, level))
            current = level
    return signals


def typhoon_signals(t, wind):
    """Typhoon signals from the wind (m/s, zones × times) under :data:`TYPHOON_RULES`.

    A level is in force at ``s`` when the highest wind over all zones reaches its
    threshold somewhere in ``[s, s + look-ahead]``.
    """
    top = wind.max(axis=0) if len(wind) else np.zeros_like(t)
    in_force = {
        level: [(a - ahead, b) for a, b in spans(t, top, speed)]
        for level, ahead, speed in TYPHOON_RULES
    }
    return _timeline("typhoon", in_force, float(t[0]))


def rainstorm_signals(t, rain):
    """Rainstorm signals from the rain (mm/h, zones × times) under :data:`RAINSTORM_RULES`.

    A level is in force at ``s`` when in some zone the rain over ``[s, s + window]``
    adds up to its amount.
    """
    in_force = {}
    for level, window, amount in RAINSTORM_RULES:
        ahead = rain_ahead(t, rain, window).max(axis=0) if len(rain) else np.zeros_like(t)
        in_force[level] = spans(t, ahead, amount)
    return _timeline("rainstorm", in_force, float(t[0]))


def callups(impact_h):
    """The "631" call-ups for an impact at ``impact_h`` (h); none if it never comes."""
    if math.isinf(impact_h):
        return []
    return [Callup(max(impact_h - lead, 0.0), name) for name, lead in CALLUP_LEADS]
