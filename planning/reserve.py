"""The district-reserve check: how many townships the district reserve can stock at once.

A district's emergency plan asks that the district-level reserve cover the needs of at
least two townships, so that affected people's basic needs are secured within 10 hours
(docs/local-documents §A; ``RULE_TOWNSHIPS``). We read that as:

* a township's *need* of an item is what all its shelters, full to capacity, hand out
  and use in the target window: ``capacity x share x (first_ration + per_person_per_day
  / 24 x target_h)`` for a consumable, ``capacity x share x first_ration`` for a durable
  item (bedding, kits). Capacity is the shelter's, limited by floor space as in the engine.
* the reserve is the stock of every depot of tier ``district``.
* townships supplied at once, per item, is ``floor(reserve / largest township need)``:
  any that many townships, however large, can be stocked together. The overall figure
  is the smallest over the items that any township needs.
"""
import math
from dataclasses import dataclass

RULE_TOWNSHIPS = 2
"""The district reserve must cover at least this many townships at once (local plan, §A)."""


@dataclass(frozen=True)
class ItemCheck:
    """One item: the district reserve, the largest township need, and the townships covered."""

    item: str
    unit: str
    reserve: float
    largest_need: float
    largest_township: str
    townships: float  # floor(reserve / largest_need); inf if no township needs the item


@dataclass(frozen=True)
class ReserveCheck:
    """The reserve check: per item, and overall against the rule."""

    depots: tuple
    needs: dict  # township -> item -> units
    items: tuple  # ItemCheck per item
    townships: float  # smallest over items
    rule: int = RULE_TOWNSHIPS

    @property
    def meets_rule(self):
        return self.townships >= self.rule


def shelter_capacity(shelter, relief):
    """Persons a shelter holds: its capacity, limited by floor space (as sim/shelter.py does)."""
    room = shelter.capacity
    if shelter.area_m2 is not None:
        room = min(room, int(shelter.area_m2 // relief.space_m2_per_person))
    return max(room, 0)


def item_need(item, persons, hours):
    """Units of *item* that *persons* need in *hours*: first rations plus use."""
    people = persons * item.share
    use = 0.0 if item.durable else people * item.per_person_per_day / 24.0 * hours
    return people * item.first_ration + use


def township_needs(scenario, hours=None):
    """township -> item -> units needed in the target window with every shelter full."""
    relief = scenario.relief
    hours = relief.target if hours is None else hours
    needs = {}
    for shelter in scenario.shelters:
        town = shelter.township or "(no township)"
        persons = shelter_capacity(shelter, relief)
        row = needs.setdefault(town, dict.fromkeys(relief.items, 0.0))
        for name, item in relief.items.items():
            row[name] += item_need(item, persons, hours)
    return needs


def reserve_check(scenario, hours=None):
    """Check the district reserve of *scenario* against the "at least two townships" rule."""
    relief = scenario.relief
    depots = tuple(d for d in scenario.depots if d.tier == "district")
    needs = township_needs(scenario, hours)
    checks = []
    for name, item in relief.items.items():
        reserve = float(sum(d.stock.get(name, 0.0) for d in depots))
        town, largest = max(((t, n[name]) for t, n in needs.items()), key=lambda p: p[1], default=("", 0.0))
        covered = math.inf if largest <= 0 else math.floor(reserve / largest + 1e-9)
        checks.append(ItemCheck(name, item.unit, reserve, largest, town, covered))
    overall = min((c.townships for c in checks), default=math.inf)
    return ReserveCheck(tuple(d.id for d in depots), needs, tuple(checks), overall)
