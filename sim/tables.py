"""Per-shelter and per-zone results: one row each, in scenario order.

A ``Table`` is plain data (a tuple of dicts with the same keys); ``to_pandas()`` and
``to_csv()`` hand it on. The stock test, the exercise report and the viewer read these
rows rather than recomputing them from the engine.
"""
import math
from dataclasses import dataclass

import numpy as np

from . import cells
from .outfile import replacing
from .transfer_why import zone_columns


@dataclass(frozen=True)
class Table:
    """Rows (dicts) with the same columns, in order."""

    columns: tuple
    rows: tuple

    def __len__(self):
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def row(self, key):
        """The row whose first column is *key*."""
        first = self.columns[0]
        for r in self.rows:
            if r[first] == key:
                return r
        raise KeyError(key)

    def to_pandas(self):
        """A pandas DataFrame (pandas is an optional dependency: ``pip install 'stormdrill[pandas]'``)."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("to_pandas needs pandas: pip install 'stormdrill[pandas]'") from None

        return pd.DataFrame(list(self.rows), columns=list(self.columns))

    def to_csv(self, path):
        """Write the table as UTF-8 CSV (inf written as empty), all at once (sim.outfile)."""
        with replacing(path, newline="") as fh:
            writer = cells.writer(fh)
            writer.writerow(self.columns)
            for r in self.rows:
                writer.writerow(["" if isinstance(v, float) and not math.isfinite(v) else v for v in
                                 (r[c] for c in self.columns)])


def shelter_table(engine):
    """One row per shelter: places, securing, cut-offs and each item's use and stock-outs."""
    items = tuple(engine.scenario.relief.items)
    columns = ("shelter", "name", "name_zh", "township", "zone", "capacity", "peak_occupancy", "occupancy",
               "secured_in_time", "secured_late", "never_secured", "cut_off")
    for name in items:
        columns += (f"{name}_first_stockout_h", f"{name}_unmet_person_hours", f"{name}_drawn", f"{name}_delivered",
                    f"{name}_level")
    now = engine.env.now
    rows = []
    for s in engine.shelters:
        row = {"shelter": s.id, "name": s.spec.name, "name_zh": s.spec.name_zh, "township": s.spec.township,
               "zone": s.spec.zone or "", "capacity": s.capacity, "peak_occupancy": s.peak, "occupancy": s.occupancy,
               "secured_in_time": _whole(s.tally["secured_in_time"]), "secured_late": _whole(s.tally["secured_late"]),
               "never_secured": _whole(s.occupancy - s.secured), "cut_off": _whole(s.tally["cut_off"])}
        for name in items:
            st = s.stocks[name]
            row[f"{name}_first_stockout_h"] = math.inf if st.stockout_at is None else float(st.stockout_at)
            row[f"{name}_unmet_person_hours"] = float(st.unmet_person_hours)
            row[f"{name}_drawn"] = float(st.drawn)
            row[f"{name}_delivered"] = float(st.received)
            row[f"{name}_level"] = float(st.level(now))
        rows.append(row)
    return Table(columns, tuple(rows))


def zone_table(engine):
    """One row per zone: people, orders, evacuation and danger."""
    pop, now = engine.population, engine.env.now
    n = len(engine.scenario.zones)

    def per_zone(mask):
        return np.bincount(pop.zone[mask], weights=pop.size[mask], minlength=n).astype(np.int64)

    left = pop.departed_at <= now
    transfer = zone_columns(engine)
    columns = ("zone", "name", "name_zh", "township", "population", "warned", "ordered", "evacuated", "to_shelters",
               "to_relatives", "in_danger_at_peak", "left_in_danger", "at_home") + tuple(transfer)
    counts = {"warned": per_zone(pop.warned_at <= now), "ordered": per_zone(pop.order_heard_at <= now),
              "evacuated": per_zone(left), "to_shelters": per_zone(pop.to_shelters(now) & ~pop.in_danger),
              "to_relatives": per_zone(left & ~pop.public), "left_in_danger": per_zone(pop.left_in_danger(now)),
              "at_home": per_zone(~left), **transfer}
    rows = []
    for z, spec in enumerate(engine.scenario.zones):
        row = {"zone": spec.id, "name": spec.name, "name_zh": spec.name_zh, "township": spec.township,
               "population": int(spec.population)}
        row.update({k: int(v[z]) for k, v in counts.items()})
        row["in_danger_at_peak"] = int(engine.in_danger.get(spec.id, 0))
        rows.append({c: row[c] for c in columns})
    return Table(columns, tuple(rows))


def _whole(persons):
    return int(round(persons))
