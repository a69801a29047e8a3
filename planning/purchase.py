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

from messages import N_


@dataclass(frozen=True)
class Default:
    """A default purchase unit: its English name (one, many: catalogue keys), the model
    units in one, and what one is (a catalogue key)."""

    one: str
    many: str
    size: float
    note: str


DEFAULTS = {
    # the common mineral-water case: 24 bottles of 550 mL = 13.2 L
    "water_l": Default(N_("case"), N_("cases"), 13.2, N_("24 bottles of 550 mL")),
    # a case of 24 packs of instant noodles, about 450 kcal a pack: 10,800 kcal = 5.1 day rations of 2,100 kcal
    "food": Default(N_("case"), N_("cases"), 5.1, N_("24 packs of instant noodles, about 450 kcal each")),
    # 被褥一套: one quilt and mat
    "bedding": Default(N_("set"), N_("sets"), 1.0, N_("one quilt and mat")),
    # 急救包: one first-aid kit
    "medical": Default(N_("kit"), N_("kits"), 1.0, N_("one first-aid kit")),
}
"""item -> its default purchase unit; typical, unverified (docs/model.md)."""


@dataclass(frozen=True)
class PurchaseUnit:
    """One purchase unit of an item: its name (en, and zh when the scenario gives one), the
    model units in it, its weight (kg) and price (yuan, None when not given). A default
    unit (``default`` set) is named by the catalogue."""

    item: str
    name: str
    name_zh: str
    size: float  # model units per purchase unit
    kg: float  # kg per purchase unit
    price_cny: float | None = None
    default: Default | None = None

    def plural(self, count):
        """The English name for *count* of them: ``38 cases``, ``1 case``."""
        if self.default is not None:
            return self.default.one if count == 1 else self.default.many
        if count == 1:
            return self.name
        head, sep, rest = self.name.partition(" ")
        return head + ("es" if head.endswith(("s", "x", "ch", "sh")) else "s") + sep + rest

    def label(self, _, count=1):
        """The unit's name for *count* of them in the catalogue *_*'s language."""
        if self.default is not None:
            return _(self.plural(count))
        return _.pick({"zh": self.name_zh or self.name, "en": self.plural(count)})

    def describe(self, _):
        """What one unit is (``24 bottles of 550 mL``), or "" for a scenario's own unit."""
        return _(self.default.note) if self.default is not None and self.default.note else ""

    def count(self, units):
        """Whole purchase units that hold at least *units* model units (0 for none)."""
        if units <= 1e-9:
            return 0
        return math.ceil(units / self.size - 1e-9)

    def cost(self, count):
        """Yuan for *count* purchase units, or None when no price is given."""
        return None if self.price_cny is None else count * self.price_cny


def default_size(item):
    """Model units in one default purchase unit of *item* (1 when it has none)."""
    return DEFAULTS[item].size if item in DEFAULTS else 1.0


def purchase_unit(name, item):
    """The PurchaseUnit of relief item *name* (an ItemSpec): the scenario's fields over DEFAULTS."""
    default = DEFAULTS.get(name)
    if item.purchase_unit:  # the scenario's own unit
        default = None
    elif item.purchase_size and default is not None:  # the default's name, another size: its words no longer apply
        default = Default(default.one, default.many, item.purchase_size, "")
    size = item.purchase_size or (DEFAULTS[name].size if name in DEFAULTS else 1.0)
    unit = item.purchase_unit or (default.one if default else item.unit)
    unit_zh = item.purchase_unit_zh or ("" if default else unit)
    kg = item.purchase_kg or size * item.kg_per_unit
    return PurchaseUnit(name, unit, unit_zh, float(size), float(kg), item.price_cny, default)


def purchase_units(relief):
    """item name -> PurchaseUnit for every item of a scenario's relief rules."""
    return {name: purchase_unit(name, item) for name, item in relief.items.items()}
