"""A recorded session as plain data: what scoring and the report read.

The same record comes from a live runner (``record_of``) or from the session store, so
a session scores the same whether it has just ended or is read back a year later.
"""
from dataclasses import dataclass, field

from sim import scenario_from_dict

from .exercise import Exercise
from .spec import ExerciseSpec


@dataclass(frozen=True)
class SessionRecord:
    """Everything scoring needs: the exercise as played, the log, and both runs' KPIs."""

    exercise: Exercise
    seed: int
    actions: tuple  # ActionEntry, in the order taken
    deliveries: dict  # inject id -> t delivered (h)
    decisions: dict  # decision id -> (opened_t, closed_t or None)
    rule_times: dict  # plan rule id -> t its trigger first held (h)
    kpis: dict  # the team's KPIs at the horizon
    baseline: dict  # the plan-mode KPIs of the same seed
    session_id: int | None = None
    started_at: str = ""
    participants: tuple = ()  # (role, name), ...
    series: dict = field(default_factory=dict)  # "team" / "baseline" -> series as lists
    community: str = ""
    acts: tuple = ()  # the facilitator's ActEntry, in order
    acks: tuple = ()  # Ack: who marked which inject received, when
    seats: tuple = ()  # training.seats.SeatEntry: what was done from which seat (the exercise host)
    needs: dict = field(default_factory=dict)  # reorder rule id -> what it asked for (training.needs)
    evaluations: tuple = ()  # evaluator overrides and observations (training.evaluation), in order
    tables: dict = field(default_factory=dict)  # "team" / "baseline" -> {"shelters" | "zones": [row, ...]}
    notes: tuple = ()  # Note: what people wrote beyond the evaluator's observations (observers, the hotwash)


@dataclass(frozen=True)
class Note:
    """A note someone wrote about the session, as the report prints it.

    *kind*: ``strength`` / ``improvement`` (an evaluator's observation), ``observer`` or
    ``hotwash`` (notes entered on the web), or any later kind (printed as given).
    *t*: the exercise clock when written (h), None when written after the exercise;
    *recorded_at*: the wall-clock stamp as stored (UTC ISO); *about*: what it concerns, an
    objective (``O2``), an inject (``I7``) or ""."""

    kind: str
    text: str
    who: str
    role: str = ""
    t: float | None = None
    recorded_at: str = ""
    about: str = ""


def session_notes(record):
    """Every note of a session, the one place the report reads them from: the evaluator's
    observations (training.evaluation) and the notes the record carries (``record.notes``,
    filled by the session store once it keeps observer and hotwash notes), in the order
    written (by exercise clock where there is one, then by wall-clock stamp)."""
    notes = [Note(kind=e.rating, text=e.comment, who=e.evaluator, role=e.role, t=e.sim_t, recorded_at=e.recorded_at,
                  about=e.target.split(":", 1)[1] if e.target.startswith("objective:") else e.target)
             for e in record.evaluations if e.kind == "observation"]
    notes += list(record.notes)
    return tuple(sorted(notes, key=lambda n: (n.t is None, n.t or 0.0, n.recorded_at or "")))


def record_of(runner):
    """The record of a runner that has been played to its horizon."""
    result, base = runner.run_out(), runner.baseline()
    return SessionRecord(
        exercise=runner.exercise, seed=runner.seed, actions=tuple(runner.actions),
        deliveries={d.inject.id: d.t for d in runner.deliveries},
        decisions={k: tuple(v) for k, v in runner.decisions.items()},
        rule_times=dict(runner.rule_times), kpis=dict(result.kpis), baseline=dict(base.kpis),
        series={"team": plain_series(result.series), "baseline": plain_series(base.series)},
        community=runner.exercise.community, acts=tuple(runner.acts),
        acks=tuple(sorted(runner.acks.values(), key=lambda a: (a.t, a.wall))),
        needs=dict(getattr(runner, "needs", {})), tables={"team": run_tables(result), "baseline": run_tables(base)},
    )


def run_tables(result):
    """A RunResult's per-shelter and per-zone tables as lists of row dicts (those it has), its
    verdict lines, and its dispatches (t, depot, shelter, source, items sent)."""
    out = {}
    for kind in ("shelters", "zones"):
        rows = getattr(getattr(result, kind, None), "rows", None)
        if rows is not None:
            out[kind] = [dict(r) for r in rows]
    lines = verdict_lines(result)
    if lines is not None:
        out["verdict"] = lines
    events = getattr(result, "events", None)
    if events is not None:  # what each dispatch actually took from its depot (scoring credits that)
        out["dispatches"] = [{k: e[k] for k in ("t", "depot", "shelter", "source", "items")}
                             for e in events if e.get("kind") == "dispatch"]
    return out


def verdict_lines(result):
    """The relief verdict's reasons in both languages, {"zh": [...], "en": [...]}, or None."""
    verdict = getattr(result, "verdict", None)
    if verdict is None or not hasattr(verdict, "lines"):
        return None
    return {lang: list(verdict.lines(lang)) for lang in ("zh", "en")}


def plain_series(series):
    """A RunResult's series as JSON-ready lists."""
    out = {}
    for key, value in series.items():
        out[key] = value.tolist() if hasattr(value, "tolist") else list(value)
    return out


def exercise_from_source(exercise_data, scenario_data, file, digest):
    """Rebuild an Exercise from the raw mappings a session stored (no file needed)."""
    spec = ExerciseSpec.model_validate(exercise_data)
    scenario = scenario_from_dict(scenario_data, file=file)
    return Exercise(spec, scenario, file, digest)
