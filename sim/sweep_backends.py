"""Where a sweep's runs happen: worker processes on this machine, or a Dask cluster.

Work travels as *chunks*: the scenario's source mapping (plain data, never a pickled
engine) and a few runs ``(grid, replication, overrides, seed)``. A worker validates
the scenario once, keeps it, and plays each run with ``sim.run``. A backend takes
chunks and yields their results in whatever order they finish; the sweep puts them
in order.
"""
import multiprocessing
import os
import signal
import uuid
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

from .lifeline import hold

_CACHE = {}  # in a worker: (scenario key, overrides as text) -> Scenario
_CACHE_SIZE = 64


class RunProblem(Exception):
    """A scenario that a worker could not play (ScenarioError does not survive pickling)."""

    def __init__(self, grid, problems):
        super().__init__(grid, problems)
        self.grid, self.problems = grid, tuple(problems)


def run_chunk(chunk):
    """In a worker: play every run of *chunk*; return [(grid, replication, run_id, kpis)]."""
    from .errors import ScenarioError
    from .run import run

    key, source, file, runs, measure = chunk
    out = []
    for grid, rep, overrides, seed in runs:
        try:
            result = run(_scenario(key, source, file, overrides), seed=seed)
        except ScenarioError as exc:
            raise RunProblem(grid, exc.problems) from None
        kpis = dict(result.kpis)
        if measure is not None:
            kpis.update(measure(result))
        out.append((grid, rep, f"{os.getpid()}-{uuid.uuid4().hex[:12]}", kpis))
    return out


def _scenario(key, source, file, overrides):
    from .scenario import scenario_from_dict

    base = (key, "")
    if base not in _CACHE:
        _CACHE[base] = scenario_from_dict(source, file=file)
    if not overrides:
        return _CACHE[base]
    name = (key, repr(sorted(overrides.items())))
    if name not in _CACHE:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()
            _CACHE[base] = scenario_from_dict(source, file=file)
        _CACHE[name] = _CACHE[base].with_overrides(overrides)
    return _CACHE[name]


def _quiet_worker(sweep_pid=None):
    """Workers leave Ctrl-C to the parent, which keeps what finished and stops them; they end
    themselves if the sweep is killed (sim.lifeline)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sweep_pid is not None:
        hold(sweep_pid)


def _context():
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if ctx.get_start_method() == "forkserver":
        ctx.set_forkserver_preload(["sim"])
    return ctx


class InProcess:
    """Runs every chunk here, one after the other (workers=1: no processes to start)."""

    workers = 1

    def results(self, chunks):
        for chunk in chunks:
            yield run_chunk(chunk)

    def close(self, cancel=False):
        pass


class Processes:
    """A pool of worker processes on this machine (forkserver or spawn, never fork)."""

    def __init__(self, workers):
        self.workers = workers
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_quiet_worker,
                                        initargs=(os.getpid(),))

    def results(self, chunks):
        chunks = iter(chunks)
        pending = set()
        for chunk in chunks:  # keep every worker busy, and a little more
            pending.add(self.pool.submit(run_chunk, chunk))
            if len(pending) >= 2 * self.workers:
                break
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
                nxt = next(chunks, None)
                if nxt is not None:
                    pending.add(self.pool.submit(run_chunk, nxt))

    def close(self, cancel=False):
        self.pool.shutdown(wait=not cancel, cancel_futures=cancel)


class Dask:
    """A Dask distributed cluster: the one at *address*, or a local one started here."""

    def __init__(self, workers, address=None):
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise RuntimeError("the Dask backend needs dask.distributed: pip install 'stormdrill[cluster]'") from None
        self.cluster = None
        if address:
            self.client = Client(address, timeout="20s")
        else:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        host="127.0.0.1", dashboard_address=None)
            self.client = Client(self.cluster)
            self.client.run(hold, os.getpid())  # a local cluster's workers end with this process
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or workers)

    def results(self, chunks):
        from distributed import as_completed

        sources, futures = {}, []
        for key, source, file, runs, measure in chunks:
            if key not in sources:  # the scenario goes to every worker once, not with every chunk
                sources[key] = self.client.scatter(source, broadcast=True)
            futures.append(self.client.submit(run_chunk, (key, sources[key], file, runs, measure), pure=False))
        self._futures = futures
        for future in as_completed(futures):
            yield future.result()

    def close(self, cancel=False):
        if cancel and getattr(self, "_futures", None):
            self.client.cancel(self._futures)
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def open_backend(backend, workers, scheduler=None):
    """The backend named *backend* ("process" or "dask") with *workers* workers."""
    if backend == "process":
        return InProcess() if workers == 1 else Processes(workers)
    if backend == "dask":
        return Dask(workers, scheduler)
    raise ValueError(f"backend must be 'process' or 'dask', not {backend!r}")
