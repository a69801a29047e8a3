"""Hypothesis profiles for the whole suite, loaded by tests/conftest.py
(docs/reliability.md, "A deterministic suite").

``ci`` — ``make test`` and any run with ``CI`` set: derandomized (every property test tries the
same cases on every machine, every time) and no example database (a failure found once on a
laptop does not replay from ``.hypothesis/`` for ever). A red CI run is a real regression.

``dev`` — the default for a plain ``pytest`` on your machine: new random cases each run, and the
local database replays the ones that failed. Reproduce a failure it reports with
``--hypothesis-seed=N`` (the dev profile), or the printed ``@reproduce_failure`` blob.

``STORMDRILL_TEST_PROFILE=ci|dev`` picks one explicitly and wins over ``CI``.
"""
import os

from hypothesis import settings

PROFILES = ("ci", "dev")

settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("dev", derandomize=False, deadline=None, print_blob=True)


def chosen_profile(environ=os.environ):
    """The profile the environment asks for: STORMDRILL_TEST_PROFILE, else ci under CI, else dev."""
    name = environ.get("STORMDRILL_TEST_PROFILE") or ("ci" if environ.get("CI") else "dev")
    if name not in PROFILES:
        raise ValueError(f"STORMDRILL_TEST_PROFILE={name!r}: the profiles are {', '.join(PROFILES)}")
    return name

