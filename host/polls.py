"""Quick polls: the facilitator asks the room a question, each seat votes from its phone, the
results go up on the projector.

One poll is open at a time (opening another closes it). A seat may change its vote while
the poll is open; its latest vote counts. Polls and votes are kept in the room (the session
database), so a resumed host has them.
"""
import time

from messages import N_

from .guard import Refusal

QUESTION_MAX = 300
OPTION_MAX = 120
OPTIONS_MAX = 8
"""A poll asks one question of at most QUESTION_MAX characters with 2 to OPTIONS_MAX options."""


class Polls:
    """The polls of one room."""

    def __init__(self, room):
        self.room = room
        self.polls = room.polls()

    @property
    def current(self):
        """The latest poll (open or closed), or None."""
        return self.polls[-1] if self.polls else None

    def open(self, poll_id, question, options, multi, t):
        question = " ".join(str(question or "").split())[:QUESTION_MAX]
        if not question:
            raise Refusal(N_("a poll needs a question"))
        if not isinstance(options, list):
            raise Refusal(N_("a poll's options are a list of 2 to {n} texts"), n=OPTIONS_MAX)
        options = [" ".join(str(o).split())[:OPTION_MAX] for o in options if str(o).strip()]
        if not 2 <= len(options) <= OPTIONS_MAX:
            raise Refusal(N_("a poll's options are a list of 2 to {n} texts"), n=OPTIONS_MAX)
        if self.current and self.current["open"]:
            self.close(self.current["id"])
        poll = {"id": poll_id, "question": question, "options": options, "multi": bool(multi), "open": True,
                "t": t, "wall": time.time()}
        self.polls.append(poll)
        self.room.keep_poll(poll)
        return poll

    def close(self, poll_id):
        poll = self._get(poll_id)
        if not poll["open"]:
            raise Refusal(N_("poll {id} is closed already"), id=poll_id)
        poll["open"] = False
        self.room.keep_poll(poll)
        return poll

    def vote(self, poll_id, token_hash, options):
        poll = self._get(poll_id)
        if not poll["open"]:
            raise Refusal(N_("poll {id} is closed"), id=poll_id)
        if not isinstance(options, list) or not options or not all(
                isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(poll["options"]) for i in options):
            raise Refusal(N_("vote with options: a list of numbers from 0 to {last}"), last=len(poll["options"]) - 1)
        options = sorted(set(options))
        if len(options) > 1 and not poll["multi"]:
            raise Refusal(N_("poll {id} takes one option"), id=poll_id)
        self.room.keep_vote(poll_id, token_hash, options)
        return options

    def _get(self, poll_id):
        poll = next((p for p in self.polls if p["id"] == poll_id), None)
        if poll is None:
            raise Refusal(N_("no poll {id}"), id=str(poll_id)[:64])
        return poll

    def view(self, token_hash=None, counts=True):
        """The current poll for a page: the question, the options with their votes (when
        *counts*), how many voted, and the vote of the seat *token_hash*."""
        poll = self.current
        if poll is None:
            return None
        votes = self.room.votes(poll["id"])
        tally = [0] * len(poll["options"])
        for chosen in votes.values():
            for i in chosen:
                tally[i] += 1
        show = counts or not poll["open"]
        return {"id": poll["id"], "question": poll["question"], "multi": poll["multi"], "open": poll["open"],
                "voters": len(votes), "mine": votes.get(token_hash) if token_hash else None,
                "options": [{"i": i, "text": text, "votes": tally[i] if show else None}
                            for i, text in enumerate(poll["options"])]}
