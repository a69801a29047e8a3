"""Times and numbers as the panels show them."""
import math


def hm(hours):
    """``h:mm`` for a span of hours (sign dropped), e.g. 2.333 -> '2:20'."""
    minutes = round(abs(hours) * 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def people(n):
    """A count of persons with thousands separators."""
    return f"{int(round(n)):,}"


def share(x):
    return f"{x:.0%}"


def kpi(value):
    """A KPI value for the score card."""
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, float):
        if math.isinf(value):
            return "—"
        return f"{value:.2f}" if abs(value) < 10 else f"{value:,.0f}"
    return f"{value:,}"


def speed_span(t, speed):
    """What one real second covers at *speed* (simulated s per real s), in catalogue words."""
    if speed < 3600:
        return t("unit.min", n=f"{speed / 60:g}")
    return t("unit.h", n=f"{speed / 3600:g}")
