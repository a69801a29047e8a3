"""The stock report's charts (matplotlib, Agg): small multiples that fit a 1,000-pixel page.

* ``occupancy_chart``: a grid of panels, at most ``PER_PANEL`` shelters each (grouped by
  township), the median occupancy of each shelter over the batch's replications, its
  25-75 % band, and the onset and deadline;
* ``stock_chart``: one panel per item, one point per shelter: its current stock against
  what its people drew (before resupply, or in the hold-out); red: to buy. Scaled to fit
  any number of shelters.

Chinese labels use Noto Sans SC, the font pygame-gui ships in its package data; the file is
found without importing pygame or pygame-gui (``importlib.util.find_spec``). Without it the
charts fall back to English labels.
"""
import importlib.util
import io
import math
from pathlib import Path

import numpy as np

from messages import N_, texts

from .texts import item_name, model_unit

PER_PANEL = 8
"""Most series drawn in one panel (8 distinct colours, never repeated within a panel)."""
COLUMNS = 3
WIDTH_IN = 11.0
DPI = 90  # 11 in x 90 dpi = 990 px: fits the 1,100-px page
MAX_PANELS = 48
COLOURS = ("#1b6ca8", "#d1495b", "#2e8540", "#edae49", "#6a4c93", "#00798c", "#8d6a4f", "#444444")

LABELS = {
    "hours": N_("hours since start"),
    "persons": N_("people in the shelter"),
    "onset": N_("hazard onset"),
    "deadline": N_("target deadline"),
    "now": N_("stock now"),
    "need": N_("needs"),
    "more_panels": N_("{n} more shelters not drawn"),
    "buy": N_("to buy"),
    "enough": N_("nothing to buy"),
}
"""Chart labels (catalogue keys)."""


def cjk_font_path():
    """The path of Noto Sans SC in pygame-gui's package data, or None (pygame is not imported)."""
    try:
        spec = importlib.util.find_spec("pygame_gui")
    except (ImportError, ValueError):
        return None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "data" / "NotoSansSC-Regular.otf"
        if path.is_file():
            return str(path)
    return None


def _pyplot(lang):
    """pyplot on Agg with a font that draws Chinese and English (Noto Sans SC, then DejaVu
    Sans); return (plt, the language the labels can use: English when no Chinese font is found)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    path = cjk_font_path()
    families = ["DejaVu Sans"]
    if path is not None:
        font_manager.fontManager.addfont(path)
        families.insert(0, font_manager.FontProperties(fname=path).get_name())
    matplotlib.rcParams["font.family"] = families
    if path is None:
        lang = "en"
    matplotlib.rcParams["axes.unicode_minus"] = False
    matplotlib.rcParams["text.parse_math"] = False  # shelter ids and names are labels, never mathtext
    return plt, lang


def _l(key, lang, **kw):
    return texts(lang)(LABELS[key], **kw)


def png(fig):
    """The figure as PNG bytes (closed afterwards)."""
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    plt.close(fig)
    return buf.getvalue()


def panels_of(scenario, shelter_ids):
    """Groups of at most PER_PANEL shelter ids, township by township, in scenario order."""
    towns = {}
    for s in scenario.shelters:
        if s.id in shelter_ids:
            towns.setdefault(s.township or "", []).append(s.id)
    out = []
    for town, ids in towns.items():
        chunks = [ids[i:i + PER_PANEL] for i in range(0, len(ids), PER_PANEL)]
        for n, chunk in enumerate(chunks):
            title = town if len(chunks) == 1 else f"{town} ({n + 1}/{len(chunks)})"
            out.append((title, chunk))
    return out


def occupancy_chart(answer, lang):
    """Small multiples of shelter occupancy (median and 25-75 % band over the batch)."""
    plt, lang = _pyplot(lang)
    occ = answer.occupancy
    t = np.asarray(occ["t"])
    q = np.asarray(occ["q"])  # 5 x shelters x hours
    index = {sid: j for j, sid in enumerate(occ["shelters"])}
    used = [sid for sid in occ["shelters"] if q[4, index[sid]].max() > 0]
    panels = panels_of(answer.scenario, set(used))
    hidden = sum(len(ids) for _, ids in panels[MAX_PANELS:])
    panels = panels[:MAX_PANELS]
    rows = max(1, math.ceil(len(panels) / COLUMNS))
    fig, axes = plt.subplots(rows, COLUMNS, figsize=(WIDTH_IN, 2.9 * rows), squeeze=False, sharex=True)
    onset = answer.onset_h
    for ax, (title, ids) in zip(axes.flat, panels):
        for colour, sid in zip(COLOURS, ids):
            j = index[sid]
            ax.fill_between(t, q[1, j], q[3, j], color=colour, alpha=0.15, linewidth=0)
            ax.plot(t, q[2, j], color=colour, linewidth=1.3, label=sid)
        ax.axvline(onset, color="#b00", linewidth=0.8, linestyle="--")
        ax.axvline(onset + answer.scenario.relief.target, color="#b00", linewidth=0.8, linestyle=":")
        ax.set_title(title, fontsize=9)
        ax.tick_params(labelsize=7)
        ax.legend(fontsize=6.5, ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.14), frameon=False,
                  handlelength=1.2, columnspacing=0.8)
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel(_l("persons", lang), fontsize=8)
    caption = (f"{_l('hours', lang)} — {_l('onset', lang)} (--), {_l('deadline', lang)} (··)"
               + (f"; {_l('more_panels', lang, n=hidden)}" if hidden else ""))
    fig.supxlabel(caption, fontsize=8)
    fig.tight_layout(h_pad=2.2)
    return fig


def stock_chart(answer, lang):
    """One panel per item: each shelter's current stock (x) against its need (y)."""
    plt, lang = _pyplot(lang)
    items = answer.items
    cols = min(COLUMNS, max(len(items), 1))
    rows = max(1, math.ceil(len(items) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(WIDTH_IN, 3.4 * rows), squeeze=False)
    for ax, item in zip(axes.flat, items):
        mine = [n for n in answer.needs if n.item == item]
        x = np.array([n.current for n in mine])
        y = np.array([n.required for n in mine])
        short = np.array([n.add > 0 for n in mine], dtype=bool)
        ax.scatter(x[~short], y[~short], s=14, color=COLOURS[2], label=_l("enough", lang))
        ax.scatter(x[short], y[short], s=18, color=COLOURS[1], marker="^", label=_l("buy", lang))
        top = max(float(x.max(initial=0)), float(y.max(initial=0)), 1.0) * 1.08
        ax.plot([0, top], [0, top], color="#888", linewidth=0.8)
        ax.set_xlim(0, top)
        ax.set_ylim(0, top)
        unit = model_unit(answer.scenario.relief.items[item].unit, lang)
        ax.set_title(item_name(item, lang), fontsize=9)
        ax.set_xlabel(f"{_l('now', lang)} ({unit})", fontsize=8)
        ax.set_ylabel(f"{_l('need', lang)} ({unit})", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False)
    for ax in list(axes.flat)[len(items):]:
        ax.set_visible(False)
    fig.tight_layout()
    return fig
