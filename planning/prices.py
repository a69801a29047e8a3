"""Unit prices: what one purchase unit of each item costs, in yuan (¥).

Three sources, the first that gives an item's price wins:

1. a prices CSV (``stormdrill stock --prices FILE``): ``item,price_cny`` per row, optional
   ``unit`` (checked against the purchase unit, so a bottle is never priced as a case) and
   ``source`` (shown in the purchase list);
2. the scenario's ``relief.items.<item>.price_cny``;
3. DEFAULT_PRICES below: typical retail prices, **unverified** (no published price list
   was at hand; docs/model.md), good for an order of magnitude only. An office should give
   its own procurement prices.
"""
import csv
from dataclasses import dataclass

from messages import N_
from sim.userfile import UnusableFile, check_user_file

from .purchase import purchase_unit


@dataclass(frozen=True)
class Price:
    """The price of one purchase unit (yuan) and where it comes from."""

    cny: float
    source: str


DEFAULT_PRICES = {
    # a case of 24 x 550 mL mineral water: typical supermarket price 24-40 yuan (unverified)
    "water_l": Price(30.0, N_("default: typical retail price of a 24 x 550 mL case, unverified")),
    # a case of 24 packs of instant noodles: typical 60-90 yuan (unverified)
    "food": Price(70.0, N_("default: typical retail price of a case of 24 instant-noodle packs, unverified")),
    # one quilt and mat (被褥一套) of relief grade: typical 120-200 yuan (unverified)
    "bedding": Price(150.0, N_("default: typical price of a relief quilt and mat, unverified")),
    # one household first-aid kit (急救包): typical 40-80 yuan (unverified)
    "medical": Price(60.0, N_("default: typical price of a household first-aid kit, unverified")),
}
"""item -> Price of one default purchase unit (planning/purchase.py DEFAULTS)."""


class PriceError(ValueError):
    """A prices file that cannot be used; the message says where (``file:line: column: why``)."""


def prices_for(relief, given=None):
    """item -> Price for every item of *relief*: *given* (a read CSV), else the scenario's
    ``price_cny``, else DEFAULT_PRICES (only where the scenario keeps the default unit)."""
    given = given or {}
    out = {}
    for name, item in relief.items.items():
        if name in given:
            out[name] = given[name]
        elif item.price_cny is not None:
            out[name] = Price(float(item.price_cny), N_("the scenario's price_cny"))
        elif name in DEFAULT_PRICES and purchase_unit(name, item).default is not None:
            out[name] = DEFAULT_PRICES[name]
    return out


def read_prices(path, relief):
    """item -> Price from the CSV at *path*; PriceError naming the line and column of a bad cell."""
    try:
        check_user_file(path)
    except UnusableFile as exc:
        raise PriceError(f"{path}: {exc}") from None
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise PriceError(f"{path}: cannot read it as a UTF-8 CSV table: {exc}") from None
    if not rows or "item" not in [h.strip() for h in rows[0]] or "price_cny" not in [h.strip() for h in rows[0]]:
        raise PriceError(f"{path}:1: the header must name the columns item and price_cny (optional: unit, source)")
    head = [h.strip() for h in rows[0]]
    out = {}
    for line, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        row = dict(zip(head, (c.strip() for c in cells)))
        out.update(_price_row(path, line, row, relief, out))
    return out


def _price_row(path, line, row, relief, seen):
    item = row.get("item", "")
    where = f"{path}:{line}"
    if item not in relief.items:
        raise PriceError(f"{where}: item: {item!r} is not an item of the scenario ({', '.join(relief.items)})")
    if item in seen:
        raise PriceError(f"{where}: item: {item} is priced twice")
    try:
        cny = float(row.get("price_cny", ""))
    except ValueError:
        raise PriceError(f"{where}: price_cny: {row.get('price_cny')!r} is not a number of yuan") from None
    if not 0 <= cny < 1e7:
        raise PriceError(f"{where}: price_cny: {cny:g} is not a price of one purchase unit (0 to 10,000,000 yuan)")
    unit = purchase_unit(item, relief.items[item])
    named = row.get("unit", "")
    known = {unit.name, unit.plural(2), unit.name_zh} | ({unit.default.one, unit.default.many} if unit.default else set())
    if named and named not in known and named not in _zh_names(unit):
        raise PriceError(f"{where}: unit: {named!r} is not the purchase unit of {item} ({unit.name}, "
                         f"{unit.size:g} model units); give the price of one {unit.name}")
    return {item: Price(cny, row.get("source") or str(path))}


def _zh_names(unit):
    from messages import texts

    return {unit.label(texts("zh"), 1)}


def with_prices(units, prices):
    """*units* (item -> PurchaseUnit) with each item's price from *prices* (item -> Price)."""
    from dataclasses import replace

    return {name: replace(u, price_cny=prices[name].cny if name in prices else u.price_cny) for name, u in units.items()}
