"""The relief verdict: PASS, or FAIL with the reasons, in the order a planner fixes them, or
NOTHING_TO_JUDGE when nobody needed relief.

Every person of the relief population who was not secured in time and kept supplied is
counted under one reason, by where they were at the relief deadline:

1. ``left_in_danger`` — never left a zone the hazard made dangerous (where: zones);
2. ``no_place`` — waiting as overflow, no shelter place to go to (where: townships);
3. ``not_arrived`` — on the road, queuing at a shelter door (where: those shelters), or
   leaving home after the deadline;
4. ``no_first_ration`` — registered in a shelter without a first ration of ``item``
   (where: shelters);
5. ``cut_off`` — secured in time, then ``item`` ran out at a shelter (or they lost their
   place) for longer than the grace before the relief window ended (where: the shelter;
   ``t``: when it ran out).
"""
from dataclasses import dataclass, field

from messages import N_, texts

from .relief import item_word
from .transfer_why import whys_text

CODES = ("left_in_danger", "no_place", "not_arrived", "no_first_ration", "cut_off")
"""Reason codes, in the order a planner would fix them."""

PASS, FAIL, NOTHING_TO_JUDGE = "PASS", "FAIL", "NOTHING_TO_JUDGE"
"""The three verdicts (the ``verdict`` KPI): the target met, missed, or nobody needed relief
(nobody displaced, nobody left in danger), which is neither a pass nor a fail."""

PLACE = N_("a place")
"""The ``item`` of a cut-off when secured people lost their place (their shelter flooded)."""

MAX_WHERE = 5
"""Places named in one reason before the rest are counted."""


@dataclass(frozen=True)
class Reason:
    """One reason the relief target was missed, with its figure and where it happened."""

    code: str
    people: int
    where: tuple = ()
    item: str | None = None
    t: float | None = None  # h since the start
    person_hours: float | None = None
    whys: tuple = ()  # left_in_danger: ((why, persons, zone ids), ...) largest first (sim.transfer_why)
    names: dict = field(default_factory=dict, compare=False, repr=False)  # id -> (zh, en)

    def text(self, lang="en"):
        """The reason as a planner reads it, in ``zh`` or ``en``."""
        _ = texts(lang)
        item = (_(PLACE) if self.item == "place" else item_word(self.item, lang)) if self.item else ""
        where = self._where(_)
        n = f"{self.people:,}"
        if self.code == "left_in_danger":
            text = _("{n} people left in danger in {where}", n=n, where=where)
            if self.whys:
                text += _(": {whys}", whys=whys_text(self.whys, lambda z: self._name(z, _), _.lang))
            return text
        if self.code == "no_place":
            return _("{n} people still without a shelter place at the deadline ({where})", n=n, where=where)
        if self.code == "not_arrived" and self.where:
            return _("{n} people not yet registered in a shelter at the deadline "
                     "(queuing at {where}, or still on the way)", n=n, where=where)
        if self.code == "not_arrived":
            return _("{n} people had not reached a shelter by the deadline "
                     "(on the road, or left home too late)", n=n)
        if self.code == "no_first_ration":
            return _("{n} people in shelters without a first ration of {item} at the deadline ({where})",
                     n=n, item=item, where=where)
        when = "" if self.t is None else _("T+{t:.1f} h", t=self.t)
        if self.item == "place":
            return _("{n} secured people lost their place at {when} after {where} flooded",
                     n=n, when=when, where=where)
        if self.person_hours:
            return _("{item} ran out at {where} at {when} ({n} people, {ph:,.0f} person-hours)",
                     item=item, where=where, when=when, n=n, ph=self.person_hours)
        return _("{item} ran out at {where} at {when} ({n} people)", item=item, where=where, when=when, n=n)

    def _where(self, _):
        shown = [self._name(w, _) for w in self.where[:MAX_WHERE]]
        more = len(self.where) - MAX_WHERE
        if more > 0:
            shown.append(_("and {more} more", more=more))
        return _.join(shown)

    def _name(self, key, _):
        zh_name, en_name = self.names.get(key, ("", ""))
        name = (zh_name or en_name) if _.zh else (en_name or zh_name)
        return f"{key} {name}" if name and name != key else str(key)


@dataclass(frozen=True)
class Verdict:
    """PASS or FAIL against the relief target, with the reasons behind it; or nothing to
    judge (``judged`` False: ``passed`` is then False too, and ``code`` says which)."""

    passed: bool
    kept_share: float
    target_share: float
    people_needing_relief: int
    reasons: tuple = ()
    target_h: float = 10.0
    judged: bool = True  # False: nobody needed relief, so there was nothing to judge

    @property
    def code(self):
        """PASS, FAIL or NOTHING_TO_JUDGE."""
        return (PASS if self.passed else FAIL) if self.judged else NOTHING_TO_JUDGE

    @property
    def codes(self):
        """The distinct reason codes, in fixing order."""
        return tuple(c for c in CODES if any(r.code == c for r in self.reasons))

    def lines(self, lang="en", limit=8):
        """The verdict's headline and up to *limit* reasons, in ``zh`` or ``en``."""
        _ = texts(lang)
        h = f"{self.target_h:g}"
        if not self.judged:
            return [_("NOTHING TO JUDGE {h}-hour relief target ({h} h after onset): nobody needed relief "
                      "(nobody went to a shelter and nobody was left in danger), so the run neither passes "
                      "nor fails", h=h)]
        word = _("PASS") if self.passed else _("FAIL")
        head = _("{word} {h}-hour relief target ({h} h after onset): {kept:.1%} of {n:,} people needing "
                 "relief secured in time and kept supplied (target {target:.0%})",
                 word=word, h=h, kept=self.kept_share, n=self.people_needing_relief,
                 target=self.target_share)
        out = [head] + [f"- {r.text(lang)}" for r in self.reasons[:limit]]
        if len(self.reasons) > limit:
            out.append("- " + _.plural("{n} more reason", "{n} more reasons", len(self.reasons) - limit,
                                       n=len(self.reasons) - limit))
        return out
