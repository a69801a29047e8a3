"""The sweep store: every finished run appended to a JSON-lines file as it arrives.

The first line describes the sweep (its key: a hash of the scenario, the grid and the
seed); each further line is one finished run ``{"grid": g, "replication": k,
"run_id": ..., "kpis": {...}}``, flushed at once, so a Ctrl-C, a crash or a killed
process loses only the runs still in flight. Opening the store again with
``resume=True`` gives back the finished runs; a store made for another sweep is refused.
"""
import json
import os
from pathlib import Path

from .errors import RemedyError
from .outfile import make_folder, write_text

FORMAT = "stormdrill-sweep-store/1"


class SweepStoreError(RemedyError, ValueError):
    """A store that cannot be used for this sweep (exists, belongs to another sweep, unreadable)."""


class Store:
    """An open store file, appending one line per finished run."""

    def __init__(self, path, header, resume=False):
        self.path = Path(path)
        self.header = header
        self.done = {}  # (grid, replication) -> record
        if self.path.exists() and self.path.stat().st_size > 0:
            if not resume:
                there = f"{self.path}: a sweep store is already there; "
                raise SweepStoreError(there + "pass resume=True to complete its sweep, or choose another store",
                                 cli=there + "add --resume to complete its sweep, or choose another place")
            self._read()
        else:  # a new store, created all at once and never through a planted link (sim.outfile)
            make_folder(self.path.parent)
            write_text(self.path, json.dumps(header, ensure_ascii=False, default=str) + "\n")
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0))
        self._fh = os.fdopen(fd, "a", encoding="utf-8")

    def _read(self):
        with open(self.path, "rb") as fh:
            data = fh.read()
        end = data.rfind(b"\n") + 1
        if end < len(data):  # a line cut short by a crash: drop it before appending
            with open(self.path, "r+b") as fh:
                fh.truncate(end)
        lines = data[:end].decode("utf-8").splitlines()
        try:
            first = json.loads(lines[0]) if lines else None
        except json.JSONDecodeError:
            first = None
        if not isinstance(first, dict) or first.get("format") != FORMAT:
            raise SweepStoreError(f"{self.path}: not a stormdrill sweep store")
        if first.get("key") != self.header["key"]:
            raise SweepStoreError(
                f"{self.path}: this store belongs to another sweep (scenario {first.get('scenario')!r}, "
                f"vary {first.get('vary')}, seed {first.get('seed')}); it cannot be resumed with a different "
                f"scenario, grid or seed")
        for number, line in enumerate(lines[1:], start=2):
            try:
                record = json.loads(line)
                self.done[(int(record["grid"]), int(record["replication"]))] = record
            except (json.JSONDecodeError, KeyError, TypeError, ValueError):
                raise SweepStoreError(f"{self.path}:{number}: unreadable run record") from None

    def append(self, record, kpis_text=None):
        """Add one finished run and push it to the file now (*kpis_text*: its KPIs already
        written as JSON by the worker, so they are not written twice)."""
        if kpis_text is None:
            line = json.dumps(record, ensure_ascii=False)
        else:
            head = json.dumps({k: v for k, v in record.items() if k != "kpis"}, ensure_ascii=False)
            line = f'{head[:-1]}, "kpis": {kpis_text}}}'
        self._fh.write(line + "\n")
        self._fh.flush()
        self.done[(record["grid"], record["replication"])] = record

    def close(self):
        if not self._fh.closed:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
