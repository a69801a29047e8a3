"""Who is at the table: each seat connected or offline, when it was last heard from, what it
acknowledged and did, for the facilitator's console.

Built from the record when the host opens (a resumed host knows what every seat did before
the restart) and kept up to date with each message. Online counts are per connection: a
seat open on two devices stays online until both are gone.
"""
import time


class Presence:
    """The seats of a room as the facilitator sees them."""

    def __init__(self, seat_log=(), clock=time.time):
        self.clock = clock
        self.online = {}  # token hash -> open connections
        self.last_seen = {}  # token hash -> wall seconds
        self.acks = {}  # inject id -> [{"seat", "role", "t"}]
        self.done = {}  # (seat name, role) -> {"action": n, "refused": n, "ack": n, "answer": n}
        self.history = {}  # (seat name, role) -> [SeatEntry], in order
        for entry in seat_log:
            self.noted(entry)

    def came(self, token_hash):
        self.online[token_hash] = self.online.get(token_hash, 0) + 1
        self.saw(token_hash)

    def went(self, token_hash):
        self.online[token_hash] = max(self.online.get(token_hash, 1) - 1, 0)
        self.saw(token_hash)

    def saw(self, token_hash):
        self.last_seen[token_hash] = self.clock()

    def is_online(self, token_hash):
        return self.online.get(token_hash, 0) > 0

    def noted(self, entry):
        """A training.seats.SeatEntry was recorded."""
        key = (entry.seat, entry.role)
        self.history.setdefault(key, []).append(entry)
        counts = self.done.setdefault(key, {"action": 0, "refused": 0, "ack": 0, "answer": 0})
        if not entry.accepted:
            counts["refused"] += 1
            return
        counts[entry.kind] = counts.get(entry.kind, 0) + 1
        if entry.kind == "ack":
            self.acks.setdefault(entry.ref, []).append({"seat": entry.seat, "role": entry.role, "t": entry.t})

    def rows(self, seats):
        """The facilitator's list: one row per seat (room.Seat), in the order they joined."""
        out = []
        for s in seats:
            counts = self.done.get((s.name, s.role), {})
            done = self.history.get((s.name, s.role))
            seen = self.last_seen.get(s.token_hash) or (done[-1].wall if done else s.wall_t)
            out.append({"name": s.name, "role": s.role, "online": self.is_online(s.token_hash),
                        "last_seen": seen, "actions": counts.get("action", 0),
                        "refused": counts.get("refused", 0), "acks": counts.get("ack", 0),
                        "answers": counts.get("answer", 0)})
        return out
