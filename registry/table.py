"""Reading a table as offices lay it out: CSV (UTF-8 with or without BOM, GBK, UTF-16) or .xlsx.

Excel saves "CSV UTF-8" with a byte-order mark, plain "CSV" in the system's code page,
which on a Chinese Windows office PC is GBK, and "Unicode Text" as tab-separated UTF-16;
all three are read, and workbooks through workbook.py. Row numbers are the ones the
spreadsheet shows. Title rows above the header (a merged "XX街道避灾点台账" line) are
skipped; a second header row under a group header (物资储备 over 矿泉水, 方便面, …) is
merged into the first; blank rows, a total row (合计 / 总计) and footer rows (填表人：,
审核人：, 日期：) are skipped with a note.
"""
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import columns, values
from .columns import header_units, match_headers, missing
from .words import N_, Unreadable
from .workbook import WORKBOOK_SUFFIXES, read_workbook

MAX_BYTES = 20 * 1024 * 1024
"""Refuse input files larger than this (bytes); a registry of thousands of rows is far smaller."""
HEADER_SEARCH_ROWS = 5
"""How many rows from the top may hold the header (title rows come first)."""
TOTAL_WORDS = columns.TOTAL_WORDS


@dataclass
class RegistryTable:
    """A table read from a file: the header, matched columns, and data rows by spreadsheet row number."""

    file: str
    header_row: int
    headers: list
    found: dict
    packs: dict = field(default_factory=dict)  # item -> purchase unit -> packs.Pack
    rows: list = field(default_factory=list)  # (row number, cells)
    notes: list = field(default_factory=list)
    merged: dict | None = None  # .xlsx: (row, column index) -> first row of its merged range; None for CSV
    ignored: list = field(default_factory=list)  # headers that name no column

    def cell(self, cells, key):
        """The text in column *key* of *cells*, or "" when the column is absent or the row short."""
        match = self.found.get(key)
        if match is None or match.index >= len(cells):
            return ""
        return cells[match.index]

    def factors(self, key):
        """Unit -> factor to the model's unit for the cells of column *key*; "" is the header's unit."""
        match = self.found[key]
        col = match.column
        out = {u: self.factor(key, u) for u in header_units(col, self.packs)}
        out[""] = self.factor(key, match.unit)
        return out

    def factor(self, key, unit):
        col = self.found[key].column
        if unit in col.units:
            return col.units[unit]
        return self.packs[key][unit].factor

    def merged_from(self, row, key):
        """The first row of the merged range the cell of *key* on *row* belongs to, or None."""
        return (self.merged or {}).get((row, self.found[key].index))

    def fill_down(self, key):
        """Fill blank cells of column *key* with the value above (cells of a merged range), in place.

        Returns the rows filled. In a CSV a merged range is exported as its first cell and
        blanks below it; in a workbook only cells of a merged range are filled.
        """
        if key not in self.found:
            return []
        index, above, filled, workbook = self.found[key].index, "", [], self.merged is not None
        for n, (row, cells) in enumerate(self.rows):
            text = self.cell(cells, key).strip()
            if text:
                above = text
                continue
            if above and (not workbook or (row, index) in self.merged):
                cells = list(cells) + [""] * (index + 1 - len(cells))
                cells[index] = above
                self.rows[n] = (row, cells)
                filled.append(row)
        return filled


def read_bytes(path, collector):
    """The file's bytes, or None after reporting why it cannot be read."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            collector.add(path, 0, "", Unreadable(N_("file is {size:,} bytes; the limit is {limit:,}"), size=size,
                                              limit=MAX_BYTES))
            return None
        return path.read_bytes()
    except FileNotFoundError:
        collector.add(path, 0, "", Unreadable(N_("file not found")))
    except IsADirectoryError:
        collector.add(path, 0, "", Unreadable(N_("is a folder, not a file")))
    except OSError as exc:
        collector.add(path, 0, "", Unreadable(N_("cannot read: {why}"), why=exc.strerror))
    return None


def decode(data, file, collector):
    """``(text, encoding)``: UTF-8 (BOM dropped) or else GBK (read as GB18030, its superset)."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        collector.add(file, 0, "", Unreadable(N_("this is an Excel workbook under a CSV name; give it its .xlsx name, or "
                                             "in Excel use File > Save As > 'CSV UTF-8'")))
        return None, None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode Text": UTF-16, tab-separated
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "GBK"
    except UnicodeDecodeError as exc:
        collector.add(file, 0, "", Unreadable(N_("not UTF-8 or GBK text (byte {byte}); save it as 'CSV UTF-8'"),
                                          byte=exc.start))
        return None, None


def _records(text):
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _blank(cells):
    return not any(str(c).strip() for c in cells)


def read_text(path, collector):
    """``(text, encoding)`` of the file at *path*, or ``(None, None)`` after reporting why it cannot be read."""
    data = read_bytes(path, collector)
    return (None, None) if data is None else decode(data, str(path), collector)


def _csv_records(path, file, collector):
    """``(rows, merged, notes)``: ``[(row number, cells)]`` of the CSV at *path*, None (no merged
    cells can be seen in a CSV), notes; or None after reporting why it cannot be read."""
    text, encoding = read_text(path, collector)
    if text is None:
        return None
    try:
        records = _records(text)
    except csv.Error as exc:
        collector.add(file, 0, "", Unreadable(N_("not a readable CSV table: {why}"), why=str(exc)))
        return None
    _ = collector._
    notes = [_("{file}: read as {encoding}", file=file, encoding=encoding)] if encoding != "UTF-8" else []
    return list(enumerate(records, start=1)), None, notes


def read_table(path, columns, collector, what, packs=None):
    """Read the CSV or .xlsx at *path* for *columns*; report problems to *collector*; None if unusable."""
    file = str(path)
    _ = collector._
    if Path(path).suffix.lower() in WORKBOOK_SUFFIXES:
        got = read_workbook(path, columns, collector, packs)
    else:
        got = _csv_records(path, file, collector)
    if got is None:
        return None
    records, merged, notes = got
    numbered = [(i, cells) for i, cells in records if not _blank(cells)]
    if not numbered:
        collector.add(file, 0, "", Unreadable(N_("the file is empty; it needs a header row and one row per {what}"),
                                          what=_(what)))
        return None
    header_row, headers, second = find_header(numbered, columns, packs)
    found, problems, ignored = match_headers(headers, columns, packs)
    for header, reason, _ in problems:
        collector.add(file, header_row, header, reason)
    lacking = missing(found, columns, problems)
    for col in lacking:
        hint = _(HEADER_HINT) if _header_hint(numbered, header_row) else ""
        collector.add(file, header_row, col.shown(), Unreadable(N_("required column is missing (accepted headers: "
                                                               "{names}){hint}"), names=", ".join(col.names), hint=hint))
    if problems or lacking:
        return None
    table = RegistryTable(file, header_row, headers, found, packs or {}, merged=merged)
    table.notes += notes
    if second:
        table.notes.append(_("{file}:{first}-{second}: two-row header: the second row names the columns under a "
                             "group header", file=file, first=header_row, second=second))
    table.ignored = ignored
    if ignored:
        table.notes.append(_("{file}: ignored columns: {headers}", file=file, headers=_.join(ignored)))
    last_header = second or header_row
    for row, cells in numbered:
        if row <= last_header:
            continue
        if any(str(c).strip().lower() in TOTAL_WORDS for c in cells):
            table.notes.append(_("{file}:{row}: skipped the total row", file=file, row=row))
        elif is_footer(cells):
            shown = " ".join(str(c).strip() for c in cells if str(c).strip())
            table.notes.append(_("{file}:{row}: skipped the footer row: {shown}", file=file, row=row, shown=shown))
        else:
            table.rows.append((row, cells))
    if not table.rows:
        collector.add(file, 0, "", Unreadable(N_("the file has a header row but no {what} rows"), what=_(what)))
        return None
    return table


FOOTER = re.compile(columns.FOOTER_WORDS)
"""The first cell of a footer row under the table: 填表人：…, 审核人：…, 日期：…, 注：…"""


def is_footer(cells):
    """True if the row's first filled cell is a footer's "word：" (填表人：张三)."""
    first = next((str(c).strip() for c in cells if str(c).strip()), "")
    return bool(FOOTER.match(first))


HEADER_HINT = N_("; the row below the header holds no numbers: if the header spans two rows, the second must "
                 "name the columns under the group header")


def _header_hint(numbered, header_row):
    """Is the row below the header free of numbers (a second header row that names nothing)?"""
    rest = [cells for row, cells in numbered if row > header_row][:1]
    return bool(rest and not any(_numeric(c) for c in rest[0]))


def _numeric(cell):
    try:
        values.number(cell)
        return True
    except ValueError:
        return False


def find_header(numbered, columns, packs=None):
    """``(row, headers, second row or None)``: the first of the top rows that names at least two
    columns, one of them required (else row 1's), with a second header row merged in when the
    next row holds no numbers and writes only under cells that name no column (blank, or a
    group header such as 物资储备)."""
    header = numbered[0]
    for i, (row, cells) in enumerate(numbered[:HEADER_SEARCH_ROWS]):
        found, _, _ = match_headers(cells, columns, packs)
        required = [k for k in found if any(c.key == k and c.required for c in columns)]
        if len(found) >= 2 and required:
            header = (row, cells)
            break
    row, cells = header
    after = [(r, c) for r, c in numbered if r > row][:1]
    if after and after[0][0] == row + 1:
        lower = after[0][1]
        upper, _, _ = match_headers(cells, columns, packs)
        taken = {m.index for m in upper.values()}
        under_groups = all(i not in taken for i, c in enumerate(lower) if str(c).strip())
        if under_groups and not any(_numeric(c) for c in lower):
            width = max(len(cells), len(lower))
            pad = lambda xs: list(xs) + [""] * (width - len(xs))  # noqa: E731
            merged = [lo if str(lo).strip() else up for up, lo in zip(pad(cells), pad(lower))]
            return row, merged, row + 1
    return row, list(cells), None
