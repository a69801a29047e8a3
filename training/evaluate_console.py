"""``stormdrill evaluate SESSION``: the evaluator's judgement entered at a terminal.

The evaluator (or the facilitator) sees each computed verdict and objective rating, and
may override it with a rating and a comment, or note an observation (a strength or an
area for improvement) tied to an objective. Each entry is committed to the session at
once, with who and when. During the exercise (the session still running) observations
and objective ratings can be entered; verdicts exist once the session has finished.

Commands: list, override N RATING -- comment, override O1 RATING -- comment,
observe O1 strength|improvement -- text, show, help, quit.
"""
from .evaluation import OBJECTIVE_RATINGS, OBSERVATION_KINDS, VERDICT_RATINGS, EvaluationError, make
from .improvement import improvement_items
from .scoring import score as score_record
from .report import source_label
from .words import RATING, STATUS

WORDS = {
    "en": {
        "help": ("commands:\n"
                 "  list                               the verdicts and objectives, numbered\n"
                 "  override N RATING -- comment       rate verdict N otherwise (" + ", ".join(VERDICT_RATINGS) + ")\n"
                 "  override O1 RATING -- comment      rate objective O1 otherwise (P, S, M, U)\n"
                 "  observe O1 strength -- text        note a strength (or: improvement) under objective O1\n"
                 "  show                               the judgements entered so far\n"
                 "  quit                               leave (everything is already saved)"),
        "running": "the session is still running: verdicts come at its end; objectives and observations can be entered now",
        "saved": "saved #{id}: {what}",
        "need_comment": "write the comment after ' -- ', e.g. override 3 full -- the door knocking started on time",
        "no_number": "no verdict {n}; type `list`",
        "unknown": "unknown command {cmd!r}; type `help`",
        "none": "no judgements yet",
    },
    "zh": {
        "help": ("命令：\n"
                 "  list                               列出各项评定（编号）和目标\n"
                 "  override 编号 评定 -- 说明          改判第N项（" + "、".join(VERDICT_RATINGS) + "）\n"
                 "  override O1 评定 -- 说明            改判目标O1（P、S、M、U）\n"
                 "  observe O1 strength -- 内容         记录目标O1下的优点（或 improvement：需改进）\n"
                 "  show                               已录入的评定和观察\n"
                 "  quit                               退出（已随时保存）"),
        "running": "推演仍在进行：各项评定在结束后生成；目标评定和观察记录现在即可录入",
        "saved": "已保存 #{id}：{what}",
        "need_comment": "请在“ -- ”后写说明，例如 override 3 full -- 入户通知按时开始",
        "no_number": "没有第{n}项；请输入 list",
        "unknown": "未知命令 {cmd!r}；请输入 help",
        "none": "尚无评定",
    },
}


class EvaluatorConsole:
    """Reads evaluator commands, commits each judgement to the session store."""

    def __init__(self, store, session_id, evaluator, role="evaluator", lang="en", read=input, write=print, sim_t=None):
        self.store, self.id = store, session_id
        self.evaluator, self.role, self.lang = evaluator, role, lang
        self.read, self.write = read, write
        row = store.session(session_id)
        self.finished = row["final_kpis"] is not None
        self.sim_t = sim_t if sim_t is not None else (None if self.finished else row["clock_h"])
        self.exercise = store.exercise(session_id)

    def w(self, key, **kw):
        return WORDS[self.lang][key].format(**kw)

    def run(self):
        self.write(f"== {self.exercise.spec.name_zh if self.lang == 'zh' and self.exercise.spec.name_zh else self.exercise.name}"
                   f" · session {self.id}")
        if not self.finished:
            self.write(self.w("running"))
        self.write(self.w("help"))
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
        head, _, rest = line.partition(" ")
        if head in ("", "list"):
            self.list()
        elif head == "help":
            self.write(self.w("help"))
        elif head == "show":
            self.show()
        elif head in ("override", "observe"):
            self.judge(head, rest)
        else:
            self.write(self.w("unknown", cmd=head))

    def score(self):
        if not self.finished:
            return None
        return score_record(self.store.record(self.id))

    def list(self):
        lang = self.lang
        result = self.score()
        if result is not None:
            for n, v in enumerate(result.verdicts, 1):
                mark = "" if v.override is None else f"  → {STATUS[v.override.rating][lang]} ({v.override.evaluator})"
                self.write(f"{n:3d}. [{STATUS[v.status][lang]}]{mark} {source_label(v, lang)}: "
                           f"{v.explain(lang)}")
            objectives = [(o.id, (o.name_zh or o.name) if lang == "zh" else o.name, o.rating) for o in result.objectives]
        else:
            objectives = [(o.id, (o.name_zh or o.name) if lang == "zh" else o.name, "-")
                          for o in self.exercise.spec.objectives]
        for oid, name, rating in objectives:
            self.write(f"  {oid} {name}: {RATING[rating][lang]}")

    def show(self):
        rows = self.store.evaluations(self.id)
        if not rows:
            self.write(self.w("none"))
        for e in rows:
            self.write(f"#{e.id} {e.kind} {e.target} {e.rating}: {e.comment} — {e.who(self.lang)}")

    def judge(self, kind, rest):
        spec, sep, comment = rest.partition(" -- ")
        parts = spec.split()
        if not sep or len(parts) != 2:
            self.write(self.w("need_comment"))
            return
        which, rating = parts
        objectives = [o.id for o in self.exercise.spec.objectives]
        if which in objectives:
            target = f"objective:{which}"
            rating = rating.upper() if kind == "override" and rating.upper() in OBJECTIVE_RATINGS else rating
        else:
            result = self.score()
            verdicts = result.verdicts if result is not None else ()
            if not which.isdigit() or not 1 <= int(which) <= len(verdicts):
                self.write(self.w("no_number", n=which))
                return
            target = verdicts[int(which) - 1].key
        if kind == "observe" and rating not in OBSERVATION_KINDS:
            raise EvaluationError(f"observe {which} strength|improvement -- text")
        new_id = record_judgement(self.store, self.id, kind.replace("observe", "observation"), target, rating, comment,
                                  self.evaluator, self.role, self.sim_t)
        self.write(self.w("saved", id=new_id, what=f"{target} {rating}"))


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
    then (once it has finished) every expected action with its computed verdict."""
    exercise = store.exercise(session_id)
    zh = lang == "zh"
    out = [(f"{o.id} {(o.name_zh or o.name) if zh else o.name}", f"objective:{o.id}") for o in exercise.spec.objectives]
    if store.session(session_id)["final_kpis"] is not None:
        for n, v in enumerate(score_record(store.record(session_id)).verdicts, 1):
            out.append((f"{n}. [{STATUS[v.status][lang]}] {source_label(v, lang)}: {v.what.get(lang, '')}", v.key))
    return out
