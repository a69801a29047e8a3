"""The yardstick: a minimal cohort model of the same people, for bench/engine.py's ratio.

Written for the comparison, not as a model anyone should use. It plays only what every
evacuation model must: each cohort of the scenario (the engine's own cohorts and draws,
sim.population) is one SimPy process that is *warned* (its fastest channel), *mobilises*
(its drawn delay), *travels* to the nearest shelter that still has room (shortest path
hours over the open roads at the start), queues at the shelter's intake desks (a SimPy
Resource, the shelter's time per person), and takes its *ration* of every relief item from
the shelter's stock (a SimPy Container). No hazard, no plan, no closures, no redirection,
no assistance teams, no trucks, no verdict, no recorder: what is left is the floor a cohort
model in SimPy cannot go below.

    cohorts, events = minimal_run(scenario, seed=0)
"""
import math

import numpy as np
import simpy

from sim.network import DRIVE, WALK, Network
from sim.population import Population
from sim.template import template


def minimal_run(scenario, seed=0):
    """Play the minimal model of *scenario* to its horizon; return (cohorts, people sheltered)."""
    env = simpy.Environment()
    pop = Population(scenario, seed)
    net = Network(template(scenario).roads)
    rng = np.random.default_rng(seed)
    shelters = [_Shelter(env, s, scenario.relief, rng) for s in scenario.shelters]
    nodes = [net.node[s.node] for s in scenario.shelters]
    zone_node = [net.node[z.node] for z in scenario.zones]
    order = {}  # (zone, mode) -> (shelter indexes nearest first, hours to each)
    for z, node in enumerate(zone_node):
        for mode in (WALK, DRIVE):
            hours = net.tree(mode, node)[0][nodes]
            order[z, mode] = [(int(i), float(hours[i])) for i in np.argsort(hours, kind="stable")
                              if math.isfinite(hours[i])]
    warned = np.where(pop.reached, pop.delay, math.inf).min(axis=0)  # h after the warning, fastest channel
    sheltered = [0]

    def cohort(i):
        yield env.timeout(float(warned[i] + pop.mobilise[i]))
        n = int(pop.size[i])
        mode = DRIVE if pop.drive[i] else WALK
        for s, hours in order[int(pop.zone[i]), mode]:
            shelter = shelters[s]
            if shelter.room >= n:
                shelter.room -= n
                yield env.timeout(hours)
                with shelter.desks.request() as desk:
                    yield desk
                    yield env.timeout(n * shelter.per_person)
                for stock, ration in shelter.rations:
                    take = min(n * ration, stock.level)
                    if take > 0:
                        yield stock.get(take)
                sheltered[0] += n
                return

    for i in range(len(pop)):
        if pop.public[i] and math.isfinite(warned[i]):
            env.process(cohort(i))
    env.run(until=scenario.spec.horizon)
    return len(pop), sheltered[0]


class _Shelter:
    """Room, intake desks and a stock of every item: all the minimal model knows of a shelter."""

    def __init__(self, env, spec, relief, rng):
        self.room = spec.capacity
        self.desks = simpy.Resource(env, capacity=spec.intake.desks)
        self.per_person = float(spec.intake.time_per_person.sample(rng, 1)[0])
        self.rations = [(simpy.Container(env, init=float(spec.stock.get(name, 0.0)) or 0.0), item.first_ration)
                        for name, item in relief.items.items()]
