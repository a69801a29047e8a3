"""Shelter rows of a registry (避灾点台账) -> shelter records, every bad cell reported."""
from dataclasses import dataclass, field

from sim.relief import ReliefSpec

from . import values
from .columns import SHELTER_COLUMNS, STOCK_KEYS
from .cells import RowReader
from .packs import PURCHASE_UNITS, default_packs, describe
from .table import read_table
from .words import N_, Unreadable

FILL_DOWN = ("tier", "township")
"""Columns whose blank cells take the value above: what offices merge over a group of rows."""


NOTE_CHARS = 500
"""Most characters of a shelter's remarks kept (the scenario's limit)."""

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
    note: str = ""  # the registry's remarks (备注), shown wherever the shelter is


def read_row(table, row, cells, collector):
    """A :class:`ShelterRow`, or None after reporting every bad cell of the row."""
    r = RowReader(table, row, cells, collector)
    name = r.name(N_("shelter"))
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
        note=values.typed(r.table.cell(r.cells, "note"))[:NOTE_CHARS],  # as typed: no NFKC
    )
    return ShelterRow(row=row, name=name, **fields) if r.ok else None


def _units(r, key):
    return tuple(r.factors(key)) if r.has(key) else ("",)


def _township(r):
    """The township; a blank one is an error when the registry has the column (nothing to fill it from)."""
    if r.has("township") and not r.text("township"):
        if r.table.merged is not None:
            r.fail("township", Unreadable(N_("is empty and not part of a merged cell; write it, or merge it with the cell "
                                         "above; every shelter of a registry with a township column needs its "
                                         "township")))
        else:
            r.fail("township", Unreadable(N_("is empty, and no row above gives one to fill down; every shelter of a "
                                         "registry with a township column needs its township")))
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
        r.fail("area_m2", Unreadable(N_("{value:g} m² leaves room for nobody at {space:g} m² per person"), value=value,
                                 space=SPACE_M2_PER_PERSON))
        return None
    return area


def read_shelters(path, collector, packs=None):
    """``(shelters, notes, table)`` of the registry at *path*; bad rows reported to *collector*.

    *packs* says what a case (箱) of water or food holds (packs.py; default its defaults).
    """
    packs = default_packs() if packs is None else packs
    table = read_table(path, SHELTER_COLUMNS, collector, N_("shelter"), packs)
    if table is None:
        return [], [], None
    for key in FILL_DOWN:
        filled = table.fill_down(key)
        if filled:
            table.notes.append(collector._("{file}: {header}: rows {rows} were blank and took the value above (merged "
                                            "cells)", file=table.file, header=table.found[key].header,
                                            rows=_spans(filled)))
    table.notes += column_notes(table, collector._)
    shelters, first_row = [], {}
    for row, cells in table.rows:
        name = values.clean(table.cell(cells, "name"))
        if name in first_row:
            collector.add(table.file, row, table.found["name"].header,
                          Unreadable(N_("shelter name {name!r} appears twice (first on row {first})"), name=name,
                                 first=first_row[name]))
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


def column_notes(table, _):
    """What each column of the registry became; then, for every item counted in purchase units
    (箱, 件, 提) in its header or in its cells, the size assumed for one of them (in the
    language of the catalogue *_*)."""
    plain = []
    for key, match in table.found.items():
        if match.unit in PURCHASE_UNITS and key in table.packs:
            continue
        factor = table.factor(key, match.unit)
        plain.append(f"{match.header} → {key}" + (f" × {factor:g}" if factor != 1 else ""))
    packed = [f"{table.file}: {table.found[key].header} → {describe(key, unit, table.packs[key][unit], _)}"
              for key, unit in purchase_units_used(table)]
    return [_("{file}: columns: {columns}", file=table.file, columns="; ".join(plain))] + packed


def purchase_units_used(table):
    """``[(item, unit)]``: every purchase unit the registry counts an item in, in its header or
    typed into its cells ('50箱'), in column order."""
    out = []
    for key, match in table.found.items():
        if key not in table.packs:
            continue
        used = {match.unit} if match.unit in PURCHASE_UNITS else set()
        for _, cells in table.rows:
            try:
                _, unit = values.measure(table.cell(cells, key), tuple(table.factors(key)), empty=0.0)
            except ValueError:
                continue
            if unit in PURCHASE_UNITS:
                used.add(unit)
        out += [(key, unit) for unit in PURCHASE_UNITS if unit in used and unit in table.packs[key]]
    return out
