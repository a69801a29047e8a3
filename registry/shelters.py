"""Shelter rows of a registry (避灾点台账) -> shelter records, every bad cell reported."""
from dataclasses import dataclass, field

from sim.relief import ReliefSpec

from . import values
from .columns import SHELTER_COLUMNS, STOCK_KEYS
from .cells import RowReader
from .packs import PURCHASE_UNITS, default_packs, describe
from .table import read_table

FILL_DOWN = ("tier", "township")
"""Columns whose blank cells take the value above: what offices merge over a group of rows."""


SPACE_M2_PER_PERSON = ReliefSpec().space_m2_per_person
"""Covered floor space per person (m², Sphere); a smaller floor area shelters nobody."""


@dataclass(frozen=True)
class ShelterRow:
    """One shelter as the registry gives it; position in degrees, stock in the model's units."""

    row: int
    name: str
    grade: str
    tier: str
    capacity: int
    lon: float
    lat: float
    beds: int = 0
    address: str = ""
    stock: dict = field(default_factory=dict)
    area_m2: float | None = None
    generator: bool = False
    population_served: int | None = None
    township: str = ""
    contact: str = ""
    phone: str = ""


def read_row(table, row, cells, collector):
    """A :class:`ShelterRow`, or None after reporting every bad cell of the row."""
    r = RowReader(table, row, cells, collector)
    name = r.name("shelter")
    fields = dict(
        grade=r.read("grade", values.grade),
        tier=r.read("tier", values.tier),
        capacity=r.read("capacity", values.count, positive=True, units=tuple(r.factors("capacity"))),
        lon=r.read("longitude", values.degrees, -180, 180, "longitude"),
        lat=r.read("latitude", values.degrees, -90, 90, "latitude"),
        beds=r.optional("beds", values.count, empty=0, default=0, units=_units(r, "beds")),
        address=r.text("address"),
        stock={k: r.read(k, values.amount, r.factors(k)) for k in STOCK_KEYS if r.has(k)},
        area_m2=_area(r) if r.has("area_m2") else None,
        generator=r.optional("generator", values.yes_no, default=False),
        population_served=r.optional("population_served", values.count, empty=0, units=_units(r, "population_served")),
        township=_township(r),
        contact=r.text("contact"),
        phone=r.text("phone"),
    )
    return ShelterRow(row=row, name=name, **fields) if r.ok else None


def _units(r, key):
    return tuple(r.factors(key)) if r.has(key) else ("",)


def _township(r):
    """The township; a blank one is an error when the registry has the column (nothing to fill it from)."""
    if r.has("township") and not r.text("township"):
        why = ("is empty and not part of a merged cell; write it, or merge it with the cell above" if r.table.merged
               is not None else "is empty, and no row above gives one to fill down")
        r.fail("township", f"{why}; every shelter of a registry with a township column needs its township (所属镇街)")
    return r.text("township")


def _area(r):
    if not r.text("area_m2"):
        return None
    got = r.read("area_m2", values.measure, tuple(r.factors("area_m2")))
    if got is None:
        return None
    value, unit = got
    area = round(value * r.factors("area_m2")[unit], 1)
    if area < SPACE_M2_PER_PERSON:
        r.fail("area_m2", f"{value:g} m² leaves room for nobody at {SPACE_M2_PER_PERSON:g} m² per person")
        return None
    return area


def read_shelters(path, collector, packs=None):
    """``(shelters, notes, table)`` of the registry at *path*; bad rows reported to *collector*.

    *packs* says what a case (箱) of water or food holds (packs.py; default its defaults).
    """
    packs = default_packs() if packs is None else packs
    table = read_table(path, SHELTER_COLUMNS, collector, "shelter", packs)
    if table is None:
        return [], [], None
    for key in FILL_DOWN:
        filled = table.fill_down(key)
        if filled:
            table.notes.append(f"{table.file}: {table.found[key].header}: rows {_spans(filled)} were blank and took the "
                               f"value above (merged cells) / 空白单元格按合并单元格取上一行的值")
    table.notes += column_notes(table)
    shelters, first_row = [], {}
    for row, cells in table.rows:
        name = values.clean(table.cell(cells, "name"))
        if name in first_row:
            collector.add(table.file, row, table.found["name"].header,
                          f"shelter name {name!r} appears twice (first on row {first_row[name]})")
            continue
        if name:
            first_row[name] = row
        shelter = read_row(table, row, cells, collector)
        if shelter is not None:
            shelters.append(shelter)
    return shelters, table.notes, table


def _spans(rows):
    """[5, 6, 7, 9] -> '5-7, 9'."""
    out, start = [], rows[0]
    for a, b in zip(rows, rows[1:] + [None]):
        if b != a + 1:
            out.append(f"{start}" if start == a else f"{start}-{a}")
            start = b
    return ", ".join(out)


def column_notes(table):
    """What each column of the registry became, in Chinese and English; purchase units with their pack."""
    plain, packed = [], []
    for key, match in table.found.items():
        if match.unit in PURCHASE_UNITS and key in table.packs:
            packed.append(f"{table.file}: {match.header} → {describe(key, match.unit, table.packs[key][match.unit])}")
        else:
            factor = table.factor(key, match.unit)
            plain.append(f"{match.header} → {key}" + (f" × {factor:g}" if factor != 1 else ""))
    return [f"{table.file}: columns / 各列: " + "; ".join(plain)] + packed
