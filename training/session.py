"""A recorded exercise: start one, resume one after a crash, replay one, finish one.

    session = Session.start(store, exercise, seed=0, participants=[("commander", "Li")])
    session.runner.advance(...); session.runner.act(...)
    score = session.finish()
"""
from dataclasses import replace

from .improvement import improvement_items, resolved_keys as resolve
from .record import record_of
from .runner import Runner, replay
from .scoring import score as score_record


class Session:
    """A runner whose every step is committed to a SessionStore."""

    def __init__(self, store, session_id, runner):
        self.store, self.id, self.runner = store, session_id, runner

    @classmethod
    def start(cls, store, exercise, seed=None, participants=()):
        seed = exercise.spec.seed if seed is None else seed
        baseline = Runner(exercise, seed).baseline()
        sid = store.create(exercise, seed, participants, baseline=baseline)
        runner = Runner(exercise, seed, journal=store.journal(sid))
        runner._baseline = baseline
        return cls(store, sid, runner)

    @classmethod
    def resume(cls, store, session_id):
        """Rebuild a session from its log: every committed action replayed at its sim time."""
        row = store.session(session_id)
        exercise = store.exercise(session_id)
        runner = replay(exercise, row["seed"], store.actions(session_id), store.decisions(session_id),
                        until=row["clock_h"], journal=store.journal(session_id),
                        acts=store.acts(session_id), acks=store.acks(session_id))
        return cls(store, session_id, runner)

    @property
    def open_items(self):
        """Open improvement items from earlier exercises of the same community."""
        return self.store.open_items(self.runner.exercise.community, before=self.id)

    def finish(self):
        """Play to the end, score, and record the KPIs, series and improvement plan."""
        result = self.runner.run_out()
        row = self.store.session(self.id)
        record = replace(record_of(self.runner), session_id=self.id, started_at=row["started_at"],
                         participants=self.store.participants(self.id), evaluations=self.store.evaluations(self.id))
        score = score_record(record)
        self.store.finish(self.id, result, score, improvement_items(record, score), resolve(record, score))
        return score


def replay_kpis(store, session_id):
    """(replayed KPIs, recorded KPIs) of a finished session: replay from the seed and the log."""
    row = store.session(session_id)
    runner = replayed_runner(store, session_id)
    replayed = runner.run_out().kpis
    recorded = store.record(session_id).kpis
    return replayed, recorded


def replayed_runner(store, session_id):
    """A runner that has replayed a session's whole log (actions, facilitator acts,
    decision points, acknowledgements) from its seed; play it out with ``run_out()``."""
    row = store.session(session_id)
    return replay(store.exercise(session_id), row["seed"], store.actions(session_id), store.decisions(session_id),
                  acts=store.acts(session_id), acks=store.acks(session_id))


def replayed_record(store, session_id):
    """The SessionRecord a replay of the session gives (for comparing reports with the recorded one)."""
    row = store.session(session_id)
    runner = replayed_runner(store, session_id)
    return replace(record_of(runner), session_id=session_id, started_at=row["started_at"],
                   participants=store.participants(session_id))
