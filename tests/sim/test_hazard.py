"""The hazard: series, crossings, the drainage and river models, signals and call-ups."""
import math
import time

import numpy as np
import pytest
from pydantic import ValidationError

from sim.hazard import HazardSpec, build_hazard, rankine_wind


def one_zone(points, horizon=30.0, zone="Z1", **spec):
    """Build a hazard for a single zone at the origin from its given points."""
    spec.setdefault("kind", "flood")
    return build_hazard(HazardSpec(points={zone: points}, **spec), [(zone, 0.0, 0.0)], horizon)


def approaching_storm(kind="typhoon"):
    """A steady 50 m/s storm (Rmax 30 km) crossing the zone at 20 km/h, over it at t = 80 h."""
    track = [
        {"t": 0, "x_km": 1600, "y_km": 0, "max_wind_ms": 50, "rain_max_mm_h": 0},
        {"t": "160h", "x_km": -1600, "y_km": 0, "max_wind_ms": 50, "rain_max_mm_h": 0},
    ]
    return build_hazard(HazardSpec(kind=kind, storm={"track": track}), [("Z1", 0.0, 0.0)], 160.0)


# --- given points -------------------------------------------------------------------


def test_points_are_interpolated_linearly_and_held_constant_outside():
    hazard = one_zone({"t": [0, "2h", "5h"], "depth_m": [0, 1.0, 0.4], "wind_ms": [5, 5, 5]})
    assert hazard.at("Z1", 1.0) == pytest.approx((0.5, 5.0, 0.0))
    assert hazard.at("Z1", 3.5)[0] == pytest.approx(0.7)
    assert hazard.at("Z1", 29.0)[0] == pytest.approx(0.4)
    assert hazard.at("Z1", 100.0)[0] == pytest.approx(0.4)  # clamped beyond the horizon
    assert hazard.peak("Z1", "depth_m") == pytest.approx(1.0)
    assert hazard.peak_time("Z1", "depth_m") == pytest.approx(2.0)


def test_durations_in_points_accept_text():
    hazard = one_zone({"t": [0, "90min", "2h30min"], "depth_m": [0, 0.3, 0.5]})
    assert hazard.at("Z1", 0.75)[0] == pytest.approx(0.15)
    assert hazard.at("Z1", 2.0)[0] == pytest.approx(0.4)


def test_crossing_times_are_interpolated_not_rounded_to_the_grid():
    hazard = one_zone({"t": [0, 10, 20], "depth_m": [0, 1, 0]})
    assert hazard.intervals("Z1", "depth_m", 0.3) == [pytest.approx((3.0, 17.0))]
    (up, down), = hazard.intervals("Z1", "depth_m", 0.333)
    assert up == pytest.approx(3.33) and down == pytest.approx(16.67)
    assert hazard.intervals("Z1", "depth_m", 1.5) == []


def test_a_span_still_open_at_the_horizon_ends_at_infinity():
    hazard = one_zone({"t": [0, 10], "wind_ms": [0, 40]})
    assert hazard.intervals("Z1", "wind_ms", 20) == [(pytest.approx(5.0), math.inf)]


def test_intervals_are_fast_for_hundreds_of_zones():
    zones = [(f"Z{k}", float(k), 0.0) for k in range(400)]
    track = [{"t": 0, "x_km": 900, "y_km": 0, "max_wind_ms": 50}, {"t": 72, "x_km": -900, "y_km": 0, "max_wind_ms": 40}]
    hazard = build_hazard(HazardSpec(kind="typhoon", storm={"track": track}), zones, 72.0)
    start = time.process_time()  # this process's CPU time: other work on the machine does not count
    for zone_id, _, _ in zones:
        for level in (0.15, 0.3, 0.5):
            hazard.intervals(zone_id, "depth_m", level)
        hazard.intervals(zone_id, "wind_ms", 32.7)
    assert time.process_time() - start < 2.0  # 0.08 s measured: a slow path (no cached grid) is minutes


# --- storm ---------------------------------------------------------------------------


def test_rankine_wind_closed_form():
    assert rankine_wind(30.0, 40.0, 30.0) == pytest.approx(40.0)
    assert rankine_wind(120.0, 40.0, 30.0) == pytest.approx(20.0)  # 40 * (1/4) ** 0.5
    assert rankine_wind(15.0, 40.0, 30.0) == pytest.approx(20.0)
    assert rankine_wind(0.0, 40.0, 30.0) == 0.0


def test_storm_wind_and_rain_at_zone_distances():
    track = [{"t": 0, "x_km": 0, "y_km": 0, "max_wind_ms": 40, "rmw_km": 30, "rain_max_mm_h": 40, "rain_radius_km": 150}]
    spec = HazardSpec(kind="typhoon", storm={"track": track})
    hazard = build_hazard(spec, [("near", 30.0, 0.0), ("far", 0.0, 120.0)], 10.0)
    assert hazard.at("near", 5.0)[1] == pytest.approx(40.0)
    assert hazard.at("far", 5.0)[1] == pytest.approx(20.0)
    assert hazard.at("far", 5.0)[2] == pytest.approx(40.0 * math.exp(-120 / 150))


def test_points_override_the_storm_for_that_zone_and_quantity_only():
    track = [{"t": 0, "x_km": 0, "y_km": 0, "max_wind_ms": 40, "rain_max_mm_h": 10}]
    spec = HazardSpec(kind="typhoon", storm={"track": track}, points={"Z1": {"t": [0], "wind_ms": [3]}})
    hazard = build_hazard(spec, [("Z1", 30.0, 0.0), ("Z2", 30.0, 0.0)], 10.0)
    assert hazard.at("Z1", 1.0)[1:] == pytest.approx((3.0, 10.0 * math.exp(-30 / 150)))
    assert hazard.at("Z2", 1.0)[1] == pytest.approx(40.0)


# --- drainage and river --------------------------------------------------------------


def test_bucket_fills_by_excess_rain_then_recedes():
    rain = {"t": [0, 9.99, 10], "rain_mm_h": [60, 60, 0]}
    drainage = {"Z1": {"capacity_mm_h": 36, "ponding_factor": 2, "recession_m_h": 0.05}}
    hazard = one_zone(rain, drainage=drainage)
    filled = 2 * (60 - 36) * 10 / 1000  # 0.48 m after 10 h
    assert hazard.at("Z1", 5.0)[0] == pytest.approx(filled / 2)
    assert hazard.at("Z1", 10.0)[0] == pytest.approx(filled)
    assert hazard.at("Z1", 14.0)[0] == pytest.approx(filled - 0.05 * 4)
    assert hazard.at("Z1", 25.0)[0] == 0.0  # empty after 9.6 h, never below zero
    assert hazard.intervals("Z1", "depth_m", 0.3) == [pytest.approx((6.25, 13.6))]


def test_rain_below_capacity_leaves_no_water():
    hazard = one_zone({"t": [0], "rain_mm_h": [30]}, onset=1)
    assert hazard.peak("Z1", "depth_m") == 0.0


def test_river_stage_peaks_lag_after_a_rain_pulse_and_floods_bank_zones():
    spec = HazardSpec(
        kind="flood",
        points={"A": {"t": [0, 1.9, 2, 3, 3.1], "rain_mm_h": [0, 0, 50, 50, 0]}},
        river={"gain_m_per_mm": 0.02, "lag_h": "6h", "spread_h": "4h"},
        drainage={"A": {"capacity_mm_h": 100}, "B": {"bank_m": 0.3}},
    )
    hazard = build_hazard(spec, [("A", 0, 0), ("B", 1, 0)], 30.0)
    peak = int(hazard.stage_m.argmax())
    assert hazard.t[peak] == pytest.approx(2.5 + 6.0, abs=0.2)
    # 27.5 mm of basin rain over about 1 h; a pulse w hours long peaks at gain * mm * (1 - w / (4 * spread)).
    assert hazard.stage_m.max() == pytest.approx(0.02 * 27.5 * (1 - 1 / 16), rel=0.02)
    assert hazard.peak("B", "depth_m") == pytest.approx(hazard.stage_m.max() - 0.3)
    assert hazard.at("B", 1.0)[0] == 0.0


# --- impact, signals, call-ups -------------------------------------------------------


def test_typhoon_signals_rise_in_order_and_red_comes_six_hours_ahead():
    hazard = approaching_storm()
    typhoon = [s for s in hazard.signals if s.kind == "typhoon"]
    first = {}
    for signal in typhoon:
        first.setdefault(signal.level, signal.t)
    assert first["blue"] < first["yellow"] < first["orange"] < first["red"]
    gale_force_12 = hazard.intervals("Z1", "wind_ms", 32.7)[0][0]
    assert gale_force_12 == pytest.approx((1600 - 30 * (50 / 32.7) ** 2) / 20, abs=0.01)
    assert first["red"] == pytest.approx(gale_force_12 - 6.0, abs=1e-9)
    assert [s.level for s in typhoon][-4:] == ["orange", "yellow", "blue", "none"]
    assert [s.t for s in hazard.signals] == sorted(s.t for s in hazard.signals)
    assert hazard.level_at("typhoon", first["red"] + 0.01) == "red"
    assert hazard.level_at("typhoon", 0.0) == "none"
    assert hazard.level_at("typhoon", 160.0) == "none"


def test_only_typhoons_issue_typhoon_signals():
    assert not [s for s in approaching_storm(kind="rainstorm").signals if s.kind == "typhoon"]


def test_rainstorm_signals_look_ahead_over_their_windows():
    hazard = one_zone({"t": [0, 9.9, 10, 30, 30.1], "rain_mm_h": [0, 0, 20, 20, 0]}, horizon=40)
    rainstorm = [(s.t, s.level) for s in hazard.signals if s.kind == "rainstorm"]
    # 50 mm: 1 mm in the ramp to 10 h, then 2.45 h at 20 mm/h -> reached at 12.45 h.
    expected = [(0.45, "blue"), (6.45, "yellow"), (9.45, "orange"), (27.55, "none")]
    assert [level for _, level in rainstorm] == [level for _, level in expected]
    assert [t for t, _ in rainstorm] == pytest.approx([t for t, _ in expected], abs=0.02)


def test_631_callups_at_six_three_and_one_hour_before_impact():
    hazard = one_zone({"t": [0, 20], "rain_mm_h": [0, 40]})  # 20 mm/h at 10 h
    assert hazard.impact_h == pytest.approx(10.0)
    assert hazard.onset_h == pytest.approx(10.0)
    assert [(c.lead, c.t) for c in hazard.callups] == [("6h", pytest.approx(4.0)), ("3h", pytest.approx(7.0)),
                                                        ("1h", pytest.approx(9.0))]


def test_callups_are_clamped_at_the_start():
    hazard = one_zone({"t": [0, 4], "wind_ms": [0, 34.4]}, onset="5h")  # gale at 2 h
    assert [c.t for c in hazard.callups] == pytest.approx([0.0, 0.0, 1.0])
    assert hazard.onset_h == 5.0


def test_onset_alone_gives_a_quiet_hazard():
    hazard = build_hazard(HazardSpec(kind="flood", onset="2h"), [("Z1", 0, 0)], 12.0)
    assert hazard.onset_h == 2.0 and math.isinf(hazard.impact_h)
    assert hazard.signals == () and hazard.callups == ()
    assert hazard.at("Z1", 5.0) == (0.0, 0.0, 0.0)


def test_a_hazard_that_never_strikes_needs_an_onset():
    with pytest.raises(ValueError, match="give hazard.onset"):
        one_zone({"t": [0], "rain_mm_h": [5]})


# --- validation and immutability ---------------------------------------------------


@pytest.mark.parametrize(
    "points, message",
    [
        ({"t": [0, 1, 2], "depth_m": [0, 1]}, "depth_m has 2 values but t has 3 times"),
        ({"t": [0, 2, 1], "wind_ms": [0, 1, 2]}, "must strictly increase"),
        ({"t": [0, 1], "depth_m": [0, -0.2]}, "depth_m cannot be negative"),
    ],
)
def test_bad_points_are_rejected_in_plain_words(points, message):
    with pytest.raises(ValidationError, match=message):
        HazardSpec(kind="flood", points={"Z1": points})


def test_a_hazard_with_nothing_in_it_is_rejected():
    with pytest.raises(ValidationError, match="no points and no storm"):
        HazardSpec(kind="typhoon")


def test_unknown_fields_and_zones_are_rejected():
    with pytest.raises(ValidationError):
        HazardSpec(kind="flood", onset=1, stepp=0.5)
    with pytest.raises(ValueError, match="not in the scenario: Z9"):
        build_hazard(HazardSpec(kind="flood", onset=1, drainage={"Z9": {}}), [("Z1", 0, 0)], 5.0)


def test_arrays_are_read_only():
    hazard = one_zone({"t": [0, 10], "depth_m": [0, 1]}, river={})
    for array in (hazard.t, hazard.depth_m, hazard.wind_ms, hazard.rain_mm_h, hazard.stage_m):
        with pytest.raises(ValueError):
            array[0] = 1.0
    assert hazard.depth_m.shape == (1, len(hazard.t)) and hazard.t[-1] == 30.0
    assert np.allclose(np.diff(hazard.t), 0.1)
