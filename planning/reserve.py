"""The district-reserve check: can the district reserve stock the two townships with the
largest need at once, and if not, what to add.

A district's emergency plan asks that the district-level reserve cover the needs of at
least two townships, so that affected people's basic needs are secured within 10 hours
(docs/local-documents §A; ``RULE_TOWNSHIPS``). We read that as:

* a township's *need* of an item is what all its shelters, full to capacity, hand out
  and use in the target window: ``capacity x share x (first_ration + per_person_per_day
  / 24 x target_h)`` for a consumable, ``capacity x share x first_ration`` for a durable
  item (bedding, kits). Capacity is the shelter's, limited by floor space as in the engine.
* the reserve is the stock of every depot of tier ``district``.
* the two townships with the largest need are those with the most shelter places; the
  reserve covers them *at once* when, for every item, it holds the sum of their needs.
  Where it does not, the item that falls shortest limits, and the shortfall is given in
  purchase units (planning/purchase.py).
* townships supplied at once, per item, is ``floor(reserve / largest township need)``:
  any that many townships, however large, can be stocked together.
"""
import math
from dataclasses import dataclass

from .prices import prices_for, with_prices
from .purchase import purchase_units

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
    two_need: float = 0.0  # the two townships with the largest need, together
    purchase: object = None  # PurchaseUnit

    @property
    def shortfall(self):
        """Units the reserve lacks to stock the two largest townships at once."""
        return max(0.0, self.two_need - self.reserve)

    @property
    def add(self):
        """Purchase units to add to the reserve for the two largest townships at once."""
        return self.purchase.count(self.shortfall) if self.purchase else math.ceil(self.shortfall - 1e-9)

    @property
    def add_cost(self):
        """Yuan for what to add (None without a price)."""
        return self.purchase.cost(self.add) if self.purchase else None

    @property
    def ratio(self):
        """Need of the two largest townships over the reserve (inf for an empty reserve)."""
        if self.two_need <= 0:
            return 0.0
        return math.inf if self.reserve <= 0 else self.two_need / self.reserve


@dataclass(frozen=True)
class ReserveCheck:
    """The reserve check: per item, and overall against the rule."""

    depots: tuple
    needs: dict  # township -> item -> units
    items: tuple  # ItemCheck per item
    townships: float  # smallest over items
    largest: tuple = ()  # the two townships with the most shelter places, largest first
    planned: tuple = ()  # townships the plan asks the reserve for (request_reserve), in plan order
    rule: int = RULE_TOWNSHIPS

    @property
    def covers_planned(self):
        """Does the reserve stock, at once, every township the plan asks it for?"""
        return bool(self.depots) and all(
            c.reserve + 1e-9 >= sum(self.needs.get(t, {}).get(c.item, 0.0) for t in self.planned) for c in self.items)

    @property
    def covers_largest(self):
        """Does the reserve stock the two townships with the largest need at once?"""
        return bool(self.depots) and all(c.shortfall <= 1e-9 for c in self.items)

    @property
    def limiting(self):
        """The item that falls shortest for the two largest townships (None if none does)."""
        short = [c for c in self.items if c.shortfall > 1e-9]
        return max(short, key=lambda c: c.ratio) if short else None

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


def reserve_check(scenario, hours=None, prices=None):
    """Check the district reserve of *scenario* against the "at least two townships" rule
    (*prices*: item -> prices.Price, over the scenario's and the defaults)."""
    relief = scenario.relief
    depots = tuple(d for d in scenario.depots if d.tier == "district")
    needs = township_needs(scenario, hours)
    places = sorted(township_places(scenario).items(), key=lambda p: (-p[1], p[0]))
    largest_towns = tuple(t for t, _ in places[:RULE_TOWNSHIPS])
    units = with_prices(purchase_units(relief), prices_for(relief, prices))
    checks = []
    for name, item in relief.items.items():
        reserve = float(sum(d.stock.get(name, 0.0) for d in depots))
        town, largest = max(((t, n[name]) for t, n in needs.items()), key=lambda p: p[1], default=("", 0.0))
        covered = math.inf if largest <= 0 else math.floor(reserve / largest + 1e-9)
        two = sum(needs[t][name] for t in largest_towns)
        checks.append(ItemCheck(name, item.unit, reserve, largest, town, covered, two, units[name]))
    overall = min((c.townships for c in checks), default=math.inf)
    return ReserveCheck(tuple(d.id for d in depots), needs, tuple(checks), overall, largest_towns,
                        planned_townships(scenario))


def planned_townships(scenario):
    """Townships named by the plan's ``request_reserve`` actions, each once, in plan order."""
    out = []
    for rule in scenario.plan.rules:
        for action in rule.do:
            town = getattr(action, "township", None)
            if getattr(action, "action", "") == "request_reserve" and town not in out:
                out.append(town)
    return tuple(out)


def township_places(scenario):
    """township -> shelter places (persons, capacity limited by floor space)."""
    places = {}
    for shelter in scenario.shelters:
        town = shelter.township or "(no township)"
        places[town] = places.get(town, 0) + shelter_capacity(shelter, scenario.relief)
    return places
