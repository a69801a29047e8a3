"""Forced transfer (强制转移): teams of cadres and police move the people who would not go.

A ``forced_transfer`` takes on every cohort of the zone (or group) at home that heard an
order and did not obey it, or went back home. Its teams start after
``behaviour.transfer.forced_response`` and work through the households one after another,
``forced_h_per_household`` team hours each, all teams together: the k-th cohort is done at

    start + forced_h_per_household x (households of cohorts 1..k) / teams

(people who need help first). A done cohort leaves at once for a shelter (集中安置) in one
of the operation's vehicles (a vehicle goes back for others once its people are at a door),
or on foot when there are none. So a forced transfer ordered late, or with too few teams,
has not reached everyone by the peak: they count as ``too_late``. Nothing here is random.
"""
import math

import numpy as np
import simpy

from .trip import to_shelter


class ForcedTransfers:
    """Every forced transfer of a run."""

    def __init__(self, engine, transfer):
        self.engine = engine
        self.transfer = transfer
        self.behaviour = transfer.behaviour
        self.pending = set()  # cohorts a forced transfer has taken on and not moved yet

    def taken(self, idx):
        """Which cohorts of *idx* a forced transfer has taken on and not moved yet."""
        return np.array([int(i) in self.pending for i in idx], dtype=bool)

    def targets(self, z, group):
        """Cohorts of zone *z* in *group* a forced transfer would take on now."""
        pop, now = self.engine.population, self.engine.env.now
        idx = self.transfer.group(z, group)
        idx = idx[~self.taken(idx)]
        home = ~np.isfinite(pop.departed_at[idx])
        refused = (pop.order_heard_at[idx] <= now) & ~np.isfinite(pop.ordered_at[idx])
        returned = pop.returned_at[idx] <= now
        chosen = idx[home & (refused | returned)]
        return chosen[np.argsort(~pop.assisted[chosen], kind="stable")]  # people who need help first

    def start(self, action):
        """Start a forced transfer; return None, or why it cannot be done now."""
        engine, transfer = self.engine, self.transfer
        z, now, pop = engine.zone_index[action.zone], engine.env.now, engine.population
        if not transfer.in_force(z):
            return f"the transfer order of {action.zone} was lifted at T+{transfer.lifted[z]:.2f} h"
        if not (pop.order_sent_at[transfer.group(z, action.group)] <= now).any():
            return (f"no evacuation order has been given to {action.zone} (group {action.group!r}) yet: "
                    "a forced transfer is for people who refused one; order the transfer first")
        idx = self.targets(z, action.group)
        if len(idx) == 0:  # a moot action, not a refusal: the scorer counts "already" as done
            return (f"everyone of {action.zone} (group {action.group!r}) who was ordered out has already left or is "
                    "already being moved: nobody refused the order or went back home")
        teams = transfer.teams(z, action.teams)
        vehicles = teams if action.vehicles is None else action.vehicles
        households = pop.size[idx] / self.behaviour.household_size
        start = now + self.behaviour.forced_response
        done = start + self.behaviour.forced_h_per_household * np.cumsum(households) / teams
        pop.forced_at[idx] = np.minimum(pop.forced_at[idx], now)
        pop.public[idx] = True  # taken to a shelter
        self.pending.update(int(i) for i in idx)
        pool = simpy.Resource(engine.env, capacity=vehicles) if vehicles > 0 else None
        for i, t in zip(idx, done):
            engine.env.process(self._move(int(i), float(t - now), pool))
        engine.log("forced_transfer", zone=action.zone, group=action.group, people=int(pop.size[idx].sum()),
                   households=round(float(households.sum()), 1), teams=teams, vehicles=vehicles,
                   done_by=round(float(done[-1]), 4))

    def _move(self, i, wait, pool):
        """Process: the teams reach cohort *i*'s households after *wait* hours and take them out."""
        engine = self.engine
        yield engine.env.timeout(wait)
        self.pending.discard(i)
        z = int(engine.population.zone[i])
        if not self.transfer.in_force(z) or math.isfinite(engine.population.departed_at[i]):
            return  # the order was lifted meanwhile, or they left
        request = None
        if pool is not None:
            request = pool.request()
            yield request
        engine.depart(i, int(engine.population.size[i]), public=True)
        yield from to_shelter(engine, i, engine.env.now, pool, request)
