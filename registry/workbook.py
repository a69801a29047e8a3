"""Reading an Excel workbook (.xlsx) with openpyxl: the sheet that holds the registry, cell by cell.

The workbook is checked first (``sim.userfile.check_workbook``): a bounded number of parts, a
bounded unpacked size read from the archive's directory, no DTD in any XML part; openpyxl then
reads it through defusedxml.

The sheet is the first whose top rows name the registry's columns (an office's workbook
often opens with a 填表说明 sheet). Cells become the text a person sees: whole numbers without
".0", formulas as their last computed value (empty if Excel never computed them). Cells
hidden under a merged range are left blank and remembered, so that the table can fill down
the columns that allow it (township, tier) and say "merged cell" where it does not.
"""
import datetime

from sim.userfile import UnusableFile, check_workbook

from .columns import match_headers

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
HEADER_SEARCH_ROWS = 8
"""Rows from the top of a sheet looked at for the header when choosing the sheet."""


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def _rows(sheet):
    """``[(row number, [cell text, ...])]`` and the merged map ``{(row, col index): first row}``."""
    rows = [(i, [_text(v) for v in values]) for i, values in enumerate(sheet.iter_rows(values_only=True), start=1)]
    merged = {}
    for rng in sheet.merged_cells.ranges:
        for row in range(rng.min_row, rng.max_row + 1):
            for col in range(rng.min_col, rng.max_col + 1):
                if (row, col) != (rng.min_row, rng.min_col):
                    merged[(row, col - 1)] = rng.min_row
    return rows, merged


def _names_columns(rows, columns, packs):
    for _, cells in rows[:HEADER_SEARCH_ROWS]:
        found, _, _ = match_headers(cells, columns, packs)
        if len(found) >= 2 and any(c.required and c.key in found for c in columns):
            return True
    return False


def read_workbook(path, columns, collector, packs=None):
    """``(rows, merged, notes)`` of the registry's sheet in the workbook at *path*, or None after reporting."""
    import openpyxl  # only a workbook needs it

    file = str(path)
    if str(path).lower().endswith(".xls"):
        collector.add(file, 0, "", "an Excel 97-2003 workbook (.xls) cannot be read; in Excel use File > Save As > "
                                   "'Excel Workbook (.xlsx)' or 'CSV UTF-8' (文件 > 另存为 > Excel 工作簿 / CSV UTF-8)")
        return None
    try:
        check_workbook(path)  # bounded: parts and unpacked size from the archive's directory, no DTD
        book = openpyxl.load_workbook(path, data_only=True)
    except UnusableFile as exc:
        collector.add(file, 0, "", str(exc))
        return None
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        collector.add(file, 0, "", f"not a readable .xlsx workbook ({exc}); save it again from Excel as .xlsx or CSV UTF-8")
        return None
    sheets = [(ws.title, *_rows(ws)) for ws in book.worksheets]
    chosen = next((s for s in sheets if _names_columns(s[1], columns, packs)), sheets[0])
    title, rows, merged = chosen
    notes = [f"{file}: read sheet '{title}' ({sheets.index(chosen) + 1} of {len(sheets)}) / 读取工作表「{title}」"]
    return rows, merged, notes
