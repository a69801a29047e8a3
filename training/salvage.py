"""What can still be read of a session whose database is damaged: its row, and its team
actions and facilitator acts in order up to the first one that cannot be read.

    found = salvage(store, 3)      # Salvage(session={...}, actions=[...], acts=[...], problems=[...])
    write_salvage(found, "session-3.jsonl")

A damaged file (a corrupted page, a dropped table, a row whose JSON is broken) makes a report,
a replay or a resume stop with :func:`damaged`'s message instead of a traceback; the message
says how much can still be read and how to export it (``stormdrill salvage``).
"""
import json
import sqlite3
from dataclasses import dataclass, field

from sim.outfile import replacing

from .store import StoreError, explain, is_damage

ACTION_COLUMNS = ("seq", "sim_t", "wall_t", "role", "action", "rationale", "accepted", "reason")
ACT_COLUMNS = ("seq", "after_action", "sim_t", "wall_t", "who", "act", "accepted", "reason")


@dataclass
class Salvage:
    """The readable part of one session: its row (the columns that could be read), its actions
    and facilitator acts as plain dicts (in order, up to the damage), and what stopped the reading."""

    session_id: int
    session: dict = field(default_factory=dict)
    actions: list = field(default_factory=list)
    acts: list = field(default_factory=list)
    problems: list = field(default_factory=list)


def salvage(store, session_id):
    """The :class:`Salvage` of *session_id* in *store* (opened even if damaged)."""
    found = Salvage(session_id)
    try:
        cur = store.db.execute("SELECT * FROM sessions WHERE id=?", (session_id,))
        row = cur.fetchone()
        if row is not None:
            found.session = dict(zip([c[0] for c in cur.description], row))
        else:
            found.problems.append(f"no row for session {session_id} in the sessions table")
    except sqlite3.DatabaseError as exc:
        found.problems.append(f"sessions table: {exc}")
    found.actions = _rows(store, "actions", ACTION_COLUMNS, "action", session_id, found.problems)
    found.acts = _rows(store, "facilitator_acts", ACT_COLUMNS, "act", session_id, found.problems)
    return found


def _rows(store, table, columns, payload, session_id, problems):
    """Rows of *table* for the session in order, up to the first unreadable one (its JSON
    column *payload* decoded)."""
    out = []
    try:
        cur = store.db.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE session_id=? ORDER BY seq",
                               (session_id,))
        while (row := cur.fetchone()) is not None:
            entry = dict(zip(columns, row))
            try:
                entry[payload] = json.loads(entry[payload])
            except (TypeError, ValueError) as exc:
                problems.append(f"{table}: row seq {entry['seq']} is not readable JSON ({exc}); read up to the row before")
                break
            out.append(entry)
    except sqlite3.DatabaseError as exc:
        problems.append(f"{table}: {exc} (after {len(out)} readable rows)")
    return out


def damaged(store, session_id, exc):
    """The StoreError for a session that could not be read whole because of *exc*; an error of
    the disk, a lock or the permissions is said as what it is (training.store.explain), not as damage."""
    if isinstance(exc, sqlite3.DatabaseError) and not is_damage(exc):
        return explain(store.path, exc)
    found = salvage(store, session_id)
    last = f", the last at T+{found.actions[-1]['sim_t']:.2f} h" if found.actions else ""
    return StoreError(
        f"session {session_id} in {store.path} is damaged and cannot be read whole ({_plain(exc)}); "
        f"{len(found.actions)} team action(s){last} and {len(found.acts)} facilitator act(s) can still be read. "
        f"Export them with `stormdrill salvage {session_id} --db {store.path}`")


def _plain(exc):
    text = str(exc) or type(exc).__name__
    return text if len(text) < 120 else text[:120] + "…"


def write_salvage(found, path):
    """Write *found* as JSON lines: the session row, then each action, each act, each problem."""
    with replacing(path) as fh:  # all at once, never through a planted link (sim.outfile)
        fh.write(json.dumps({"session": found.session_id, **found.session}, ensure_ascii=False, default=str) + "\n")
        for entry in found.actions:
            fh.write(json.dumps({"kind": "action", **entry}, ensure_ascii=False) + "\n")
        for entry in found.acts:
            fh.write(json.dumps({"kind": "facilitator_act", **entry}, ensure_ascii=False) + "\n")
        for problem in found.problems:
            fh.write(json.dumps({"kind": "problem", "text": problem}, ensure_ascii=False) + "\n")
