"""The road network as a scenario writes it: nodes and edges."""
from pydantic import Field

from .base import Spec


class NodeSpec(Spec):
    """A junction or place on the road network (position in km on the scenario's map)."""

    id: str
    x_km: float
    y_km: float
    zone: str | None = Field(None, description="zone whose hazard this node is exposed to")


class EdgeSpec(Spec):
    """A road between two nodes; both directions unless ``oneway``."""

    id: str
    from_: str = Field(alias="from")
    to: str
    length_km: float = Field(gt=0)
    speed_kmh: float = Field(30.0, gt=0, le=200, description="driving speed on this road, km/h")
    oneway: bool = False
    zone: str | None = Field(None, description="zone whose flood depth closes this road; default the zone of its 'from' node")
    closes_at_depth_m: float | None = Field(None, ge=0, description="flood depth that closes it; default hazard.thresholds.road_closure_depth_m")
    closes_at_wind_ms: float | None = Field(None, ge=0, description="wind that closes it (falling trees); default never")
    name: str = ""
    name_zh: str = ""
    via: list[tuple[float, float]] = Field(default_factory=list, max_length=10_000, description=(
        "points (x_km, y_km) the road passes between its ends, in order; for drawing only: length_km stays its length"))


class RoadsSpec(Spec):
    nodes: list[NodeSpec] = Field(min_length=1)
    edges: list[EdgeSpec] = Field(default_factory=list)
