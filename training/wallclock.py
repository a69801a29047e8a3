"""Exercise times as the people in the room read them: the local wall-clock time of the
scenario's time zone (``timezone:``, Asia/Shanghai by default), never UTC.

    clock = WallClock(exercise.scenario)
    clock.at(14.33)                        # "08-20 22:20" (T+14:20 after a start at 08:00)
    clock.stamp("2026-12-06T21:43:15+00:00")   # "2026-12-07 05:43": a stored UTC stamp, local
    clock.datetime(14.33)                  # an aware datetime, for chart axes

A scenario without a start time has no wall clock: ``at`` then falls back to ``T+14:20``.
"""
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from messages import N_

from .words import clock as exercise_clock

CHINA_STANDARD_TIME = frozenset({"Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "Asia/Urumqi", "PRC"})
"""IANA names of the time the Chinese offices call 北京时间 (Beijing time)."""

BEIJING_TIME = N_("Beijing time")


class WallClock:
    """Local wall-clock times of one scenario (its start and time zone)."""

    def __init__(self, scenario):
        self.scenario = scenario
        self.zone = ZoneInfo(getattr(scenario, "timezone", None) or "Asia/Shanghai")
        self.start = scenario.local_time(0.0) if hasattr(scenario, "local_time") else None

    def datetime(self, t_h):
        """The aware local datetime *t_h* hours after the start, or None without a start."""
        if self.start is None:
            return None
        utc = self.start.astimezone(timezone.utc) + timedelta(hours=float(t_h))
        return utc.astimezone(self.zone)

    def at(self, t_h):
        """*t_h* hours after the start as ``MM-DD HH:MM`` local time (``T+HH:MM`` without a start)."""
        when = self.datetime(t_h)
        return exercise_clock(t_h) if when is None else when.strftime("%m-%d %H:%M")

    def stamp(self, iso):
        """A stored ISO stamp (UTC, as the session store writes them) as local ``YYYY-MM-DD HH:MM``;
        "—" when there is none, the text itself when it is not a time."""
        if not iso:
            return "—"
        try:
            when = datetime.fromisoformat(str(iso))
        except ValueError:
            return str(iso)
        when = when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when
        return when.astimezone(self.zone).strftime("%Y-%m-%d %H:%M")

    def zone_name(self, _):
        """The time zone as a reader names it: Beijing time, else its IANA name."""
        name = getattr(self.scenario, "timezone", None) or "Asia/Shanghai"
        return _(BEIJING_TIME) if name in CHINA_STANDARD_TIME else name
