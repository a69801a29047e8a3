"""What can be wrong with a registry file, said by file, row and column."""
from dataclasses import dataclass


@dataclass(frozen=True)
class RowProblem:
    """One thing wrong in an input file.

    ``row`` is the row number a spreadsheet shows (the header is row 1 when the file has
    no title rows), or a GeoJSON feature number (``feature`` set), or 0 for the whole file.
    ``column`` is the header as the file writes it, or a property name.
    """

    file: str
    row: int
    column: str
    reason: str
    feature: bool = False

    def __str__(self):
        if not self.row:
            where = self.file
        elif self.feature:
            where = f"{self.file}: feature {self.row}"
        else:
            where = f"{self.file}:{self.row}"
        return f"{where}: {self.column}: {self.reason}" if self.column else f"{where}: {self.reason}"


class RegistryError(Exception):
    """The registry cannot become a scenario; ``problems`` lists every reason at once."""

    def __init__(self, problems):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Collector:
    """Gathers problems while files are read, so every bad row is reported in one go; ``_``
    is the message catalogue in the user's language (*lang*; None: the one rule)."""

    def __init__(self, lang=None):
        from messages import texts

        self.problems = []
        self._ = texts(lang)

    def add(self, file, row, column, reason, feature=False):
        """Note one problem; *reason* is text, or a words.Unreadable said in the user's language."""
        from .words import say

        reason = say(reason, self._) if isinstance(reason, BaseException) or hasattr(reason, "say") else reason
        self.problems.append(RowProblem(str(file), row, column, reason, feature))

    def raise_if_any(self):
        """Raise every problem so far, file by file (in the order first seen), row by row."""
        if self.problems:
            files = list(dict.fromkeys(p.file for p in self.problems))
            raise RegistryError(sorted(self.problems, key=lambda p: (files.index(p.file), p.row)))
