"""Independent random streams, one per purpose and per entity, all from one seed.

Each stream is keyed by what it is for (a purpose: the intake desks, a depot's loading, a
plan rule's delay) and by the entity it serves (a shelter, a depot and the shelter its
trucks go to, a zone, a rule), never by the order in which things are built or happen, so
changing one part of a scenario leaves the draws of every other part alone (common random
numbers across sweep variants): more water at S1 changes nothing that S2's desks, D1's trucks
to S2 or a plan rule's delay draw.
"""
import zlib

import numpy as np

MAX_SEED = 2 ** 63 - 1
"""The largest seed a run takes: numpy accepts any whole number of 0 or more, and sessions keep
their seed in SQLite, whose integers stop at 2^63 - 1."""

_NAMES = {
    "cohorts": 1,  # a zone's cohorts (sim.population), keyed by zone id
    # 2-6 keyed whole subsystems once (plan, intake, shelters, logistics, assistance): retired
    "intake": 7,  # registration time per person, keyed by shelter id
    "opening": 8,  # a shelter's opening delay, keyed by shelter id
    "loading": 9,  # a truck's loading time, keyed by depot id and the shelter it goes to
    "team_response": 10,  # when a zone's assistance teams are ready, keyed by zone id
    "assist_loading": 11,  # loading assisted people into a team's vehicle, keyed by zone id
    "plan_delay": 12,  # a plan rule's execution delay, keyed by rule id
    "plan_failure": 13,  # whether a plan rule is carried out, keyed by rule id
    "transfer": 14,  # the transfer's own draws (found by a sweep, going back home, hours away), keyed by zone id
}
"""Purposes, each a fixed number (a number once used is never given to another purpose)."""


def stream(seed, name, key=""):
    """A numpy Generator for purpose *name* and entity *key* (e.g. a zone id)."""
    spawn = (_NAMES[name], zlib.crc32(str(key).encode("utf-8")))
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(int(seed), spawn_key=spawn)))


class Streams:
    """The streams of one run, made on first use: ``streams("intake", "S1")``."""

    def __init__(self, seed):
        self.seed = int(seed)
        self._made = {}

    def __call__(self, name, key=""):
        """The Generator for purpose *name* and entity *key* (always the same one in a run)."""
        rng = self._made.get((name, key))
        if rng is None:
            rng = self._made[(name, key)] = stream(self.seed, name, key)
        return rng
