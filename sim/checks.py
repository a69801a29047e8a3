"""Cross-reference checks a field-by-field validation cannot make.

``cross_check(spec)`` returns a list of (path, reason): ids that repeat, references to
zones, shelters, nodes, depots, items or channels that do not exist, a relief window shorter
than the relief target, and zones whose people cannot reach any shelter by road.
``peak_problems(spec, hazard)`` says where a run would end before its hazard peaks.
"""
from collections import deque

from .tolerance import RISE

from .actions import ALL
from .triggers import HazardTrigger, OccupancyTrigger, StockTrigger


def cross_check(spec):
    """Every cross-reference problem of a validated ScenarioSpec, as (path, reason)."""
    found = []
    ids = {}
    for part, items in (("zones", spec.zones), ("shelters", spec.shelters), ("depots", spec.depots),
                        (("roads", "nodes"), spec.roads.nodes), (("roads", "edges"), spec.roads.edges)):
        prefix = part if isinstance(part, tuple) else (part,)
        ids[prefix[-1]] = _unique(prefix, items, found)
    zones, shelters, depots, nodes, edges = (ids[k] for k in ("zones", "shelters", "depots", "nodes", "edges"))
    items = set(spec.relief.items)
    ref = RefCheck(found)
    for i, z in enumerate(spec.zones):
        ref.check(("zones", i, "node"), z.node, nodes, "node")
    for i, s in enumerate(spec.shelters):
        ref.check(("shelters", i, "node"), s.node, nodes, "node")
        ref.check(("shelters", i, "zone"), s.zone, zones, "zone", optional=True)
        space = spec.relief.space_m2_per_person
        if s.area_m2 is not None and s.area_m2 < space:
            found.append((("shelters", i, "area_m2"), (
                f"{s.area_m2:g} m2 leaves room for nobody at {space:g} m2 per person (relief.space_m2_per_person)")))
        for item in s.stock:
            ref.check(("shelters", i, "stock", item), item, items, "relief item")
            if s.stock[item] < 0:
                found.append((("shelters", i, "stock", item), "a stock cannot be negative"))
    for i, d in enumerate(spec.depots):
        ref.check(("depots", i, "node"), d.node, nodes, "node")
        for item in d.stock:
            ref.check(("depots", i, "stock", item), item, items, "relief item")
            if d.stock[item] < 0:
                found.append((("depots", i, "stock", item), "a stock cannot be negative"))
    for i, n in enumerate(spec.roads.nodes):
        ref.check(("roads", "nodes", i, "zone"), n.zone, zones, "zone", optional=True)
    for i, e in enumerate(spec.roads.edges):
        ref.check(("roads", "edges", i, "from"), e.from_, nodes, "node")
        ref.check(("roads", "edges", i, "to"), e.to, nodes, "node")
        ref.check(("roads", "edges", i, "zone"), e.zone, zones, "zone", optional=True)
    _check_townships(spec, ref, found)
    for zone_id in spec.hazard.points:
        ref.check(("hazard", "points", zone_id), zone_id, zones, "zone")
    for zone_id in spec.hazard.drainage:
        ref.check(("hazard", "drainage", zone_id), zone_id, zones, "zone")
    _check_plan(spec, ref, zones, shelters, depots, edges, items)
    found += relief_problems(spec)
    if not found:
        _check_reach(spec, found)
    return found


def _check_townships(spec, ref, found):
    """When the scenario names its townships, every township a zone, shelter or depot gives is one of them."""
    if not spec.townships:
        return
    known = _unique(("townships",), spec.townships, found)
    for part, items in (("zones", spec.zones), ("shelters", spec.shelters), ("depots", spec.depots)):
        for i, item in enumerate(items):
            if item.township:
                ref.check((part, i, "township"), item.township, known, "township")


class RefCheck:
    """Collects 'no such X' problems into *found*, a list of (path, reason)."""

    def __init__(self, found):
        self.found = found

    def check(self, path, value, known, what, optional=False):
        if value is None and optional:
            return
        if value not in known:
            hint = f"; known: {', '.join(sorted(map(str, known))[:12])}" if known else ""
            self.found.append((path, f"no {what} {value!r}{hint}"))


def _unique(prefix, items, found):
    seen = set()
    for i, item in enumerate(items):
        if item.id in seen:
            found.append((prefix + (i, "id"), f"id {item.id!r} is used twice"))
        seen.add(item.id)
    return seen


def _check_plan(spec, ref, zones, shelters, depots, edges, items):
    plan = spec.plan
    channels = set(spec.behaviour.channels)
    townships = {z.township for z in spec.zones if z.township}
    for zone_id, targets in plan.assignments.items():
        ref.check(("plan", "assignments", zone_id), zone_id, zones, "zone")
        for j, s in enumerate(targets):
            ref.check(("plan", "assignments", zone_id, j), s, shelters, "shelter")
    for i, rule in enumerate(plan.rules):
        base = ("plan", "rules", i)
        check_trigger(rule.when, base + ("when",), ref, zones, shelters, items)
        for j, action in enumerate(rule.do):
            check_action(action, base + ("do", j), ref, zones, shelters, depots, edges, items, channels, townships)
    if plan.resupply is not None:
        r = plan.resupply
        if r.cover_target <= r.cover_below:
            ref.found.append((("plan", "resupply", "cover_target"), (
                f"cover_target ({r.cover_target:g} h) must be longer than cover_below ({r.cover_below:g} h): "
                "a reorder must lift the cover above the level that triggers it")))
        if plan.resupply.depots != ALL and plan.resupply.depots != "nearest":
            for j, d in enumerate(plan.resupply.depots):
                ref.check(("plan", "resupply", "depots", j), d, depots, "depot")
        if plan.resupply.items != ALL:
            for j, it in enumerate(plan.resupply.items):
                ref.check(("plan", "resupply", "items", j), it, items, "relief item")


def check_trigger(trigger, path, ref, zones, shelters, items):
    """Report references in a trigger to things that do not exist."""
    if isinstance(trigger, HazardTrigger):
        ref.check(path + ("hazard", "zone"), trigger.hazard.zone, zones, "zone")
    elif isinstance(trigger, StockTrigger):
        ref.check(path + ("stock", "shelter"), trigger.stock.shelter, shelters, "shelter")
        ref.check(path + ("stock", "item"), trigger.stock.item, items, "relief item")
    elif isinstance(trigger, OccupancyTrigger):
        ref.check(path + ("occupancy", "shelter"), trigger.occupancy.shelter, shelters, "shelter")


def check_action(action, path, ref, zones, shelters, depots, edges, items, channels, townships):
    """Report references in an action to things that do not exist."""
    has = type(action).model_fields  # the fields this kind of action has (asked of the class: no failed lookups)

    def value(name, default=None):
        return getattr(action, name) if name in has else default

    fields = {"zone": (zones, "zone"), "shelter": (shelters, "shelter"), "depot": (depots, "depot"),
              "edge": (edges, "road")}
    for name, (known, what) in fields.items():
        if value(name) is not None:
            ref.check(path + (name,), value(name), known, what)
    if value("item") is not None:
        ref.check(path + ("item",), action.item, items, "relief item")
    if value("zones", ALL) != ALL:
        for j, z in enumerate(action.zones):
            ref.check(path + ("zones", j), z, zones, "zone")
    if value("channels", ALL) != ALL:
        for j, c in enumerate(action.channels):
            ref.check(path + ("channels", j), c, channels, "warning channel")
    for j, s in enumerate(value("shelters", ())):
        ref.check(path + ("shelters", j), s, shelters, "shelter")
    for item in value("items", {}) or {}:
        ref.check(path + ("items", item), item, items, "relief item")
    if "township" in has:
        ref.check(path + ("township",), action.township, townships, "township")


def _check_reach(spec, found):
    """Every zone with people must reach some shelter over the road network, one-way roads
    taken only their way."""
    index = {n.id: i for i, n in enumerate(spec.roads.nodes)}
    back = [[] for _ in index]  # arcs reversed: from the head of each arc back to its tail
    for e in spec.roads.edges:
        back[index[e.to]].append(index[e.from_])
        if not e.oneway:
            back[index[e.from_]].append(index[e.to])
    # walk backwards from every shelter (a plain breadth-first walk: no scipy to import for a check)
    reach = {index[s.node] for s in spec.shelters}
    todo = deque(reach)
    while todo:
        for tail in back[todo.popleft()]:
            if tail not in reach:
                reach.add(tail)
                todo.append(tail)
    for i, z in enumerate(spec.zones):
        if z.population > 0 and index[z.node] not in reach:
            found.append((("zones", i, "node"), f"zone {z.id!r} cannot reach any shelter by road from node {z.node!r}"))


def relief_problems(spec):
    """(path, reason) when the relief window ends before the relief target: people secured
    at the deadline would never have to stay supplied, so any stock-out would pass."""
    relief = spec.relief
    if relief.window is not None and relief.window < relief.target:
        return [(("relief", "window"), (
            f"the relief window ({relief.window:g} h after onset) ends before the relief target "
            f"({relief.target:g} h): people secured by the deadline must stay supplied at least until it; "
            "make relief.window at least relief.target, or leave it out (to the end of the run)"))]
    return []


DANGER = (("depth_m", "flood depth", "m"), ("wind_ms", "wind", "m/s"))
"""The hazard quantities at whose peak people still at home are counted in danger (wind only
in zones marked ``wind_exposed``): sim.hazard_events."""


def peak_problems(spec, hazard):
    """(path, reason) when a zone's flood depth (or, where exposed, wind) is still rising as
    the run ends: people left in danger are counted at the hazard's peak, which must fall
    inside the run, or a run could pass with people at home in a storm still growing."""
    rising = []
    for zone in spec.zones:
        for quantity, what, unit in DANGER:
            if quantity == "wind_ms" and not zone.wind_exposed:
                continue
            row = getattr(hazard, quantity)[hazard.index[zone.id]]
            if len(row) > 1 and row[-1] > row[:-1].max() + RISE:
                rising.append(f"{what} in {zone.id} ({row[-1]:.3g} {unit})")
    if not rising:
        return []
    return [(("horizon",), (
        f"the run ends at {spec.horizon:g} h while the hazard is still rising: {', '.join(rising)} at the end, "
        "the highest in the run; people left in danger are counted at the hazard's peak, which must fall "
        "inside the run: lengthen the horizon"))]
