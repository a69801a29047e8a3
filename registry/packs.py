"""Purchase units to model units: what one case (箱), carton (件) or pack (提) of an item holds.

Offices count bottled water and instant noodles as they buy them, by the case. The model
counts litres of water and day rations of food (2,100 kcal). A pack holds *count* pieces of
*each* model units; the case sizes are the stock test's (planning/purchase.py, sourced in
docs/model.md), the counts and packs are sourced in docs/import.md ("Cases and packs"), and
a ``--units`` YAML file overrides any of them:

    water_l:
      箱: {count: 24, each: 0.55}     # 24 bottles of 550 mL
    food:
      箱: {count: 12, each: 0.2143}   # 12 packs of 450 kcal, in day rations of 2,100 kcal
"""
from dataclasses import dataclass

import yaml

from planning.purchase import DEFAULTS as CASES
from sim.relief import item_word

from .problems import RegistryError, RowProblem

BOTTLES_PER_CASE = 24
"""Bottles in one case (箱 / 件) of bottled water; the case's litres are the stock test's
(planning.purchase.DEFAULTS: 24 × 550 mL = 13.2 L), so an import and a purchase list agree."""
BOTTLES_PER_PACK = 12
"""Bottles in one shrink-wrapped pack (提) of bottled water, of the same bottle."""
NOODLES_PER_CASE = 24
"""Packs in one case (箱 / 件) of instant noodles; the case's day rations are the stock test's
(planning.purchase.DEFAULTS: about 5.1 day rations, 24 packs of about 450 kcal)."""
NOODLES_PER_PACK = 5
"""Packs in one multipack (提, 五连包) of instant noodles, of the same pack."""

PURCHASE_UNITS = ("箱", "件", "提")
"""Units that count purchases rather than the model's units."""
PIECE = {"water_l": ("瓶", "bottles"), "food": ("包", "packs")}


@dataclass(frozen=True)
class Pack:
    """One purchase unit of an item: *count* pieces of *each* model units (L, day rations)."""

    count: float
    each: float

    @property
    def factor(self):
        """Model units in one purchase unit."""
        return self.count * self.each


def default_packs():
    """Item -> purchase unit -> :class:`Pack`, with the module's documented defaults."""
    bottle = CASES["water_l"].size / BOTTLES_PER_CASE
    noodle = CASES["food"].size / NOODLES_PER_CASE
    return {
        "water_l": {"箱": Pack(BOTTLES_PER_CASE, bottle), "件": Pack(BOTTLES_PER_CASE, bottle),
                    "提": Pack(BOTTLES_PER_PACK, bottle)},
        "food": {"箱": Pack(NOODLES_PER_CASE, noodle), "件": Pack(NOODLES_PER_CASE, noodle),
                 "提": Pack(NOODLES_PER_PACK, noodle)},
    }


def describe(item, unit, pack):
    """What a purchase-unit column became, in Chinese and English."""
    zh_piece, en_piece = PIECE.get(item, ("份", "pieces"))
    model = "升" if item == "water_l" else "日份口粮" if item == "food" else ""
    en_model = "L" if item == "water_l" else "day rations" if item == "food" else ""
    return (f"{item_word(item, 'zh')}：每{unit} {pack.count:g} {zh_piece} × {pack.each:.4g} {model} = {pack.factor:.4g} {model}"
            f" / {item_word(item)}: one {unit} = {pack.count:g} {en_piece} × {pack.each:.4g} {en_model}"
            f" = {pack.factor:.4g} {en_model}")


def read_packs(path):
    """The defaults with the ``--units`` YAML file at *path* laid over them; RegistryError if it is wrong."""
    packs = default_packs()
    file = str(path)

    def fail(where, reason):
        raise RegistryError([RowProblem(file, 0, f"--units {where}" if where else "--units", reason)])

    try:
        data = yaml.safe_load(open(path, encoding="utf-8-sig"))
    except OSError as exc:
        fail("", f"cannot read: {exc.strerror}")
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        fail("", f"not a readable YAML file ({str(exc).splitlines()[0]})")
    if not isinstance(data, dict):
        fail("", "must map items (water_l, food) to units, e.g. water_l: {箱: {count: 24, each: 0.55}}")
    for item, units in data.items():
        if item not in packs:
            fail(str(item), f"is not an item counted in cases here; use one of: {', '.join(packs)}")
        if not isinstance(units, dict):
            fail(str(item), "must map a unit (箱, 件, 提) to {count: N, each: X}")
        for unit, size in units.items():
            where = f"{item}.{unit}"
            if unit not in PURCHASE_UNITS:
                fail(where, f"{unit!r} is not a purchase unit; use one of: {', '.join(PURCHASE_UNITS)}")
            if not isinstance(size, dict) or set(size) != {"count", "each"}:
                fail(where, "must be {count: N, each: X}: N pieces of X model units (L of water, day rations of food)")
            values = []
            for key in ("count", "each"):
                value = size[key]
                if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1e6:
                    fail(f"{where}.{key}", f"{value!r} is not a number more than 0")
                values.append(float(value))
            packs[item][unit] = Pack(*values)
    return packs
