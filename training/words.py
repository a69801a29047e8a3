"""The words of scoring and the report, from the message catalogue (domain ``training``).

``STATUS["full"]["zh"]`` reads the catalogue's Chinese for a verdict; RATING, GRADE and
SOURCE work the same way, so that every caller picks a word by its code and a language.
"""
from messages import LANGS, N_, texts


class Word:
    """One catalogue message, read by language: ``Word("on time")["zh"]``."""

    def __init__(self, message):
        self.message = message

    def __getitem__(self, lang):
        return texts(lang)(self.message)

    def get(self, lang, default=None):
        return self[lang] if lang in LANGS else default

    def __repr__(self):
        return f"Word({self.message!r})"


def _words(table):
    return {key: Word(message) for key, message in table.items()}


STATUS = _words({
    "full": N_("on time"), "late": N_("late"), "partial": N_("partly done"),
    "early": N_("before the trigger"), "wrong": N_("wrong target or channel"), "missing": N_("missing"),
})
RATING = _words({
    "P": N_("P - performed without challenges"), "S": N_("S - performed with some challenges"),
    "M": N_("M - performed with major challenges"), "U": N_("U - unable to be performed"),
    "-": N_("not observed"),
})
GRADE = _words({"excellent": N_("excellent"), "good": N_("good"), "pass": N_("pass"), "fail": N_("fail")})
SOURCE = _words({"rule": N_("plan rule"), "inject": N_("inject"), "decision": N_("decision point")})


def hm(hours, lang="en"):
    """Hours as ``1 h 05 min`` / ``1小时05分``."""
    _ = texts(lang)
    minutes = round(abs(hours) * 60)
    h, m = divmod(minutes, 60)
    text = _("{h} h {m:02d} min", h=h, m=m) if h else _("{m} min", m=m)
    return f"-{text}" if hours < 0 else text


def clock(t):
    """Sim time as ``T+14:20``."""
    minutes = round(t * 60)
    return f"T+{minutes // 60:02d}:{minutes % 60:02d}"


def verdict_text(v, lang="en"):
    """What was expected and what the team did, in *lang*, citing the team's actions."""
    return v.explain(lang)


def role_name(exercise, role_id, lang="en"):
    """A role by its name in *lang* (``name_zh`` in Chinese); an unknown id as it is."""
    _ = texts(lang)
    role = exercise.roles.get(role_id) if role_id else None
    if role is None:
        return role_id or _("commander")
    return _.name(role)


def source_label(v, lang="en"):
    """Where an expected action comes from: ``plan rule P2``, ``inject I7``, ``reorder rule S02``."""
    _ = texts(lang)
    if v.source_id.startswith("resupply:"):
        return _("reorder rule {shelter}", shelter=v.source_id.split(":")[1])
    return _("{source} {id}", source=SOURCE[v.source][lang], id=v.source_id)
