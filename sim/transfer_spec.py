"""The transfer (转移) as Chinese offices run it: the list, and the behaviour it meets.

A plan keeps a **transfer list** (应转移人员名单): per zone, which people are due to move
(everyone, or the group who need help), why they are on it (危旧房, 低洼, 海塘外 ...) and
how many responsible cadres (转移责任人, 包保干部) go door to door for them. Without a list,
everyone in a zone the hazard makes dangerous is due.

``behaviour.transfer`` holds what the transfer meets: the team time a forced transfer
(强制转移) costs per household, and people going back home (回流) before the order is
lifted. docs/model.md gives the source of every default.
"""
from typing import Literal

from pydantic import Field

from .base import Spec
from .distributions import Distribution, Lognormal
from .units import NonNegDuration, PosDuration, Share

KINDS = ("dilapidated", "self_built", "low_lying", "outside_seawall", "flash_flood", "landslide", "sheds",
         "boats", "other")
"""Why households are on the list: 危旧房, 自建房, 低洼, 海塘外, 山洪, 地质灾害点, 工棚, 船只/渔排, other."""


class ListedGroup(Spec):
    """One line of the transfer list: the people of ``zone`` (all of them, or one group) who
    are due to move, why, and the cadres responsible for them."""

    zone: str
    group: Literal["all", "assisted", "general"] = "all"
    kind: Literal[KINDS] = Field("other", description="why they are on the list (docs/glossary.md has the "
                                 "Chinese words): dilapidated or self-built houses, low-lying homes, outside the "
                                 "sea wall, flash-flood or landslide points, construction sheds, boats")
    cadres: int | None = Field(None, ge=1, description="teams of responsible cadres for a forced transfer in this "
                               "zone; default behaviour.transfer.teams_per_zone")


class TransferBehaviour(Spec):
    """What a transfer meets: the cost of forcing it, and people going back home."""

    household_size: float = Field(2.0, gt=0, le=20, description="persons per household on the list")
    forced_h_per_household: PosDuration = Field(
        1.0, description="team hours a forced transfer spends on one household: persuading again, "
                         "packing, escorting to the vehicle")
    forced_response: NonNegDuration = Field(1.0, description="h from ordering a forced transfer until its teams start")
    teams_per_zone: int = Field(10, ge=1, description="teams of a forced transfer when neither the action nor "
                                "the transfer list says")
    return_share: Share = Field(0.08, description="share of transferred households who try to go back home "
                                "before the order is lifted")
    away: Distribution = Field(default_factory=lambda: Lognormal(dist="lognormal", median=6.0, sigma=0.5),
                               description="h away from home before a returner sets off back")
    return_wind_ms: float = Field(17.2, gt=0, description="returners wait while the wind at home is at or above this "
                                  "(m/s; Beaufort 8, a gale)")
    return_rain_mm_h: float = Field(20.0, gt=0, description="returners wait while the rain at home is at or above "
                                    "this (mm/h; short-duration heavy rain)")
    prevent_return: Share = Field(0.9, description="share of would-be returners that prevent_return "
                                  "(checkpoints, notices, sealed doors) stops")
