"""A cohort's evacuation as one SimPy process: get ready, travel, register, redirect.

The process starts when an obeyed order reaches the cohort. People who need help
wait for one of their zone's teams (grid workers with a vehicle). Travel follows the
shortest open road path one road at a time, so a road that closes ahead makes the
cohort re-route at the next junction. At a full or unusable shelter the rest of the
cohort goes on to the next shelter with room; if none can be reached it is counted as
overflow and waits until a shelter opens.
"""
from .network import DRIVE, WALK
from .tolerance import NOTHING


def evacuate(engine, i, wait):
    """Process: cohort *i* leaves *wait* hours from now."""
    env, pop = engine.env, engine.population
    n = int(pop.size[i])
    z = int(pop.zone[i])
    yield env.timeout(wait)
    team = team_request = None
    if pop.assisted[i]:
        team = engine.teams[z]
        if team is None:
            engine.log_once(("no_teams", z), "no_assistance", zone=engine.scenario.zones[z].id)
            return
        ready = engine.team_ready[z] - env.now
        if ready > 0:
            yield env.timeout(ready)
        team_request = team.request()
        yield team_request
        yield env.timeout(engine.draw_assist_loading(z))
    if pop.departed_at[i] <= env.now:  # a forced transfer took them out first (sim/transfer_forced.py)
        if team is not None:
            team.release(team_request)
        return
    departed = env.now
    engine.depart(i, n, public=bool(pop.public[i]))
    if not pop.public[i]:
        yield env.timeout(float(pop.relatives_h[i]))
        engine.arrive_relatives(i, n)
        if team is not None:
            team.release(team_request)
        return
    yield from to_shelter(engine, i, departed, team, team_request)


def to_shelter(engine, i, departed, team=None, team_request=None):
    """Process: cohort *i*, which left home at *departed*, goes to a shelter and registers
    there, in the vehicle of *team* (a Resource held by *team_request*) if it has one, which
    goes back for others once the cohort is at a door (or stuck)."""
    env, pop = engine.env, engine.population
    n, z = int(pop.size[i]), int(pop.zone[i])
    mode = DRIVE if (pop.drive[i] or team is not None) else WALK
    node = engine.zone_node[z]
    place = engine.scenario.zones[z].township or engine.scenario.zones[z].id
    if pop.in_danger[i]:
        place = None  # left in danger at the peak first: counted under left_in_danger, not as overflow
    while n > 0:
        shelter, node = yield from to_a_door(engine, i, z, node, mode, n)
        if team is not None:  # at a door, or stuck: the team goes back for the zone's others
            engine.release_after(team, team_request, env.now - departed)
            team = None
            mode = DRIVE if pop.drive[i] else WALK  # the vehicle has gone: on foot from here
        if shelter is None:
            yield from wait_as_overflow(engine, n, (z, node, mode), place)
            continue
        at_door = env.now
        taken = yield from shelter.register(n, departed)
        engine.reached_door(i, taken, at_door)  # counted once, at the door that took them in
        engine.registered(i, taken, shelter)
        n -= taken


def relocate(engine, key, origin, n, departed, secured, kept=0.0):
    """Process: *n* people leave the flooded shelter *origin* by vehicle for the nearest open
    shelter with room (overflow if none); *secured* ones need no first ration there, and
    *kept* of them were secured in time and never cut off.

    Kept people left without a place are cut off (from the moment they lost it) once the
    deadline has passed without one: a place found again by the deadline leaves them as
    secured as people who first found one then (as a stock gap refilled by then does)."""
    node, place = origin.node, origin.spec.township or origin.id
    if engine.exposed.get(departed, 0.0) > 0:
        place = None  # left in danger at their peak first: counted under left_in_danger, not as overflow
    lost = _Placeless(engine, origin, kept)
    while n > 0:
        shelter, node = yield from to_a_door(engine, key, None, node, DRIVE, n)
        if shelter is None:
            lost.lose()
            yield from wait_as_overflow(engine, n, (None, node, DRIVE), place if not secured else None)
            continue
        kept = lost.placed()
        taken = yield from shelter.register(n, departed, secured=secured, kept=kept)
        if not secured:
            engine.registered(key, taken)
        lost.kept = kept - kept * taken / n
        n -= taken


class _Placeless:
    """Kept people of a relocation while they have no place: cut off at the deadline (counted
    from when they lost their place) unless a shelter takes them in by then."""

    def __init__(self, engine, origin, kept):
        self.engine, self.origin, self.kept = engine, origin, kept
        self.since = None  # h: when they lost their place (None: they have one, or are on their way)

    def lose(self):
        """No shelter has room for them now."""
        if self.kept <= NOTHING or self.since is not None:
            return
        engine = self.engine
        self.since = engine.env.now
        if engine.env.now >= engine.cut_from:
            self._cut()
        else:
            engine.env.timeout(engine.cut_from - engine.env.now).callbacks.append(lambda _e: self._cut())

    def placed(self):
        """A shelter takes them in now: the kept people they still are."""
        self.since = None
        return self.kept

    def _cut(self):
        if self.since is not None and self.kept > NOTHING:
            self.engine.cut_off(self.origin, "place", self.since, self.kept)
            self.kept = 0.0


def to_a_door(engine, key, z, node, mode, n):
    """Process: take *n* people of zone *z* (None: no zone) from *node* to the door of the
    shelter chosen for them; return (shelter, node), or (None, node) if none can be reached."""
    while True:
        shelter = engine.choose_shelter(z, node, mode, n)
        if shelter is None:
            return None, node
        shelter.promise(n)
        node, arrived = yield from travel(engine, key, node, shelter.node, mode, n)
        shelter.unpromise(n, arriving=arrived)
        if arrived:
            return shelter, node


def wait_as_overflow(engine, n, key, place=None):
    """Process: *n* people with no shelter to go to wait until a shelter or road changes.
    *key* is what they search for, (zone index or None, node, travel mode): everyone with the
    same key finds the same shelter (sim.waiting). *place* (a township or zone id) is where
    unsecured people wait, for the relief verdict."""
    engine.move("moving", "overflow", n)
    if place is not None:
        engine.overflow_at[place] = engine.overflow_at.get(place, 0) + n
    yield engine.waiting.wait(key, engine.network.tree(key[2], key[1])[0])
    if place is not None:
        engine.overflow_at[place] -= n
    engine.move("overflow", "moving", n)


def travel(engine, i, node, target, mode, n):
    """Process: move cohort *i* from *node* toward *target*; return (node, arrived)."""
    env, net = engine.env, engine.network
    path = net.path(mode, node, target)
    while path:
        arc = path[0]
        if not net.arc_open(arc):
            path = net.path(mode, node, target)
            if path is None:
                return node, False
            continue
        hours = float(net.hours[mode, arc])
        engine.on_road(i, arc, env.now, env.now + hours, n)
        yield env.timeout(hours)
        node = int(net.head[arc])
        path = path[1:]
    engine.off_road(i)
    return node, path is not None
