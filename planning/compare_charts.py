"""Charts of ``stormdrill compare``: paired differences with their intervals, and the tornado.

* ``difference_chart``: one panel per KPI; one row per variant; a dot at the mean paired
  difference (variant - baseline) and a line over its 95 % interval; green better, red
  worse, grey no clear difference; the 0 line.
* ``tornado_chart``: one panel per KPI (the verdict share, the kept share); one row per
  lever, the widest swing on top; a bar from 0 to the difference at the lever's low end
  (blue) and one to its high end (orange), each with its interval.
"""
import math

import numpy as np

from messages import N_, texts

from .charts import COLOURS, WIDTH_IN, _pyplot
from .compare_texts import is_share, kpi_name, variant_label

LABELS = {"diff": N_("difference from the baseline"), "pp": N_("percentage points"), "low": N_("low end"),
          "high": N_("high end"), "tornado": N_("What moves it most: each lever at its low and high end")}
VERDICT_COLOURS = {"better": COLOURS[2], "worse": COLOURS[1], "unclear": "#888888"}


def _scale(kpi):
    return 100.0 if is_share(kpi) else 1.0


def difference_chart(comparison, lang=None):
    """The paired differences, one panel per KPI (see the module)."""
    plt, lang = _pyplot(lang)
    _ = texts(lang)
    kpis = list(comparison.kpis)
    cols = min(3, len(kpis))
    rows = math.ceil(len(kpis) / cols)
    variants = comparison.variants[1:]
    height = max(2.4, 0.45 * len(variants) + 1.4)
    fig, axes = plt.subplots(rows, cols, figsize=(WIDTH_IN, height * rows), squeeze=False)
    labels = [variant_label(v, lang) for v in variants]
    found = {(d.variant, d.kpi): d for d in comparison.differences}
    for ax, kpi in zip(axes.flat, kpis):
        k = _scale(kpi)
        for i, v in enumerate(variants):
            d = found[(v.name, kpi)]
            colour = VERDICT_COLOURS[d.verdict]
            ax.plot([k * d.low, k * d.high], [i, i], color=colour, linewidth=2.2, solid_capstyle="butt")
            ax.plot([k * d.diff], [i], "o", color=colour, markersize=5)
        ax.axvline(0, color="#444444", linewidth=0.8)
        ax.set_yticks(range(len(variants)), labels, fontsize=7)
        ax.set_ylim(len(variants) - 0.5, -0.5)
        ax.set_title(kpi_name(kpi, lang), fontsize=9)
        ax.tick_params(axis="x", labelsize=7)
        ax.set_xlabel(_(LABELS["pp"]) if is_share(kpi) else _(LABELS["diff"]), fontsize=7)
    for ax in list(axes.flat)[len(kpis):]:
        ax.set_visible(False)
    fig.tight_layout()
    return fig


def tornado_chart(bars, lang=None):
    """The tornado, one panel per KPI (see the module)."""
    plt, lang = _pyplot(lang)
    _ = texts(lang)
    kpis = [k for k in ("verdict_pass", "relief_kept_share") if any(b.kpi == k for b in bars)]
    fig, axes = plt.subplots(1, len(kpis), figsize=(WIDTH_IN, 0.5 * max(len(bars) // max(len(kpis), 1), 3) + 1.6),
                             squeeze=False)
    for ax, kpi in zip(axes.flat, kpis):
        mine = [b for b in bars if b.kpi == kpi]
        k = _scale(kpi)
        y = np.arange(len(mine))
        for side, colour, offset in (("low", COLOURS[0], -0.17), ("high", COLOURS[3], 0.17)):
            diffs = np.array([k * getattr(b, side).diff for b in mine])
            lows = np.array([k * getattr(b, side).low for b in mine])
            highs = np.array([k * getattr(b, side).high for b in mine])
            ax.barh(y + offset, diffs, height=0.34, color=colour, label=_(LABELS[side]))
            ax.errorbar(diffs, y + offset, xerr=[np.nan_to_num(diffs - lows), np.nan_to_num(highs - diffs)],
                        fmt="none", ecolor="#333333", elinewidth=0.8, capsize=2)
        ax.axvline(0, color="#444444", linewidth=0.8)
        ax.set_yticks(y, [f"{_(b.lever.name)} ({b.lever.low} / {b.lever.high})" for b in mine], fontsize=7)
        ax.set_ylim(len(mine) - 0.5, -0.5)
        ax.set_title(kpi_name(kpi, lang), fontsize=9)
        ax.set_xlabel(_(LABELS["pp"]) if is_share(kpi) else _(LABELS["diff"]), fontsize=7)
        ax.tick_params(axis="x", labelsize=7)
        ax.legend(fontsize=7, loc="lower right", frameon=False)
    fig.suptitle(_(LABELS["tornado"]), fontsize=9)
    fig.tight_layout()
    return fig
