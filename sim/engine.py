"""The engine: one SimPy environment playing a scenario, in plan or exercise mode.

    engine = Engine(scenario, seed=0, mode="exercise")
    engine.run_until(6.0)                      # hours since the start
    outcome = engine.apply(OpenShelter(shelter="S1"))
    picture = engine.snapshot()

In *plan* mode the engine carries out the community plan itself; in *exercise* mode
only the actions given to ``apply`` happen. Observers (the recorder, a scorer, the
viewer) subscribe with ``engine.observers.append(obj)`` and get ``on_event(event)``;
the model never calls them by name.
"""
import itertools
import math
from dataclasses import dataclass

import numpy as np
import simpy

from .commands import carry_out, reject_reason
from .depot import Depot
from .distributions import Fixed
from .hazard_events import arm_hazard
from .logistics import Logistics
from .network import Network
from .planrun import PlanRunner
from .population import Population
from .results import Recorder, compute_kpis, relief_state, run_result
from .shelter import Board, Shelter
from .snapshot import take_snapshot
from .streams import Streams
from .template import template
from .tolerance import SAME_MOMENT_H
from .transfer import Transfer
from .trip import evacuate, relocate
from .waiting import WaitingRoom
from .watch import Watches

MODES = ("plan", "exercise")
STATES = ("home", "moving", "queued", "sheltered", "relatives", "overflow")
"""Where every person is, at every moment: these always add up to the population."""


@dataclass(frozen=True)
class Outcome:
    """What became of an applied action."""

    accepted: bool
    reason: str = ""
    t: float = 0.0


class Engine:
    """A scenario being played: the model's state, its clock, and the way to act on it."""

    def __init__(self, scenario, seed=0, mode="plan", overrides=None):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
            raise ValueError(f"seed must be a non-negative integer, not {seed!r}")
        self.scenario = scenario = scenario.with_overrides(overrides)
        self.seed, self.mode = int(seed), mode
        self.env = simpy.Environment()
        self.horizon = scenario.spec.horizon
        self.template = template(scenario)  # the seed-free parts, prepared once per scenario
        self.hazard = self.template.hazard
        self.onset = self.hazard.onset_h
        self.deadline = self.onset + scenario.relief.target  # within the horizon: checked when loaded
        # h: a stock gap or a lost place still open then cuts secured people off (just after
        # everything that is still in time; sim/shelter.py, sim/trip.py)
        self.cut_from = self.deadline + 2 * SAME_MOMENT_H
        window = scenario.relief.window
        self.relief_end = self.horizon if window is None else min(self.horizon, self.onset + window)
        self.zone_index = {z.id: i for i, z in enumerate(scenario.zones)}
        self.network = Network(self.template.roads)
        self.zone_node = [self.network.node[z.node] for z in scenario.zones]
        self.events, self.observers = [], []
        self._logged = set()
        self.changed = self.env.event()  # succeeds at every change that may help a waiter
        self.board = Board(len(scenario.shelters))
        self.shelters = [Shelter(self, s, i) for i, s in enumerate(scenario.shelters)]
        self.shelter_by_id = {s.id: s for s in self.shelters}
        # overflow cohorts and cut-off trucks; no cohort finds a shelter while all are full
        self.waiting = WaitingRoom(self.env, hopeless=lambda key: key[0] != "truck" and self.board.all_full())
        self.depots = [Depot(self, d) for d in scenario.depots]
        self.depot_by_id = {d.id: d for d in self.depots}
        self.population = Population(scenario, self.seed)
        self.streams = Streams(self.seed)  # one random stream per purpose and entity (sim.streams)
        self._setup_people()
        self.transfer = Transfer(self)  # the transfer list, forced transfer, going back home
        self.assignments = {self.zone_index[z]: [self.shelter_by_id[s] for s in ss]
                            for z, ss in scenario.plan.assignments.items()}
        self.response_level = None
        self.watches = Watches(self)
        self.logistics = Logistics(self, scenario.plan.resupply if mode == "plan" else None)
        arm_hazard(self)
        self.logistics.arm()
        self.plan_runner = PlanRunner(self) if mode == "plan" else None
        self.recorder = Recorder(self)
        self.at_deadline = None
        # just after every event at the deadline itself (those are still in time)
        self.env.timeout(self.deadline + SAME_MOMENT_H).callbacks.append(lambda _e: self._note_deadline())

    def _setup_people(self):
        s, pop = self.scenario, self.population
        self.counts = dict.fromkeys(STATES, 0)
        self.counts["home"] = int(pop.size.sum())
        self.zone_home = np.bincount(pop.zone, weights=pop.size, minlength=len(s.zones)).astype(np.int64)
        default = s.behaviour.assistance.teams_per_zone
        teams = [default if z.assist_teams is None else z.assist_teams for z in s.zones]
        self.teams = [simpy.Resource(self.env, capacity=n) if n > 0 else None for n in teams]
        self.team_ready = [math.inf] * len(s.zones)
        self.on_roads = {}  # cohort -> (arc, t0, t1, persons)
        self.trucks_on_roads = {}  # truck -> (arc, t0, t1)
        self.first_order_at = math.inf
        self.departures = []  # (t, persons, public, zone index)
        self.arrivals = []  # (t, persons): reached a shelter door or relatives
        self.secured_log = []  # (t_secured, t_departed, persons)
        self.in_transit = {}  # cohort -> [t_departed, persons] displaced, not yet registered in a shelter
        self.relocated = 0  # persons moved out of flooded shelters
        self.overflow_at = {}  # township (or zone) -> unsecured persons waiting there as overflow now
        self.cut_offs = []  # (t, shelter id, item, persons): secured in time, then went without
        self._trip_ids = itertools.count()
        self.overflow_peak = 0
        # persons secured in a shelter who then went back home; of them secured in time; and of
        # those never cut off till then (sim/transfer_return.py)
        self.returned_secured = self.returned_in_time = self.returned_kept = 0.0
        self.cut_gone = {}  # shelter id -> persons cut off there who then went back home
        self.exposed = {}  # departure time -> persons who left for a shelter after being at home at their peak
        self.exposed_in_time = 0.0  # of them, persons secured by the deadline (never kept)
        self.exposed_log = []  # (t, persons) of those departures

    # -- clock ------------------------------------------------------------------------
    @property
    def now(self):
        """The model's clock, hours since the start."""
        return self.env.now

    def run_until(self, t):
        """Play every event before time *t* (h), no further than the horizon, and stop the
        clock at exactly *t*; events due at *t* itself are left for the next call.

        Not ``env.run(until=t)``: SimPy stops that at ``now + (t - now)``, which floating point
        can put one unit in the last place off *t*, so a replay reaching *t* from another
        moment would act at another time (docs/reliability.md, "Exact time")."""
        t = min(float(t), self.horizon)
        env = self.env
        queue, step = env._queue, env.step  # env.peek() is queue[0][0], or inf when it is empty
        while queue and queue[0][0] < t:
            step()
        if t > env.now:
            env._now = t  # SimPy keeps its clock there; nothing is due before t any more

    def next_event_time(self):
        """When the next event is due (h), or inf. It can be ``now``: ``run_until(t)`` leaves
        events due at exactly *t* (and SimPy's own resume marker) for the next call."""
        return self.env.peek()

    def run(self):
        """Play to the horizon and return the RunResult."""
        self.run_until(self.horizon)
        return self.result()

    def result(self):
        """Results up to now: KPIs, time series and the event log."""
        for shelter in self.shelters:
            shelter.settle(self.env.now)
        self.recorder.catch_up()
        return run_result(self)

    # -- acting -----------------------------------------------------------------------
    def apply(self, action, source="player"):
        """Carry out *action* now if it can be done; return an Outcome with the reason if not."""
        from .actions import parse_action

        if isinstance(action, dict):
            try:
                action = parse_action(action)
            except Exception as exc:  # pydantic's ValidationError, in plain words
                return self._rejected(str(action), _plain(exc), source)
        reason = reject_reason(self, action) or carry_out(self, action)
        if reason:
            return self._rejected(action.model_dump(by_alias=True), reason, source)
        self.log("action", source=source, action=action.model_dump(by_alias=True))
        return Outcome(True, "", self.env.now)

    def _rejected(self, action, reason, source):
        self.log("action_rejected", source=source, action=action, reason=reason)
        return Outcome(False, reason, self.env.now)

    def watch(self, trigger, callback):
        """Call *callback(t)* once, when *trigger* first holds (see sim.triggers)."""
        self.watches.add(trigger, callback)

    def when(self, trigger):
        """The time (h) a clock-like trigger (at, before_onset, signal, callup, hazard) first
        holds, or inf if it never does; state triggers (stock, occupancy, response) raise TypeError."""
        return self.watches.when(trigger)

    def snapshot(self):
        """An immutable picture of the state now, for the viewer and the exercise runner."""
        return take_snapshot(self)

    # -- events -----------------------------------------------------------------------
    def log(self, kind, **fields):
        """Record an event at the present time and tell the observers."""
        event = {"t": round(self.env.now, 6), "kind": kind, **fields}
        self.events.append(event)
        for observer in self.observers:
            observer.on_event(event)

    def log_once(self, key, kind, **fields):
        """Record an event only the first time *key* is seen."""
        if key not in self._logged:
            self._logged.add(key)
            self.log(kind, **fields)

    def notify_changed(self):
        """A shelter or road changed: everyone waiting for one (as overflow, or a truck cut off)
        whose search may now succeed searches again when this change's event is processed."""
        event, self.changed = self.changed, self.env.event()
        batch = self.waiting.take_batch()
        if batch:
            event.callbacks.append(lambda _e: self.waiting.wake(batch))
        event.succeed()

    shelter_changed = notify_changed

    def set_road(self, road, reason, closed):
        if self.network.set_closed(road, reason, closed):
            if not closed:
                self.waiting.road_reopened(self.network.road_arcs(road))
            self.log("road_closed" if closed else "road_open", road=self.network.edge_ids[road], reason=reason)
            self.notify_changed()

    def occupancy_changed(self, shelter):
        self.watches.occupancy(shelter)

    def response_changed(self):
        self.watches.response()

    # -- people -----------------------------------------------------------------------
    def start_cohort(self, i, wait):
        self.first_order_at = min(self.first_order_at, self.env.now)
        self.env.process(evacuate(self, i, wait))

    def relocate(self, shelter, secured, waiting, kept=0.0):
        """Move everyone out of a flooded *shelter*: *secured* persons (*kept* of them secured in
        time and never cut off), and the (departed, persons) groups still *waiting* to be
        secured, each group on its own trip."""
        total = secured + sum(n for _, n in waiting)
        self.move("sheltered", "moving", total)
        self.relocated += total
        self.transfer.returns.shelter_emptied(shelter)
        self.log("relocation", shelter=shelter.id, people=total, secured=secured)
        trips = [(secured, self.env.now, True)] + [(n, departed, False) for departed, n in waiting]
        for n, departed, done in trips:
            if n <= 0:
                continue
            key = ("relocation", next(self._trip_ids))
            if not done:
                self.in_transit[key] = [departed, n]
            self.env.process(relocate(self, key, shelter, n, departed, done, kept if done else 0.0))

    def move(self, src, dst, persons):
        if persons:
            self.counts[src] -= persons
            self.counts[dst] += persons
            if dst == "overflow":
                self.overflow_peak = max(self.overflow_peak, self.counts["overflow"])

    def depart(self, i, persons, public):
        z = self.population.zone[i]
        self.zone_home[z] -= persons
        pop = self.population
        pop.departed_at[i] = self.env.now
        if not pop.first_departed_at[i] <= self.env.now:
            pop.first_departed_at[i], pop.first_public[i] = self.env.now, public
        self.move("home", "moving", persons)
        self.departures.append((self.env.now, persons, public, z))
        if public:
            self.in_transit[i] = [self.env.now, persons]
            if pop.in_danger[i]:  # at home at the peak, on the way only now: left in danger all the same
                self.exposed[self.env.now] = self.exposed.get(self.env.now, 0.0) + persons
                self.exposed_log.append((self.env.now, persons))

    def registered(self, i, persons, shelter=None):
        """*persons* of cohort (or relocated group) *i* registered, in *shelter* (if known)."""
        group = self.in_transit[i]
        group[1] -= persons
        if group[1] <= 0:
            del self.in_transit[i]
        if shelter is not None:
            self.transfer.returns.registered(i, persons, shelter)

    def arrive_relatives(self, i, persons):
        self.move("moving", "relatives", persons)
        self.arrivals.append((self.env.now, persons))
        self.transfer.returns.settled(i, "relatives")

    def reached_door(self, i, persons, t):
        """*persons* of cohort *i* reached, at time *t*, the door of the shelter that took them in."""
        if persons:
            self.arrivals.append((t, persons))

    def secured(self, t, departed, persons):
        """*persons* who left home at *departed* were secured at *t*; return how many of them had
        been at home at their zone's danger peak (left in danger: never kept, sim.transfer_why)."""
        self.secured_log.append((t, departed, persons))
        exposed = min(persons, self.exposed.get(departed, 0.0))
        if exposed > 0:
            self.exposed[departed] -= exposed
            if t <= self.deadline + SAME_MOMENT_H:
                self.exposed_in_time += exposed
        return exposed

    def cut_off(self, shelter, item, t, persons):
        """*persons* secured in time at *shelter* went without *item* (or a place) from time *t*."""
        shelter.tally["cut_off"] += persons
        self.cut_offs.append((t, shelter.id, item, persons))
        self.log("cut_off", shelter=shelter.id, item=item, since=round(t, 6), people=round(persons, 3))

    def _note_deadline(self):
        """Where the people not yet secured are at the relief deadline, for the verdict."""
        self.at_deadline = relief_state(self)

    def on_road(self, i, arc, t0, t1, persons):
        self.on_roads[i] = (arc, t0, t1, persons)

    def off_road(self, i):
        self.on_roads.pop(i, None)

    def truck_on_road(self, truck, arc, t0, t1):
        self.trucks_on_roads[truck] = (arc, t0, t1)

    def truck_off_road(self, truck):
        self.trucks_on_roads.pop(truck, None)

    def release_after(self, resource, request, hours):
        """Give a team back after its drive home (*hours*)."""
        self.env.timeout(hours).callbacks.append(lambda _e: resource.release(request))

    def choose_shelter(self, z, node, mode, persons):
        """Where a cohort from zone *z* at *node* heads: its first assigned shelter that is open
        (or opening) with room, else the nearest such shelter, else its first assigned shelter
        with room even if still closed (to wait at the door); None if none can be reached."""
        assigned = [s for s in self.assignments.get(z, []) if s.usable and s.room > 0]
        hours = self.network.hours_to(mode, node, [s.node for s in assigned]) if assigned else []
        for shelter, h in zip(assigned, hours):
            if np.isfinite(h) and shelter.accepting:
                return shelter
        best = self.board.nearest_with_room(self.network.tree(mode, node)[0])
        if best is not None:
            return self.shelters[best]
        for shelter, h in zip(assigned, hours):
            if np.isfinite(h):
                return shelter
        return None

    # -- draws --------------------------------------------------------------------------
    # A fixed delay or a certain outcome needs no random stream: none is made for it (each
    # stream is its own, so the draws of every other stream are the same either way).
    def draw_intake(self, shelter):
        return np.float64(self._draw(shelter.spec.intake.time_per_person, "intake", shelter.id))

    def draw_opening(self, shelter):
        return self._draw(shelter.spec.opening_delay, "opening", shelter.id)

    def draw_loading(self, depot, shelter=None):
        """Loading time (h) of a truck at *depot* bound for *shelter*: the trips of each depot to
        each shelter draw from their own stream, so fewer trips to one shelter leave the others' alone."""
        return self._draw(depot.spec.loading, "loading", f"{depot.id}>{shelter.id if shelter is not None else ''}")

    def draw_team_response(self, z):
        return self._draw(self.scenario.behaviour.assistance.response, "team_response", self.scenario.zones[z].id)

    def draw_assist_loading(self, z):
        return self._draw(self.scenario.behaviour.assistance.loading, "assist_loading", self.scenario.zones[z].id)

    def draw_plan(self, rule):
        """(execution delay h, carried out?) for a plan rule that fires."""
        delay = self._draw(rule.delay, "plan_delay", rule.id)
        if rule.fail_prob <= 0.0 or rule.fail_prob >= 1.0:  # random() is in [0, 1): certain either way
            return delay, rule.fail_prob <= 0.0
        return delay, bool(self.streams("plan_failure", rule.id).random() >= rule.fail_prob)

    def _draw(self, spec, name, key):
        """One value (h) of the distribution *spec* from the stream of *name* and *key*."""
        if isinstance(spec, Fixed):
            return float(spec.value)
        return float(spec.sample(self.streams(name, key), 1)[0])


def _plain(exc):
    errors = getattr(exc, "errors", None)
    if errors is None:
        return str(exc)
    return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" if e["loc"] else e["msg"] for e in errors())
