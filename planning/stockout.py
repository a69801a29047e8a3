"""When each shelter runs out of each item with the stock it holds today.

* As planned and with no resupply: from the runs with the stock held now (fresh seeds, the
  plan's trucks or none): in how many runs the pair's stock ran out with people present,
  and the median time it first did, in hours after the hazard's onset (negative: before it).
* Hold-out: the stock is judged by what its people draw, whatever the trucks do; from the
  batch with ample stock, the first hour at which its people had drawn more than it holds
  now (no delivery counted): how long today's stock would last on its own.

A pair that never ran out has share 0 and no time.
"""
import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class StockOut:
    """One (shelter, item) with today's stock: the share of runs in which it ran out, and
    the median hour (after onset) it first did in those runs (None: never)."""

    shelter: str
    item: str
    share: float
    median_h: float | None
    runs: int

    @property
    def runs_out(self):
        return self.share > 0


def from_runs(rows, pairs, onset_h):
    """(shelter id, item) -> StockOut, from the ``stockouts`` the runs recorded."""
    times = {key: [] for key in pairs}
    for row in rows:
        for sid, item, at in row.get("stockouts", []):
            if (sid, item) in times:
                times[(sid, item)].append(float(at) - onset_h)
    return {key: _stockout(key, t, len(rows)) for key, t in times.items()}


def from_draws(rows, pairs, onset_h, stocks):
    """(shelter id, item) -> StockOut: when the draws of *rows* first pass *stocks* (pair -> units)."""
    times = {key: [] for key in pairs}
    for row in rows:
        t = np.asarray(row["draw_t"], dtype=float)
        draw = row["draw"]
        for sid, item in pairs:
            series = np.asarray(draw[row["draw_items"].index(item)][row["draw_shelters"].index(sid)], dtype=float)
            over = np.nonzero(series > stocks[(sid, item)] + 1e-6)[0]
            if over.size:
                times[(sid, item)].append(float(t[over[0]]) - onset_h)
    return {key: _stockout(key, t, len(rows)) for key, t in times.items()}


def _stockout(key, times, runs):
    share = len(times) / runs if runs else 0.0
    return StockOut(key[0], key[1], share, float(np.median(times)) if times else None, runs)


def first(stockouts, shelter):
    """The item of *shelter* that runs out first (the earliest median), as a StockOut, or None."""
    mine = [s for s in stockouts.values() if s.shelter == shelter and s.median_h is not None]
    return min(mine, key=lambda s: (s.median_h, -s.share, s.item), default=None)


def hours(value):
    """A time to stock-out for a table: rounded, or "" for never."""
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else round(value, 2)
