"""The one error a bad scenario raises: every problem of a file, each with its place."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario file, where it is and why."""

    file: str
    line: int  # 1-based; 0 when the place is unknown
    col: int  # 1-based; 0 when the place is unknown
    path: str  # dotted path to the field, e.g. ``shelters.S1.capacity``
    reason: str

    def __str__(self):
        where = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        return f"{where}: {self.path or '(file)'}: {self.reason}"


class RemedyError(Exception):
    """An error whose remedy depends on how the user reached us: the message names the
    Python call (``resume=True``); ``cli`` names the command's flag (``--resume``)."""

    def __init__(self, message, cli=None):
        super().__init__(message)
        self.cli = cli or message


class ScenarioError(Exception):
    """A scenario (or a file it names) cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
