"""The relief verdict: PASS, or FAIL with the reasons, in the order a planner fixes them.

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

from .relief import item_word

CODES = ("left_in_danger", "no_place", "not_arrived", "no_first_ration", "cut_off")
"""Reason codes, in the order a planner would fix them."""

PLACE = {"zh": "安置场所", "en": "a place"}
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
    names: dict = field(default_factory=dict, compare=False, repr=False)  # id -> (zh, en)

    def text(self, lang="en"):
        """The reason as a planner reads it, in ``zh`` or ``en``."""
        zh = lang == "zh"
        item = (PLACE[lang] if self.item == "place" else item_word(self.item, lang)) if self.item else ""
        where = self._where(zh)
        n = f"{self.people:,}"
        if self.code == "left_in_danger":
            return f"{n} 人滞留危险区域，未转移（{where}）" if zh else f"{n} people left in danger in {where}"
        if self.code == "no_place":
            return (f"救助期限时仍有 {n} 人无处安置，在外等候（{where}）" if zh
                    else f"{n} people still without a shelter place at the deadline ({where})")
        if self.code == "not_arrived" and self.where:
            return (f"救助期限时仍有 {n} 人未完成安置登记（在 {where} 门前排队，或仍在途中）" if zh
                    else f"{n} people not yet registered in a shelter at the deadline (queuing at {where}, or still on the way)")
        if self.code == "not_arrived":
            return (f"救助期限时仍有 {n} 人未到达避灾点（在途或离家过晚）" if zh
                    else f"{n} people had not reached a shelter by the deadline (on the road, or left home too late)")
        if self.code == "no_first_ration":
            return (f"救助期限时避灾点内仍有 {n} 人未领到首份{item}（{where}）" if zh
                    else f"{n} people in shelters without a first ration of {item} at the deadline ({where})")
        when = "" if self.t is None else (f"T+{self.t:.1f}小时" if zh else f"T+{self.t:.1f} h")
        hours = f"，{self.person_hours:,.0f} 人·小时" if zh and self.person_hours else \
            (f", {self.person_hours:,.0f} person-hours" if self.person_hours else "")
        if self.item == "place":
            return (f"{where} 进水转移后 {n} 名已保障人员于 {when} 无处安置" if zh
                    else f"{n} secured people lost their place at {when} after {where} flooded")
        return (f"{where} {item}于 {when} 断供（{n} 人{hours}）" if zh
                else f"{item} ran out at {where} at {when} ({n} people{hours})")

    def _where(self, zh):
        shown = [self._name(w, zh) for w in self.where[:MAX_WHERE]]
        more = len(self.where) - MAX_WHERE
        if more > 0:
            shown.append(f"等 {more} 处" if zh else f"and {more} more")
        return "、".join(shown) if zh else ", ".join(shown)

    def _name(self, key, zh):
        zh_name, en_name = self.names.get(key, ("", ""))
        name = (zh_name or en_name) if zh else (en_name or zh_name)
        return f"{key} {name}" if name and name != key else str(key)


@dataclass(frozen=True)
class Verdict:
    """PASS or FAIL against the relief target, with the reasons behind it."""

    passed: bool
    kept_share: float
    target_share: float
    people_needing_relief: int
    reasons: tuple = ()
    target_h: float = 10.0

    @property
    def codes(self):
        """The distinct reason codes, in fixing order."""
        return tuple(c for c in CODES if any(r.code == c for r in self.reasons))

    def lines(self, lang="en", limit=8):
        """The verdict's headline and up to *limit* reasons, in ``zh`` or ``en``."""
        zh = lang == "zh"
        word = ("通过" if self.passed else "未通过") if zh else ("PASS" if self.passed else "FAIL")
        h = f"{self.target_h:g}"
        head = (f"{word} {h}小时救助目标（灾害发生后 {h} 小时内）：需救助 {self.people_needing_relief:,} 人，"
                f"按时保障且持续供应 {self.kept_share:.1%}（要求 {self.target_share:.0%}）" if zh else
                f"{word} {h}-hour relief target ({h} h after onset): {self.kept_share:.1%} of "
                f"{self.people_needing_relief:,} people needing relief secured in time and kept supplied "
                f"(target {self.target_share:.0%})")
        out = [head] + [f"- {r.text(lang)}" for r in self.reasons[:limit]]
        if len(self.reasons) > limit:
            more = len(self.reasons) - limit
            out.append(f"- 另有 {more} 条原因" if zh else f"- {more} more reasons")
        return out
