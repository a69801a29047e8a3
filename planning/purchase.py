"""Purchase units: how offices buy and count relief items (箱, 套, 个), and the
conversion to the model's units (litres, day rations, sets, kits).

A scenario's relief item may state its purchase unit (``purchase_unit``,
``purchase_unit_zh``, ``purchase_size``, ``purchase_kg``, ``price_cny``); what it leaves out
comes from DEFAULTS below (sources and caveats in docs/model.md: all *unverified* typical
conversions from ../reference/standards.md, overridable). An item without a default is
bought in its own unit, one at a time.
"""
import math
from dataclasses import dataclass


@dataclass(frozen=True)
class PurchaseUnit:
    """One purchase unit of an item: its name (en, zh), the model units in it, its weight
    (kg) and price (yuan, None when not given)."""

    item: str
    name: str
    name_zh: str
    size: float  # model units per purchase unit
    kg: float  # kg per purchase unit
    price_cny: float | None = None
    note: str = ""  # what one purchase unit is, e.g. "24 bottles of 550 mL"
    note_zh: str = ""

    def plural(self, count):
        """The English name for *count* of them: ``38 cases``, ``1 case``."""
        if count == 1:
            return self.name
        head, sep, rest = self.name.partition(" ")
        return head + ("es" if head.endswith(("s", "x", "ch", "sh")) else "s") + sep + rest

    def count(self, units):
        """Whole purchase units that hold at least *units* model units (0 for none)."""
        if units <= 1e-9:
            return 0
        return math.ceil(units / self.size - 1e-9)

    def cost(self, count):
        """Yuan for *count* purchase units, or None when no price is given."""
        return None if self.price_cny is None else count * self.price_cny


DEFAULTS = {
    # the common mineral-water case: 24 bottles of 550 mL = 13.2 L
    "water_l": ("case", "箱", 13.2, "24 bottles of 550 mL", "24瓶×550毫升矿泉水"),
    # a case of 24 packs of instant noodles, about 450 kcal a pack: 10,800 kcal = 5.1 day rations of 2,100 kcal
    "food": ("case", "箱", 5.1, "24 packs of instant noodles, about 450 kcal each", "方便面24包，每包约450千卡"),
    # 被褥一套: one quilt and mat
    "bedding": ("set", "套", 1.0, "one quilt and mat (被褥一套)", "被褥一套"),
    # 急救包: one first-aid kit
    "medical": ("kit", "个", 1.0, "one first-aid kit (急救包)", "急救包一个"),
}
"""item -> (unit, unit in Chinese, model units per purchase unit, what one is, the same in
Chinese); typical, unverified."""


def purchase_unit(name, item):
    """The PurchaseUnit of relief item *name* (an ItemSpec): the scenario's fields over DEFAULTS."""
    unit, unit_zh, size, note, note_zh = DEFAULTS.get(name, (item.unit, item.unit, 1.0, "", ""))
    if item.purchase_unit or item.purchase_size:  # the scenario's own unit: the default's words no longer apply
        note = note_zh = ""
    size = item.purchase_size or size
    unit = item.purchase_unit or unit
    unit_zh = item.purchase_unit_zh or (unit_zh if not item.purchase_unit else unit)
    kg = item.purchase_kg or size * item.kg_per_unit
    return PurchaseUnit(name, unit, unit_zh, float(size), float(kg), item.price_cny, note, note_zh)


def purchase_units(relief):
    """item name -> PurchaseUnit for every item of a scenario's relief rules."""
    return {name: purchase_unit(name, item) for name, item in relief.items.items()}
