"""The room: the code seats join with, the facilitator's secret and consoles, the seats that
joined, the feed and the polls.

Kept in the session database beside the session (tables of the host's own, created if
missing), so that a host killed and started again with ``--resume`` takes back the same
room code, every seat's token and every open console's token: phones and the console
reconnect by themselves, and the feed is the one they saw.
"""
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass

ROOM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Room code letters: no 0/O or 1/I, easy to read off a projector and type on a phone."""
ROOM_LENGTH = 6
MAX_SEATS = 60
"""Seats one room takes in all (a tabletop exercise has 5-30 players); a join past it is refused."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS host_rooms (
    session_id INTEGER PRIMARY KEY, room TEXT NOT NULL, secret_hash TEXT NOT NULL, wall_t REAL NOT NULL);
CREATE TABLE IF NOT EXISTS host_seats (
    session_id INTEGER NOT NULL, token_hash TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
    wall_t REAL NOT NULL, PRIMARY KEY (session_id, token_hash));
CREATE TABLE IF NOT EXISTS host_replies (
    session_id INTEGER NOT NULL, client_id TEXT NOT NULL, reply TEXT NOT NULL, wall_t REAL NOT NULL,
    PRIMARY KEY (session_id, client_id));
CREATE TABLE IF NOT EXISTS host_old_secrets (
    session_id INTEGER NOT NULL, secret_hash TEXT NOT NULL, replaced_t REAL NOT NULL,
    PRIMARY KEY (session_id, secret_hash));
CREATE TABLE IF NOT EXISTS host_consoles (
    session_id INTEGER NOT NULL, token_hash TEXT NOT NULL, name TEXT NOT NULL, wall_t REAL NOT NULL,
    PRIMARY KEY (session_id, token_hash));
CREATE TABLE IF NOT EXISTS host_feed (
    session_id INTEGER NOT NULL, n INTEGER NOT NULL, line TEXT NOT NULL, PRIMARY KEY (session_id, n));
CREATE TABLE IF NOT EXISTS host_polls (
    session_id INTEGER NOT NULL, poll_id TEXT NOT NULL, poll TEXT NOT NULL, PRIMARY KEY (session_id, poll_id));
CREATE TABLE IF NOT EXISTS host_votes (
    session_id INTEGER NOT NULL, poll_id TEXT NOT NULL, token_hash TEXT NOT NULL, options TEXT NOT NULL,
    wall_t REAL NOT NULL, PRIMARY KEY (session_id, poll_id, token_hash));
"""


def new_room_code():
    """A random room code, e.g. ``K7QF3M``."""
    return "".join(secrets.choice(ROOM_ALPHABET) for _ in range(ROOM_LENGTH))


def _hash(secret):
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Seat:
    """A person at the table: the display name they gave and the role they play."""

    name: str
    role: str
    token_hash: str
    wall_t: float = 0.0  # when they joined (seconds since the epoch)


class Room:
    """The room of one session in the session database."""

    def __init__(self, db, session_id):
        self.db, self.session_id = db, session_id
        for statement in SCHEMA.split(";"):
            if statement.strip():
                self.db.execute(statement)
        self.code = None
        self.replaced_t = None  # when the last secret was replaced (a resumed host), or None
        self._secret_hash = None

    def open(self, code=None, secret=None):
        """Open the room: keep the session's code if it had one (a resumed host), else a new
        one. The facilitator's secret is new each time the host starts; the one it replaces is
        remembered (hashed), so that its old link is answered with where the new one is.
        Returns the secret."""
        row = self.db.execute("SELECT room, secret_hash FROM host_rooms WHERE session_id=?", (self.session_id,)).fetchone()
        self.code = code or (row[0] if row else new_room_code())
        secret = secret or secrets.token_urlsafe(12)
        self._secret_hash = _hash(secret)
        now = time.time()
        if row and row[1] != self._secret_hash:
            self.db.execute("INSERT OR IGNORE INTO host_old_secrets VALUES (?,?,?)", (self.session_id, row[1], now))
            self.replaced_t = now
        self.db.execute("INSERT OR REPLACE INTO host_rooms VALUES (?,?,?,?)",
                        (self.session_id, self.code, self._secret_hash, now))
        return secret

    def code_matches(self, code):
        return isinstance(code, str) and hmac.compare_digest(code.strip().upper(), self.code)

    def is_facilitator(self, secret):
        return isinstance(secret, str) and hmac.compare_digest(_hash(secret), self._secret_hash)

    def was_facilitator(self, secret):
        """When *secret* was replaced (an earlier start of the host), or None if it never was the secret."""
        if not isinstance(secret, str):
            return None
        row = self.db.execute("SELECT replaced_t FROM host_old_secrets WHERE session_id=? AND secret_hash=?",
                              (self.session_id, _hash(secret))).fetchone()
        return row[0] if row else None

    # -- the facilitator's consoles: a token each, so the secret leaves the page's address --
    def add_console(self, name):
        """A console that logged in with the secret; returns its token (kept by the page for
        reconnecting, also after a resume)."""
        token = secrets.token_urlsafe(18)
        self.db.execute("INSERT INTO host_consoles VALUES (?,?,?,?)", (self.session_id, _hash(token), name, time.time()))
        return token

    def console(self, token):
        """The name a console token was given to, or None."""
        if not isinstance(token, str) or not token:
            return None
        row = self.db.execute("SELECT name FROM host_consoles WHERE session_id=? AND token_hash=?",
                              (self.session_id, _hash(token))).fetchone()
        return row[0] if row else None

    # -- seats --------------------------------------------------------------------------
    def add_seat(self, name, role):
        """A new seat; returns (Seat, token). The token lets the same phone come back to it.
        A name another seat of the room already has gets a number: "Li (2)"."""
        token = secrets.token_urlsafe(18)
        taken = {s.name for s in self.seats()}
        unique, n = name, 2
        while unique in taken:
            unique, n = f"{name} ({n})", n + 1
        seat = Seat(unique, role, _hash(token), time.time())
        self.db.execute("INSERT INTO host_seats VALUES (?,?,?,?,?)",
                        (self.session_id, seat.token_hash, seat.name, role, seat.wall_t))
        return seat, token

    def seat(self, token):
        """The seat a token belongs to, or None."""
        if not isinstance(token, str) or not token:
            return None
        row = self.db.execute("SELECT name, role, token_hash, wall_t FROM host_seats WHERE session_id=? AND token_hash=?",
                              (self.session_id, _hash(token))).fetchone()
        return Seat(*row) if row else None

    def seats(self):
        rows = self.db.execute("SELECT name, role, token_hash, wall_t FROM host_seats WHERE session_id=? ORDER BY wall_t",
                               (self.session_id,)).fetchall()
        return [Seat(*r) for r in rows]

    # -- the facilitator's replies, kept so a message sent again is done once ----------------
    def reply(self, client_id):
        """The reply already given to the facilitator's message *client_id*, or None."""
        row = self.db.execute("SELECT reply FROM host_replies WHERE session_id=? AND client_id=?",
                              (self.session_id, client_id)).fetchone()
        return json.loads(row[0]) if row else None

    def keep_reply(self, client_id, reply):
        """Remember the reply to a facilitator's message, so that sending it again (a reconnect,
        also after a resume) does nothing twice."""
        self.db.execute("INSERT OR IGNORE INTO host_replies VALUES (?,?,?,?)",
                        (self.session_id, client_id, json.dumps(reply, ensure_ascii=False), time.time()))

    # -- the feed and the polls --------------------------------------------------------------
    def keep_line(self, line):
        self.db.execute("INSERT OR IGNORE INTO host_feed VALUES (?,?,?)",
                        (self.session_id, line["n"], json.dumps(line, ensure_ascii=False)))

    def lines(self):
        rows = self.db.execute("SELECT line FROM host_feed WHERE session_id=? ORDER BY n", (self.session_id,)).fetchall()
        return [json.loads(r[0]) for r in rows]

    def keep_poll(self, poll):
        self.db.execute("INSERT OR REPLACE INTO host_polls VALUES (?,?,?)",
                        (self.session_id, poll["id"], json.dumps(poll, ensure_ascii=False)))

    def polls(self):
        rows = self.db.execute("SELECT poll FROM host_polls WHERE session_id=? ORDER BY rowid", (self.session_id,)).fetchall()
        return [json.loads(r[0]) for r in rows]

    def keep_vote(self, poll_id, token_hash, options):
        """A seat's vote (its latest counts: a seat may change its mind while the poll is open)."""
        self.db.execute("INSERT OR REPLACE INTO host_votes VALUES (?,?,?,?,?)",
                        (self.session_id, poll_id, token_hash, json.dumps(options), time.time()))

    def votes(self, poll_id):
        """{token hash: [option, ...]} of a poll."""
        rows = self.db.execute("SELECT token_hash, options FROM host_votes WHERE session_id=? AND poll_id=?",
                               (self.session_id, poll_id)).fetchall()
        return {r[0]: json.loads(r[1]) for r in rows}
