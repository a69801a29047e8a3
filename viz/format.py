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


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_hm(t, when):
    """A local time with its day in catalogue words: '9月14日 22:00' / '14 Sep 22:00'."""
    mon = f"{when.month}月" if t.lang == "zh" else MONTHS[when.month - 1]
    return t("time.day_hm", mon=mon, day=when.day, hm=f"{when:%H:%M}")


def trigger_text(t, names, trigger):
    """What starts a plan rule or an inject, in catalogue words: '台风橙色预警', '灾害影响前8小时'."""
    from .feed import signal_text

    data = trigger.model_dump()
    kind = next(iter(data))
    value = data[kind]
    if kind == "at":
        return t("trigger.at", h=f"{value:g}")
    if kind == "before_onset":
        return t("trigger.before_onset", h=f"{value:g}")
    if kind == "signal":
        hazard, level = value.split("_", 1)
        return t("trigger.signal", signal=signal_text(t, hazard, level))
    if kind == "callup":
        return t("trigger.callup", lead=t("unit.h", n=value.rstrip("h")))
    if kind == "hazard":
        return t("trigger.hazard", zone=names(value["zone"]), quantity=t(f"quantity.{value['quantity']}"),
                 above=f"{value['above']:g}")
    if kind == "stock":
        return t("trigger.stock", shelter=names(value["shelter"]), item=t(f"item.{value['item']}"),
                 h=f"{value['cover_below']:g}")
    if kind == "occupancy":
        return t("trigger.occupancy", shelter=names(value["shelter"]), share=share(value["above"]))
    if kind == "response":
        return t("trigger.response", level=value)
    return trigger.describe()
