"""Conditions on the model that start something: a plan rule or an exercise inject.

A trigger is written as a mapping with one key::

    {at: 2h}                                   # a clock time since the start
    {before_onset: 6h}                         # hours before the disaster's onset
    {signal: typhoon_orange}                   # an official signal reaches this level
    {callup: 3h}                               # a "631" call-up (6h, 3h or 1h)
    {hazard: {zone: Z1, quantity: depth_m, above: 0.3}}
    {stock: {shelter: S1, item: water_l, cover_below: 6h}}
    {occupancy: {shelter: S1, above: 0.9}}     # share of capacity
    {response: II}                             # response level raised to II or higher

``Engine.watch(trigger, callback)`` calls *callback(t)* once, when it first holds.
"""
from typing import Annotated, Literal, Union

from pydantic import Discriminator, Field, Tag

from .base import Spec
from .units import Duration, NonNegDuration, PosDuration, Share

SIGNAL_LEVELS = ("blue", "yellow", "orange", "red")
"""Official warning signal levels, lowest first."""


class At(Spec):
    at: NonNegDuration

    def describe(self):
        return f"at T+{self.at:g} h"


class BeforeOnset(Spec):
    before_onset: Duration

    def describe(self):
        return f"{self.before_onset:g} h before onset"


class SignalTrigger(Spec):
    signal: Literal[
        "typhoon_blue", "typhoon_yellow", "typhoon_orange", "typhoon_red",
        "rainstorm_blue", "rainstorm_yellow", "rainstorm_orange", "rainstorm_red",
    ]

    def describe(self):
        return f"signal {self.signal.replace('_', ' ')}"


class CallupTrigger(Spec):
    callup: Literal["6h", "3h", "1h"]

    def describe(self):
        return f"631 call-up {self.callup}"


class HazardCondition(Spec):
    zone: str
    quantity: Literal["depth_m", "wind_ms", "rain_mm_h"] = "depth_m"
    above: float = Field(ge=0)


class HazardTrigger(Spec):
    hazard: HazardCondition

    def describe(self):
        h = self.hazard
        return f"{h.quantity} in {h.zone} at or above {h.above:g}"


class StockCondition(Spec):
    shelter: str
    item: str
    cover_below: PosDuration = Field(description="hours of use left at current occupancy")


class StockTrigger(Spec):
    stock: StockCondition

    def describe(self):
        s = self.stock
        return f"{s.item} at {s.shelter} below {s.cover_below:g} h of cover"


class OccupancyCondition(Spec):
    shelter: str
    above: Share


class OccupancyTrigger(Spec):
    occupancy: OccupancyCondition

    def describe(self):
        o = self.occupancy
        return f"{o.shelter} at or above {o.above:.0%} full"


class ResponseTrigger(Spec):
    response: Literal["IV", "III", "II", "I"]

    def describe(self):
        return f"response level {self.response} or higher"


_KINDS = {
    "at": At, "before_onset": BeforeOnset, "signal": SignalTrigger, "callup": CallupTrigger,
    "hazard": HazardTrigger, "stock": StockTrigger, "occupancy": OccupancyTrigger, "response": ResponseTrigger,
}


def _kind(value):
    """The trigger's kind: its one key (or the class of an already built trigger)."""
    if isinstance(value, dict):
        keys = [k for k in value if k in _KINDS]
        return keys[0] if len(keys) == 1 else None
    for key, cls in _KINDS.items():
        if isinstance(value, cls):
            return key
    return None


Trigger = Annotated[
    Union[tuple(Annotated[cls, Tag(key)] for key, cls in _KINDS.items())],
    Discriminator(_kind, custom_error_type="trigger", custom_error_message=(
        "a trigger has exactly one of the keys " + ", ".join(_KINDS))),
]
"""Any trigger; the one key it has says which."""
