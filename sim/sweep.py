"""Batch sweeps: many replications of a scenario over a grid of parameter values.

    result = sim.sweep(scenario, vary={"shelters.S1.stock.water_l": [500, 1000, 2000]},
                       replications=100, seed=1, workers=2)
    result.summary            # one dict per grid point: mean, sd, 95 % CI of every KPI
    result.to_csv("runs.csv")

The grid is the cartesian product of the ``vary`` lists (dotted override paths, as in
sim/overrides.py). Replication *k* runs with the seed ``replication_seed(seed, k)`` at
*every* grid point (common random numbers): the storm, the cohorts' draws and every
other stream are the same, so differences between grid points are the parameter's,
not noise's. Rows come out ordered by (grid point, replication) whatever the number
of workers or the backend, so the same call gives the same rows anywhere.
"""
import hashlib
import itertools
import json
import math
import os

import numpy as np

from . import cells, stats
from .errors import ScenarioError
from .script_guard import refuse_unguarded_script
from .outfile import replacing
from .sweep_backends import RunProblem, open_backend
from .sweep_store import FORMAT, Store, SweepStoreError
from .transfer_why import WHYS
from .verdict import CODES

__all__ = ["SweepResult", "SweepStoreError", "replication_seed", "sweep", "sweep_key", "open_backend"]


def replication_seed(seed, k):
    """The engine seed of replication *k* (0, 1, ...) in a sweep with seed *seed*: a 63-bit
    number spawned from ``SeedSequence(seed)`` with spawn key ``(k,)``."""
    state = np.random.SeedSequence(int(seed), spawn_key=(int(k),)).generate_state(2, np.uint32)
    return (int(state[0]) << 31) ^ int(state[1])


def grid_points(vary):
    """The grid: one ``{path: value}`` dict per point, the last path varying fastest."""
    paths = list(vary)
    return [dict(zip(paths, values)) for values in itertools.product(*(vary[p] for p in paths))]


def sweep_key(scenario, vary, seed, measure=None):
    """A hash naming this sweep: the scenario's source, the grid, the seed (and the measure)."""
    text = json.dumps({"scenario": scenario.source, "vary": vary, "seed": seed,
                       "measure": _name(measure)}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _source_key(scenario):
    """A hash of the scenario alone: workers keep a validated scenario under it between sweeps."""
    text = json.dumps(scenario.source, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sweep(scenario, vary=None, replications=10, seed=0, workers=None, backend="process", progress=True,
          store=None, resume=False, scheduler=None, measure=None, pool=None):
    """Run *replications* of *scenario* at every point of the grid *vary*; return a SweepResult.

    vary: ``{dotted path: [values]}``; ``{}`` runs the scenario as it is.
    replications: a count R (replications 0 .. R-1), or a list of replication numbers.
    seed: the sweep's seed; replication k uses ``replication_seed(seed, k)`` at every point.
    workers: processes (or Dask workers for a local cluster); default ``os.cpu_count()``.
    backend: "process" (this machine) or "dask" (``scheduler="tcp://host:port"``, or a
        local cluster on 127.0.0.1 when no address is given).
    store: a JSON-lines file that keeps every finished run as it arrives; with
        ``resume=True`` an existing store of the same sweep is completed, not redone.
    measure: a module-level function ``f(RunResult) -> dict`` run in the worker; its
        entries (JSON-able) join the row, for numbers the KPIs do not give.
    pool: an open backend (``open_backend(...)``) to reuse across sweeps; left open.
    progress: True for a bar on stderr; or a function called with the number of runs
        that finished each time some do (a caller drawing its own bar).
    """
    vary, reps = _check(scenario, vary or {}, replications, seed)
    seed = int(seed)
    workers = _workers(workers)
    refuse_unguarded_script(backend, workers if pool is None else 1, scheduler)  # before a store is made
    points = grid_points(vary)
    for point in points:  # every override checked here, before any worker starts
        scenario.with_overrides(point)
    key = sweep_key(scenario, vary, seed, measure)
    seeds = {k: replication_seed(seed, k) for k in reps}
    header = {"format": FORMAT, "key": key, "scenario": scenario.name, "vary": vary, "seed": seed,
              "replications": len(reps), "measure": _name(measure)}
    records = {}
    log = Store(store, header, resume=resume) if store is not None else None
    try:
        if log is not None:
            records.update(log.done)
        todo = [(g, k) for g in range(len(points)) for k in reps if (g, k) not in records]
        chunks = _chunks(todo, points, seeds, scenario, _source_key(scenario), measure, workers)
        _collect(chunks, records, log, len(points) * len(reps), len(points) * len(reps) - len(todo), workers,
                 backend, scheduler, progress, pool)
    finally:
        if log is not None:
            log.close()
    rows = [_row(points[g], k, seeds[k], records[(g, k)]["kpis"]) for g in range(len(points)) for k in reps]
    return SweepResult(vary, points, rows, len(reps), seed)


def _check(scenario, vary, replications, seed):
    if not hasattr(scenario, "source"):
        raise TypeError("scenario must be a loaded Scenario (sim.load_scenario or sim.scenario_from_dict)")
    reps = _replications(replications)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, not {seed!r}")
    if not isinstance(vary, dict):
        raise TypeError("vary must be a mapping {dotted path: [values]}")
    out = {}
    for path, values in vary.items():
        if not isinstance(path, str) or not path:
            raise ValueError(f"vary: {path!r} is not a dotted path such as shelters.S1.stock.water_l")
        if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
            raise ValueError(f"vary: {path}: give a list of values, not {values!r}")
        values = [v.item() if isinstance(v, np.generic) else v for v in values]
        if not values:
            raise ValueError(f"vary: {path}: the list of values is empty")
        out[path] = values
    return out, reps


def _replications(replications):
    """Replication numbers to run: ``range(R)`` for a count R, or the given numbers, sorted."""
    if isinstance(replications, (int, np.integer)) and not isinstance(replications, bool):
        if replications < 1:
            raise ValueError(f"replications must be at least 1, not {replications}")
        return list(range(int(replications)))
    try:
        reps = sorted({int(k) for k in replications})
    except (TypeError, ValueError):
        raise ValueError(f"replications must be a count or a list of replication numbers, not {replications!r}") from None
    if not reps or reps[0] < 0:
        raise ValueError("replications: give at least one replication number, none negative")
    return reps


def _workers(workers):
    if workers is None:
        return os.cpu_count() or 1
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a whole number of at least 1, not {workers!r}")
    return workers


def _chunks(todo, points, seeds, scenario, key, measure, workers):
    """Runs grouped so each worker gets several chunks (load balance) of a few runs (cheap transfer)."""
    size = max(1, min(16, len(todo) // (workers * 8) if workers > 1 else 16))
    for i in range(0, len(todo), size):
        runs = [(g, k, points[g], seeds[k]) for g, k in todo[i:i + size]]
        yield (key, scenario.source, scenario.file, runs, measure)


def _collect(chunks, records, log, total, done, workers, backend, scheduler, progress, pool):
    """Run the chunks, keeping each finished run (in *records* and the store) as it arrives."""
    runner = pool if pool is not None else open_backend(backend, workers, scheduler)
    bar = (_Reported(progress) if callable(progress) else _Progress(total, done)) if progress else None
    finished = False
    try:
        for results in _unwrapped(runner.results(chunks)):
            for grid, rep, run_id, text in results:
                record = {"grid": grid, "replication": rep, "run_id": run_id, "kpis": json.loads(text)}
                if log is not None:
                    log.append(record, text)
                records[(grid, rep)] = record
            if bar is not None:
                bar.advance(len(results), getattr(runner, "where", ""))
        finished = True
    finally:
        if bar is not None:
            bar.close()
        if pool is None:
            runner.close(cancel=not finished)


def _unwrapped(results):
    """Results as they come, a worker's RunProblem raised here as the ScenarioError it was."""
    try:
        yield from results
    except RunProblem as exc:
        raise ScenarioError(exc.problems) from None


class _Reported:
    """Progress told to the caller's function ``f(runs finished just now)`` instead of drawn here."""

    def __init__(self, report):
        self.report = report

    def advance(self, n, where=""):
        """*n* more runs done; where they ran is the sweep's own business, not the caller's."""
        self.report(n)

    def close(self):
        pass


class _Progress:
    """A rich progress bar with the runs done, the rate and the time left, on stderr."""

    def __init__(self, total, done):
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

        self.progress = Progress(TextColumn("sweep {task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("runs"),
                                 TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                                 console=Console(stderr=True), transient=False)
        self.task = self.progress.add_task("", total=total, completed=done)
        self.progress.start()

    def advance(self, n, where=""):
        """*n* more runs done; *where* they run (this process, or worker processes)."""
        self.progress.update(self.task, advance=n, description=f"· {where}" if where else "")

    def close(self):
        self.progress.stop()


def _row(point, k, seed, kpis):
    row = dict(point)
    row["replication"] = k
    row["seed"] = seed
    row.update(kpis)
    return row


def _name(fn):
    return None if fn is None else f"{fn.__module__}.{fn.__qualname__}"


class SweepResult:
    """Rows (one per run) and a summary (one per grid point) of a sweep."""

    def __init__(self, vary, points, rows, replications, seed):
        self.vary = vary
        self.points = points
        self.rows = rows
        self.replications = replications
        self.seed = seed
        self.summary = [_summarise(point, rows[g * replications:(g + 1) * replications])
                        for g, point in enumerate(points)]

    def __repr__(self):
        return f"<SweepResult: {len(self.points)} grid points x {self.replications} replications>"

    def kpi_names(self):
        """The KPI columns of the rows (everything after ``seed``), in order."""
        fixed = set(self.vary) | {"replication", "seed"}
        return [c for c in self.rows[0] if c not in fixed] if self.rows else []

    def to_csv(self, path):
        """Write the rows as CSV (infinite values as ``inf``), all at once (sim.outfile)."""
        columns = list(self.rows[0]) if self.rows else []
        with replacing(path, newline="") as fh:  # all at once, never through a planted link
            writer = cells.dict_writer(fh, fieldnames=columns)  # names never run as formulas
            writer.writeheader()
            for row in self.rows:
                writer.writerow({c: _cell(v) for c, v in row.items()})

    def to_parquet(self, path):
        """Write the rows as Parquet (needs pyarrow: pip install 'stormdrill[parquet]')."""
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise RuntimeError("writing Parquet needs pyarrow: pip install 'stormdrill[parquet]'") from None
        columns = list(self.rows[0]) if self.rows else []
        table = pa.Table.from_pydict({c: [r[c] for r in self.rows] for c in columns})
        with replacing(path, binary=True) as fh:
            pq.write_table(table, fh)

    def to_pandas(self):
        """The rows as a pandas DataFrame (needs pandas)."""
        try:
            import pandas as pd
        except ImportError:
            raise RuntimeError("to_pandas needs pandas: pip install 'stormdrill[pandas]'") from None
        return pd.DataFrame(self.rows)

    def summary_pandas(self):
        """The summary as a pandas DataFrame (needs pandas)."""
        try:
            import pandas as pd
        except ImportError:
            raise RuntimeError("summary_pandas needs pandas: pip install 'stormdrill[pandas]'") from None

        return pd.DataFrame(self.summary)


def _summarise(point, rows):
    out = dict(point)
    out["replications"] = len(rows)
    fixed = set(point) | {"replication", "seed"}
    for name in (c for c in rows[0] if c not in fixed):
        values = [r[name] for r in rows]
        if all(isinstance(v, (bool, int, float)) for v in values):
            out.update(stats.summarise(name, values))
    if "verdict_reasons" in rows[0]:  # why runs failed: the share of replications citing each reason
        for code in CODES:
            out[f"reason_{code}_share"] = sum(code in r["verdict_reasons"].split(",") for r in rows) / len(rows)
    for why in WHYS:  # why people were left in danger: the share of replications with anyone under each why
        if f"danger_{why}" in rows[0]:
            out[f"danger_{why}_share"] = sum(r[f"danger_{why}"] > 0 for r in rows) / len(rows)
    return out


def _cell(value):
    if isinstance(value, float) and math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if isinstance(value, (list, dict)):
        return json.dumps(value)
    return value
