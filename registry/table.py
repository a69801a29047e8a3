"""Reading a CSV table as a spreadsheet program writes it: UTF-8 (with or without BOM) or GBK.

Excel saves "CSV UTF-8" with a byte-order mark, plain "CSV" in the system's code page,
which on a Chinese Windows office PC is GBK, and "Unicode Text" as tab-separated UTF-16;
all three are read. Row numbers are the ones the
spreadsheet shows. Title rows above the header (a merged "XX街道避灾点台账" line) are
skipped, and so are blank rows and a total row (合计 / 总计) at the bottom.
"""
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from .columns import match_headers, missing

MAX_BYTES = 20 * 1024 * 1024
"""Refuse input files larger than this (bytes); a registry of thousands of rows is far smaller."""
HEADER_SEARCH_ROWS = 5
"""How many rows from the top may hold the header (title rows come first)."""
TOTAL_WORDS = {"合计", "总计", "小计", "total", "sum", "合 计", "总 计"}


@dataclass
class Table:
    """A table read from a file: the header, matched columns, and data rows by spreadsheet row number."""

    file: str
    encoding: str
    header_row: int
    headers: list
    found: dict
    rows: list = field(default_factory=list)  # (row number, cells)
    notes: list = field(default_factory=list)

    def cell(self, cells, key):
        """The text in column *key* of *cells*, or "" when the column is absent or the row short."""
        match = self.found.get(key)
        if match is None or match.index >= len(cells):
            return ""
        return cells[match.index]


def read_bytes(path, collector):
    """The file's bytes, or None after reporting why it cannot be read."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            collector.add(path, 0, "", f"file is {size:,} bytes; the limit is {MAX_BYTES:,}")
            return None
        return path.read_bytes()
    except FileNotFoundError:
        collector.add(path, 0, "", "file not found")
    except IsADirectoryError:
        collector.add(path, 0, "", "is a folder, not a file")
    except OSError as exc:
        collector.add(path, 0, "", f"cannot read: {exc.strerror}")
    return None


def decode(data, file, collector):
    """``(text, encoding)``: UTF-8 (BOM dropped) or else GBK (read as GB18030, its superset)."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        collector.add(file, 0, "", "this is an Excel workbook, not CSV; in Excel use "
                                   "File > Save As > 'CSV UTF-8' (文件 > 另存为 > CSV UTF-8)")
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
        collector.add(file, 0, "", f"not UTF-8 or GBK text (byte {exc.start}); save it as 'CSV UTF-8'")
        return None, None


def _records(text):
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _blank(cells):
    return not any(c.strip() for c in cells)


def read_table(path, columns, collector, what):
    """Read the CSV at *path* for *columns*; report problems to *collector*; None if unusable."""
    file = str(path)
    data = read_bytes(path, collector)
    if data is None:
        return None
    text, encoding = decode(data, file, collector)
    if text is None:
        return None
    try:
        records = _records(text)
    except csv.Error as exc:
        collector.add(file, 0, "", f"not a readable CSV table: {exc}")
        return None
    numbered = [(i, cells) for i, cells in enumerate(records, start=1) if not _blank(cells)]
    if not numbered:
        collector.add(file, 0, "", f"the file is empty; it needs a header row and one row per {what}")
        return None
    header_row, headers = _find_header(numbered, columns)
    found, problems, ignored = match_headers(headers, columns)
    for header, reason in problems:
        collector.add(file, header_row, header, reason)
    for col in missing(found, columns):
        collector.add(file, header_row, col.shown(), "required column is missing "
                      f"(accepted headers: {', '.join(col.names)})")
    if problems or missing(found, columns):
        return None
    table = Table(file, encoding, header_row, headers, found)
    if encoding != "UTF-8":
        table.notes.append(f"{file}: read as {encoding}")
    if ignored:
        table.notes.append(f"{file}: ignored columns {', '.join(ignored)}")
    for row, cells in numbered:
        if row <= header_row:
            continue
        if any(c.strip().lower() in TOTAL_WORDS for c in cells):
            table.notes.append(f"{file}:{row}: skipped the total row")
            continue
        table.rows.append((row, cells))
    if not table.rows:
        collector.add(file, 0, "", f"the file has a header row but no {what} rows")
        return None
    return table


def _find_header(numbered, columns):
    """The first of the top rows that names at least two columns, one of them required; else row 1's."""
    for row, cells in numbered[:HEADER_SEARCH_ROWS]:
        found, _, _ = match_headers(cells, columns)
        required = [k for k in found if any(c.key == k and c.required for c in columns)]
        if len(found) >= 2 and required:
            return row, cells
    return numbered[0]
