"""The hazard: flood depth (m), wind (m/s) and rain (mm/h) per zone over time.

A scenario's ``hazard:`` section is a :class:`HazardSpec`. :func:`build_hazard`
turns it into a :class:`Hazard`: series on a fixed time grid (hours since the
scenario start), the moment of impact and onset, and the warning signals. The
hazard is deterministic: the same spec always gives the same series.

Series come from given points per zone, from a parametric storm (a track with a
modified Rankine wind field and an exponential rain field), or both; flood depth
follows from the rain by a bucket drainage model, plus an optional river. See
docs/hazard.md for the equations and the sources of every default.
"""
import math
from typing import Literal, Sequence

import numpy as np
from pydantic import Field, FiniteFloat, model_validator

from .base import Spec
from .signals import callups, first_reach, rainstorm_signals, spans, typhoon_signals
from .units import Duration, PosDuration

QUANTITIES = ("depth_m", "wind_ms", "rain_mm_h")
"""The series a hazard holds, by name."""


def _increasing(times, what):
    """Raise a plain ValueError unless *times* strictly increase."""
    for k, (a, b) in enumerate(zip(times, times[1:]), start=1):
        if b <= a:
            raise ValueError(f"{what} must strictly increase, but time #{k + 1} ({b} h) is not after time #{k} ({a} h)")


class ZonePoints(Spec):
    """Given series for one zone: values at times ``t`` (h), straight lines between, constant outside.

    ``depth_m`` (m), ``wind_ms`` (m/s) and ``rain_mm_h`` (mm/h) are optional lists,
    one value per time. A quantity left out comes from the storm and the drainage
    model, or is zero.
    """

    t: list[Duration] = Field(min_length=1)
    depth_m: list[FiniteFloat] | None = None
    wind_ms: list[FiniteFloat] | None = None
    rain_mm_h: list[FiniteFloat] | None = None

    @model_validator(mode="after")
    def _consistent(self):
        _increasing(self.t, "the times t")
        for name in QUANTITIES:
            values = getattr(self, name)
            if values is None:
                continue
            if len(values) != len(self.t):
                raise ValueError(f"{name} has {len(values)} values but t has {len(self.t)} times: give one value per time")
            if min(values) < 0:
                raise ValueError(f"{name} cannot be negative, but it holds {min(values)}")
        return self


class TrackPoint(Spec):
    """Where the storm's centre is at time ``t`` (h), and how strong the storm is then."""

    t: Duration
    x_km: FiniteFloat
    y_km: FiniteFloat
    max_wind_ms: float = Field(ge=0)
    """Highest mean wind of the storm (m/s)."""
    rmw_km: float = Field(30.0, gt=0)
    """Radius of maximum wind (km)."""
    rain_max_mm_h: float = Field(40.0, ge=0)
    """Rain rate at the centre (mm/h)."""
    rain_radius_km: float = Field(150.0, gt=0)
    """Distance over which the rain rate falls to 1/e of the centre's (km)."""


class StormSpec(Spec):
    """A parametric storm: a track, linear in time between points, held constant outside."""

    track: list[TrackPoint] = Field(min_length=1)
    decay_exponent: float = Field(0.5, gt=0, le=1)
    """Exponent x of the wind's decay outside the radius of maximum wind, V ~ r^-x."""

    @model_validator(mode="after")
    def _ordered(self):
        _increasing([p.t for p in self.track], "the storm track's times")
        return self


class ZoneDrainage(Spec):
    """How rain turns into standing water in one zone (the bucket model)."""

    capacity_mm_h: float = Field(36.0, ge=0)
    """Rain rate the drainage carries away (mm/h)."""
    ponding_factor: float = Field(1.0, ge=0)
    """Concentration of excess rain into the zone's low points (1 = flat; 2-4 low-lying)."""
    recession_m_h: float = Field(0.05, ge=0)
    """Fall of ponded water while rain is below capacity (m/h)."""
    bank_m: float | None = None
    """River stage above which river water enters the zone (m); None: not on the river."""
    base_depth_m: float = Field(0.0, ge=0)
    """Depth that is always there, added to the rest (m)."""


class RiverSpec(Spec):
    """A river whose stage follows the basin rain through a triangular unit hydrograph."""

    base_stage_m: FiniteFloat = 0.0
    """Stage before any rain (m)."""
    gain_m_per_mm: float = Field(0.02, ge=0)
    """Peak stage rise per mm of basin-average rain (m/mm)."""
    lag_h: PosDuration = 6.0
    """Time from rain to the peak of its stage rise (h)."""
    spread_h: PosDuration = 4.0
    """Width of the rise at half its peak (h); the rise lasts lag ± spread."""


class Thresholds(Spec):
    """Levels at which the hazard counts as impact or danger."""

    heavy_rain_mm_h: float = Field(20.0, gt=0)
    impact_wind_ms: float = Field(17.2, gt=0)
    impact_depth_m: float = Field(0.15, gt=0)
    danger_depth_m: float = Field(0.5, gt=0)
    danger_wind_ms: float = Field(32.7, gt=0)
    road_closure_depth_m: float = Field(0.3, gt=0)
    shelter_unusable_depth_m: float = Field(0.5, gt=0)


class HazardSpec(Spec):
    """The ``hazard:`` section of a scenario."""

    kind: Literal["typhoon", "flood", "rainstorm"]
    onset: Duration | None = None
    """The disaster's onset (landfall / flood arrival), h since start; None: the impact time."""
    step: PosDuration = 0.1
    """Grid step of the built series (h)."""
    points: dict[str, ZonePoints] = {}
    storm: StormSpec | None = None
    river: RiverSpec | None = None
    drainage: dict[str, ZoneDrainage] = {}
    thresholds: Thresholds = Thresholds()

    @model_validator(mode="after")
    def _something(self):
        if not self.points and self.storm is None and self.onset is None:
            raise ValueError(
                "the hazard has no points and no storm, so it never strikes: "
                "give hazard.points or hazard.storm, or at least hazard.onset"
            )
        return self


def rankine_wind(r_km, max_wind_ms, rmw_km, exponent=0.5):
    """Wind (m/s) at ``r_km`` from the centre in a modified Rankine vortex.

    Inside the radius of maximum wind the wind grows linearly, V = Vmax·r/Rmax;
    outside it decays, V = Vmax·(Rmax/r)^x.
    """
    ratio = np.asarray(r_km) / rmw_km
    return max_wind_ms * np.where(ratio <= 1, ratio, np.maximum(ratio, 1.0) ** -exponent)


def storm_fields(storm, xy_km, t):
    """Wind (m/s) and rain (mm/h), each (zones × times), of ``storm`` at the points ``xy_km``."""
    times = [p.t for p in storm.track]

    def along(name):
        return np.interp(t, times, [getattr(p, name) for p in storm.track])

    r = np.hypot(xy_km[:, :1] - along("x_km"), xy_km[:, 1:] - along("y_km"))
    wind = rankine_wind(r, along("max_wind_ms"), along("rmw_km"), storm.decay_exponent)
    rain = along("rain_max_mm_h") * np.exp(-r / along("rain_radius_km"))
    return wind, rain


def _column(drains, name):
    """The drainage parameter ``name`` of every zone, as a column (zones × 1)."""
    return np.array([getattr(d, name) for d in drains], dtype=float)[:, None]


def ponded_depth(t, rain, drains):
    """Standing water (m), zones × times, from rain (mm/h) by the bucket model.

    dh/dt = factor·max(rain − capacity, 0)/1000 − recession·[rain < capacity], h ≥ 0,
    h(0) = 0, stepped by Euler on the grid: the rain at the start of a step
    governs the whole step.
    """
    capacity, factor, recession = (_column(drains, name) for name in ("capacity_mm_h", "ponding_factor", "recession_m_h"))
    now = rain[:, :-1]
    rate = np.where(now > capacity, factor * (now - capacity) / 1000.0, np.where(now < capacity, -recession, 0.0))
    level = np.concatenate((np.zeros((len(drains), 1)), np.cumsum(rate * np.diff(t), axis=1)), axis=1)
    # h_n = max(0, h_(n-1) + rate·dt) is the running sum minus its running minimum (Lindley).
    return level - np.minimum.accumulate(level, axis=1)


def river_stage(river, t, basin_rain):
    """River stage (m) over ``t`` from the basin-average rain (mm/h).

    Each step's rain (mm) raises the stage by gain·mm·k(age), where k is a triangle
    of height 1 peaking lag_h after the rain and reaching zero spread_h either side.
    """
    dt = t[1] - t[0]
    age = np.arange(int(math.ceil((river.lag_h + river.spread_h) / dt)) + 1) * dt
    kernel = np.maximum(0.0, 1.0 - np.abs(age - river.lag_h) / river.spread_h)
    rise = np.convolve(basin_rain * dt, kernel)[: len(t)]
    return river.base_stage_m + river.gain_m_per_mm * rise


def _grid(horizon_h, step):
    """Times 0..horizon inclusive, at ``step`` or slightly less so the grid ends at the horizon."""
    if not horizon_h > 0:
        raise ValueError(f"the run's horizon must be after its start, got {horizon_h} h")
    return np.linspace(0.0, horizon_h, int(math.ceil(horizon_h / step - 1e-9)) + 1)


def _frozen(array):
    array = np.array(array, dtype=float)
    array.flags.writeable = False
    return array


class Hazard:
    """The built hazard of one run: series per zone on the time grid ``t`` (h).

    ``depth_m`` (m), ``wind_ms`` (m/s) and ``rain_mm_h`` (mm/h) are read-only arrays
    of shape (zones, times), rows in ``zone_ids`` order (``index`` maps id → row);
    ``stage_m`` is the river stage (m) or None. Between grid points a series is a
    straight line; outside the grid it is constant.
    """

    def __init__(self, kind, zone_ids, t, depth_m, wind_ms, rain_mm_h, stage_m=None,
                 thresholds=Thresholds(), onset=None):
        self.kind = kind
        self.zone_ids = tuple(zone_ids)
        self.index = {zone_id: row for row, zone_id in enumerate(self.zone_ids)}
        if len(self.index) != len(self.zone_ids):
            raise ValueError("zone ids must be unique")
        self.t = _frozen(t)
        shape = (len(self.zone_ids), len(self.t))
        self.depth_m, self.wind_ms, self.rain_mm_h = (_frozen(a).reshape(shape) for a in (depth_m, wind_ms, rain_mm_h))
        self.stage_m = None if stage_m is None else _frozen(stage_m)
        self.thresholds = thresholds
        self.impact_h = self._first_impact()
        self.onset_h = self.impact_h if onset is None else float(onset)
        if math.isinf(self.onset_h):
            raise ValueError(
                "the hazard never reaches the impact thresholds (heavy rain, gale or flood depth) "
                "before the horizon, so there is no onset: give hazard.onset"
            )
        found = rainstorm_signals(self.t, self.rain_mm_h)
        if kind == "typhoon":
            found = typhoon_signals(self.t, self.wind_ms) + found
        self.signals = tuple(sorted(found, key=lambda s: s.t))
        self.callups = tuple(callups(self.impact_h))

    def _first_impact(self):
        th = self.thresholds
        firsts = [first_reach(self.t, self.rain_mm_h, th.heavy_rain_mm_h),
                  first_reach(self.t, self.wind_ms, th.impact_wind_ms),
                  first_reach(self.t, self.depth_m, th.impact_depth_m)]
        return float(min((f.min() for f in firsts if f.size), default=math.inf))

    def _row(self, zone_id, quantity):
        if quantity not in QUANTITIES:
            raise ValueError(f"unknown quantity {quantity!r}: use one of {', '.join(QUANTITIES)}")
        if zone_id not in self.index:
            raise KeyError(f"no zone {zone_id!r} in the hazard")
        return getattr(self, quantity)[self.index[zone_id]]

    def at(self, zone_id, t):
        """(depth m, wind m/s, rain mm/h) in ``zone_id`` at time ``t`` (h)."""
        return tuple(float(np.interp(t, self.t, self._row(zone_id, q))) for q in QUANTITIES)

    def intervals(self, zone_id, quantity, threshold):
        """Spans ``[(t_up, t_down), ...]`` (h) during which ``quantity`` is ``>= threshold``.

        Crossing times are interpolated between grid points; ``t_down`` is
        ``math.inf`` when the quantity is still at or above the threshold at the horizon.
        """
        return spans(self.t, self._row(zone_id, quantity), threshold)

    def peak(self, zone_id, quantity):
        """Highest value of ``quantity`` in ``zone_id`` over the grid."""
        return float(self._row(zone_id, quantity).max())

    def peak_time(self, zone_id, quantity):
        """First grid time (h) at which ``quantity`` in ``zone_id`` is at its peak."""
        return float(self.t[self._row(zone_id, quantity).argmax()])

    def level_at(self, kind, t):
        """The ``kind`` ("typhoon" | "rainstorm") signal level in force at ``t`` (h); "none" if none."""
        level = "none"
        for signal in self.signals:
            if signal.t > t:
                break
            if signal.kind == kind:
                level = signal.level
        return level


def _check_known(section, zone_ids, what):
    unknown = sorted(set(section) - set(zone_ids))
    if unknown:
        raise ValueError(f"{what} names zones that are not in the scenario: {', '.join(unknown)}")


def build_hazard(spec: HazardSpec, zones: Sequence[tuple[str, float, float]], horizon_h: float) -> Hazard:
    """Build the hazard of ``spec`` for ``zones`` (id, x km, y km) from 0 to ``horizon_h`` (h)."""
    zone_ids = [zone[0] for zone in zones]
    _check_known(spec.points, zone_ids, "hazard.points")
    _check_known(spec.drainage, zone_ids, "hazard.drainage")
    t = _grid(horizon_h, spec.step)
    shape = (len(zone_ids), len(t))
    wind, rain = np.zeros(shape), np.zeros(shape)
    if spec.storm is not None:
        xy = np.array([zone[1:3] for zone in zones], dtype=float).reshape(-1, 2)
        wind, rain = storm_fields(spec.storm, xy, t)
    row_of = {zone_id: row for row, zone_id in enumerate(zone_ids)}
    given = {row_of[zone_id]: p for zone_id, p in spec.points.items()}
    for row, p in given.items():
        if p.wind_ms is not None:
            wind[row] = np.interp(t, p.t, p.wind_ms)
        if p.rain_mm_h is not None:
            rain[row] = np.interp(t, p.t, p.rain_mm_h)
    drains = [spec.drainage.get(zone_id, ZoneDrainage()) for zone_id in zone_ids]
    depth = ponded_depth(t, rain, drains) + _column(drains, "base_depth_m")
    stage = None
    if spec.river is not None:
        basin = rain.mean(axis=0) if len(zone_ids) else np.zeros_like(t)
        stage = river_stage(spec.river, t, basin)
        for row, d in enumerate(drains):
            if d.bank_m is not None:
                depth[row] += np.maximum(stage - d.bank_m, 0.0)
    for row, p in given.items():
        if p.depth_m is not None:
            depth[row] = np.interp(t, p.t, p.depth_m)
    return Hazard(spec.kind, zone_ids, t, depth, wind, rain, stage, spec.thresholds, spec.onset)
