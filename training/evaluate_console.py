"""``stormdrill evaluate SESSION``: the evaluator's judgement entered at a terminal.

The evaluator (or the facilitator) sees each computed verdict and objective rating, and
may override it with a rating and a comment, or note an observation (a strength or an
area for improvement) tied to an objective. Each entry is committed to the session at
once, with who and when. During the exercise (the session still running) observations
and objective ratings can be entered; verdicts exist once the session has finished.

Verdicts carry the number of their line on the printed evaluator's form
(training.roles.evaluation_form, training.handouts): item 12 on paper is item 12 here;
the numbers of expected actions that never fell due in the session are left out.

Commands: list, override N RATING -- comment, override O1 RATING -- comment,
observe O1 strength|improvement -- text, show, help, quit.
"""
from messages import N_, texts

from .evaluation import OBJECTIVE_RATINGS, OBSERVATION_KINDS, VERDICT_RATINGS, EvaluationError, make
from .improvement import improvement_items
from .roles import form_numbers
from .scoring import score as score_record
from .words import RATING, STATUS, role_name, source_label

HELP = N_("""commands:
  list                               the verdicts (numbered as on the evaluator's form) and objectives
  override N RATING -- comment       rate verdict N otherwise ({ratings})
  override O1 RATING -- comment      rate objective O1 otherwise (P, S, M, U)
  observe O1 strength -- text        note a strength (or: improvement) under objective O1
  show                               the judgements entered so far
  quit                               leave (everything is already saved)""")


class EvaluatorConsole:
    """Reads evaluator commands, commits each judgement to the session store."""

    def __init__(self, store, session_id, evaluator, role="evaluator", lang="en", read=input, write=print, sim_t=None):
        self.store, self.id = store, session_id
        self.evaluator, self.role, self.lang = evaluator, role, lang
        self._ = texts(lang)
        self.read, self.write = read, write
        row = store.session(session_id)
        self.finished = row["final_kpis"] is not None
        self.sim_t = sim_t if sim_t is not None else (None if self.finished else row["clock_h"])
        self.exercise = store.exercise(session_id)

    def help(self):
        self.write(self._(HELP, ratings=self._.join(VERDICT_RATINGS)))

    def run(self):
        _ = self._
        self.write(_("== {name} · session {sid}", name=_.name(self.exercise.spec), sid=self.id))
        if not self.finished:
            self.write(_("the session is still running: verdicts come at its end; "
                         "objectives and observations can be entered now"))
        self.help()
        self.list()
        while True:
            try:
                line = self.read("evaluate> ").strip()
            except EOFError:
                return
            if line in ("quit", "exit", "q"):
                return
            try:
                self.command(line)
            except EvaluationError as exc:
                self.write(f"! {exc}")

    def command(self, line):
        head, _sep, rest = line.partition(" ")
        if head in ("", "list"):
            self.list()
        elif head == "help":
            self.help()
        elif head == "show":
            self.show()
        elif head in ("override", "observe"):
            self.judge(head, rest)
        else:
            self.write(self._("unknown command {cmd!r}; type `help`", cmd=head))

    def score(self):
        if not self.finished:
            return None
        return score_record(self.store.record(self.id))

    def numbered(self):
        """(form number, Verdict) of the session's verdicts, in the order of the evaluator's form."""
        result = self.score()
        return numbered_verdicts(self.exercise, result.verdicts) if result is not None else []

    def list(self):
        _, lang = self._, self.lang
        result = self.score()
        for n, v in numbered_verdicts(self.exercise, result.verdicts) if result is not None else ():
            mark = "" if v.override is None else f"  → {STATUS[v.override.rating][lang]} ({v.override.evaluator})"
            self.write(f"{n:3d}. [{STATUS[v.status][lang]}]{mark} {role_name(self.exercise, v.role, lang)} · "
                       f"{source_label(v, lang)}: {v.explain(lang)}")
        objectives = result.objectives if result is not None else self.exercise.spec.objectives
        for o in objectives:
            rating = getattr(o, "rating", "-")
            self.write(f"  {o.id} {_.name(o)}: {RATING[rating][lang]}")

    def show(self):
        rows = self.store.evaluations(self.id)
        if not rows:
            self.write(self._("no judgements yet"))
        for e in rows:
            self.write(f"#{e.id} {e.kind} {e.target} {e.rating}: {e.comment} — {e.who(self.lang)}")

    def judge(self, kind, rest):
        spec, sep, comment = rest.partition(" -- ")
        parts = spec.split()
        if not sep or len(parts) != 2:
            self.write(self._("write the comment after ' -- ', e.g. override 3 full -- the door knocking started on time"))
            return
        which, rating = parts
        objectives = [o.id for o in self.exercise.spec.objectives]
        if which in objectives:
            target = f"objective:{which}"
            rating = rating.upper() if kind == "override" and rating.upper() in OBJECTIVE_RATINGS else rating
        else:
            verdict = dict(self.numbered()).get(int(which)) if which.isdigit() else None
            if verdict is None:
                self.write(self._("no verdict {n}; type `list`", n=which))
                return
            target = verdict.key
        if kind == "observe" and rating not in OBSERVATION_KINDS:
            raise EvaluationError(f"observe {which} strength|improvement -- text")
        new_id = record_judgement(self.store, self.id, kind.replace("observe", "observation"), target, rating, comment,
                                  self.evaluator, self.role, self.sim_t)
        what = " ".join((target, rating))
        self.write(self._("saved #{id}: {what}", id=new_id, what=what))


def numbered_verdicts(exercise, verdicts):
    """(number on the evaluator's form, Verdict) in form order; a verdict the form does not
    hold (an exercise edited since) comes last, numbered on from the form's end."""
    numbers = form_numbers(exercise)
    last = max(numbers.values(), default=0)
    out, extra = [], []
    for v in verdicts:
        (out if v.key in numbers else extra).append(v)
    ordered = sorted(((numbers[v.key], v) for v in out), key=lambda p: p[0])
    return ordered + [(last + i, v) for i, v in enumerate(extra, 1)]


def record_judgement(store, session_id, kind, target, rating, comment, evaluator, role="evaluator", sim_t=None):
    """Check and commit one override or observation to the session; rebuild the session's
    improvement plan when it has finished. Returns the new entry's id; EvaluationError says
    what is wrong (nothing is written then)."""
    row = store.session(session_id)
    exercise = store.exercise(session_id)
    finished = row["final_kpis"] is not None
    record = store.record(session_id) if finished else None
    keys = {v.key for v in score_record(record).verdicts} if finished else set()
    objectives = [o.id for o in exercise.spec.objectives]
    if sim_t is None and not finished:
        sim_t = row["clock_h"]
    evaluation = make(kind, target, rating, comment, evaluator, role, sim_t, keys, objectives)
    new_id = store.add_evaluation(session_id, evaluation)
    if finished:  # the improvement plan follows the evaluator's judgement
        record = store.record(session_id)
        store.replace_improvements(session_id, improvement_items(record, score_record(record)))
    return new_id


def judgement_targets(store, session_id, lang="en"):
    """(label, target) of everything an evaluator may judge in the session: its objectives,
    then (once it has finished) every expected action with its computed verdict, numbered as
    on the evaluator's form."""
    exercise = store.exercise(session_id)
    _ = texts(lang)
    out = [(f"{o.id} {_.name(o)}", f"objective:{o.id}") for o in exercise.spec.objectives]
    if store.session(session_id)["final_kpis"] is not None:
        verdicts = score_record(store.record(session_id)).verdicts
        for n, v in numbered_verdicts(exercise, verdicts):
            out.append((f"{n}. [{STATUS[v.status][lang]}] {source_label(v, lang)}: {v.what.get(lang, '')}", v.key))
    return out
