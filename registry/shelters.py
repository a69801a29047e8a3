"""Shelter rows of a registry (避灾点台账) -> shelter records, every bad cell reported."""
from dataclasses import dataclass, field

from sim.relief import ReliefSpec

from . import values
from .columns import SHELTER_COLUMNS, STOCK_KEYS
from .cells import RowReader
from .table import read_table


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


def read_row(table, row, cells, collector):
    """A :class:`ShelterRow`, or None after reporting every bad cell of the row."""
    r = RowReader(table, row, cells, collector)
    name = r.name("shelter")
    fields = dict(
        grade=r.read("grade", values.grade),
        tier=r.read("tier", values.tier),
        capacity=r.read("capacity", values.count, positive=True),
        lon=r.read("longitude", values.degrees, -180, 180, "longitude"),
        lat=r.read("latitude", values.degrees, -90, 90, "latitude"),
        beds=r.optional("beds", values.count, empty=0, default=0),
        address=r.text("address"),
        stock={k: r.read(k, values.amount, r.factor(k)) for k in STOCK_KEYS if r.has(k)},
        area_m2=_area(r) if r.has("area_m2") else None,
        generator=r.optional("generator", values.yes_no, default=False),
        population_served=r.optional("population_served", values.count, empty=0),
        township=r.text("township"),
    )
    return ShelterRow(row=row, name=name, **fields) if r.ok else None


def _area(r):
    if not r.text("area_m2"):
        return None
    value = r.read("area_m2", values.number)
    if value is None:
        return None
    area = round(value * r.factor("area_m2"), 1)
    if area < SPACE_M2_PER_PERSON:
        r.fail("area_m2", f"{value:g} m² leaves room for nobody at {SPACE_M2_PER_PERSON:g} m² per person")
        return None
    return area


def read_shelters(path, collector):
    """Every shelter of the registry at *path*, and notes on how it was read; bad rows reported."""
    table = read_table(path, SHELTER_COLUMNS, collector, "shelter")
    if table is None:
        return [], []
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
    return shelters, table.notes
