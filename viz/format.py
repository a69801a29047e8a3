"""Times and numbers as the panels show them."""
import math

from messages import N_

from .words import ITEM_WORDS, QUANTITIES, word


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
        return t("{n:g} min", n=speed / 60)
    return hours(t, speed / 3600)


def hours(t, h):
    """A number of hours in catalogue words: '12 h', '12小时'."""
    return t("{n:g} h", n=h)


MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"), N_("Aug"), N_("Sep"),
          N_("Oct"), N_("Nov"), N_("Dec"))
"""The months as a date shows them (in Chinese 1月 … 12月)."""


def day_hm(t, when):
    """A local time with its day in catalogue words: '9月14日 22:00' / '14 Sep 22:00'."""
    return t("{day} {mon} {hm}", mon=t(MONTHS[when.month - 1]), day=when.day, hm=f"{when:%H:%M}")


def trigger_text(t, names, trigger):
    """What starts a plan rule or an inject, in catalogue words: '台风橙色预警', '灾害影响前8小时'."""
    from .feed import signal_text

    data = trigger.model_dump()
    kind = next(iter(data))
    value = data[kind]
    if kind == "at":
        return t("at T+{h:g} h", h=value)
    if kind == "before_onset":
        return t("{h:g} h before onset", h=value)
    if kind == "signal":
        hazard, level = value.split("_", 1)
        return t("{signal} signal", signal=signal_text(t, hazard, level))
    if kind == "callup":
        return t("631 call-up {lead} before impact", lead=hours(t, float(value.rstrip("h"))))
    if kind == "hazard":
        return t("{quantity} in {zone} at or above {above:g}", zone=names(value["zone"]),
                 quantity=word(t, QUANTITIES, value["quantity"]), above=value["above"])
    if kind == "stock":
        return t("{item} at {shelter} below {h:g} h of cover", shelter=names(value["shelter"]),
                 item=word(t, ITEM_WORDS, value["item"]), h=value["cover_below"])
    if kind == "occupancy":
        return t("{shelter} at or above {share} full", shelter=names(value["shelter"]), share=share(value["above"]))
    if kind == "response":
        return t("response level {level} or higher", level=value)
    return trigger.describe()
