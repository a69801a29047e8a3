"""Small scenarios built as dicts, for tests whose expected numbers follow from the inputs.

``village()`` is one zone walking one road to one open shelter, with every delay that
could blur a number fixed at zero: warnings arrive at once and reach everyone, people
obey and leave at once, all of them go to the public shelter on foot (4.39 km/h), and
registration takes no time. Tests change what they measure and leave the rest alone.
"""
import copy
import signal
from contextlib import contextmanager

WALK_KMH = 4.39
"""Default walking speed (km/h, 1.22 m/s): docs/model.md."""

PLENTY = {"water_l": 1e7, "food": 1e7, "bedding": 1e7, "medical": 1e7}
"""Stocks no test scenario can use up."""

INSTANT_BEHAVIOUR = {
    "channels": {"now": {"reach": 1.0, "delay": 0}},
    "mobilisation": 0,
    "compliance": 1.0,
    "public_share": 1.0,
    "driving_share": 0.0,
}
"""Everyone hears at once, obeys, leaves at once, walks to a public shelter."""


def shelter(sid="S1", node="N2", capacity=10_000, stock=None, **fields):
    """An open shelter with instant registration and plenty of stock unless told otherwise."""
    out = {
        "id": sid, "grade": "A", "tier": "town", "capacity": capacity, "x_km": 0.0, "y_km": 0.0, "node": node,
        "open_at_start": True, "stock": dict(PLENTY if stock is None else stock),
        "intake": {"desks": 1, "time_per_person": 0},
    }
    out.update(fields)
    return out


def village(population=100, length_km=1.0, horizon=48.0, onset=20.0, cohort_size=10_000, **shelter_fields):
    """Zone Z1 at node N1, one road R1 of *length_km* to shelter S1 at node N2, ordered out at t = 0."""
    return {
        "name": "test village",
        "horizon": horizon,
        "cohort_size": cohort_size,
        "series_step": 0.5,
        "zones": [{"id": "Z1", "population": population, "assisted_share": 0.0, "x_km": 0.0, "y_km": 0.0,
                   "node": "N1", "township": "T1"}],
        "shelters": [shelter(township="T1", **shelter_fields)],
        "roads": {
            "nodes": [{"id": "N1", "x_km": 0.0, "y_km": 0.0}, {"id": "N2", "x_km": length_km, "y_km": 0.0}],
            "edges": [{"id": "R1", "from": "N1", "to": "N2", "length_km": length_km}],
        },
        "behaviour": copy.deepcopy(INSTANT_BEHAVIOUR),
        "hazard": {"kind": "flood", "onset": onset},
        "plan": {"rules": [order_at(0.0)]},
    }


def order_at(t, zone="Z1", rule_id="P1", group="all"):
    """A plan rule ordering *zone* out at time *t* (h)."""
    return {"id": rule_id, "when": {"at": t}, "do": [{"action": "order_evacuation", "zone": zone, "group": group}]}


def depot(did="D1", node="N2", stock=None, trucks=1, tier="town", **fields):
    """A depot at *node* with *trucks* and *stock* (plenty unless told)."""
    out = {"id": did, "tier": tier, "x_km": 0.0, "y_km": 0.0, "node": node, "trucks": trucks,
           "stock": dict(PLENTY if stock is None else stock), "loading": 0}
    out.update(fields)
    return out


@contextmanager
def time_limit(seconds):
    """Fail instead of hanging if a run never ends (events that do not advance the clock)."""

    def _raise(_sig, _frame):
        raise TimeoutError(f"the run did not finish within {seconds} s")

    old = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
