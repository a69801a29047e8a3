"""Depots (储备库) and their trucks: loading, driving the road network, unloading.

A dispatch takes what the depot has (up to what was asked), splits it into truckloads
by weight, and sends each load as its own SimPy process: wait for a free truck, load,
drive the shortest open path (re-routing at junctions, waiting if the shelter is cut
off), unload at the shelter, and drive back before the truck is free again.
"""
import simpy

from .network import DRIVE


class Depot:
    """Run-time state of one depot."""

    def __init__(self, engine, spec):
        self.engine = engine
        self.spec = spec
        self.id = spec.id
        self.tier = spec.tier
        self.node = engine.network.node[spec.node]
        self.stock = {name: float(spec.stock.get(name, 0.0)) for name in engine.scenario.relief.items}
        self.trucks = simpy.Resource(engine.env, capacity=max(spec.trucks, 1)) if spec.trucks else None
        self.sent = {name: 0.0 for name in self.stock}
        self.held_until = 0.0  # h: its trucks wait until then (an action delayed them)

    def take(self, wanted):
        """Remove up to *wanted* (item -> units) from stock; return what was taken."""
        taken = {}
        for name, units in wanted.items():
            got = min(max(units, 0.0), self.stock.get(name, 0.0))
            if got > 0:
                self.stock[name] -= got
                self.sent[name] += got
                taken[name] = got
        return taken


def loads(items, specs, capacity_kg):
    """Split *items* (item -> units) into truckloads of at most *capacity_kg*."""
    out, current, room = [], {}, capacity_kg
    for name, units in items.items():
        per_kg = specs[name].kg_per_unit
        while units > 1e-9:
            fit = min(units, room / per_kg)
            if fit <= 1e-9 and not current:  # a unit heavier than a whole truck goes alone
                fit = min(units, 1.0)
            if fit <= 1e-9:
                out.append(current)
                current, room = {}, capacity_kg
                continue
            current[name] = current.get(name, 0.0) + fit
            units -= fit
            room -= fit * per_kg
    if current:
        out.append(current)
    return out


def deliver(engine, depot, shelter, load, truck_id):
    """Process: one truckload from *depot* to *shelter*."""
    env, net = engine.env, engine.network
    with depot.trucks.request() as truck:
        yield truck
        yield from _held(env, depot)
        yield env.timeout(engine.draw_loading(depot, shelter))
        node, start = depot.node, env.now
        while node != shelter.node:
            path = net.path(DRIVE, node, shelter.node)
            if path is None:
                engine.log_once(("cut_off", truck_id), "truck_cut_off", depot=depot.id, shelter=shelter.id)
                yield engine.waiting.wait(("truck", node, shelter.node), net.tree(DRIVE, node)[0])
                continue
            yield from _held(env, depot)
            for arc in path:
                if depot.held_until > env.now:
                    break  # held up: wait, then look for the path again
                if not net.arc_open(arc):
                    break
                hours = float(net.hours[DRIVE, arc])
                engine.truck_on_road(truck_id, arc, env.now, env.now + hours)
                yield env.timeout(hours)
                node = int(net.head[arc])
        engine.truck_off_road(truck_id)
        shelter.receive(load)
        engine.log("delivered", depot=depot.id, shelter=shelter.id, items={k: round(v, 1) for k, v in load.items()})
        yield env.timeout(env.now - start)  # the drive back


def _held(env, depot):
    """Wait while the depot's trucks are held up (DelayTrucks)."""
    while depot.held_until > env.now:
        yield env.timeout(depot.held_until - env.now)
