"""The words of ``stormdrill compare`` and of the tornado, from the message catalogue."""
import math

from messages import N_, texts

from .sensitivity import LEVERS

KPI_NAMES = {
    "verdict_pass": N_("relief verdict passes (share of runs)"),
    "relief_kept_share": N_("relief kept share"),
    "relief_secured_share": N_("relief secured share"),
    "relief_p90_h": N_("90 % secured by (h after onset)"),
    "relief_max_h": N_("last secured (h after onset)"),
    "people_left_in_danger": N_("people left in danger"),
    "people_in_danger_at_peak": N_("people in danger at the peak"),
    "shelter_overflow": N_("shelter overflow (people)"),
    "people_evacuated": N_("people evacuated"),
    "relief_cut_off": N_("people cut off"),
    "relief_target_met": N_("relief target met (share of runs)"),
}
"""KPIs as a planner reads them; others go by their name."""
VERDICTS = {"better": N_("better"), "worse": N_("worse"), "unclear": N_("no clear difference")}
HEAD = (N_("KPI"), N_("baseline"), N_("this variant"), N_("difference"), N_("95 % interval"), N_("reading"))
SIDES = {"low": N_("low"), "high": N_("high")}


def kpi_name(kpi, lang=None):
    return texts(lang)(KPI_NAMES[kpi]) if kpi in KPI_NAMES else kpi


def is_share(kpi):
    return kpi in ("verdict_pass", "relief_target_met") or kpi.endswith("_share")


def fmt(kpi, x, lang=None):
    """A KPI's value as a planner reads it: a share in %, hours with one decimal, a count."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    if is_share(kpi):
        return f"{x:.1%}"
    if kpi.endswith("_h"):
        _ = texts(lang)
        return _("{x:.1f} h", x=x)
    return f"{x:,.0f}" if abs(x) >= 10 else f"{x:,.1f}"


def fmt_diff(kpi, x, lang=None):
    """A difference: percentage points for a share, hours, or a count, with its sign."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    _ = texts(lang)
    if is_share(kpi):
        return _("{x:+.1f} pp", x=100 * x)
    if kpi.endswith("_h"):
        return _("{x:+.1f} h", x=x)
    return f"{x:+,.0f}" if abs(x) >= 10 else f"{x:+,.1f}"


def variant_label(variant, lang=None):
    """A variant (or a variant's name) as shown: the baseline and the tornado's settings in
    words, others by their name (``name_zh`` in Chinese when a plan gives one)."""
    _ = texts(lang)
    name = getattr(variant, "name", variant)
    if name == "baseline":
        return _("baseline")
    key, _sep, side = name.partition(":")
    lever = next((lv for lv in LEVERS if lv.key == key), None)
    if lever is not None and side in SIDES:
        return _("{lever}, {side} ({by})", lever=_(lever.name), side=_(SIDES[side]),
                 by=lever.low if side == "low" else lever.high)
    return _.pick({"zh": getattr(variant, "name_zh", "") or name, "en": name})


def table(comparison, variant, lang=None):
    """(head, rows) of one variant's paired differences, one row per KPI."""
    _ = texts(lang)
    rows = []
    for d in comparison.differences:
        if d.variant != variant.name:
            continue
        interval = f"{fmt_diff(d.kpi, d.low, lang)} … {fmt_diff(d.kpi, d.high, lang)}"
        rows.append([kpi_name(d.kpi, lang), fmt(d.kpi, d.base, lang), fmt(d.kpi, d.value, lang),
                     fmt_diff(d.kpi, d.diff, lang), interval,
                     _(VERDICTS[d.verdict])])
    return [_(h) for h in HEAD], rows


def intro(comparison, lang=None):
    """What was compared and how, in one sentence."""
    _ = texts(lang)
    base = variant_label(comparison.variants[0], lang)
    return _("The same {reps} storms for every variant (replications 0–{last} of seed {seed}: common random numbers). "
             "Each difference is variant minus {base}, run by run, with its 95 % bootstrap interval; better or worse "
             "only when the interval leaves 0.", reps=comparison.replications, last=comparison.replications - 1,
             seed=comparison.seed, base=base)


def findings(comparison, lang=None):
    """One line per variant: what it changes clearly, better and worse."""
    _ = texts(lang)
    out = []
    for v in comparison.variants[1:]:
        mine = [d for d in comparison.differences if d.variant == v.name]
        better = [kpi_name(d.kpi, lang) for d in mine if d.verdict == "better"]
        worse = [kpi_name(d.kpi, lang) for d in mine if d.verdict == "worse"]
        label = variant_label(v, lang)
        if better and worse:
            out.append(_("{variant}: better on {better}; worse on {worse}.", variant=label, better=_.join(better),
                         worse=_.join(worse)))
        elif better:
            out.append(_("{variant}: better on {better}; nothing clearly worse.", variant=label, better=_.join(better)))
        elif worse:
            out.append(_("{variant}: worse on {worse}; nothing clearly better.", variant=label, worse=_.join(worse)))
        else:
            out.append(_("{variant}: no clear difference from the baseline on these storms.", variant=label))
    return out


def tornado_lines(bars, lang=None):
    """The levers by the width of their swing of the verdict share and the kept share."""
    _ = texts(lang)
    out = []
    for kpi in ("verdict_pass", "relief_kept_share"):
        mine = [b for b in bars if b.kpi == kpi]
        if not mine:
            continue
        parts = [_("{lever} {low} / {high}", lever=_(b.lever.name), low=fmt_diff(kpi, b.low.diff, lang),
                   high=fmt_diff(kpi, b.high.diff, lang)) for b in mine]
        out.append(_("{kpi}, the widest swing first: {parts}.", kpi=kpi_name(kpi, lang), parts=_.join(parts, _("; "))))
    return out


def wrote(paths, lang=None):
    _ = texts(lang)
    return _("wrote {files}", files=_.join(str(p) for p in paths))
