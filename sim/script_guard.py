"""Stop a sweep script that worker processes would run again, before any worker starts.

Sweep workers are started with ``forkserver`` or ``spawn`` (never ``fork``: the parent
may hold threads, e.g. a progress bar's, and a forked copy of a held lock deadlocks).
Both start methods import the user's script again in every worker, as ``__mp_main__``.
A script that calls ``sim.sweep`` at its top level, outside
``if __name__ == "__main__":``, would start the sweep again in each worker; Python
refuses that half-way through and the user sees ``BrokenProcessPool`` under a long
multiprocessing traceback. This module looks at the script before the pool starts and
says in one sentence what to add.
"""
import ast
import sys
from pathlib import Path


class UnguardedScript(RuntimeError):
    """A script starts a sweep with worker processes outside ``if __name__ == "__main__":``."""


def refuse_unguarded_script(backend, workers, scheduler=None):
    """Raise UnguardedScript if workers would start and the script's top level started them.

    Workers start for ``backend="process"`` with more than one worker and for a local Dask
    cluster (no *scheduler* address). Does nothing when there is no script file
    (``python -c``, a notebook, the REPL), when the call does not come from the script's
    top level, or when that top-level statement is an ``if __name__ == "__main__":`` block.
    """
    if not ((backend == "process" and workers != 1) or (backend == "dask" and not scheduler)):
        return
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    frame = _top_level_frame(main)
    if path is not None and not Path(path).is_file():  # python - < script.py: workers cannot read it again
        raise UnguardedScript(
            f"{path}: the sweep runs in worker processes, which import the running script again, and a script "
            "read from standard input cannot be read again; save it to a file, or pass workers=1")
    if path is None or frame is None:
        return
    line = frame.f_lineno
    try:
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return  # cannot read the script: let the sweep try
    for statement in tree.body:
        if statement.lineno <= line <= (statement.end_lineno or statement.lineno):
            if _is_main_guard(statement):
                return
            raise UnguardedScript(
                f"{path}:{line}: the sweep runs in worker processes, which import this script again; "
                f'put the code that starts it under `if __name__ == "__main__":` (see docs/sweeps.md)')


def _top_level_frame(main):
    """The frame running the script's top-level code, if it is on the stack."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "<module>" and main is not None and frame.f_globals is vars(main):
            return frame
        frame = frame.f_back
    return None


def _is_main_guard(statement):
    """True for ``if __name__ == "__main__":`` (either way round)."""
    if not isinstance(statement, ast.If) or not isinstance(statement.test, ast.Compare):
        return False
    test = statement.test
    if len(test.ops) != 1 or not isinstance(test.ops[0], ast.Eq):
        return False
    sides = [test.left, test.comparators[0]]
    names = [s for s in sides if isinstance(s, ast.Name) and s.id == "__name__"]
    texts = [s for s in sides if isinstance(s, ast.Constant) and s.value == "__main__"]
    return len(names) == 1 and len(texts) == 1
