"""A placeholder hazard for an imported scenario: a typhoon or a rainstorm over the area.

Both are parametric storms of sim.hazard, centred so that they strike the middle of the
map (0, 0) at the onset; the signals, the 631 call-ups and the plan's triggers follow from
them. They are illustrative: the planner replaces them with the forecast or a past event.
Sources of the numbers are in docs/import.md.
"""
TYPHOON_ONSET_H = 24.0
"""Default landfall, hours after the start: blue and yellow are up at the start, orange about
7 h in, red about 15 h in, which leaves the plan's steps room to play out."""
RAINSTORM_ONSET_H = 12.0
"""Default start of the heavy rain, hours after the start (the 6 h call-up falls at 6 h)."""

TYPHOON_MAX_WIND_MS = 42.0
"""A severe typhoon (强台风, 41.5-50.9 m/s, GB/T 19201-2006) at sea; 40 m/s at landfall."""
TYPHOON_SPEED_KMH = 20.0
"""Forward speed of the storm, km/h (typical of western North Pacific typhoons, about 5 m/s)."""


def typhoon(onset_h):
    """A typhoon coming from the south-east at 20 km/h, landfall over the map's centre at *onset_h*."""
    step = TYPHOON_SPEED_KMH / 2 ** 0.5  # km/h east and north components of a north-west heading

    def at(dt, wind, rmw=35, rain=45, radius=160):
        return {"t": round(onset_h + dt, 3), "x_km": round(-step * dt, 1), "y_km": round(step * dt, 1),
                "max_wind_ms": wind, "rmw_km": rmw, "rain_max_mm_h": rain, "rain_radius_km": radius}

    track = [at(-48, TYPHOON_MAX_WIND_MS), at(-12, TYPHOON_MAX_WIND_MS), at(0, 40, rain=50),
             at(12, 22, rmw=50, rain=20, radius=140), at(24, 0, rmw=60, rain=0, radius=120)]
    return {"kind": "typhoon", "onset": f"{onset_h:g}h", "storm": {"track": track}}


def rainstorm(onset_h):
    """A still rain cell over the map's centre: 20 mm/h at *onset_h*, 60 mm/h for 2 h, over after 6 h."""

    def at(dt, rain):
        return {"t": round(onset_h + dt, 3), "x_km": 0.0, "y_km": 0.0, "max_wind_ms": 0,
                "rain_max_mm_h": rain, "rain_radius_km": 30}

    track = [at(-4, 0), at(0, 20), at(1, 60), at(3, 60), at(6, 0)]
    return {"kind": "rainstorm", "onset": f"{onset_h:g}h", "storm": {"track": track}}


HAZARDS = {"typhoon": (typhoon, TYPHOON_ONSET_H), "rainstorm": (rainstorm, RAINSTORM_ONSET_H)}
"""Hazard kind -> (builder, default onset in h)."""


def default_hazard(kind, onset_h=None):
    """The ``hazard:`` section for *kind* ("typhoon" | "rainstorm") with its onset (h)."""
    build, default = HAZARDS[kind]
    return build(default if onset_h is None else onset_h)
