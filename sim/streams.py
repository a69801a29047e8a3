"""Independent random streams, one per subsystem, all from one seed.

Each stream is keyed by a fixed name (and, for cohorts, by the zone's id), never by
the order in which things are built, so changing one part of a scenario leaves the
draws of the other parts alone (common random numbers across sweep variants).
"""
import zlib

import numpy as np

MAX_SEED = 2 ** 63 - 1
"""The largest seed a run takes: numpy accepts any whole number of 0 or more, and sessions keep
their seed in SQLite, whose integers stop at 2^63 - 1."""

_NAMES = {"cohorts": 1, "plan": 2, "intake": 3, "shelters": 4, "logistics": 5, "assistance": 6,
          "transfer": 7}
"""Stream name -> its number. ``transfer`` (one per zone, keyed by its id) holds the transfer's own
draws (found by a sweep, going back home, hours away), so adding them left every other draw alone."""


def stream(seed, name, key=""):
    """A numpy Generator for subsystem *name* (and item *key*, e.g. a zone id)."""
    spawn = (_NAMES[name], zlib.crc32(str(key).encode("utf-8")))
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(int(seed), spawn_key=spawn)))
