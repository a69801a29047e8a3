"""The transfer (转移) at run time: who is due, forced transfer, 防回流 and lifting the order.

One ``Transfer`` per engine keeps, per zone, the cadres responsible and when the zone's
order was made unreturnable (``prevent_return``) or lifted (``lift_transfer``); it marks
the cohorts on the transfer list, takes forced transfers (sim.transfer_forced), sends
people back home (sim.transfer_return) and decides why each cohort at home at its zone's
danger peak was still there (sim.transfer_why).
"""
import math

from .transfer_forced import ForcedTransfers
from .transfer_return import Returns
from .transfer_why import classify


def danger_times(scenario, hazard):
    """Per zone index, the times (h) at which the hazard makes it dangerous to be at home
    (its depth peak, and its wind peak for a ``wind_exposed`` zone, where past the danger
    thresholds), whether or not they fall inside the run; an empty list for a safe zone."""
    limits = scenario.hazard.thresholds
    out = []
    for zone in scenario.zones:
        times = []
        wind_limit = limits.danger_wind_ms if zone.wind_exposed else None
        for quantity, limit in (("depth_m", limits.danger_depth_m), ("wind_ms", wind_limit)):
            if limit is not None and hazard.peak(zone.id, quantity) >= limit:
                times.append(hazard.peak_time(zone.id, quantity))
        out.append(sorted(times))
    return out


class Transfer:
    """The transfer list and the state of each zone's transfer order."""

    def __init__(self, engine):
        self.engine = engine
        scenario, pop = engine.scenario, engine.population
        self.behaviour = scenario.behaviour.transfer
        self.danger = danger_times(scenario, engine.hazard)
        self.last_danger = [max(ts, default=-math.inf) for ts in self.danger]
        n = len(scenario.zones)
        self.cadres = [None] * n
        self.prevented = [math.inf] * n  # when prevent_return was given, per zone
        self.lifted = [math.inf] * n  # when the order was lifted, per zone
        self._mark_due(scenario, pop)
        self.forced = ForcedTransfers(engine, self)
        self.returns = Returns(engine, self)

    def _mark_due(self, scenario, pop):
        listed = scenario.plan.transfer
        if listed is None:
            for z, times in enumerate(self.danger):
                if times:
                    pop.due[pop.zone_cohorts[z]] = True
            return
        for entry in listed:
            z = self.engine.zone_index[entry.zone]
            pop.due[self.group(z, entry.group)] = True
            if entry.cadres is not None:
                self.cadres[z] = (self.cadres[z] or 0) + entry.cadres

    def group(self, z, group):
        """Cohort indexes of zone *z* in *group* (all, assisted, general)."""
        pop = self.engine.population
        idx = pop.zone_cohorts[z]
        return idx if group == "all" else idx[pop.assisted[idx] == (group == "assisted")]

    def teams(self, z, asked=None):
        """Teams of a forced transfer in zone *z*: as *asked*, else the listed cadres, else the default."""
        if asked is not None:
            return asked
        return self.cadres[z] if self.cadres[z] is not None else self.behaviour.teams_per_zone

    def in_force(self, z):
        """True while zone *z*'s transfer order has not been lifted."""
        return self.engine.env.now < self.lifted[z]

    # -- actions ------------------------------------------------------------------------
    def prevent_return(self, action):
        z, now = self.engine.zone_index[action.zone], self.engine.env.now
        if not self.in_force(z):
            return f"the transfer order of {action.zone} was lifted at T+{self.lifted[z]:.2f} h"
        if self.prevented[z] <= now:
            return f"returns to {action.zone} are already prevented (since T+{self.prevented[z]:.2f} h)"
        self.prevented[z] = now
        self.engine.log("prevent_return", zone=action.zone)

    def lift(self, action):
        z, engine = self.engine.zone_index[action.zone], self.engine
        if not self.in_force(z):
            return f"the transfer order of {action.zone} was already lifted at T+{self.lifted[z]:.2f} h"
        pop = engine.population
        if not (pop.order_sent_at[pop.zone_cohorts[z]] <= engine.env.now).any():
            return f"no transfer order has been given in {action.zone}: there is nothing to lift"
        self.lifted[z] = engine.env.now
        early = engine.env.now < self.returns.until(z)
        engine.log("transfer_lifted", zone=action.zone, before_danger=early)
        if early:
            self.returns.everyone_home(z)

    def force(self, action):
        return self.forced.start(action)

    # -- hooks from the engine ----------------------------------------------------------
    def count_danger(self, z, idx):
        """Cohorts *idx* of zone *z* are at home at its danger peak now: note why, once."""
        pop = self.engine.population
        fresh = idx[pop.why[idx] < 0]
        pop.why[fresh] = classify(pop, fresh, self.engine.env.now)

