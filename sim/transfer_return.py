"""Going back home (回流) before the order is lifted, and 防回流 against it.

People who transferred do not all stay away: some go back to check their house, their
boat or their animals, and some of them are at home when the water comes (Luonan,
Shaanxi, 6 Aug 2020: 3 of the 5 dead and 4 of the 10 missing had gone back home after
transferring; Hanyuan, Sichuan, 21 Aug 2020: all 9 landslide victims had gone back at night).

A cohort tries to go back (once) when its draw ``u_return`` is below ``return_share``: once it is
settled (at relatives, or registered in shelters), ``away_h`` hours after it left home,
and not while the weather at home is wild (wind at or above ``return_wind_ms``, rain at or
above ``return_rain_mm_h``) or the water is already in the street (depth at or above
``hazard.thresholds.impact_depth_m``): it waits for a lull. Only returns before its zone's last
danger peak are played (later ones change nobody's danger), and none after the relief
deadline (the verdict has counted everyone by then). If the zone's order is
``prevent_return``-ed by then, a share ``prevent_return`` of the returners is stopped
(those with ``u_return`` at or above ``return_share × (1 - prevent_return)``). Lifting the
order before the danger has passed sends everyone away from the zone home at once.
Returners leave their shelter (the earliest registered first) and are at home from the
moment they set off.
"""
import math


class Returns:
    """Where each settled cohort is, and its way back home."""

    def __init__(self, engine, transfer):
        self.engine = engine
        self.transfer = transfer
        self.behaviour = transfer.behaviour
        self.away = {}  # cohort -> "relatives", or [[shelter, persons], ...]: settled away from home
        self.placing = {}  # cohort -> [[shelter, persons], ...] registered so far, still arriving

    # -- where cohorts are --------------------------------------------------------------
    def registered(self, i, persons, shelter):
        """*persons* of cohort *i* registered in *shelter*; settled once all of it is in."""
        if persons > 0:
            self.placing.setdefault(i, []).append([shelter, persons])
        if i not in self.engine.in_transit and i in self.placing:
            self.settled(i, self.placing.pop(i))

    def shelter_emptied(self, shelter):
        """*shelter* flooded and its people moved on: they are no longer where this knew them."""
        for table in (self.away, self.placing):
            for i in [i for i, where in table.items() if where != "relatives" and any(s is shelter for s, _ in where)]:
                del table[i]

    def settled(self, i, where):
        """Cohort *i* has arrived at *where* ("relatives", or its shelters and persons)."""
        engine, pop = self.engine, self.engine.population
        self.away[i] = where
        z, now = int(pop.zone[i]), engine.env.now
        last = self.until(z)
        if not self.transfer.in_force(z):
            if now < last:
                self.go_home(i)
            return
        if pop.u_return[i] >= self.behaviour.return_share or pop.returned_at[i] <= now:
            return  # not a returner, or brought back once already (they are watched now)
        t = self._lull(z, max(now, pop.departed_at[i] + pop.away_h[i]))
        if t < last:
            engine.env.timeout(t - now).callbacks.append(lambda _e: self._try(i))

    def until(self, z):
        """Returns to zone *z* are played until this time (h): its last danger peak, or the
        relief deadline if sooner (the verdict has counted everyone by then)."""
        return min(self.transfer.last_danger[z], self.engine.deadline)

    def _lull(self, z, t):
        """The first time from *t* (h) when the weather in zone *z* lets people go home."""
        b = self.behaviour
        zone = self.engine.scenario.zones[z].id
        depth = self.engine.scenario.hazard.thresholds.impact_depth_m
        spans = sorted(self._spans(zone, "wind_ms", b.return_wind_ms) + self._spans(zone, "rain_mm_h", b.return_rain_mm_h)
                       + self._spans(zone, "depth_m", depth))
        moved = True
        while moved and math.isfinite(t):
            moved = False
            for start, end in spans:
                if start <= t < end:
                    t, moved = end, True
        return t

    def _spans(self, zone, quantity, threshold):
        cache = self.engine.template.intervals
        key = (zone, quantity, threshold)
        if key not in cache:
            cache[key] = self.engine.hazard.intervals(zone, quantity, threshold)
        return list(cache[key])

    # -- going home ---------------------------------------------------------------------
    def _try(self, i):
        engine, pop = self.engine, self.engine.population
        if i not in self.away:
            return  # moved on (its shelter flooded)
        z = int(pop.zone[i])
        stopped = self.behaviour.return_share * (1.0 - self.behaviour.prevent_return)
        if self.transfer.in_force(z) and self.transfer.prevented[z] <= engine.env.now and pop.u_return[i] >= stopped:
            engine.log("return_stopped", zone=engine.scenario.zones[z].id, people=int(pop.size[i]))
            return
        self.go_home(i)

    def go_home(self, i):
        """Cohort *i* goes back home now, from its relatives or its shelters."""
        engine, pop = self.engine, self.engine.population
        where = self.away.pop(i)
        z = int(pop.zone[i])
        if where == "relatives":
            n = int(pop.size[i])
            engine.move("relatives", "home", n)
        else:
            n = sum(persons for _, persons in where)
            for shelter, persons in where:
                secured, in_time, kept = shelter.leave(persons)
                engine.returned_secured += secured
                engine.returned_in_time += in_time
                engine.returned_kept += kept
                engine.cut_gone[shelter.id] = engine.cut_gone.get(shelter.id, 0.0) + in_time - kept
                engine.move("sheltered", "home", persons)
        engine.zone_home[z] += n
        pop.departed_at[i] = math.inf
        pop.returned_at[i] = min(pop.returned_at[i], engine.env.now)
        engine.log("return_home", zone=engine.scenario.zones[z].id, people=n,
                   lifted=not self.transfer.in_force(z))

    def everyone_home(self, z):
        """The order of zone *z* was lifted before its danger passed: everyone settled away goes home."""
        pop = self.engine.population
        for i in [i for i in self.away if pop.zone[i] == z]:
            self.go_home(i)
