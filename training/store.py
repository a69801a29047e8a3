"""Sessions in SQLite: every inject, action and decision committed the moment it happens.

    store = SessionStore(default_path())           # $XDG_DATA_HOME/stormdrill/sessions.db
    session_id = store.create(exercise, seed, participants)
    runner = Runner(exercise, seed, journal=store.journal(session_id))

The schema is versioned with ``PRAGMA user_version``; ``MIGRATIONS[i]`` takes a database
from version *i* to *i + 1*, and opening a file applies whatever is missing.
"""
import errno
import json
import math
import os
import sqlite3
import stat
import time
from datetime import datetime, timezone
from pathlib import Path

from messages import texts
from sim.errors import RemedyError

from .facilitation import Ack, ActEntry
from .notes import for_the_record
from .record import SessionRecord, exercise_from_source, plain_series, run_tables
from .runner import ActionEntry, Journal
from .seats import SeatEntry

MIGRATIONS = (
    # 0 -> 1: sessions and their logs
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        community TEXT NOT NULL,
        exercise_name TEXT NOT NULL,
        exercise_file TEXT NOT NULL,
        exercise_digest TEXT NOT NULL,
        exercise_json TEXT NOT NULL,
        scenario_json TEXT NOT NULL,
        seed INTEGER NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL DEFAULT 'running',
        clock_h REAL NOT NULL DEFAULT 0,
        baseline_kpis TEXT,
        final_kpis TEXT
    );
    CREATE TABLE participants (
        session_id INTEGER NOT NULL REFERENCES sessions(id), role TEXT NOT NULL, name TEXT NOT NULL,
        PRIMARY KEY (session_id, role, name));
    CREATE TABLE injects (
        session_id INTEGER NOT NULL REFERENCES sessions(id), inject_id TEXT NOT NULL,
        sim_t REAL NOT NULL, wall_t REAL NOT NULL, effects TEXT NOT NULL,
        PRIMARY KEY (session_id, inject_id));
    CREATE TABLE rule_triggers (
        session_id INTEGER NOT NULL REFERENCES sessions(id), rule_id TEXT NOT NULL, sim_t REAL NOT NULL,
        PRIMARY KEY (session_id, rule_id));
    CREATE TABLE decisions (
        session_id INTEGER NOT NULL REFERENCES sessions(id), decision_id TEXT NOT NULL,
        opened_t REAL NOT NULL, closed_t REAL, closed_by TEXT, note TEXT,
        PRIMARY KEY (session_id, decision_id));
    CREATE TABLE actions (
        session_id INTEGER NOT NULL REFERENCES sessions(id), seq INTEGER NOT NULL,
        sim_t REAL NOT NULL, wall_t REAL NOT NULL, role TEXT NOT NULL, action TEXT NOT NULL,
        rationale TEXT NOT NULL, accepted INTEGER NOT NULL, reason TEXT NOT NULL,
        PRIMARY KEY (session_id, seq));
    CREATE TABLE kpi_snapshots (
        session_id INTEGER NOT NULL REFERENCES sessions(id), sim_t REAL NOT NULL, wall_t REAL NOT NULL,
        kpis TEXT NOT NULL);
    CREATE TABLE series (
        session_id INTEGER NOT NULL REFERENCES sessions(id), run TEXT NOT NULL, data TEXT NOT NULL,
        PRIMARY KEY (session_id, run));
    """,
    # 1 -> 2: the improvement plan, carried from one exercise of a community to the next
    """
    CREATE TABLE improvements (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        community TEXT NOT NULL,
        key TEXT NOT NULL,
        issue TEXT NOT NULL,
        corrective_action TEXT NOT NULL,
        role TEXT NOT NULL,
        due TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open',
        closed_by_session INTEGER
    );
    CREATE INDEX improvements_open ON improvements (community, status);
    """,
    # 2 -> 3: live facilitation: the facilitator's acts, acknowledgements, pacing, seats' roles
    """
    CREATE TABLE facilitator_acts (
        session_id INTEGER NOT NULL REFERENCES sessions(id), seq INTEGER NOT NULL,
        after_action INTEGER NOT NULL, sim_t REAL NOT NULL, wall_t REAL NOT NULL, who TEXT NOT NULL,
        act TEXT NOT NULL, accepted INTEGER NOT NULL, reason TEXT NOT NULL,
        PRIMARY KEY (session_id, seq));
    CREATE TABLE acknowledgements (
        session_id INTEGER NOT NULL REFERENCES sessions(id), inject_id TEXT NOT NULL, role TEXT NOT NULL,
        sim_t REAL NOT NULL, wall_t REAL NOT NULL, delivered_t REAL NOT NULL,
        PRIMARY KEY (session_id, inject_id, role));
    CREATE TABLE pacing (
        session_id INTEGER PRIMARY KEY REFERENCES sessions(id), mode TEXT NOT NULL, ratio REAL NOT NULL);
    CREATE TABLE seat_roles (
        session_id INTEGER NOT NULL REFERENCES sessions(id), seat TEXT NOT NULL, role TEXT NOT NULL,
        wall_t REAL NOT NULL, PRIMARY KEY (session_id, seat));
    """,
    # 3 -> 4: who did it: each action, acknowledgement and decision answer taken from a seat
    # (a phone or laptop joined to the exercise host), with the seat's name and the client's
    # own id for the message, so that a message sent twice is applied once
    """
    CREATE TABLE seat_log (
        session_id INTEGER NOT NULL REFERENCES sessions(id), client_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('action', 'ack', 'answer')), ref TEXT NOT NULL,
        role TEXT NOT NULL, seat TEXT NOT NULL, sim_t REAL NOT NULL, wall_t REAL NOT NULL,
        outcome TEXT NOT NULL, PRIMARY KEY (session_id, client_id));
    """,
    # 4 -> 5: what the reorder rule asked for when it fired; evaluator judgements; the
    # per-shelter and per-zone result tables of the team's run and of the plan baseline
    """
    CREATE TABLE resupply_needs (
        session_id INTEGER NOT NULL REFERENCES sessions(id), rule_id TEXT NOT NULL, need TEXT NOT NULL,
        PRIMARY KEY (session_id, rule_id));
    CREATE TABLE evaluations (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        kind TEXT NOT NULL CHECK (kind IN ('override', 'observation')),
        target TEXT NOT NULL,
        rating TEXT NOT NULL,
        comment TEXT NOT NULL,
        evaluator TEXT NOT NULL,
        role TEXT NOT NULL,
        sim_t REAL,
        recorded_at TEXT NOT NULL);
    CREATE TABLE run_tables (
        session_id INTEGER NOT NULL REFERENCES sessions(id), run TEXT NOT NULL, kind TEXT NOT NULL,
        rows TEXT NOT NULL, PRIMARY KEY (session_id, run, kind));
    """,
    # 5 -> 6: observer and hotwash notes entered on the exercise host's pages (training.notes)
    """
    CREATE TABLE notes (
        session_id INTEGER NOT NULL REFERENCES sessions(id), client_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('observation', 'strength', 'improvement')),
        role TEXT NOT NULL, author TEXT NOT NULL, text TEXT NOT NULL, sim_t REAL NOT NULL,
        wall_t REAL NOT NULL, PRIMARY KEY (session_id, client_id));
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
LOCK_WAIT_S = 10.0
"""How long a writer waits for another process's transaction to end (s) before reporting the file
locked; $STORMDRILL_DB_WAIT overrides it."""
CLOCK_STEP_H = 1 / 60
"""Least sim time (h) between two KPI snapshots of a session."""
FULL_BELOW_BYTES = 1 << 20
"""A disk with less free space than this (bytes) is taken to be full when SQLite reports an I/O
error: SQLite says "disk I/O error", not "full", when it cannot grow its journal or WAL index."""


class StoreError(RemedyError):
    """The session database cannot be used (a newer schema, an unknown session, a damaged,
    read-only or locked file, a session another process is playing); the message says why and
    what to do."""


def lock_wait():
    """Seconds to wait for a locked database: $STORMDRILL_DB_WAIT, else LOCK_WAIT_S."""
    try:
        return max(0.0, float(os.environ.get("STORMDRILL_DB_WAIT", LOCK_WAIT_S)))
    except ValueError:
        return LOCK_WAIT_S


def _read_only(exc):
    text = str(exc)
    return "readonly" in text or "read-only" in text or "unable to open" in text


def _kind(exc):
    """SQLite's primary result name for *exc* (``SQLITE_FULL``, ``SQLITE_IOERR`` ...), or ''."""
    return "_".join((getattr(exc, "sqlite_errorname", "") or "").split("_")[:2])


def _disk_trouble(exc):
    """True if *exc* says the disk failed (full, or an I/O error), not the file's content."""
    return _kind(exc) in ("SQLITE_FULL", "SQLITE_IOERR") or "disk is full" in str(exc) or "disk I/O" in str(exc)


def disk_full(path):
    """True if the file system holding *path* has (almost) no free space left."""
    try:
        info = os.statvfs(Path(path).parent)
    except (OSError, AttributeError):
        return False
    return info.f_bavail * info.f_frsize < FULL_BELOW_BYTES


def is_damage(exc):
    """True if the sqlite3 error *exc* says the file's content is broken (not the disk, a lock or
    the permissions)."""
    text = str(exc)
    return (_kind(exc) in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "malformed" in text or "not a database" in text
            or "no such table" in text or "no such column" in text)


def full_disk_error(path, lang=None):
    """The StoreError for a database on a disk that is full."""
    _ = texts(lang)
    return StoreError(_("{path}: the disk holding it is full: nothing more can be recorded; free some space and "
                        "go on (what was recorded is kept)", path=path))


def explain(path, exc, lang=None):
    """A StoreError saying in plain words what an sqlite3 error on the database at *path* means:
    a full disk and a failing disk are said as such, never as damage."""
    _, text = texts(lang), str(exc)
    if _disk_trouble(exc) and (_kind(exc) == "SQLITE_FULL" or "disk is full" in text or disk_full(path)):
        return full_disk_error(path, lang)
    if _disk_trouble(exc):
        why = _("{path}: the disk reported an error reading or writing it ({error}); nothing more can be "
                "recorded: check the disk, or give --db another file", path=path, error=text)
    elif _read_only(exc):
        why = _("{path}: is read-only: nothing can be recorded in it; give --db a file you may write "
                "(reports and replays of its sessions still work)", path=path)
    elif "locked" in text or "busy" in text:
        why = _("{path}: is locked by another program writing to it (waited {seconds:g} s); try again when it "
                "has finished, or give --db another file", path=path, seconds=lock_wait())
    elif is_damage(exc):
        why = _("{path}: is damaged ({error}); see what can still be read with `stormdrill salvage SESSION "
                "--db {path}`", path=path, error=text)
    else:
        why = _("{path}: cannot be used ({error})", path=path, error=text)
    return StoreError(why)


def default_path():
    """$STORMDRILL_DB, else $XDG_DATA_HOME/stormdrill/sessions.db (~/.local/share by default)."""
    if os.environ.get("STORMDRILL_DB"):
        return Path(os.environ["STORMDRILL_DB"])
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "stormdrill" / "sessions.db"


def _dumps(value):
    return json.dumps(value, ensure_ascii=False, default=str)


class SessionStore:
    """One SQLite file of exercise sessions."""

    def __init__(self, path, upto=SCHEMA_VERSION, create=True, shared=False):
        """*shared*: the connection may be used from more than one thread, one at a time (the
        caller serialises them: the exercise host with a projector viewer holds one lock).

        The file's integrity is checked on opening (``PRAGMA quick_check``); a damaged file is
        opened for reading only: ``damage`` lists what the check found, and every write refuses."""
        self.path = Path(path)
        self.damage = ()
        self.read_only = None  # why nothing can be written, when the file may only be read
        self._claims = {}
        try:
            exists = os.stat(self.path) is not None
        except FileNotFoundError:
            exists = False
        except OSError as exc:
            why = "its symbolic links form a loop" if exc.errno == errno.ELOOP else f"cannot be reached ({exc.strerror})"
            raise StoreError(f"{self.path}: {why}") from None
        if not create and not exists:
            raise StoreError(f"{self.path}: no session database there")
        if exists and not self.path.is_file():
            raise StoreError(f"{self.path}: is not a regular file; give --db a file")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot create its folder ({exc.strerror})") from None
        try:
            self._open_waiting(upto, shared)
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc):
                raise StoreError(f"{self.path}: not a session database ({exc})") from None
            if (_read_only(exc) or _disk_trouble(exc)) and self.path.is_file():  # still readable: reports, replays
                self.read_only = str(explain(self.path, exc))
                self.db = sqlite3.connect(f"{self.path.resolve().as_uri()}?immutable=1", uri=True,
                                          isolation_level=None, check_same_thread=not shared)
            else:
                raise explain(self.path, exc) from None
        self._identity = self._file_identity()

    def _file_identity(self):
        """(device, inode) of the file at the path: which file this store has open."""
        try:
            info = os.stat(self.path)
        except OSError:
            return None
        return info.st_dev, info.st_ino

    def check_file(self):
        """Refuse (StoreError) when the path no longer leads to the file this store has open: the
        file removed, or replaced by a folder or by another file while in use. SQLite would go on
        writing to the open file, which nobody can read again: nothing would be recorded."""
        _ = texts(None)
        try:
            info = os.stat(self.path)
        except OSError:
            raise StoreError(_("{path}: the session database was removed while in use; nothing more can be "
                               "recorded in it", path=self.path)) from None
        if not stat.S_ISREG(info.st_mode):
            raise StoreError(_("{path}: the session database was replaced by something that is not a file (a "
                               "folder?) while in use; nothing more can be recorded in it", path=self.path))
        if (info.st_dev, info.st_ino) != self._identity:
            raise StoreError(_("{path}: the session database was replaced by another file while in use; nothing "
                               "more is recorded in it", path=self.path))

    def _open_waiting(self, upto, shared):
        """Open, retrying while another process holds a lock SQLite will not wait for (two processes
        switching a new file to WAL at once are told "locked" at once), up to lock_wait() s."""
        deadline = time.monotonic() + lock_wait()
        while True:
            try:
                return self._open(upto, shared)
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                self.db.close()
                time.sleep(0.05)

    def _open(self, upto, shared):
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=lock_wait(), check_same_thread=not shared)
        self.damage = self._quick_check()
        if self.damage:
            return
        self._journal_mode()
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self._migrate(upto)

    def _quick_check(self):
        """What ``PRAGMA quick_check`` finds wrong with the file (empty if nothing)."""
        try:
            rows = [r[0] for r in self.db.execute("PRAGMA quick_check").fetchall()]
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc) or _read_only(exc) or "locked" in str(exc) or _disk_trouble(exc):
                raise  # the disk or the permissions, not the file's content
            return (str(exc),)
        return () if rows == ["ok"] else tuple(rows)

    def _journal_mode(self):
        """Write-ahead logging, so readers never wait for the writer; a read-only file keeps its mode."""
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as exc:
            if "readonly" not in str(exc):
                raise

    def _migrate(self, upto):
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: schema version {version} is newer than this stormdrill "
                             f"understands ({SCHEMA_VERSION}); upgrade stormdrill")
        if version >= upto:
            return
        with self.db:  # one writer at a time: two processes opening a new file build its schema once
            self.db.execute("BEGIN IMMEDIATE")
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            for v in range(version, upto):
                for statement in MIGRATIONS[v].split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {v + 1}")

    def writable(self):
        """Refuse (StoreError) when the file is read-only or damaged (nothing is written to a damaged
        file), or no longer the file this store opened (:meth:`check_file`)."""
        if self.read_only:
            raise StoreError(self.read_only)
        self.check_file()
        if self.damage:
            raise StoreError(f"{self.path}: is damaged (integrity check: {'; '.join(self.damage[:3])}); nothing "
                             f"more is written to it. See what can still be read with `stormdrill salvage SESSION "
                             f"--db {self.path}`, and record new exercises in another file (--db)")

    def claim(self, session_id):
        """Become the one process that writes *session_id*; StoreError if another process is
        playing it. The claim is a lock file beside the database, released when this process
        ends however it ends (a crash or a kill included), so a resume after a crash works."""
        from filelock import FileLock, Timeout

        self.writable()
        if session_id in self._claims:
            return
        folder = self.path.with_name(self.path.name + ".locks")
        try:
            folder.mkdir(exist_ok=True)
            lock = FileLock(folder / f"session-{session_id}.lock", timeout=0)
            lock.acquire()
        except Timeout:
            raise StoreError(f"session {session_id} is being played by another process (an exercise, the host or "
                             f"the viewer) on {self.path}; end or quit it there first") from None
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
                raise full_disk_error(self.path) from None
            raise StoreError(f"{self.path}: cannot take session {session_id} for writing ({exc.strerror or exc}); "
                             f"is the folder read-only?") from None
        self._claims[session_id] = lock

    @property
    def version(self):
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def close(self):
        for lock in self._claims.values():
            lock.release()
        self._claims.clear()
        self.db.close()

    # -- writing ----------------------------------------------------------------------
    def create(self, exercise, seed, participants=(), baseline=None):
        """Start a session; return its id. *participants*: (role, name) pairs."""
        self.writable()
        raw = _raw(exercise)
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            cur = self.db.execute(
                "INSERT INTO sessions (community, exercise_name, exercise_file, exercise_digest, exercise_json,"
                " scenario_json, seed, started_at, baseline_kpis) VALUES (?,?,?,?,?,?,?,?,?)",
                (exercise.community, exercise.name, exercise.file, exercise.digest, _dumps(raw),
                 _dumps(exercise.scenario.source), int(seed), now,
                 _dumps(baseline.kpis) if baseline is not None else None))
            sid = cur.lastrowid
            self.db.executemany("INSERT OR IGNORE INTO participants VALUES (?,?,?)",
                                [(sid, role, name) for role, name in participants])
            if baseline is not None:
                self.db.execute("INSERT INTO series VALUES (?,?,?)", (sid, "baseline", _dumps(plain_series(baseline.series))))
                self._tables(sid, "baseline", baseline)
        return sid

    def _tables(self, session_id, run, result):
        """Keep the run's per-shelter and per-zone tables (RunResult.shelters / .zones), if it has them."""
        for kind, rows in run_tables(result).items():
            self.db.execute("INSERT OR REPLACE INTO run_tables VALUES (?,?,?,?)", (session_id, run, kind, _dumps(rows)))

    def journal(self, session_id):
        """A runner journal that commits everything to this session as it happens."""
        self.writable()
        return StoreJournal(self, session_id)

    def finish(self, session_id, result, score, items, resolved=None):
        """Record the end: final KPIs, the team's series, the improvement plan; close old items
        whose keys are in *resolved* (default: the score's own resolved keys)."""
        self.check_file()
        community = self.session(session_id)["community"]
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        resolved = score.resolved_keys() if resolved is None else resolved
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("UPDATE sessions SET status='finished', finished_at=?, final_kpis=?, clock_h=? WHERE id=?",
                            (now, _dumps(result.kpis), float(result.series["t"][-1]) if len(result.series["t"]) else 0.0,
                             session_id))
            self.db.execute("INSERT OR REPLACE INTO series VALUES (?,?,?)",
                            (session_id, "team", _dumps(plain_series(result.series))))
            self._tables(session_id, "team", result)
            self.db.execute("DELETE FROM improvements WHERE session_id=?", (session_id,))
            for key, issue, action, role, due in items:
                self.db.execute("INSERT INTO improvements (session_id, community, key, issue, corrective_action, role, due)"
                                " VALUES (?,?,?,?,?,?,?)", (session_id, community, key, issue, action, role, due))
            for row in self.db.execute("SELECT id, key FROM improvements WHERE community=? AND status='open'"
                                       " AND session_id < ?", (community, session_id)).fetchall():
                if row[1] in resolved:
                    self.db.execute("UPDATE improvements SET status='closed', closed_by_session=? WHERE id=?",
                                    (session_id, row[0]))

    def replace_improvements(self, session_id, items):
        """The session's own improvement items, rebuilt (after an evaluator's judgement)."""
        self.check_file()
        community = self.session(session_id)["community"]
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("DELETE FROM improvements WHERE session_id=?", (session_id,))
            for key, issue, action, role, due in items:
                self.db.execute("INSERT INTO improvements (session_id, community, key, issue, corrective_action, role, due)"
                                " VALUES (?,?,?,?,?,?,?)", (session_id, community, key, issue, action, role, due))

    def set_pacing(self, session_id, mode, ratio=1.0):
        """Record how the session's clock runs: "stepped", or "paced" at *ratio* model s per real s."""
        self.check_file()
        self.db.execute("INSERT OR REPLACE INTO pacing VALUES (?,?,?)", (session_id, mode, float(ratio)))

    def pacing(self, session_id):
        """(mode, ratio) recorded for the session; ("stepped", 1.0) if none was."""
        row = self.db.execute("SELECT mode, ratio FROM pacing WHERE session_id=?", (session_id,)).fetchone()
        return tuple(row) if row else ("stepped", 1.0)

    def set_seat_role(self, session_id, seat, role):
        """Remember that the seat called *seat* acts as *role* in this session."""
        self.check_file()
        self.db.execute("INSERT OR REPLACE INTO seat_roles VALUES (?,?,?,?)", (session_id, seat, role, time.time()))

    def seat_role(self, session_id, seat):
        """The role the seat last chose in this session, or None."""
        row = self.db.execute("SELECT role FROM seat_roles WHERE session_id=? AND seat=?", (session_id, seat)).fetchone()
        return row[0] if row else None

    def add_participant(self, session_id, role, name):
        """Someone joined the session as *role* (from a seat of the exercise host)."""
        self.check_file()
        self.db.execute("INSERT OR IGNORE INTO participants VALUES (?,?,?)", (session_id, role, name))

    def note_seat(self, session_id, entry):
        """Record who, from which seat, did a thing (a SeatEntry); a client id seen before is
        not recorded again. Returns True if it was new."""
        self.check_file()
        e = entry
        cur = self.db.execute("INSERT OR IGNORE INTO seat_log VALUES (?,?,?,?,?,?,?,?,?)",
                              (session_id, e.client_id, e.kind, e.ref, e.role, e.seat, e.t, e.wall, _dumps(e.outcome)))
        return cur.rowcount == 1

    def seat_entry(self, session_id, client_id):
        """The SeatEntry recorded for a client's message id, or None."""
        rows = self._seat_rows("WHERE session_id=? AND client_id=?", (session_id, client_id))
        return rows[0] if rows else None

    def seat_log(self, session_id):
        """Everything done from seats in this session (SeatEntry), in the order done."""
        return tuple(self._seat_rows("WHERE session_id=? ORDER BY rowid", (session_id,)))

    def _seat_rows(self, where, args):
        rows = self.db.execute("SELECT client_id, kind, ref, role, seat, sim_t, wall_t, outcome FROM seat_log " + where,
                               args).fetchall()
        return [SeatEntry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], json.loads(r[7])) for r in rows]

    def set_status(self, session_id, status):
        self.check_file()
        self.db.execute("UPDATE sessions SET status=? WHERE id=?", (status, session_id))

    # -- reading ----------------------------------------------------------------------
    def session(self, session_id):
        """The sessions row of *session_id* as a dict; StoreError if there is none."""
        cur = self.db.execute("SELECT * FROM sessions WHERE id=?", (session_id,))
        row = cur.fetchone()
        if row is None:
            raise StoreError(f"{self.path}: no session {session_id}")
        return dict(zip([c[0] for c in cur.description], row))

    def sessions(self):
        cur = self.db.execute("SELECT id, community, exercise_name, started_at, status, clock_h FROM sessions ORDER BY id")
        return cur.fetchall()

    def exercise(self, session_id):
        """The Exercise as it was when the session started, rebuilt from the stored copy."""
        row = self.session(session_id)
        return exercise_from_source(json.loads(row["exercise_json"]), json.loads(row["scenario_json"]),
                                    row["exercise_file"], row["exercise_digest"])

    def actions(self, session_id):
        rows = self.db.execute("SELECT seq, sim_t, wall_t, role, action, rationale, accepted, reason FROM actions"
                               " WHERE session_id=? ORDER BY seq", (session_id,)).fetchall()
        return tuple(ActionEntry(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5], bool(r[6]), r[7]) for r in rows)

    def acts(self, session_id):
        """The facilitator's log: ActEntry, in order."""
        rows = self.db.execute("SELECT seq, sim_t, wall_t, who, act, accepted, reason, after_action FROM facilitator_acts"
                               " WHERE session_id=? ORDER BY seq", (session_id,)).fetchall()
        return tuple(ActEntry(r[0], r[1], r[2], r[3], json.loads(r[4]), bool(r[5]), r[6], r[7]) for r in rows)

    def acks(self, session_id):
        """Acknowledgements: Ack, in the order they were made."""
        rows = self.db.execute("SELECT inject_id, role, sim_t, wall_t, delivered_t FROM acknowledgements"
                               " WHERE session_id=? ORDER BY sim_t, wall_t", (session_id,)).fetchall()
        return tuple(Ack(*r) for r in rows)

    def deliveries(self, session_id):
        rows = self.db.execute("SELECT inject_id, sim_t, effects FROM injects WHERE session_id=? ORDER BY sim_t, rowid",
                               (session_id,)).fetchall()
        return {r[0]: r[1] for r in rows}

    def decisions(self, session_id):
        rows = self.db.execute("SELECT decision_id, opened_t, closed_t FROM decisions WHERE session_id=?", (session_id,))
        return {r[0]: (r[1], r[2]) for r in rows}

    def rule_times(self, session_id):
        rows = self.db.execute("SELECT rule_id, sim_t FROM rule_triggers WHERE session_id=?", (session_id,))
        return {r[0]: r[1] for r in rows}

    def participants(self, session_id):
        return tuple(self.db.execute("SELECT role, name FROM participants WHERE session_id=? ORDER BY role, name",
                                     (session_id,)).fetchall())

    def kpi_snapshots(self, session_id):
        rows = self.db.execute("SELECT sim_t, kpis FROM kpi_snapshots WHERE session_id=? ORDER BY rowid", (session_id,))
        return [(r[0], json.loads(r[1])) for r in rows]

    def series(self, session_id):
        rows = self.db.execute("SELECT run, data FROM series WHERE session_id=?", (session_id,))
        return {r[0]: json.loads(r[1]) for r in rows}

    def needs(self, session_id):
        """Reorder rule id -> what it asked for when it fired (training.needs)."""
        rows = self.db.execute("SELECT rule_id, need FROM resupply_needs WHERE session_id=?", (session_id,))
        return {r[0]: json.loads(r[1]) for r in rows}

    def tables(self, session_id):
        """{"team" | "baseline": {"shelters" | "zones": [row dict, ...]}} of a session."""
        out = {}
        for run, kind, rows in self.db.execute("SELECT run, kind, rows FROM run_tables WHERE session_id=?", (session_id,)):
            out.setdefault(run, {})[kind] = json.loads(rows)
        return out

    def add_evaluation(self, session_id, evaluation):
        """Record an evaluator's override or observation (training.evaluation.Evaluation); its id."""
        self.check_file()
        self.session(session_id)
        e = evaluation
        cur = self.db.execute(
            "INSERT INTO evaluations (session_id, kind, target, rating, comment, evaluator, role, sim_t, recorded_at)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (session_id, e.kind, e.target, e.rating, e.comment, e.evaluator, e.role, e.sim_t, e.recorded_at))
        return cur.lastrowid

    def evaluations(self, session_id):
        """The evaluator's overrides and observations of a session, in the order entered."""
        from .evaluation import Evaluation

        rows = self.db.execute("SELECT id, kind, target, rating, comment, evaluator, role, sim_t, recorded_at"
                               " FROM evaluations WHERE session_id=? ORDER BY id", (session_id,)).fetchall()
        return tuple(Evaluation(kind=r[1], target=r[2], rating=r[3], comment=r[4], evaluator=r[5], role=r[6],
                                sim_t=r[7], recorded_at=r[8], id=r[0]) for r in rows)

    def add_note(self, session_id, note):
        """Record an observer's or a hotwash note (training.notes.SessionNote); a client id seen
        before is not recorded again. Returns True if it was new."""
        self.check_file()
        n = note
        cur = self.db.execute("INSERT OR IGNORE INTO notes VALUES (?,?,?,?,?,?,?,?)",
                              (session_id, n.client_id, n.kind, n.role, n.author, n.text, n.t, n.wall))
        return cur.rowcount == 1

    def notes(self, session_id):
        """The observer and hotwash notes of a session (training.notes.SessionNote), in the order entered."""
        from .notes import SessionNote

        rows = self.db.execute("SELECT client_id, kind, role, author, text, sim_t, wall_t FROM notes"
                               " WHERE session_id=? ORDER BY rowid", (session_id,)).fetchall()
        return tuple(SessionNote(*r) for r in rows)

    def improvements(self, session_id):
        return self._items("WHERE session_id=? ORDER BY id", (session_id,))

    def open_items(self, community, before=None):
        """Open improvement items of *community* from sessions before *before* (or all)."""
        if before is None:
            return self._items("WHERE community=? AND status='open' ORDER BY id", (community,))
        return self._items("WHERE community=? AND status='open' AND session_id<? ORDER BY id", (community, before))

    def closed_by(self, session_id):
        """Items from earlier exercises that this session showed done."""
        return self._items("WHERE closed_by_session=? ORDER BY id", (session_id,))

    def _items(self, where, args):
        cur = self.db.execute(f"SELECT id, session_id, key, issue, corrective_action, role, due, status, "
                              f"closed_by_session FROM improvements {where}", args)
        names = [c[0] for c in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def record(self, session_id):
        """The SessionRecord of a finished session, for scoring and the report."""
        row = self.session(session_id)
        if row["final_kpis"] is None:
            unfinished = f"session {session_id} has not finished; resume it with "
            raise StoreError(unfinished + f"`Session.resume(store, {session_id})` and play it to the end",
                             cli=unfinished + f"`stormdrill exercise --resume {session_id}` and play it to the end")
        exercise = self.exercise(session_id)
        return SessionRecord(
            exercise=exercise, seed=row["seed"], actions=self.actions(session_id),
            deliveries=self.deliveries(session_id), decisions=self.decisions(session_id),
            rule_times=self.rule_times(session_id), kpis=json.loads(row["final_kpis"]),
            acts=self.acts(session_id), acks=self.acks(session_id),
            baseline=json.loads(row["baseline_kpis"]), session_id=session_id, started_at=row["started_at"],
            participants=self.participants(session_id), series=self.series(session_id), community=row["community"],
            needs=self.needs(session_id), evaluations=self.evaluations(session_id), tables=self.tables(session_id),
            seats=self.seat_log(session_id), notes=for_the_record(self.notes(session_id)))


class StoreJournal(Journal):
    """Commits each thing a runner does, the moment it happens (autocommit per statement)."""

    def __init__(self, store, session_id):
        self.store, self.id = store, session_id
        self._last = -math.inf

    def _run(self, sql, args):
        """Execute one write; StoreError unless it went into the file at the store's path (checked
        before and after: a file swapped mid-exercise must not take actions that are then lost)."""
        self.store.check_file()
        try:
            self.store.db.execute(sql, args)
            self.store.check_file()
        except sqlite3.IntegrityError:
            raise StoreError(f"session {self.id}: another process recorded a step of this session at the same time; "
                             f"everything up to here is saved — play it in one place only "
                             f"(`stormdrill exercise --resume {self.id}`)") from None
        except sqlite3.DatabaseError as exc:
            raise explain(self.store.path, exc) from None

    def delivered(self, delivery):
        self._run("INSERT OR IGNORE INTO injects VALUES (?,?,?,?,?)",
                  (self.id, delivery.inject.id, delivery.t, time.time(), _dumps(list(delivery.effects))))

    def rule_fired(self, rule_id, t):
        self._run("INSERT OR IGNORE INTO rule_triggers VALUES (?,?,?)", (self.id, rule_id, t))

    def acted(self, entry):
        self._run("INSERT INTO actions VALUES (?,?,?,?,?,?,?,?,?)",
                  (self.id, entry.seq, entry.t, entry.wall, entry.role, _dumps(entry.action), entry.rationale,
                   int(entry.accepted), entry.reason))
        self._run("UPDATE sessions SET clock_h=max(clock_h, ?) WHERE id=?", (entry.t, self.id))

    def need_noted(self, rule_id, need):
        self._run("INSERT OR IGNORE INTO resupply_needs VALUES (?,?,?)", (self.id, rule_id, _dumps(need)))

    def facilitated(self, entry):
        self._run("INSERT INTO facilitator_acts VALUES (?,?,?,?,?,?,?,?,?)",
                  (self.id, entry.seq, entry.after, entry.t, entry.wall, entry.who, _dumps(entry.act),
                   int(entry.accepted), entry.reason))
        self._run("UPDATE sessions SET clock_h=max(clock_h, ?) WHERE id=?", (entry.t, self.id))

    def acknowledged(self, ack):
        self._run("INSERT OR IGNORE INTO acknowledgements VALUES (?,?,?,?,?,?)",
                  (self.id, ack.inject, ack.role, ack.t, ack.wall, ack.delivered_t))
        self._run("UPDATE sessions SET clock_h=max(clock_h, ?) WHERE id=?", (ack.t, self.id))

    def decision_opened(self, decision_id, t):
        self._run("INSERT OR IGNORE INTO decisions (session_id, decision_id, opened_t) VALUES (?,?,?)",
                  (self.id, decision_id, t))

    def decision_closed(self, decision_id, t, role, note):
        self._run("UPDATE decisions SET closed_t=?, closed_by=?, note=? WHERE session_id=? AND decision_id=?",
                  (t, role, note, self.id, decision_id))

    def clock(self, t, snapshot):
        """Note the clock and a KPI snapshot, at most every CLOCK_STEP_H of sim time (a viewer
        advances every frame). Nothing depends on it for resuming: actions carry their times."""
        if t - self._last < CLOCK_STEP_H:
            return
        self._last = t
        snapshot = snapshot()
        counts = dict(snapshot.counts)
        summary = {"secured": snapshot.secured, **counts,
                   "occupancy": {s.id: s.occupancy for s in snapshot.shelters}}
        with self.store.db:
            self.store.db.execute("BEGIN IMMEDIATE")
            self._run("INSERT INTO kpi_snapshots VALUES (?,?,?,?)", (self.id, t, time.time(), _dumps(summary)))
            self._run("UPDATE sessions SET clock_h=max(clock_h, ?) WHERE id=?", (t, self.id))


def _raw(exercise):
    """The exercise as a plain mapping (aliases as written), for storing."""
    return exercise.spec.model_dump(mode="json", by_alias=True, exclude_none=True)
