"""Where a sweep's runs happen: worker processes on this machine, or a Dask cluster.

Work travels as *chunks*: the scenario's source mapping (plain data, never a pickled
engine) and a few runs ``(grid, replication, overrides, seed)``. A worker validates
the scenario once, keeps it, and plays each run with ``sim.run``. A backend takes
chunks and yields their results in whatever order they finish; the sweep puts them
in order.

Worker processes on this machine start lazily: the first chunks run in the sweep's own
process, and a pool starts only when the runs left would take longer here than starting
it costs (``POOL_PAYS_AFTER_S``). The sweep's own process keeps playing chunks beside the
pool (which has one process fewer than the workers asked for), so a sweep on two workers
never waits for a pool to start with nothing to do: at worst it costs what it costs on one.
``where`` says where the runs happen, for the progress line.
"""
import contextlib
import json
import multiprocessing
import os
import signal
import threading
import time
import uuid
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

from .script_guard import refuse_unguarded_script
from .lifeline import hold

_CACHE = {}  # in a worker: (scenario key, overrides as text) -> Scenario
_CACHE_SIZE = 64

POOL_PAYS_AFTER_S = 2.0
"""Start worker processes only if the runs left would take at least this long (s) in the
sweep's own process: starting two workers (forkserver, imports, validating the scenario in
each) took 0.5-2 s on a busy two-core machine, and they then share the cores with it."""

IN_PROCESS = "本进程 in this process"


class RunProblem(Exception):
    """A scenario that a worker could not play (ScenarioError does not survive pickling)."""

    def __init__(self, grid, problems):
        super().__init__(grid, problems)
        self.grid, self.problems = grid, tuple(problems)


def run_chunk(chunk):
    """In a worker: play every run of *chunk*; return [(grid, replication, run_id, kpis as
    JSON text)]. The worker writes the JSON (the store's form, ``plain``), so the sweep's
    own process only reads it: the work is spread over the workers, and a large measure
    travels as one string rather than as nested lists."""
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
        text = json.dumps(kpis, ensure_ascii=False, default=plain)
        out.append((grid, rep, f"{os.getpid()}-{uuid.uuid4().hex[:12]}", text))
    return out


def plain(value):
    """A measure's value as JSON knows it (numpy arrays and numbers, tuples), else TypeError."""
    import numpy as np

    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"a measure returned {type(value).__name__}, which is not JSON-able")


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


WORKER_MODULES = ["sim.run", "sim.scenario", "sim.engine", "scipy.sparse.csgraph"]
"""What a worker needs to play a run, imported once by the forkserver (``import sim`` alone
loads nothing heavy)."""


def _context():
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if ctx.get_start_method() == "forkserver":
        ctx.set_forkserver_preload(WORKER_MODULES)
    return ctx


class InProcess:
    """Runs every chunk here, one after the other (workers=1: no processes to start)."""

    workers = 1
    where = IN_PROCESS

    def results(self, chunks):
        for chunk in chunks:
            yield run_chunk(chunk)

    def close(self, cancel=False):
        pass


def start_pool(workers):
    """Start *workers* worker processes (forkserver or spawn, never fork): the one place
    where a sweep's processes start. The helper processes (the resource tracker, the
    forkserver, and through it every worker) are born with Ctrl-C held off (see
    :func:`_helpers_deaf_to_ctrl_c`), so a Ctrl-C that reaches the whole process group while
    they start stops the sweep alone, cleanly, instead of ending in their tracebacks."""
    from multiprocessing import resource_tracker

    ctx = _context()
    resource_tracker.ensure_running()  # spawned with SIGINT blocked by multiprocessing itself (which unblocks it after)
    with starting():
        if ctx.get_start_method() == "forkserver":
            from multiprocessing import forkserver

            forkserver.ensure_running()  # spawned with SIGINT blocked (starting): so is every worker it forks
        return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_quiet_worker,
                                   initargs=(os.getpid(),))  # workers end when this process dies (sim.lifeline)


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
"""The signals that stop a sweep cleanly: Ctrl-C, and a polite kill."""


@contextlib.contextmanager
def starting():
    """Hold a Ctrl-C or SIGTERM off while processes start, and deliver it when they have.

    Two things go wrong when a stop lands mid-start: a process started at that moment sees
    the Ctrl-C (the terminal sends it to the whole process group) before Python in it has
    learnt to ignore it, and ends in a traceback; and this process, stopping half-way
    through starting a worker, leaves one that never learns it has a pool. So, in the main
    thread: SIGINT is blocked in the signal mask, which every process spawned here inherits
    (the forkserver, and through it every worker, never receive a Ctrl-C); and a stop that
    arrives is noted and raised again when the block ends, with the handler it had."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    noted = []
    handlers = {sig: signal.signal(sig, lambda signum, frame: noted.append(signum)) for sig in STOP_SIGNALS}
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        for sig, handler in handlers.items():
            signal.signal(sig, signal.SIG_DFL if handler is None else handler)
        if noted:
            signal.raise_signal(noted[0])


class Processes:
    """A pool of worker processes on this machine, started when the work is big enough to
    pay for it (at once if *eager*). With *here* (the default) this process plays chunks
    too and the pool has ``workers - 1`` processes; without, the pool has *workers* and
    does all the work."""

    def __init__(self, workers, eager=False, here=True):
        self.workers, self.here = workers, here
        self.size = workers - 1 if here else workers
        self.pool = start_pool(self.size) if eager else None

    @property
    def where(self):
        """Where the runs happen now, for the progress line (zh, then en)."""
        if self.pool is None:
            return IN_PROCESS
        n, s = self.size, "es" if self.size > 1 else ""
        if not self.here:
            return f"{n} 个工作进程 {n} worker process{s}"
        return f"本进程 + {n} 个工作进程 this process + {n} worker process{s}"

    def results(self, chunks):
        chunks = list(chunks)
        if self.pool is None and self.here:
            chunks = yield from self._here_while_small(chunks)
        if chunks:
            if self.pool is None:
                self.pool = start_pool(self.size)
            yield from self._on_pool(chunks)

    def _here_while_small(self, chunks):
        """Run chunks here until the runs left would take long enough to pay for a pool;
        start it then and return the chunks left for it."""
        runs_left = sum(len(chunk[3]) for chunk in chunks)
        spent = done = 0
        while chunks:
            if done and (spent / done) * runs_left >= POOL_PAYS_AFTER_S:
                self.pool = start_pool(self.size)
                return chunks
            chunk = chunks.pop(0)
            start = time.perf_counter()
            out = run_chunk(chunk)
            spent += time.perf_counter() - start
            done += len(chunk[3])
            runs_left -= len(chunk[3])
            yield out
        return chunks

    def _on_pool(self, chunks):
        """The pool's processes and this one share the chunks: the pool keeps two chunks a
        process queued; this process plays the next one whenever the pool has none ready."""
        chunks = list(chunks)
        chunks.reverse()  # taken from the end: in order, cheaply
        ahead = 2 * self.size
        pending = {}  # future -> its chunk
        while chunks or pending:
            while chunks and len(pending) < ahead:
                chunk = chunks.pop()
                with starting():  # a submit may start a worker: not cut in half by a stop
                    pending[self.pool.submit(run_chunk, chunk)] = chunk
            ready = [future for future in pending if future.done()]
            if not self.here:
                ready = ready or wait(pending, return_when=FIRST_COMPLETED)[0]
            elif not ready and not chunks:  # the end: take back what no worker has begun
                chunks = [pending.pop(future) for future in list(pending) if future.cancel()]
                ahead = 0
            if not ready and chunks:
                yield run_chunk(chunks.pop())
                continue
            if not ready:
                ready, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in ready:
                del pending[future]
                yield future.result()

    def close(self, cancel=False):
        """Shut the pool down: after the work queued (*cancel* False), or at once — the
        workers ended and waited for, so none is left starting or running when this process
        exits (and the semaphores they share are released only after them)."""
        if self.pool is None:
            return
        if cancel:
            with starting():
                for process in list(getattr(self.pool, "_processes", {}).values()):
                    process.terminate()
                self.pool.shutdown(wait=True, cancel_futures=True)
        else:
            self.pool.shutdown(wait=True)


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
        self.where = f"Dask {self.workers} 个工作进程 {self.workers} workers"

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


def open_backend(backend, workers, scheduler=None, eager=False, here=True):
    """The backend named *backend* ("process" or "dask") with *workers* workers; local worker
    processes start when the work pays for them, or at once if *eager*; this process plays
    runs beside them unless *here* is False."""
    refuse_unguarded_script(backend, workers, scheduler)  # workers started here import the script again
    if backend == "process":
        return InProcess() if workers == 1 and here else Processes(workers, eager=eager, here=here)
    if backend == "dask":
        return Dask(workers, scheduler)
    raise ValueError(f"backend must be 'process' or 'dask', not {backend!r}")
