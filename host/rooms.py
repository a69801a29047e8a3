"""The room: the code seats join with, the facilitator's secret, and the seats that joined.

Kept in the session database beside the session (tables of the host's own, created if
missing), so that a host killed and started again with ``--resume`` takes back the same
room code and every seat's token: phones reconnect to their seats by themselves.
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

SCHEMA = """
CREATE TABLE IF NOT EXISTS host_rooms (
    session_id INTEGER PRIMARY KEY, room TEXT NOT NULL, secret_hash TEXT NOT NULL, wall_t REAL NOT NULL);
CREATE TABLE IF NOT EXISTS host_seats (
    session_id INTEGER NOT NULL, token_hash TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
    wall_t REAL NOT NULL, PRIMARY KEY (session_id, token_hash));
CREATE TABLE IF NOT EXISTS host_replies (
    session_id INTEGER NOT NULL, client_id TEXT NOT NULL, reply TEXT NOT NULL, wall_t REAL NOT NULL,
    PRIMARY KEY (session_id, client_id));
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


class Room:
    """The room of one session in the session database."""

    def __init__(self, db, session_id):
        self.db, self.session_id = db, session_id
        for statement in SCHEMA.split(";"):
            if statement.strip():
                self.db.execute(statement)
        self.code = None
        self._secret_hash = None

    def open(self, code=None, secret=None):
        """Open the room: keep the session's code if it had one (a resumed host), else a new
        one; the facilitator's secret is new each time the host starts. Returns the secret."""
        row = self.db.execute("SELECT room FROM host_rooms WHERE session_id=?", (self.session_id,)).fetchone()
        self.code = code or (row[0] if row else new_room_code())
        secret = secret or secrets.token_urlsafe(12)
        self._secret_hash = _hash(secret)
        self.db.execute("INSERT OR REPLACE INTO host_rooms VALUES (?,?,?,?)",
                        (self.session_id, self.code, self._secret_hash, time.time()))
        return secret

    def code_matches(self, code):
        return isinstance(code, str) and hmac.compare_digest(code.strip().upper(), self.code)

    def is_facilitator(self, secret):
        return isinstance(secret, str) and hmac.compare_digest(_hash(secret), self._secret_hash)

    def add_seat(self, name, role):
        """A new seat; returns (Seat, token). The token lets the same phone come back to it."""
        token = secrets.token_urlsafe(18)
        seat = Seat(name, role, _hash(token))
        self.db.execute("INSERT INTO host_seats VALUES (?,?,?,?,?)", (self.session_id, seat.token_hash, name, role, time.time()))
        return seat, token

    def seat(self, token):
        """The seat a token belongs to, or None."""
        if not isinstance(token, str) or not token:
            return None
        row = self.db.execute("SELECT name, role, token_hash FROM host_seats WHERE session_id=? AND token_hash=?",
                              (self.session_id, _hash(token))).fetchone()
        return Seat(*row) if row else None

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

    def seats(self):
        rows = self.db.execute("SELECT name, role, token_hash FROM host_seats WHERE session_id=? ORDER BY wall_t",
                               (self.session_id,)).fetchall()
        return [Seat(*r) for r in rows]
