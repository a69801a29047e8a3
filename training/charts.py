"""Charts of the after-action report: matplotlib figures as base64 PNG (no display needed)."""
import base64
import functools
import io

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure


LABELS = {
    "en": {"time": "hours since start", "people": "persons", "evac": "People who left home",
           "sheltered": "in shelters", "team": "team", "baseline": "plan baseline", "occupancy": "Shelter occupancy",
           "stock": "Relief stocks in all shelters", "units": "units", "deadline": "10-hour line", "onset": "onset"},
    "zh": {"time": "hours since start", "people": "persons", "evac": "Evacuated (left home)",
           "sheltered": "in shelters", "team": "team", "baseline": "plan baseline", "occupancy": "Shelter occupancy",
           "stock": "Relief stocks in all shelters", "units": "units", "deadline": "10-hour line", "onset": "onset"},
}
"""Chart labels stay in English in both languages: a CJK font is not on every machine."""


def plain_text(chart):
    """Draw *chart* with mathtext off: a shelter called ``$\\alpha^{2}$`` is a label, not a formula
    (and an unbalanced ``$`` cannot break the report)."""
    @functools.wraps(chart)
    def drawn(*args, **kw):
        with matplotlib.rc_context({"text.parse_math": False}):
            return chart(*args, **kw)
    return drawn


def _png(fig):
    buf = io.BytesIO()
    FigureCanvasAgg(fig)
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _lines(ax, onset, deadline, words):
    ax.axvline(onset, color="grey", linestyle=":", linewidth=1, label=words["onset"])
    ax.axvline(deadline, color="red", linestyle="--", linewidth=1.2, label=words["deadline"])
    ax.set_xlabel(words["time"])
    ax.grid(alpha=0.3)


@plain_text
def evacuation_chart(team, base, onset, deadline, lang="en"):
    """People who have left home (and those in shelters), team against baseline."""
    words = LABELS[lang]
    fig = Figure(figsize=(7, 3.2))
    ax = fig.add_subplot()
    for series, name, style in ((team, words["team"], "-"), (base, words["baseline"], "--")):
        if not series:
            continue
        total = [sum(v) for v in zip(series["moving"], series["queued"], series["sheltered"], series["relatives"],
                                     series["overflow"])]
        ax.plot(series["t"], total, style, color="tab:blue", label=f"{words['evac']} ({name})")
        ax.plot(series["t"], series["sheltered"], style, color="tab:green", label=f"{words['sheltered']} ({name})")
    _lines(ax, onset, deadline, words)
    ax.set_ylabel(words["people"])
    ax.legend(fontsize=7)
    return _png(fig)


@plain_text
def occupancy_chart(team, base, capacities, onset, deadline, lang="en"):
    """Persons in each shelter over time (team solid, baseline dashed), capacity dotted."""
    words = LABELS[lang]
    fig = Figure(figsize=(7, 3.2))
    ax = fig.add_subplot()
    colours = ["tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple", "tab:brown"]
    for i, sid in enumerate(team.get("shelter_ids", [])):
        c = colours[i % len(colours)]
        ax.plot(team["t"], team["occupancy"][i], "-", color=c, label=f"{sid} ({words['team']})")
        if base and i < len(base.get("occupancy", [])):
            ax.plot(base["t"], base["occupancy"][i], "--", color=c, alpha=0.6, label=f"{sid} ({words['baseline']})")
        if sid in capacities:
            ax.axhline(capacities[sid], color=c, linestyle=":", linewidth=0.8)
    _lines(ax, onset, deadline, words)
    ax.set_ylabel(words["people"])
    ax.legend(fontsize=7)
    return _png(fig)


@plain_text
def stock_chart(team, onset, deadline, lang="en", base=None):
    """Each relief item summed over shelters (team solid, baseline dashed), with the 10-hour line marked."""
    words = LABELS[lang]
    items = team.get("items", [])
    fig = Figure(figsize=(7, 1.9 * max(len(items), 1)))
    for k, item in enumerate(items):
        ax = fig.add_subplot(len(items), 1, k + 1)
        for series, name, style in ((team, words["team"], "-"), (base, words["baseline"], "--")):
            if series and k < len(series.get("stock", [])):
                total = [sum(col) for col in zip(*series["stock"][k])]
                ax.plot(series["t"], total, style, color="tab:blue", label=name)
        _lines(ax, onset, deadline, words)
        ax.set_ylabel(item, fontsize=8)
        if k == 0:
            ax.set_title(words["stock"], fontsize=9)
            ax.legend(fontsize=7)
    fig.tight_layout()
    return _png(fig)
