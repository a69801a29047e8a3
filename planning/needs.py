"""What a shelter's people need, read from a run's draws: the rules of the stock test.

* ``draw_matrix``: per run and (shelter, item), what its people drew before the first
  resupply could land (as planned; hold out until resupply), until the relief window
  ended (no resupply), or what the most people it held need for a hold-out of H hours;
* ``person_need``: Sphere's daily totals for one person over H hours;
* ``resupply_lead``: hours from an order until a first truck could unload at a shelter;
* ``ample_stock``, ``full_need``, ``window_end``: the bounds the method uses.
"""
import math

import numpy as np

import sim

from .reserve import shelter_capacity


def ample_stock(shelter, item, relief, horizon):
    """Units a full shelter could hand out and use over the whole run: more cannot help."""
    persons = shelter_capacity(shelter, relief) * item.share
    use = 0.0 if item.durable else persons * item.per_person_per_day / 24.0 * horizon
    return math.ceil(persons * item.first_ration + use + 1)


def full_need(shelter, item, relief, hours):
    """What a shelter full to capacity needs of *item* in a hold-out of *hours* hours."""
    return shelter_capacity(shelter, relief) * item.share * person_need(item, hours)


def window_end(scenario, onset_h):
    """When the relief window ends, h after the start: ``relief.window`` hours after the
    onset, or the run's end when the scenario sets no window."""
    window = getattr(scenario.relief, "window", None)
    end = float(scenario.spec.horizon)
    return end if window is None else min(end, onset_h + float(window))


def person_need(item, hours):
    """Units of *item* one person who needs it must have for their first *hours* hours in a
    shelter, by Sphere's daily totals: a durable item once (its first ration); a consumable
    ``per_person_per_day x hours / 24``, and never less than the first ration (which is
    part of the day's total, not on top of it)."""
    if item.durable:
        return item.first_ration
    return max(item.first_ration, item.per_person_per_day * hours / 24.0)


def resupply_lead(scenario, items):
    """(shelter id, item) -> hours from an order until a first truck could unload there:
    the mean loading time plus the drive from the nearest depot that holds the item and has
    trucks (the plan's reorder depots, or any), on the roads at the start; inf when the plan
    has no reorder rule or no depot can send the item."""
    from sim.network import DRIVE

    rule = scenario.plan.resupply
    lead = {(s.id, n): math.inf for s in scenario.shelters for n in items}
    if rule is None:
        return lead
    engine = sim.Engine(scenario, seed=0)
    chosen = [d for d in engine.depots if d.trucks is not None and (rule.depots == "nearest" or d.id in rule.depots)]
    covered = items if rule.items == "all" else [n for n in items if n in rule.items]
    nodes = [s.node for s in engine.shelters]
    for depot in chosen:
        hours = engine.network.hours_to(DRIVE, depot.node, nodes) + float(depot.spec.loading.mean())
        for shelter, h in zip(engine.shelters, hours):
            for n in covered:
                if depot.spec.stock.get(n, 0.0) > 0:
                    lead[(shelter.id, n)] = min(lead[(shelter.id, n)], float(h))
    return lead


def cut_times(scenario, items, question, hold_out_h, window):
    """(shelter id, item) -> hours after a shelter's first people arrive until its own
    stock is no longer alone (as planned, hold out until resupply), or the absolute window
    end (no_resupply)."""
    if question == "planned" or (question == "hold_out" and hold_out_h is None):
        return resupply_lead(scenario, items)
    return {(s.id, n): window for s in scenario.shelters for n in items}


def draw_matrix(rows, pairs, question, hold_out_h, cuts, relief, end=math.inf):
    """Array (replications x pairs): what each pair's people drew in each replication,
    under the question's rule."""
    out = np.zeros((len(rows), len(pairs)))
    for r, row in enumerate(rows):
        draw = np.asarray(row["draw"], dtype=float)  # items x shelters x hours
        times = np.asarray(row["draw_t"], dtype=float)
        item_at = {n: i for i, n in enumerate(row["draw_items"])}
        shelter_at = {s: j for j, s in enumerate(row["draw_shelters"])}
        for j, (s, n) in enumerate(pairs):
            col = shelter_at[s.id]
            if question == "hold_out" and hold_out_h is not None:
                out[r, j] = row["peak"][col] * relief.items[n].share * person_need(relief.items[n], hold_out_h)
                continue
            start = row["first_in"][col]
            if start is None:
                continue
            t = cuts[(s.id, n)] if question == "no_resupply" else min(start + cuts[(s.id, n)], end, times[-1])
            i = min(int(np.searchsorted(times, t - 1e-9)), len(times) - 1)
            out[r, j] = draw[item_at[n], col, i]
    return out
