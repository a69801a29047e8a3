"""Progress for the commands that take a while: a bar with the time spent and the time left.

The bar goes to stderr, so stdout keeps only the answer (a table, a verdict, file names)
and can be piped or redirected. It is drawn only when stderr is a terminal and ``--quiet``
was not given; in a pipe, a log file or a test nothing is drawn at all. rich is imported
only when a bar is drawn (``stormdrill --help`` stays quick).
"""
import sys
import time

from messages import texts


class Progress:
    """A bar of *total* steps on stderr, labelled; ``update`` moves it, ``close`` ends it.

    *unit*: what a step is ("runs", "h"). *after*: seconds of work before the bar appears
    at all, so that a command that finishes quickly prints nothing extra.
    """

    def __init__(self, total, unit, label, quiet=False, after=0.0, stream=None, lang=None):
        self._ = texts(lang)
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = not quiet and self.stream.isatty()
        self.total, self.unit, self.label, self.after = total, unit, label, after
        self.completed = 0.0
        self.started = time.monotonic()
        self.bar = None

    def update(self, completed=None, advance=0.0, total=None, label=None):
        """Set or advance the steps done; change the total or the label (a new stage)."""
        self.completed = (self.completed if completed is None else completed) + advance
        self.total = self.total if total is None else total
        self.label = self.label if label is None else label
        if not self.enabled:
            return
        if self.bar is None and time.monotonic() - self.started >= self.after:
            self._start()
        if self.bar is not None:
            self.bar.update(self.task, completed=self.completed, total=self.total, description=self.label)

    def _start(self):
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

        _ = self._
        runs = self.unit == "runs"
        count = MofNCompleteColumn() if runs else TextColumn(_("T+{task.completed:.0f}/{task.total:.0f} h"))
        self.bar = Bar(TextColumn("{task.description}"), BarColumn(), count, TextColumn(_("runs") if runs else ""),
                       TimeElapsedColumn(), TextColumn(_("ETA")), TimeRemainingColumn(),
                       console=Console(file=self.stream), transient=False)
        self.task = self.bar.add_task(self.label, total=self.total, completed=self.completed)
        self.bar.start()

    def close(self):
        if self.bar is not None:
            self.bar.stop()
            self.bar = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


RUN_SHOW_AFTER_S = 3.0
"""A single run shows its bar only once it has taken this long (most runs take under a second)."""
RUN_STEPS = 200
"""Pieces a run is played in, to move its bar (same events, same result as one piece)."""


def run_with_progress(scenario, seed=0, overrides=None, quiet=False, after=None, stream=None, lang=None):
    """``sim.run`` in plan mode, with a bar of simulated hours when it takes more than
    *after* seconds (default RUN_SHOW_AFTER_S)."""
    import sim

    engine = sim.Engine(scenario, seed=seed, mode="plan", overrides=overrides)
    horizon = engine.horizon
    after = RUN_SHOW_AFTER_S if after is None else after
    _ = texts(lang)
    with Progress(horizon, "h", _("run"), quiet=quiet, after=after, stream=stream, lang=lang) as bar:
        if not bar.enabled:
            return engine.run()
        for k in range(1, RUN_STEPS + 1):
            engine.run_until(horizon * k / RUN_STEPS)
            bar.update(completed=engine.now)
    return engine.result()
