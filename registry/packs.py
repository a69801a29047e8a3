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
from sim.relief import ITEM_WORDS

from .columns import CARTON, CASE, PACK, PURCHASE_UNITS
from .problems import RegistryError, RowProblem
from .words import N_, speaker

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
        "water_l": {CASE: Pack(BOTTLES_PER_CASE, bottle), CARTON: Pack(BOTTLES_PER_CASE, bottle),
                    PACK: Pack(BOTTLES_PER_PACK, bottle)},
        "food": {CASE: Pack(NOODLES_PER_CASE, noodle), CARTON: Pack(NOODLES_PER_CASE, noodle),
                 PACK: Pack(NOODLES_PER_PACK, noodle)},
    }


PIECES = {"water_l": N_("bottles"), "food": N_("packs")}
MODEL = {"water_l": N_("L"), "food": N_("day rations")}


def describe(item, unit, pack, _):
    """What one purchase unit of *item* holds, said by the catalogue *_*: ``water: one 箱 =
    24 bottles × 0.55 L = 13.2 L (assumed; --units changes it)``."""
    piece = _(PIECES[item]) if item in PIECES else _("pieces")
    model = _(MODEL[item]) if item in MODEL else ""
    return _("{item}: one {unit} = {count:g} {piece} × {each:.4g} {model} = {size:.4g} {model} (assumed; --units "
             "changes it)", item=_(ITEM_WORDS[item]) if item in ITEM_WORDS else item, unit=unit, count=pack.count,
             piece=piece, each=pack.each, model=model, size=pack.factor)


def read_packs(path, lang=None):
    """The defaults with the ``--units`` YAML file at *path* laid over them; RegistryError if it
    is wrong, said in *lang* (None: the one rule)."""
    packs = default_packs()
    file = str(path)
    _ = speaker(lang)

    def fail(where, reason, **fields):
        raise RegistryError([RowProblem(file, 0, f"--units {where}" if where else "--units", _(reason, **fields))])

    try:
        data = yaml.safe_load(open(path, encoding="utf-8-sig"))
    except OSError as exc:
        fail("", N_("cannot read: {why}"), why=exc.strerror)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        fail("", N_("not a readable YAML file ({why})"), why=str(exc).splitlines()[0])
    if not isinstance(data, dict):
        fail("", N_("must map items (water_l, food) to units, e.g. water_l: {{{case}: {{count: 24, each: 0.55}}}}"),
             case=CASE)
    for item, units in data.items():
        if item not in packs:
            fail(str(item), N_("is not an item counted in cases here; use one of: {items}"), items=", ".join(packs))
        if not isinstance(units, dict):
            fail(str(item), N_("must map a unit ({units}) to {{count: N, each: X}}"), units=", ".join(PURCHASE_UNITS))
        for unit, size in units.items():
            where = f"{item}.{unit}"
            if unit not in PURCHASE_UNITS:
                fail(where, N_("{unit!r} is not a purchase unit; use one of: {units}"), unit=unit,
                     units=", ".join(PURCHASE_UNITS))
            if not isinstance(size, dict) or set(size) != {"count", "each"}:
                fail(where, N_("must be {{count: N, each: X}}: N pieces of X model units (L of water, day rations of "
                               "food)"))
            values = []
            for key in ("count", "each"):
                value = size[key]
                if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1e6:
                    fail(f"{where}.{key}", N_("{value!r} is not a number more than 0"), value=value)
                values.append(float(value))
            packs[item][unit] = Pack(*values)
    return packs
