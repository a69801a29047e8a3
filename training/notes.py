"""Observer and hotwash notes: what people round the table wrote down during and after an
exercise, kept with the session for the after-action report.

An *observation* is an observer's or the facilitator's note while the exercise runs
("grid workers in C2 unsure who checks the elderly living alone"); *strength* and
*improvement* are the hotwash's two questions after it ends — what went well, what to
improve. Each may be about one role or the whole team (``role`` empty). The exercise host
takes them from its pages (the facilitator's console; each seat after the end) and records
them with ``SessionStore.add_note``; the report reads them with ``session_notes``.

    for note in session_notes(store, session_id): note.kind, note.role, note.author, note.text, note.t
"""
from dataclasses import dataclass
from datetime import datetime, timezone

KINDS = ("observation", "strength", "improvement")
"""What a note is: an observation during play, or one of the hotwash's two questions."""
TEXT_MAX = 2000
"""Longest note (characters)."""


@dataclass(frozen=True)
class SessionNote:
    """One note written at the table."""

    client_id: str  # the id the page gave the message (unique in the session: a resend is kept once)
    kind: str  # one of KINDS
    role: str  # the role it is about, "" for the whole team
    author: str  # who wrote it: the facilitator's or the seat's display name
    text: str
    t: float  # model time when it was written, h
    wall: float  # seconds since the epoch


def session_notes(store, session_id, kinds=KINDS):
    """The notes of a session (SessionNote, in the order written), those of *kinds* only: the one
    function the after-action report reads them with."""
    return tuple(n for n in store.notes(session_id) if n.kind in kinds)


REPORT_KINDS = {"observation": "observer", "strength": "strength", "improvement": "improvement"}
"""Each kind of note as the report names it (training.record.Note.kind)."""


def for_the_record(notes):
    """*notes* (SessionNote) as the record carries them for the report (training.record.Note):
    ``SessionStore.record`` fills ``SessionRecord.notes`` with these."""
    from .record import Note as RecordNote

    return tuple(RecordNote(kind=REPORT_KINDS.get(n.kind, n.kind), text=n.text, who=n.author, role=n.role, t=n.t,
                            recorded_at=datetime.fromtimestamp(n.wall, timezone.utc).isoformat(timespec="seconds"))
                 for n in notes)
