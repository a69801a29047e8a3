"""Text in spreadsheet cells stays text: a name that begins like a formula is neutralised.

A shelter called ``=HYPERLINK("http://…")`` or ``@SUM(A1)`` in a scenario (or a registry
passed around by chat) would run as a formula when a planner opens stormdrill's CSV or .xlsx
output in Excel or WPS. Every table the tool writes goes through :func:`cell`: text that
begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (or their full-width
forms) gets a leading apostrophe, which spreadsheets show as text (OWASP's advice for CSV
injection). Numbers, and text that reads as a number (``-5``, ``-inf``), are left as they
are. :func:`uncell` undoes it for files the tool reads back (the MSEL sheet).

    writer = cells.writer(fh)          # a csv.writer whose rows are neutralised
    writer = cells.dict_writer(fh, fieldnames=columns)
    sheet.append(cells.row(values))    # openpyxl
"""
import csv

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""What a spreadsheet may read as the start of a formula (with the full-width forms)."""


def cell(value):
    """*value* as a cell: text beginning like a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _number(value):
        return "'" + value
    return value


def row(values):
    """A row of cells (a list), each through :func:`cell`."""
    return [cell(v) for v in values]


def uncell(text):
    """Text read back from a sheet the tool wrote: the apostrophe :func:`cell` added, removed."""
    if isinstance(text, str) and text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def _number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


class _Writer:
    """A csv.writer (or DictWriter) whose every row, header included, goes through :func:`cell`."""

    def __init__(self, inner, keyed):
        self.inner, self.keyed = inner, keyed

    def writeheader(self):
        self.inner.writerow({name: cell(name) for name in self.inner.fieldnames})

    def writerow(self, values):
        if self.keyed:
            return self.inner.writerow({k: cell(v) for k, v in values.items()})
        return self.inner.writerow(row(values))

    def writerows(self, rows):
        for values in rows:
            self.writerow(values)


def writer(fh, **kw):
    """``csv.writer(fh)`` whose rows are neutralised."""
    return _Writer(csv.writer(fh, **kw), keyed=False)


def dict_writer(fh, fieldnames, **kw):
    """``csv.DictWriter(fh, fieldnames)`` whose rows (and header) are neutralised."""
    return _Writer(csv.DictWriter(fh, fieldnames=fieldnames, **kw), keyed=True)
