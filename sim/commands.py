"""What each action does to the model, after checking that it can be done now.

Each handler returns ``None`` when the action was carried out, or the reason it was
rejected; a rejected action leaves the model untouched.
"""
import math

import numpy as np

from .actions import (ALL, RESPONSE_LEVELS, AssignShelter, CloseRoad, DelayTrucks, Dispatch, FailGenerator,
                      ForcedTransfer, LiftTransfer, LoseStock, OpenShelter, OrderEvacuation, PreventReturn,
                      RaiseResponse, ReopenRoad, RequestReserve, ShelterUnusable, Warn)
from .checks import RefCheck, check_action
from .shelter import CLOSED


def reject_reason(engine, action):
    """Why *action* names something this scenario does not have, or None."""
    found = []
    check_action(action, (), RefCheck(found), *_known_ids(engine))
    return "; ".join(f"{'.'.join(map(str, p))}: {r}" if p else r for p, r in found) or None


def _known_ids(engine):
    """(zones, shelters, depots, roads, relief items, channels, townships): the ids an action may
    name, as sets; made once a run (a river run checks hundreds of actions, and none adds an id)."""
    known = engine.__dict__.get("_known_ids")
    if known is None:
        s = engine.scenario
        known = engine._known_ids = (set(s.zone), set(s.shelter), set(s.depot), set(engine.network.edge),
                                     set(s.relief.items), set(s.behaviour.channels),
                                     {z.township for z in s.zones if z.township})
    return known


def carry_out(engine, action):
    """Do *action* now; return None, or why it cannot be done."""
    return _HANDLERS[type(action)](engine, action)


def _channels(engine, action):
    return list(engine.population.channels) if action.channels == ALL else list(action.channels)


def _warn(engine, action):
    zones = range(len(engine.scenario.zones)) if action.zones == ALL else [engine.zone_index[z] for z in action.zones]
    channels = _channels(engine, action)
    pop, now = engine.population, engine.env.now
    for z in zones:
        idx = pop.zone_cohorts[z]
        heard = pop.receipt(idx, channels, pop.send(idx, channels))
        pop.warned_at[idx] = np.minimum(pop.warned_at[idx], now + heard)
    engine.log("warning", zones=action.zones, channels=channels)


def _order(engine, action):
    z = engine.zone_index[action.zone]
    pop, now, spec = engine.population, engine.env.now, engine.scenario.zones[z]
    idx = pop.zone_cohorts[z]
    if action.group != ALL:
        idx = idx[pop.assisted[idx] == (action.group == "assisted")]
    if len(idx) == 0:
        return f"{action.zone} has nobody in group {action.group!r}"
    idx = idx[~np.isfinite(pop.ordered_at[idx])]
    if len(idx) == 0:
        return f"every cohort of {action.zone} in group {action.group!r} is already on the move"
    pop.order_sent_at[idx] = np.minimum(pop.order_sent_at[idx], now)
    channels = _channels(engine, action)
    reached = pop.send(idx, channels)
    heard = pop.receipt(idx, channels, reached)
    pop.warned_at[idx] = np.minimum(pop.warned_at[idx], now + heard)
    pop.order_heard_at[idx] = np.minimum(pop.order_heard_at[idx], now + heard)
    base = engine.scenario.behaviour.compliance if spec.compliance is None else spec.compliance
    obeys = pop.obeys_after(idx, channels, reached, base, engine.scenario)
    go = np.isfinite(obeys)
    if pop.assisted[idx[go]].any() and math.isinf(engine.team_ready[z]):
        engine.team_ready[z] = now + engine.draw_team_response(z)
    for i, h in zip(idx[go], obeys[go]):
        pop.ordered_at[i] = now + h
        engine.start_cohort(int(i), float(h + pop.mobilise[i]))
    engine.log("evacuation_order", zone=action.zone, group=action.group, channels=channels,
               cohorts_moving=int(go.sum()), people_moving=int(pop.size[idx[go]].sum()))


def _open(engine, action):
    shelter = engine.shelter_by_id[action.shelter]
    if shelter.state != CLOSED:
        return f"{action.shelter} is already {shelter.state}"
    if not shelter.usable:
        return f"{action.shelter} is unusable (flooded)"
    delay = engine.draw_opening(shelter)
    shelter.open(delay)
    engine.log("shelter_opening", shelter=action.shelter, ready_in_h=round(delay, 3))
    engine.logistics.shelter_opening(shelter)


def _assign(engine, action):
    engine.assignments[engine.zone_index[action.zone]] = [engine.shelter_by_id[s] for s in action.shelters]
    engine.log("assignment", zone=action.zone, shelters=list(action.shelters))
    engine.waiting.anything_gained()
    engine.notify_changed()  # people waiting as overflow choose again


def _dispatch(engine, action):
    return engine.logistics.dispatch(engine.depot_by_id[action.depot], engine.shelter_by_id[action.shelter],
                                     dict(action.items), source="action")


def _reserve(engine, action):
    return engine.logistics.request_reserve(action.township, action.cover)


def _raise(engine, action):
    current = engine.response_level
    if current is not None and RESPONSE_LEVELS.index(action.level) <= RESPONSE_LEVELS.index(current):
        return f"response is already at level {current}"
    engine.response_level = action.level
    engine.log("response_level", level=action.level)
    engine.response_changed()


def _close(engine, action):
    road = engine.network.edge[action.edge]
    if "action" in engine.network.closed_by[road]:
        return f"{action.edge} is already closed"
    engine.set_road(road, "action", True)


def _reopen(engine, action):
    road = engine.network.edge[action.edge]
    if "action" not in engine.network.closed_by[road]:
        return f"{action.edge} was not closed by an action"
    engine.set_road(road, "action", False)


def _fail_generator(engine, action):
    shelter = engine.shelter_by_id[action.shelter]
    if not shelter.generator_ok:
        return f"{action.shelter} has no working generator"
    shelter.generator_ok = False
    engine.log("generator_failed", shelter=action.shelter)


def _unusable(engine, action):
    shelter = engine.shelter_by_id[action.shelter]
    if shelter.condemned:
        return f"{action.shelter} is already out of use"
    shelter.condemned = True
    shelter.set_usable(False)


def _lose_stock(engine, action):
    if action.shelter is not None:
        where, lost = action.shelter, engine.shelter_by_id[action.shelter].lose(action.item, action.share)
    else:
        depot = engine.depot_by_id[action.depot]
        where, lost = action.depot, depot.stock[action.item] * action.share
        depot.stock[action.item] -= lost
    if lost <= 0:
        return f"{where} has no {action.item} left to lose"
    engine.log("stock_lost", place=where, item=action.item, units=round(lost, 1))


def _delay_trucks(engine, action):
    depot = engine.depot_by_id[action.depot]
    if depot.trucks is None:
        return f"{action.depot} has no trucks"
    depot.held_until = max(depot.held_until, engine.env.now + action.hours)
    engine.log("trucks_delayed", depot=action.depot, until=round(depot.held_until, 4))


def _forced(engine, action):
    return engine.transfer.force(action)


def _prevent_return(engine, action):
    return engine.transfer.prevent_return(action)


def _lift(engine, action):
    return engine.transfer.lift(action)


_HANDLERS = {
    Warn: _warn, OrderEvacuation: _order, OpenShelter: _open, AssignShelter: _assign, Dispatch: _dispatch,
    RequestReserve: _reserve, RaiseResponse: _raise, CloseRoad: _close, ReopenRoad: _reopen,
    FailGenerator: _fail_generator, ShelterUnusable: _unusable, LoseStock: _lose_stock, DelayTrucks: _delay_trucks,
    ForcedTransfer: _forced, PreventReturn: _prevent_return, LiftTransfer: _lift,
}
