"""The one small vocabulary of actions shared by the plan, trainees, scripts and the viewer.

An action is plain data. ``Engine.apply(action)`` checks it against the model at that
moment and either carries it out or rejects it with a reason, leaving the model
untouched. Actions are written in YAML or built in Python::

    {action: order_evacuation, zone: Z1, group: assisted}
    OrderEvacuation(zone="Z1", group="assisted")
"""
from typing import Annotated, Literal, Union

from pydantic import Field, TypeAdapter, model_validator

from .base import Spec
from .units import PosDuration

ALL = "all"
RESPONSE_LEVELS = ("IV", "III", "II", "I")
"""Emergency response levels, lowest first (IV general ... I most severe)."""


class Warn(Spec):
    """Issue a warning to the people of some zones through some channels."""

    action: Literal["warn"] = "warn"
    zones: list[str] | Literal["all"] = ALL
    channels: list[str] | Literal["all"] = ALL


class OrderEvacuation(Spec):
    """Order a zone's people (all, or only those who need assistance) to evacuate."""

    action: Literal["order_evacuation"] = "order_evacuation"
    zone: str
    group: Literal["all", "assisted", "general"] = "all"
    channels: list[str] | Literal["all"] = ALL


class OpenShelter(Spec):
    """Open a shelter; it takes people after its opening delay."""

    action: Literal["open_shelter"] = "open_shelter"
    shelter: str


class AssignShelter(Spec):
    """Send a zone's evacuees to these shelters, in order of preference."""

    action: Literal["assign_shelter"] = "assign_shelter"
    zone: str
    shelters: list[str] = Field(min_length=1)


class Dispatch(Spec):
    """Send supplies from a depot to a shelter by truck (quantities in each item's unit)."""

    action: Literal["dispatch"] = "dispatch"
    depot: str
    shelter: str
    items: dict[str, float] = Field(min_length=1)


class RequestReserve(Spec):
    """Ask the district reserve to stock every open shelter of a township for ``cover`` hours."""

    action: Literal["request_reserve"] = "request_reserve"
    township: str
    cover: PosDuration = Field(24.0, description="hours of use to send for, at each shelter's capacity")


class RaiseResponse(Spec):
    """Raise the emergency response level (IV lowest ... I highest)."""

    action: Literal["raise_response"] = "raise_response"
    level: Literal["IV", "III", "II", "I"]


class CloseRoad(Spec):
    """Close a road (a tree across it, a landslide); cohorts re-route."""

    action: Literal["close_road"] = "close_road"
    edge: str


class ReopenRoad(Spec):
    """Reopen a road closed by an action (hazard closures reopen by themselves)."""

    action: Literal["reopen_road"] = "reopen_road"
    edge: str


class FailGenerator(Spec):
    """A shelter loses its generator: while mains power is out, registration there slows down
    by ``relief.no_power_intake_factor``."""

    action: Literal["fail_generator"] = "fail_generator"
    shelter: str


class ShelterUnusable(Spec):
    """A shelter can no longer be used (roof torn off, landslide, access flooded) for the rest
    of the run: nobody more is taken in, and the people inside move on as from a flooded one."""

    action: Literal["shelter_unusable"] = "shelter_unusable"
    shelter: str


class LoseStock(Spec):
    """Part of a relief stock is lost (spoiled, stolen, soaked) at a shelter or a depot:
    ``share`` of what is on hand of ``item`` now."""

    action: Literal["lose_stock"] = "lose_stock"
    shelter: str | None = None
    depot: str | None = None
    item: str
    share: float = Field(0.5, gt=0, le=1, description="share of the units on hand that is lost")

    @model_validator(mode="after")
    def _one_place(self):
        if (self.shelter is None) == (self.depot is None):
            raise ValueError("give a shelter or a depot (one of the two)")
        return self


class DelayTrucks(Spec):
    """A depot's trucks are held up (a breakdown, a checkpoint, a blocked yard) for ``hours``:
    loads not yet loaded wait, and trucks on the road stop at their next junction."""

    action: Literal["delay_trucks"] = "delay_trucks"
    depot: str
    hours: PosDuration


class ForcedTransfer(Spec):
    """Forcibly transfer the people of a zone (or one group) who refused the order or went back
    home: teams of cadres and police visit each such household, spending
    ``behaviour.transfer.forced_h_per_household`` team hours on it, and take the people to a
    shelter in their vehicles (on foot when there are none)."""

    action: Literal["forced_transfer"] = "forced_transfer"
    zone: str
    group: Literal["all", "assisted", "general"] = "all"
    teams: int | None = Field(None, ge=1, description="teams of cadres and police; default the zone's cadres on the "
                              "transfer list, else behaviour.transfer.teams_per_zone")
    vehicles: int | None = Field(None, ge=0, description="vehicles carrying the people moved; default one per team; "
                                 "0: they walk")


class PreventReturn(Spec):
    """Stop people of a zone going back home before the order is lifted: checkpoints, a written
    notice to every household, sealed doors. Stops ``behaviour.transfer.prevent_return`` of them."""

    action: Literal["prevent_return"] = "prevent_return"
    zone: str


class LiftTransfer(Spec):
    """Lift the transfer order of a zone: people may go home from now on. Before the danger has
    passed, that sends them home into it."""

    action: Literal["lift_transfer"] = "lift_transfer"
    zone: str


Action = Annotated[
    Union[Warn, OrderEvacuation, OpenShelter, AssignShelter, Dispatch, RequestReserve, RaiseResponse,
          CloseRoad, ReopenRoad, FailGenerator, ShelterUnusable, LoseStock, DelayTrucks,
          ForcedTransfer, PreventReturn, LiftTransfer],
    Field(discriminator="action"),
]
"""Any action; the ``action`` key says which."""

_ADAPTER = TypeAdapter(Action)


def parse_action(data):
    """Build an action from a mapping such as ``{"action": "open_shelter", "shelter": "S1"}``."""
    return _ADAPTER.validate_python(data)
