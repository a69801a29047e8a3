"""How a shelter looks: the word and colour for its state, its stock, an item's cover.

Shared by the map's markers, the shelter list and the tooltips; colours are palette names
(viz/theme.json), words come from the catalogue.
"""
import math

from . import words


def shelter_label(view):
    """closed / opening / open / flooded / full: the word for a shelter's state."""
    if not view.usable:
        return "flooded"
    if view.state == "open" and view.capacity and view.occupancy >= view.capacity:
        return "full"
    return view.state


def shelter_state(view):
    """Palette colour name of a shelter's marker."""
    if not view.usable:
        return "shelter_unusable"
    return {"closed": "shelter_closed", "opening": "shelter_opening"}.get(view.state, "shelter_open")


def stock_state(view, low_h, ok_h):
    """Palette name for a shelter's stock by the item with the least cover: stock_out (empty, or under
    *low_h* hours), stock_low (under *ok_h*), stock_ok; None if nothing is being used."""
    used = [c.hours for c in view.cover_h if math.isfinite(c.hours)]
    empty = any(level.units <= 0 for level in view.stock)
    if empty and view.occupancy > 0:
        return "stock_out"
    if not used:
        return None
    least = min(used)
    return "stock_out" if least < low_h else "stock_low" if least < ok_h else "stock_ok"


def cover_text(t, item, units, hours):
    """'water 5.2 h', 'water OUT' or 'water ok' for one item of a shelter."""
    name = words.item(t, item)
    if units <= 0:
        return t("{item} OUT", item=name)
    if not math.isfinite(hours):
        return t("{item} ok", item=name)
    return t("{item} {h:.1f} h", item=name, h=hours)
