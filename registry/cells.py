"""One row of a table (or one feature's properties), read cell by cell.

Every bad cell is reported under its own header, so a row with three mistakes gives
three lines; the row as a whole is then dropped (``ok`` is False).
"""
from . import values
from .columns import SHELTER_COLUMNS
from .words import N_, Unreadable


def shown(key):
    """How a message names the shelter column *key*: its usual Chinese and English headers."""
    return next(c.shown() for c in SHELTER_COLUMNS if c.key == key)


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
            self.fail(key, Unreadable(N_("is a merged cell (merged with row {first}); only {tier} and {township} are filled "
                                     "down from a merged cell: write the value on every row"), first=first,
                                  tier=shown("tier"), township=shown("township")))
            return None
        try:
            return reader(self.table.cell(self.cells, key), *args, **kwargs)
        except ValueError as exc:  # a words.Unreadable: said in the user's language by the collector
            self.fail(key, exc)
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
            self.fail("name", Unreadable(N_("is empty; every {what} needs a name"), what=self.collector._(what)))
        return name
