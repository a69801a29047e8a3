"""What each shelter's people draw, recorded in the worker for every replication.

``stock_measure`` is the sweep's measure (it runs in the worker process, next to the
engine): from a RunResult it keeps, per shelter,

* ``draw``: per item, per shelter, the units its people drew (first rations handed out
  and use) from the start up to each whole hour: ``stock at 0 + delivered - stock now``,
  read from the stock series on the scenario's grid and the ``delivered`` events;
* ``peak``: the most people it held at once, and ``first_in``: the grid time (h) at which
  its first people were inside (None if nobody came);
* ``ran_out``: (shelter, item) pairs whose stock ran out with people present;
* ``stockouts``: ``[shelter, item, h]``, when each of those first ran out (h after the start);
* ``reasons``: the relief verdict's reasons, as plain records (when the engine gives them);
* ``town_demand``: per township, the people who headed for public shelters.

These are the numbers the stock test reads its required stocks from. Everything is
plain JSON so it travels back from any worker.
"""
import math

import numpy as np

DRAW_STEP_H = 1.0
"""Draws are kept on whole hours (h): enough to read "before the first resupply"."""


def stock_measure(result):
    """The sweep measure: draws, peaks, first arrivals, stock-outs and verdict reasons."""
    s = result.series
    t = np.asarray(s["t"], dtype=float)
    shelters = list(s["shelter_ids"])
    items = list(s["items"])
    stock = np.asarray(s["stock"], dtype=float)  # items x shelters x times
    delivered = np.zeros_like(stock)
    where = {sid: j for j, sid in enumerate(shelters)}
    for e in result.events:
        if e.get("kind") == "delivered" and e.get("shelter") in where:
            later = t >= e["t"] - 1e-9
            for name, units in e.get("items", {}).items():
                if name in items:
                    delivered[items.index(name), where[e["shelter"]], later] += float(units)
    draw = np.maximum(stock[:, :, :1] + delivered - stock, 0.0)
    step = float(t[1] - t[0]) if len(t) > 1 else 1.0
    stride = max(1, int(round(DRAW_STEP_H / step)))
    keep = list(range(0, len(t), stride))
    if keep[-1] != len(t) - 1:
        keep.append(len(t) - 1)
    occ = np.asarray(s["occupancy"], dtype=float)  # shelters x times
    first_in = [float(t[np.argmax(row > 0)]) if (row > 0).any() else None for row in occ]
    ran_out = sorted({(e["shelter"], e["item"]) for e in result.events if e.get("kind") == "stockout"})
    first_out = {}
    for e in result.events:
        if e.get("kind") == "stockout":
            at = float(e.get("at", e["t"]))
            key = (e["shelter"], e["item"])
            first_out[key] = min(at, first_out.get(key, at))
    return {
        "draw_t": [float(x) for x in t[keep]],
        "draw": np.round(draw[:, :, keep], 2).tolist(),
        "draw_items": items,
        "draw_shelters": shelters,
        "peak": [int(x) for x in occ.max(axis=1)] if occ.size else [0] * len(shelters),
        "first_in": first_in,
        "occupancy_hourly": occ[:, keep].astype(int).tolist(),
        "ran_out": [list(p) for p in ran_out],
        "stockouts": [[sid, item, round(at, 3)] for (sid, item), at in sorted(first_out.items())],
        "reasons": _reasons(result),
        "town_demand": _town_demand(result),
    }


def _town_demand(result):
    """township -> people who headed for public shelters from its zones (when the engine
    gives a zone table)."""
    zones = getattr(result, "zones", None)
    if zones is None:
        return {}
    out = {}
    for row in zones.rows:
        town = row.get("township") or "(no township)"
        out[town] = out.get(town, 0) + int(row.get("to_shelters") or 0)
    return out


def _reasons(result):
    verdict = getattr(result, "verdict", None)
    if verdict is None:
        return []
    out = []
    for r in verdict.reasons:
        out.append({"code": r.code, "people": int(r.people), "where": list(r.where), "item": r.item,
                    "t": None if r.t is None or (isinstance(r.t, float) and math.isinf(r.t)) else float(r.t)})
    return out


def judged(row):
    """Did the replication in *row* have a relief verdict to give? (nobody needing relief:
    NOTHING_TO_JUDGE, neither PASS nor FAIL; an engine without verdicts: yes)"""
    return row.get("verdict") != "NOTHING_TO_JUDGE"


def passed(row):
    """Did the replication in *row* pass the relief verdict? (``verdict`` when the engine
    gives one, else the older ``relief_target_met``)."""
    if "verdict" in row:
        return row["verdict"] == "PASS"
    return bool(row["relief_target_met"])


STOCK_CODES = ("no_first_ration", "cut_off")
"""The verdict's reasons that a shelter's stock of an item can cause (and more stock cure)."""


def stock_held(row, items):
    """Did the stock of *items* hold in the replication in *row*: nobody left without a
    first ration of one of them and nobody cut off from one before the relief window ended?
    (An engine without reasons: the whole verdict.)"""
    if "verdict" not in row:
        return passed(row)
    return not any(r["code"] in STOCK_CODES and r.get("item") in items for r in row.get("reasons", []))


def short_pairs(row, items):
    """(shelter, item) pairs of *items* whose stock failed somebody in *row*: the shelters
    named by no_first_ration and cut_off reasons, and the shelters whose stock ran out."""
    out = {tuple(p) for p in row.get("ran_out", []) if p[1] in items}
    for r in row.get("reasons", []):
        if r["code"] in STOCK_CODES and r.get("item") in items:
            out.update((sid, r["item"]) for sid in r["where"])
    return out


def draw_at(row, item, shelter, t):
    """Units the people of *shelter* drew of *item* by time *t* (h) in one replication's row:
    the value at the first kept hour at or after *t* (never less than the draw at *t*)."""
    times = row["draw_t"]
    i = next((k for k, x in enumerate(times) if x >= t - 1e-9), len(times) - 1)
    return row["draw"][row["draw_items"].index(item)][row["draw_shelters"].index(shelter)][i]
