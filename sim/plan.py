"""The community plan (社区应急预案): rules that fire actions, shelter assignments, resupply.

In plan mode the engine carries the plan out itself; in exercise mode the players act
and the plan is the yardstick the scorer measures them against.
"""
from typing import Literal

from pydantic import Field

from .actions import Action
from .base import Spec
from .distributions import Distribution, Fixed
from .transfer_spec import ListedGroup
from .triggers import Trigger
from .units import PosDuration, Share


class Rule(Spec):
    """When ``when`` holds, do ``do`` after an execution delay; expected within ``deadline``."""

    id: str
    name: str = ""
    name_zh: str = Field("", description="the rule's name in Chinese, as the plan writes it")
    when: Trigger
    do: list[Action] = Field(min_length=1)
    delay: Distribution = Field(default_factory=lambda: Fixed(value=0.0), description="execution delay, h")
    fail_prob: Share = Field(0.0, description="chance the action is not carried out (plan mode)")
    deadline: PosDuration = Field(1.0, description="hours after the trigger by which the plan expects the action")
    early: bool = Field(False, description="an exercise counts these actions taken before the trigger too (early is fine)")


class Resupply(Spec):
    """The reorder rule: when an item's cover at a shelter falls below ``cover_below`` hours,
    send enough from a depot to last ``cover_target`` hours at the shelter's capacity."""

    cover_below: PosDuration = 12.0
    cover_target: PosDuration = 24.0
    depots: list[str] | Literal["nearest"] = "nearest"
    items: list[str] | Literal["all"] = "all"


class PlanSpec(Spec):
    """A community plan: assignments of zones to shelters, the transfer list, rules, and the reorder rule."""

    name: str = ""
    name_zh: str = ""
    assignments: dict[str, list[str]] = Field(default_factory=dict, description="zone id -> shelter ids, preferred first")
    transfer: list[ListedGroup] | None = Field(None, description="the transfer list: who is due to move, per "
                                               "zone; none: everyone in the zones the hazard makes dangerous")
    rules: list[Rule] = Field(default_factory=list)
    resupply: Resupply | None = None
