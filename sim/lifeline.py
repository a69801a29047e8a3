"""A sweep worker's lifeline: the worker ends itself when the sweep that started it is gone.

A sweep killed outright (SIGKILL, the laptop's power, an out-of-memory kill) cannot stop its
workers; without this they would go on computing runs nobody will read, or wait forever for
work. :func:`hold`, called once in each worker process, starts a daemon thread that checks
every POLL_S seconds that the sweep's process still exists and that the worker's own parent
has not changed (a worker whose parent died is handed to another process), and ends the
worker at once when either fails. POSIX only; elsewhere it does nothing.
"""
import os
import threading
import time

POLL_S = 0.5
"""How often a worker checks on its sweep (s): the longest an orphan outlives its sweep."""
EXIT_CODE = 3
"""The code a worker ends with when its sweep is gone."""

_held = []  # the sweep pid this process watches, once started


def hold(sweep_pid):
    """In a worker: end this process when the process *sweep_pid* (the sweep) or this process's
    parent is gone. Starting it again in the same process does nothing."""
    if _held or os.name != "posix" or sweep_pid == os.getpid():  # never watch oneself
        return
    _held.append(sweep_pid)
    threading.Thread(target=_watch, args=(sweep_pid, os.getppid()), name="stormdrill-lifeline", daemon=True).start()


def _watch(sweep_pid, parent):
    while True:
        time.sleep(POLL_S)
        if os.getppid() != parent or not alive(sweep_pid):
            os._exit(EXIT_CODE)  # no cleanup to wait for: the sweep keeps finished runs itself


def alive(pid):
    """True if a process *pid* exists and has not ended (a zombie awaiting its parent counts as ended)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rpartition(")")[2].split()[0] != "Z"
    except OSError:  # no /proc (macOS): the signal said it exists
        return True
