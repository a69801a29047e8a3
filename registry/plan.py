"""The default community plan of an imported scenario, for the planner to edit.

Each zone goes to its nearest shelters by road, preferred first. The rules follow the
signals: warn at blue, open every shelter at yellow, order everyone out at orange, send
grid workers door to door at red (for a rainstorm: at the 1 h call-up). Shelters are
resupplied from the nearest depot when an item's cover falls below 12 h.
"""
import math

from .words import N_, pair

ASSIGNED_SHELTERS = 3
"""Shelters per zone in the assignments, nearest first."""


def assignments(zone_ids, shelter_ids, km):
    """Zone id -> its nearest reachable shelters by road; *km* is zones x shelters road km."""
    out = {}
    for i, zone in enumerate(zone_ids):
        order = sorted(range(len(shelter_ids)), key=lambda j: (km[i][j], j))
        out[zone] = [shelter_ids[j] for j in order if math.isfinite(km[i][j])][:ASSIGNED_SHELTERS]
    return {z: ss for z, ss in out.items() if ss}


def _order(zone_ids, **extra):
    return [{"action": "order_evacuation", "zone": z, "group": "all", **extra} for z in zone_ids]


NAMES = {
    "typhoon": (N_("Typhoon blue signal: warn everyone by broadcast and SMS"),
                N_("Typhoon yellow signal: open every shelter, response level IV"),
                N_("Typhoon orange signal: order every zone out, response level III"),
                N_("Typhoon red signal: door-to-door sweep by grid workers, response level II")),
    "rainstorm": (N_("Rainstorm blue signal: warn everyone by broadcast and SMS"),
                  N_("Rainstorm yellow signal: open every shelter, response level IV"),
                  N_("Rainstorm orange signal: order every zone out, response level III"),
                  N_("1 h call-up: door-to-door sweep by grid workers, response level II")),
}
"""The default rules' names, in both languages from the catalogue (words.pair)."""


def rules(kind, zone_ids, shelter_ids):
    """The rules for a ``typhoon`` or ``rainstorm``, signal by signal, as the module says."""
    signal = "typhoon" if kind == "typhoon" else "rainstorm"
    names = NAMES[signal]
    last = {"signal": "typhoon_red"} if kind == "typhoon" else {"callup": "1h"}
    return [
        {"id": "P1", **pair(names[0]), "when": {"signal": f"{signal}_blue"},
         "do": [{"action": "warn", "zones": "all", "channels": ["broadcast", "sms"]}], "deadline": "1h"},
        {"id": "P2", **pair(names[1]), "when": {"signal": f"{signal}_yellow"},
         "do": [{"action": "open_shelter", "shelter": s} for s in shelter_ids]
               + [{"action": "raise_response", "level": "IV"}],
         "delay": "30min", "deadline": "1h"},
        {"id": "P3", **pair(names[2]), "when": {"signal": f"{signal}_orange"},
         "do": _order(zone_ids) + [{"action": "raise_response", "level": "III"}], "deadline": "1h"},
        {"id": "P4", **pair(names[3]), "when": last,
         "do": _order(zone_ids, channels=["door_to_door"]) + [{"action": "raise_response", "level": "II"}],
         "deadline": "30min"},
    ]


def default_plan(kind, zone_ids, shelter_ids, km):
    """The ``plan:`` section: assignments, rules and the reorder rule."""
    return {
        **pair(N_("Default plan from the shelter registry (edit me)")),
        "assignments": assignments(zone_ids, shelter_ids, km),
        "rules": rules(kind, zone_ids, shelter_ids),
        "resupply": {"cover_below": "12h", "cover_target": "24h", "depots": "nearest"},
    }
