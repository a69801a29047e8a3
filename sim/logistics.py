"""Relief logistics: explicit dispatches, the plan's reorder rule, the district reserve.

The reorder rule (plan ``resupply``) watches each shelter's cover of each consumable
item and, when it falls below ``cover_below`` hours, sends enough to last
``cover_target`` hours at the shelter's capacity — together with every other consumable
that would not last that long, on the same trucks. Durable items (bedding, medical
kits) are topped up to the shelter's capacity when it opens, in one dispatch. The district reserve,
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
        self._held = set()  # (shelter id, item) that ran low with a top-up on its way

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
        names = self._rule_items()
        self._reorder(shelter, [n for n in names if self.items[n].durable], self.rule.cover_target)
        for name in names:
            if not self.items[name].durable:
                self._watch(shelter, name)

    def _watch(self, shelter, name):
        shelter.watch_cover(name, self.rule.cover_below, lambda t: self._low(shelter, name))

    def _low(self, shelter, name):
        """*name* runs low at *shelter*: reorder it, and on the same trucks every other
        consumable of the rule that would not last ``cover_target`` hours either and has
        nothing on its way (so each item has at most one top-up travelling at a time)."""
        if shelter.in_flight.get(name, 0.0) > 1e-9:  # a top-up is on its way: look again when it lands
            self._held.add((shelter.id, name))
            return
        now, target = self.engine.env.now, self.rule.cover_target
        also = [n for n in self._rule_items() if n != name and not self.items[n].durable
                and shelter.in_flight.get(n, 0.0) <= 1e-9 and shelter.stocks[n].cover_hours(now) < target]
        for short in self._reorder(shelter, [name] + also, target, rewatch=(name,)):
            self.engine.log_once(("no_stock", shelter.id, short), "resupply_unavailable", shelter=shelter.id, item=short)

    def _reorder(self, shelter, names, hours, rewatch=()):
        """Send what *shelter* lacks of *names* for *hours*, in shared truckloads from the first
        depots that have them; watch the *rewatch* items again once a load has arrived.
        Return the names that were lacking and of which nothing could be sent."""
        wanted = {n: self.need(shelter, n, hours) for n in names}
        for name in rewatch:
            if wanted[name] <= 1e-9:
                self._rewatch_when_short(shelter, name, hours)
        wanted = {n: units for n, units in wanted.items() if units > 1e-9}
        pending = [n for n in rewatch if n in wanted]
        then = (lambda: [self._rewatch(shelter, n) for n in pending]) if pending else None
        short = set(wanted)
        for depot in self._depots(shelter):
            give = {n: units for n, units in wanted.items() if units > 1e-9 and depot.stock.get(n, 0.0) > 0}
            if not give:
                continue
            sent = self.send(depot, shelter, give, source="resupply", then=then)
            if sent:
                then = None
            for n, units in sent.items():
                wanted[n] -= units
                short.discard(n)
            if all(units <= 1e-9 for units in wanted.values()):
                break
        return sorted(short)

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

    def _depots(self, shelter):
        """Depots with trucks to draw from, in order: the rule's list, or nearest by road."""
        if self.rule is not None and self.rule.depots != "nearest":
            chosen = [self.engine.depot_by_id[d] for d in self.rule.depots]
        else:
            chosen = self._nearest(shelter, self.engine.depots)
        return [d for d in chosen if d.trucks is not None]

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
            proc.callbacks.append(lambda _e, shelter=shelter: self._landed(shelter))
            if then is not None:
                proc.callbacks.append(lambda _e, then=then: then())
                then = None  # once, after the first load arrives
        return taken

    def _landed(self, shelter):
        """A load reached *shelter*: watch again the items held back while it travelled."""
        for sid, name in sorted(self._held):
            if sid == shelter.id and shelter.in_flight.get(name, 0.0) <= 1e-9:
                self._held.discard((sid, name))
                self._watch(shelter, name)

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
