"""The scenario format: every part of a scenario file as a typed, frozen model.

Units are in the field names or descriptions: hours for durations, km for lengths and
map positions, m for depths, persons for capacities. docs/scenario-format.md is the
reference; docs/model.md gives the source of every default.
"""
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from .base import Spec
from .distributions import Distribution, Empirical, Fixed, Lognormal, Uniform
from .hazard import HazardSpec
from .network_spec import RoadsSpec
from .plan import PlanSpec
from .relief import ReliefSpec
from .transfer_spec import TransferBehaviour
from .units import PosDuration, Share

TIERS = ("district", "town", "village")
GRADES = ("A", "B", "C")


class Placed(Spec):
    """Something with an optional place on the Earth: WGS 84 degrees, both or neither (see ``geo``)."""

    lon: float | None = Field(None, ge=-180, le=180, description="longitude, WGS 84 degrees, for maps (from a registry)")
    lat: float | None = Field(None, ge=-90, le=90, description="latitude, WGS 84 degrees, for maps (from a registry)")

    @model_validator(mode="after")
    def _both_or_neither(self):
        if (self.lon is None) != (self.lat is None):
            raise ValueError("give both lon and lat (WGS 84 degrees), or neither")
        return self


class ZoneSpec(Placed):
    """A community or village whose people may have to evacuate."""

    id: str
    name: str = ""
    name_zh: str = ""
    population: int = Field(ge=0, description="residents, persons")
    assisted_share: Share = Field(0.1, description="share who need assisted evacuation (elderly, disabled, sick)")
    x_km: float
    y_km: float
    node: str = Field(description="road node where its people join the network")
    township: str = ""
    compliance: Share | None = Field(None, description="share who obey an order; default behaviour.compliance")
    public_share: Share | None = Field(None, description="share going to public shelters; default behaviour.public_share")
    assist_teams: int | None = Field(None, ge=0, description="grid workers / vehicles for assisted people; default behaviour.assistance.teams_per_zone")
    wind_exposed: bool = Field(False, description="weak or self-built housing: people at home are in danger in wind at or above hazard.thresholds.danger_wind_ms")


class IntakeSpec(Spec):
    """Registration at the shelter door: desks working in parallel, time per person."""

    desks: int = Field(2, ge=1, le=100)
    time_per_person: Distribution = Field(default_factory=lambda: Fixed(value=1 / 60), description="h per person at a desk")


class ShelterSpec(Placed):
    """A shelter (避灾点) with its capacity, intake and stocks."""

    id: str
    name: str = ""
    name_zh: str = ""
    grade: Literal["A", "B", "C"]
    tier: Literal["district", "town", "village"]
    capacity: int = Field(gt=0, description="persons")
    beds: int = Field(0, ge=0, description="folding beds")
    area_m2: float | None = Field(None, gt=0, description="covered floor area, m2; limits capacity by relief.space_m2_per_person")
    intake: IntakeSpec = Field(default_factory=IntakeSpec)
    opening_delay: Distribution = Field(default_factory=lambda: Fixed(value=1.0), description="h from the order to open until it takes people")
    open_at_start: bool = False
    stock: dict[str, float] = Field(default_factory=dict, description="item -> units on hand at the start")
    x_km: float
    y_km: float
    node: str
    zone: str | None = Field(None, description="zone whose flood depth can make it unusable")
    township: str = ""
    generator: bool = Field(False, description="has a standby generator")
    address: str = Field("", description="street address, for display (from the shelter registry)")
    unusable_at_depth_m: float | None = Field(None, ge=0, description="default hazard.thresholds.shelter_unusable_depth_m")
    contact: str = Field("", max_length=100, description="person in charge, for the facilitator only: never in public exports")
    phone: str = Field("", max_length=40, description="the person in charge's phone, for the facilitator only: never in public exports")
    note: str = Field("", max_length=500, description="remarks from the shelter registry, shown with the shelter")


class GeoSpec(Spec):
    """Where the flat map lies on the Earth, so results can go back on a map."""

    crs: Literal["WGS84"] = Field("WGS84", description="datum of every lon / lat in the file")
    origin_lon: float = Field(ge=-180, le=180, description="longitude of map point (0, 0), degrees")
    origin_lat: float = Field(ge=-90, le=90, description="latitude of map point (0, 0), degrees")
    projection: Literal["equirectangular"] = Field("equirectangular", description="x = R·Δlon·cos(origin_lat), y = R·Δlat, km")
    source_crs: Literal["WGS84", "GCJ-02"] = Field("WGS84", description="datum the registry gave (converted to WGS84 on import)")


class DepotSpec(Spec):
    """A relief reserve (储备库) with trucks."""

    id: str
    name: str = ""
    name_zh: str = ""
    tier: Literal["district", "town", "village"]
    stock: dict[str, float] = Field(default_factory=dict)
    trucks: int = Field(1, ge=0, le=1000)
    truck_capacity_kg: float = Field(5000.0, ge=50, le=100_000, description="kg one truck carries (kg, not tonnes)")
    loading: Distribution = Field(default_factory=lambda: Fixed(value=0.5), description="h to load a truck")
    x_km: float
    y_km: float
    node: str
    township: str = ""


class ChannelSpec(Spec):
    """A warning channel: the share of people it reaches and how long it takes them."""

    reach: Share
    delay: Distribution
    compliance: Share | None = Field(None, description="compliance of people this channel reached (door-knocking persuades)")
    sweep: bool = Field(False, description="each use is a new visit (a door-to-door sweep): a household one visit "
                        "missed may be found by the next; reach is per visit and 1 - reach is the not-found share")


def default_channels():
    """Warning channels with their documented defaults (docs/model.md)."""
    return {
        "broadcast": ChannelSpec(reach=0.9, delay=Lognormal(dist="lognormal", median=40 / 60, sigma=0.6)),
        "sms": ChannelSpec(reach=0.85, delay=Lognormal(dist="lognormal", median=20 / 60, sigma=0.8)),
        "door_to_door": ChannelSpec(reach=0.95, delay=Uniform(dist="uniform", low=0.5, high=3.0), compliance=0.95,
                                    sweep=True),
        "gong": ChannelSpec(reach=0.5, delay=Uniform(dist="uniform", low=1 / 6, high=2 / 3)),
    }


class AssistanceSpec(Spec):
    """Grid workers and vehicles that move people who cannot go alone."""

    teams_per_zone: int = Field(2, ge=0)
    response: Distribution = Field(default_factory=lambda: Fixed(value=1.5), description="h from the order until a team can start")
    loading: Distribution = Field(default_factory=lambda: Uniform(dist="uniform", low=1 / 6, high=0.5), description="h to load a cohort")


class BehaviourSpec(Spec):
    """How people receive warnings and act on orders."""

    channels: dict[str, ChannelSpec] = Field(default_factory=default_channels)
    mobilisation: Distribution = Field(default_factory=lambda: Empirical(dist="empirical", points=[(0, 0), (0.25, 0.3), (0.5, 0.6), (1.0, 0.85), (2.0, 1.0)]),
                                       description="h from receiving the order to leaving home")
    compliance: Share = Field(0.81, description="share who obey an evacuation order (docs/calibration.md)")
    public_share: Share = Field(0.12, description="share of evacuees who go to public shelters, not to relatives "
                                "(docs/calibration.md)")
    walking_speed_kmh: float = Field(4.39, gt=0, le=20, description="1.22 m/s")
    driving_share: Share = Field(0.3, description="share of general cohorts that drive")
    relatives_travel: Distribution = Field(default_factory=lambda: Lognormal(dist="lognormal", median=1.0, sigma=0.5), description="h to reach relatives")
    assistance: AssistanceSpec = Field(default_factory=AssistanceSpec)
    transfer: TransferBehaviour = Field(default_factory=TransferBehaviour)


class TownshipSpec(Spec):
    """A township or street (镇 / 街道): the unit the map and the feed sum closures and stock-outs by."""

    id: str
    name: str = ""
    name_zh: str = ""


def _time_zone(value):
    """*value* if it names an IANA time zone (Asia/Shanghai), else a clear error."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{value!r} is not a time zone name such as Asia/Shanghai") from None
    return value


class ScenarioSpec(Spec):
    """A whole scenario file."""

    name: str
    name_zh: str = ""
    description: str = ""
    description_zh: str = ""
    start: str = Field("", description="local wall-clock time of t=0, for display only (e.g. 2026-09-14T06:00)")
    timezone: Annotated[str, AfterValidator(_time_zone)] = Field(
        "Asia/Shanghai", description="IANA time zone of start and of every time shown to people")
    horizon: PosDuration = Field(72.0, description="how long a run lasts, h")
    cohort_size: int = Field(50, ge=1, le=100_000, description="persons per cohort at most")
    series_step: PosDuration = Field(0.25, description="grid of the recorded time series, h")
    townships: list[TownshipSpec] = Field(default_factory=list, description="names of the townships zones name by id")
    geo: GeoSpec | None = Field(None, description="where the map lies on the Earth (imported scenarios)")
    zones: list[ZoneSpec] = Field(min_length=1)
    shelters: list[ShelterSpec] = Field(min_length=1)
    depots: list[DepotSpec] = Field(default_factory=list)
    roads: RoadsSpec
    behaviour: BehaviourSpec = Field(default_factory=BehaviourSpec)
    relief: ReliefSpec = Field(default_factory=ReliefSpec)
    hazard: HazardSpec
    plan: PlanSpec = Field(default_factory=PlanSpec)
