"""What every replication of one scenario shares, prepared once per scenario.

A sweep plays the same scenario hundreds of times with different seeds; nothing here
depends on the seed: the hazard (storm fields, drainage, river, signals), the road network's
arrays, and shortest-path trees by road state (a tree depends only on the roads closed and
the source, so a closure that happens in every replication is paid for once). An Engine
takes its template from ``template(scenario)``.

Scenarios that differ only in what a template does not read — stocks, capacities, trucks,
the plan, behaviour other than the walking speed: what the stock test and most sweeps vary
— share one template: it is found by a hash of the parts it is built from (the hazard, the
zones' positions, the horizon, the roads and the walking speed), so a stock test's dozen
stock vectors build the hazard and fill the path trees once per process, not once each.
"""
import hashlib
import json
import weakref
from collections import OrderedDict

from .hazard import build_hazard
from .network import Roads

_BY_SCENARIO = weakref.WeakKeyDictionary()  # scenario object -> its Template
_BY_PARTS = OrderedDict()  # hash of the parts -> Template, the most recently used last
KEEP = 8
"""Templates kept by their parts (a river district's is a few MB with its path trees)."""


class Template:
    """The seed-free parts of a scenario's run, shared (read-only) by its engines."""

    def __init__(self, scenario):
        zones = [(z.id, z.x_km, z.y_km) for z in scenario.zones]
        self.hazard = build_hazard(scenario.hazard, zones, scenario.spec.horizon)
        self.roads = Roads(scenario.spec.roads, scenario.behaviour.walking_speed_kmh)
        self.intervals = {}  # (zone id, quantity, threshold) -> the hazard's spans above it


def parts_key(scenario):
    """A hash of what a Template is built from, and nothing else."""
    spec = scenario.spec
    parts = {"hazard": spec.hazard.model_dump(mode="json"), "horizon": spec.horizon,
             "zones": [(z.id, z.x_km, z.y_km) for z in spec.zones], "roads": spec.roads.model_dump(mode="json"),
             "walking": spec.behaviour.walking_speed_kmh}
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def template(scenario):
    """The Template of *scenario*, made on first use, or shared with a scenario of the same parts."""
    found = _BY_SCENARIO.get(scenario)
    if found is not None:
        return found
    key = parts_key(scenario)
    found = _BY_PARTS.get(key)
    if found is None:
        found = Template(scenario)
        _BY_PARTS[key] = found
        while len(_BY_PARTS) > KEEP:
            _BY_PARTS.popitem(last=False)
    else:
        _BY_PARTS.move_to_end(key)
    _BY_SCENARIO[scenario] = found
    return found
