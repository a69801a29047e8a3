"""Who did it: what the players did from their seats (a phone or laptop joined to the
exercise host), with the seat's display name beside the role.

The runner credits an action to a role; at a table where a role is taken by several people
the record also says which of them it was. The exercise host writes a ``SeatEntry`` for
each action, acknowledgement and decision answer a seat sends (``SessionStore.note_seat``);
the client's own id for the message makes a repeat harmless (a reconnecting phone that
sends the same action again gets the first outcome back, nothing is applied twice).
"""
from dataclasses import dataclass

KINDS = ("action", "ack", "answer")


@dataclass(frozen=True)
class SeatEntry:
    """One thing done from a seat."""

    client_id: str  # the id the seat gave the message (unique in the session)
    kind: str  # "action", "ack" (an inject marked received) or "answer" (a decision point closed)
    ref: str  # the action kind, the inject id or the decision id
    role: str
    seat: str  # the display name the person gave when joining
    t: float  # model time, h
    wall: float  # seconds since the epoch
    outcome: dict  # what the host answered: {"ok": bool, "reason": str, ...}

    @property
    def accepted(self):
        return bool(self.outcome.get("ok"))
