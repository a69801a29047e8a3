"""One row of a table (or one feature's properties), read cell by cell.

Every bad cell is reported under its own header, so a row with three mistakes gives
three lines; the row as a whole is then dropped (``ok`` is False).
"""
from . import values

FILLED_DOWN = "层级 / tier and 所属镇街 / township"


class RowReader:
    """Reads the cells of row *row* of *table*, reporting problems to *collector*."""

    def __init__(self, table, row, cells, collector, feature=False):
        self.table, self.row, self.cells, self.collector = table, row, cells, collector
        self.feature = feature
        self.ok = True

    def has(self, key):
        return key in self.table.found

    def header(self, key):
        return self.table.found[key].header

    def text(self, key):
        return values.clean(self.table.cell(self.cells, key))

    def fail(self, key, reason):
        self.ok = False
        self.collector.add(self.table.file, self.row, self.header(key), reason, self.feature)

    def read(self, key, reader, *args, **kwargs):
        """``reader(cell, ...)``, or None after reporting its ValueError (or a merged cell's blank)."""
        first = self.table.merged_from(self.row, key)
        if first is not None and not self.text(key):
            self.fail(key, f"is a merged cell (merged with row {first}); only {FILLED_DOWN} are filled down from "
                           "a merged cell: write the value on every row")
            return None
        try:
            return reader(self.table.cell(self.cells, key), *args, **kwargs)
        except ValueError as exc:
            self.fail(key, str(exc))
            return None

    def optional(self, key, reader, *args, default=None, **kwargs):
        """Like :meth:`read` when the column exists, else *default*."""
        return self.read(key, reader, *args, **kwargs) if self.has(key) else default

    def factors(self, key):
        return self.table.factors(key)

    def name(self, what):
        """The row's name, or "" after reporting that it is empty."""
        name = self.text("name")
        if not name:
            self.fail("name", f"is empty; every {what} needs a name")
        return name
