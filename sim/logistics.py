"""Relief logistics: explicit dispatches, the plan's reorder rule, the district reserve.

The reorder rule (plan ``resupply``) watches each shelter's cover of each consumable
item and, when it falls below ``cover_below`` hours, sends enough to last
``cover_target`` hours at the shelter's capacity. Durable items (bedding, medical
kits) are topped up to the shelter's capacity when it opens. The district reserve,
on request, stocks every open or opening shelter of a township for a number of hours.
"""
import itertools

from .actions import ALL
from .depot import deliver, loads
from .network import DRIVE

RECHECK_H = 1 / 60
"""Shortest wait (h, one minute) before the reorder rule looks again at a stock it found sufficient."""


class Logistics:
    """Sends trucks on behalf of actions and of the plan's reorder rule."""

    def __init__(self, engine, rule):
        self.engine = engine
        self.rule = rule  # plan.resupply, or None when nobody reorders automatically
        self.items = engine.scenario.relief.items
        self._truck_ids = itertools.count()

    def arm(self):
        """Start watching stocks, for shelters open at the start."""
        if self.rule is None:
            return
        for shelter in self.engine.shelters:
            if shelter.state != "closed":
                self.shelter_opening(shelter)

    # -- the reorder rule ---------------------------------------------------------
    def _rule_items(self):
        return list(self.items) if self.rule.items == ALL else list(self.rule.items)

    def shelter_opening(self, shelter):
        """A shelter starts opening: top up durables and start watching consumables."""
        if self.rule is None:
            return
        for name in self._rule_items():
            if self.items[name].durable:
                self._reorder(shelter, name, self.rule.cover_target)
            else:
                self._watch(shelter, name)

    def _watch(self, shelter, name):
        shelter.watch_cover(name, self.rule.cover_below, lambda t: self._low(shelter, name))

    def _low(self, shelter, name):
        sent = self._reorder(shelter, name, self.rule.cover_target)
        if not sent:
            self.engine.log_once(("no_stock", shelter.id, name), "resupply_unavailable", shelter=shelter.id, item=name)

    def _reorder(self, shelter, name, hours):
        """Send what *shelter* lacks of *name*; return True if anything was sent or needed."""
        amount = self.need(shelter, name, hours)
        if amount <= 1e-9:
            self._rewatch_when_short(shelter, name, hours)
            return True
        then = lambda: self._rewatch(shelter, name)  # noqa: E731 - watch again once a load arrives
        sent = False
        for depot in self._depots(shelter, name):
            got = self.send(depot, shelter, {name: amount}, source="resupply", then=then).get(name, 0.0)
            if got > 0:
                sent, then = True, None
            amount -= got
            if amount <= 1e-9:
                break
        return sent

    def _rewatch(self, shelter, name):
        if not self.items[name].durable:
            self._watch(shelter, name)

    def _rewatch_when_short(self, shelter, name, hours):
        """Nothing lacks now (enough on hand or on its way) although the cover is low: watch
        again once use at the present rate has made something lack, and no sooner than
        RECHECK_H, so that the watch cannot fire again and again at the same moment."""
        rate = shelter.stocks[name].rate
        if self.items[name].durable or rate <= 0:
            self._rewatch(shelter, name)
            return
        wait = max(-self._balance(shelter, name, hours) / rate, RECHECK_H)
        self.engine.env.timeout(wait).callbacks.append(lambda _e: self._watch(shelter, name))

    def need(self, shelter, name, hours):
        """Units of *name* that *shelter* lacks to serve its capacity for *hours*."""
        return max(0.0, self._balance(shelter, name, hours))

    def _balance(self, shelter, name, hours):
        """Units wanted for *hours* at capacity less those on hand and on their way (may be < 0)."""
        item, stock = self.items[name], shelter.stocks[name]
        people = shelter.capacity * item.share
        wanted = (people - stock.served) * item.first_ration + people * stock.per_hour * hours
        return wanted - stock.level(self.engine.env.now) - shelter.in_flight.get(name, 0.0)

    def _depots(self, shelter, name):
        """Depots to draw *name* from, in order: the rule's list, or nearest by road."""
        if self.rule is not None and self.rule.depots != "nearest":
            chosen = [self.engine.depot_by_id[d] for d in self.rule.depots]
        else:
            chosen = self._nearest(shelter, self.engine.depots)
        return [d for d in chosen if d.stock.get(name, 0.0) > 0 and d.trucks is not None]

    def _nearest(self, shelter, depots):
        net = self.engine.network
        hours = net.hours_to(DRIVE, shelter.node, [d.node for d in depots]) if depots else []
        return [d for _, d in sorted(zip(hours, depots), key=lambda p: p[0])]

    # -- sending ------------------------------------------------------------------
    def dispatch(self, depot, shelter, items, source):
        """An explicit dispatch; return None or why it cannot be sent."""
        if depot.trucks is None:
            return f"{depot.id} has no trucks"
        short = [name for name, units in items.items() if units <= 0]
        if short:
            return f"quantities must be positive: {', '.join(short)}"
        if not any(depot.stock.get(name, 0.0) > 0 for name in items):
            return f"{depot.id} has none of {', '.join(items)}"
        self.send(depot, shelter, items, source=source)
        return None

    def send(self, depot, shelter, items, source, then=None):
        """Take *items* from *depot* and truck them to *shelter*; return what was sent."""
        taken = depot.take(items)
        if not taken:
            return taken
        for name, units in taken.items():
            shelter.in_flight[name] = shelter.in_flight.get(name, 0.0) + units
        self.engine.log("dispatch", depot=depot.id, shelter=shelter.id, source=source,
                        items={k: round(v, 1) for k, v in taken.items()})
        for load in loads(taken, self.items, depot.spec.truck_capacity_kg):
            proc = self.engine.env.process(deliver(self.engine, depot, shelter, load, next(self._truck_ids)))
            if then is not None:
                proc.callbacks.append(lambda _e, then=then: then())
                then = None  # once, after the first load arrives
        return taken

    def request_reserve(self, township, hours):
        """Stock the township's open shelters from the district reserve; None or why not."""
        engine = self.engine
        reserve = [d for d in engine.depots if d.tier == "district" and d.trucks is not None]
        if not reserve:
            return "the scenario has no district depot with trucks"
        targets = [s for s in engine.shelters if s.spec.township == township and s.accepting]
        if not targets:
            return f"no open or opening shelter in township {township!r}"
        for shelter in targets:
            for name in self.items:
                amount = self.need(shelter, name, hours)
                for depot in self._nearest(shelter, reserve):
                    if amount <= 1e-9:
                        break
                    amount -= self.send(depot, shelter, {name: amount}, source="reserve").get(name, 0.0)
        engine.log("reserve_request", township=township, shelters=[s.id for s in targets])
        return None
