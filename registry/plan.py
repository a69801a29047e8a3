"""The default community plan of an imported scenario, for the planner to edit.

Each zone goes to its nearest shelters by road, preferred first. The rules follow the
signals: warn at blue, open every shelter at yellow, order everyone out at orange, send
grid workers door to door at red (for a rainstorm: at the 1 h call-up). Shelters are
resupplied from the nearest depot when an item's cover falls below 12 h.
"""
import math

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


def rules(kind, zone_ids, shelter_ids):
    """The rules for a ``typhoon`` or ``rainstorm``, signal by signal, as the module says."""
    signal = "typhoon" if kind == "typhoon" else "rainstorm"
    signal_zh = "台风" if kind == "typhoon" else "暴雨"
    last = (({"signal": "typhoon_red"}, "Red signal", "台风红色预警") if kind == "typhoon"
            else ({"callup": "1h"}, "1 h call-up", "1小时叫应"))
    return [
        {"id": "P1", "name": "Blue signal: warn everyone by broadcast and SMS",
         "name_zh": f"{signal_zh}蓝色预警：广播、短信通知全体群众",
         "when": {"signal": f"{signal}_blue"},
         "do": [{"action": "warn", "zones": "all", "channels": ["broadcast", "sms"]}], "deadline": "1h"},
        {"id": "P2", "name": "Yellow signal: open every shelter, response level IV",
         "name_zh": f"{signal_zh}黄色预警：开放全部避灾点，启动IV级响应",
         "when": {"signal": f"{signal}_yellow"},
         "do": [{"action": "open_shelter", "shelter": s} for s in shelter_ids]
               + [{"action": "raise_response", "level": "IV"}],
         "delay": "30min", "deadline": "1h"},
        {"id": "P3", "name": "Orange signal: order every zone out, response level III",
         "name_zh": f"{signal_zh}橙色预警：组织全部片区转移，启动III级响应",
         "when": {"signal": f"{signal}_orange"},
         "do": _order(zone_ids) + [{"action": "raise_response", "level": "III"}], "deadline": "1h"},
        {"id": "P4", "name": f"{last[1]}: door-to-door sweep by grid workers, response level II",
         "name_zh": f"{last[2]}：网格员逐户敲门转移，启动II级响应",
         "when": last[0],
         "do": _order(zone_ids, channels=["door_to_door"]) + [{"action": "raise_response", "level": "II"}],
         "deadline": "30min"},
    ]


def default_plan(kind, zone_ids, shelter_ids, km):
    """The ``plan:`` section: assignments, rules and the reorder rule."""
    return {
        "name": "Default plan from the shelter registry (edit me)",
        "name_zh": "由避灾点台账生成的默认预案（请修改）",
        "assignments": assignments(zone_ids, shelter_ids, km),
        "rules": rules(kind, zone_ids, shelter_ids),
        "resupply": {"cover_below": "12h", "cover_target": "24h", "depots": "nearest"},
    }
