"""The feed: what happened at the table, one numbered line at a time, kept in the room.

A line is ``{"n", "t", "clock", "kind", "text": {zh, en}, "ref", "wall"}``: ``n`` counts from 1
in the session, ``t`` is the model time (h), ``kind`` says what it is (``join``, ``inject``,
``action``, ``answer``, ``close``, ``news``, ``expired``, ``poll``, ``finish``), ``ref`` the id
of what it is about. Every line is written to the session database as it is made, so a
resumed host shows the same feed and never announces an inject a second time; the pages
keep lines by ``n``, so a reconnect never shows one twice.
"""
import time

from training.words import clock

SEAT_KINDS = frozenset({"news", "join", "finish", "expired", "poll", "close"})
"""Kinds of line a seat sees (the others say who did what: the facilitator's and the projector's)."""
SENT_AT_JOIN = 50
"""Lines a client gets when it joins (the latest); the rest are in the record."""


class Feed:
    """The numbered lines of one room."""

    def __init__(self, room):
        self.room = room
        self.lines = room.lines()

    def add(self, kind, text, t, ref=None):
        """Append a line and write it down; return it."""
        line = {"n": len(self.lines) + 1, "t": t, "clock": clock(t), "kind": kind, "text": text, "ref": ref,
                "wall": time.time()}
        self.lines.append(line)
        self.room.keep_line(line)
        return line

    def refs(self, kind):
        """The refs of the lines of *kind* (e.g. the injects already announced)."""
        return {line["ref"] for line in self.lines if line["kind"] == kind}

    def since(self, seen, seat=False):
        """The lines after the first *seen*, those a seat sees if *seat*; at most SENT_AT_JOIN."""
        lines = self.lines[seen:]
        if seat:
            lines = [line for line in lines if line["kind"] in SEAT_KINDS]
        return lines[-SENT_AT_JOIN:]

    def __len__(self):
        return len(self.lines)

    def __getitem__(self, index):
        return self.lines[index]

    def __iter__(self):
        return iter(self.lines)
