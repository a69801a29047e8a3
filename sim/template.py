"""What every replication of one scenario shares, prepared once per scenario object.

A sweep plays the same scenario hundreds of times with different seeds; nothing here
depends on the seed: the hazard (storm fields, drainage, river, signals), the road network's
arrays, and shortest-path trees by road state (a tree depends only on the roads closed and
the source, so a closure that happens in every replication is paid for once). An Engine
takes its template from ``template(scenario)``; the template lives as long as the scenario.
"""
import weakref

from .hazard import build_hazard
from .network import Roads

_TEMPLATES = weakref.WeakKeyDictionary()


class Template:
    """The seed-free parts of a scenario's run, shared (read-only) by its engines."""

    def __init__(self, scenario):
        zones = [(z.id, z.x_km, z.y_km) for z in scenario.zones]
        self.hazard = build_hazard(scenario.hazard, zones, scenario.spec.horizon)
        self.roads = Roads(scenario.spec.roads, scenario.behaviour.walking_speed_kmh)
        self.intervals = {}  # (zone id, quantity, threshold) -> the hazard's spans above it


def template(scenario):
    """The Template of *scenario*, made on first use."""
    found = _TEMPLATES.get(scenario)
    if found is None:
        found = _TEMPLATES[scenario] = Template(scenario)
    return found
