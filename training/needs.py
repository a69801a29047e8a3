"""What a shelter needs: the plan's reorder rule read off the model, and a dispatch's size.

When a shelter's cover of an item falls below the rule's ``cover_below``, the rule sends
enough to last ``cover_target`` hours at the shelter's capacity (sim/logistics.py). In an
exercise the logistics officer must; the scorer measures their dispatches against the
units the rule would have sent at that very moment, noted here when the trigger fires.
"""
import math


def resupply_need(engine, rule_id):
    """``{"units", "per_hour", "unit", "cover_target"}`` for ``resupply:SHELTER:ITEM`` now:
    the units lacking for ``cover_target`` h at capacity (less stock on hand and on its
    way; nothing while a top-up of the item is on the road, as the rule itself waits for it),
    and the use an hour at capacity, to state a dispatch in hours of cover."""
    _, shelter_id, item = rule_id.split(":")
    scenario = engine.scenario
    rule, spec = scenario.plan.resupply, scenario.relief.items[item]
    shelter = engine.shelter_by_id[shelter_id]
    on_its_way = float(shelter.in_flight.get(item, 0.0))
    # the rule sends one top-up of an item at a time: with one on the road it asks for nothing more
    units = 0.0 if on_its_way > 1e-9 else engine.logistics.need(shelter, item, rule.cover_target)
    per_hour = shelter.capacity * spec.share * spec.per_person_per_day / 24.0
    return {"units": round(float(units), 3), "per_hour": float(per_hour), "unit": spec.unit,
            "cover_target": float(rule.cover_target), "on_its_way": round(on_its_way, 3)}


def supplies(scenario, shelter, which, cover_h):
    """Units of each item to send so that *shelter*, full, lasts *cover_h* hours and everyone
    gets a first ration: the size the viewer's and the seats' dispatch forms fill in.
    *which* is an item name or ``"basic"`` (every item that secures)."""
    items = scenario.relief.items
    names = [n for n, spec in items.items() if spec.secures] if which == "basic" else [which]
    out = {}
    for name in names:
        spec = items[name]
        people = shelter.capacity * spec.share
        units = people * spec.first_ration if spec.durable else people * (spec.per_person_per_day * cover_h / 24 + spec.first_ration)
        if units > 0:
            out[name] = float(math.ceil(units))
    return out
