"""How the importer speaks: every reason and note from the message catalogue (registry domain).

A reader (values.py, geojson.py) raises :class:`Unreadable`, a ValueError that keeps its English
message (the catalogue key) and its fields apart, so the place that reports it can say it in
the user's language (``say``). Content the importer writes into a scenario in both languages
(a placeholder's ``name`` and ``name_zh``) comes from the same catalogue (``pair``).
"""
from messages import N_, texts


class Unreadable(ValueError):
    """A reason a cell or a feature cannot be read: ``str()`` is English; ``say(_)`` translates."""

    def __init__(self, template, **fields):
        self.template, self.fields = template, fields
        shown = {k: str(v) if isinstance(v, Unreadable) else v for k, v in fields.items()}
        super().__init__(template.format(**shown) if fields else template)

    def say(self, _):
        """The reason in the language of *_* (a field that is itself one too)."""
        return _(self.template, **{k: v.say(_) if isinstance(v, Unreadable) else v for k, v in self.fields.items()})


def say(exc, _):
    """*exc*'s reason in the language of *_* (an Unreadable), or as it is."""
    return exc.say(_) if isinstance(exc, Unreadable) else str(exc)


def pair(message, key="name", **fields):
    """``{key: English, key_zh: 中文}`` of one catalogue *message*: content in both languages."""
    return {key: texts("en")(message, **fields), f"{key}_zh": texts("zh")(message, **fields)}


def texts_of(name):
    """The catalogue in the language *name* is written in (Chinese when it holds ideographs)."""
    from .values import is_chinese

    return texts("zh" if is_chinese(name) else "en")


def speaker(lang=None):
    """The catalogue in *lang* (None: the one rule, messages.choose)."""
    return texts(lang)


__all__ = ["N_", "Unreadable", "pair", "say", "speaker", "texts_of"]


def import_lines(imported, scenario, out, rejected, hazard, lang=None, quiet=False):
    """What ``stormdrill import`` prints after writing: the notes, the rows left out, the
    scenario written, and what to do next (*quiet*: without the notes and the next step)."""
    _ = texts(lang)
    lines = [] if quiet else [_("note: {note}", note=note) for note in imported.notes]
    if imported.rejected:
        lines.append(_("wrote {file}: {n} bad row(s) left out, each with its reason", file=rejected,
                       n=len(imported.rejected)))
    lines.append(_("wrote {file}: {zones} zones, {shelters} shelters ({places:,} places), {people:,} people, {roads} "
                   "roads; hazard {hazard}, onset T+{onset:g} h", file=out, zones=len(scenario.zones),
                   shelters=len(scenario.shelters), places=sum(s.capacity for s in scenario.shelters),
                   people=scenario.population, roads=len(scenario.edges), hazard=hazard,
                   onset=scenario.hazard.onset))
    if not quiet:
        lines.append(_("next: edit the hazard, the depot and the plan, then `stormdrill validate` and `stormdrill run` "
                       "it"))
    return lines
