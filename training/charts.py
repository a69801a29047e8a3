"""Charts of the after-action report: matplotlib figures as base64 PNG (no display needed).

A line chart is a list of ``Panel``\\ s, each a list of ``Curve``\\ s; adding a series to the
report (the transfer curve against the hazard, say) is one more Curve or Panel, not a new
drawing function:

    panel = Panel(title, ylabel, (Curve(t, y, label), Curve(t, depth, label2, axis="right")),
                  y2label="depth (m)", marks=(Mark(onset, "onset"),))
    png = line_chart([panel], style)          # base64 PNG

Times on the x axis are hours since the start; with a ``ChartStyle.clock`` (a
training.wallclock.WallClock) they are drawn as local wall-clock times. Labels come in the
report's language: Chinese needs a font with CJK glyphs (``chart_font``), found among the
system's fonts or in pygame-gui's package data as the viewer does (viz/fonts.py); without
one the labels fall back to English and ``ChartStyle.message`` says why.
"""
import base64
import importlib.util
import io
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
                "Microsoft YaHei", "PingFang SC", "SimHei")
"""System fonts that draw Chinese, in order of preference."""

BUNDLED_CJK = ("pygame_gui", "data/NotoSansSC-Regular.otf")
"""The Chinese font the viewer uses (pygame-gui's package data), found without importing pygame."""

CJK_LANGS = frozenset({"zh"})
"""The report languages written in Chinese characters (their labels need a CJK font)."""

CJK_PROBE = "避灾点预警"
"""Characters a font must draw to be used for Chinese labels."""

DPI = 110
COLOURS = ("tab:blue", "tab:green", "tab:orange", "tab:red", "tab:purple", "tab:brown", "tab:olive", "tab:cyan")


@dataclass(frozen=True)
class ChartStyle:
    """How charts are drawn: the font family list, the wall clock of the x axis (or None for
    hours), and why the labels fell back to English (empty when they did not)."""

    families: tuple = ("DejaVu Sans",)
    clock: object = None
    lang: str = "en"
    message: str = ""

    def context(self):
        """matplotlib settings for drawing in this style (mathtext off: a shelter named
        ``$\\alpha$`` is a label, and an unbalanced ``$`` cannot break the report)."""
        return matplotlib.rc_context({"font.family": list(self.families), "text.parse_math": False,
                                      "axes.titlesize": 9, "axes.labelsize": 8, "xtick.labelsize": 7,
                                      "ytick.labelsize": 7, "legend.fontsize": 7})


@dataclass(frozen=True)
class Curve:
    """One series: values *y* at hours *t*; ``axis="right"`` draws it on the panel's second axis."""

    t: tuple
    y: tuple
    label: str
    color: str = "tab:blue"
    style: str = "-"
    axis: str = "left"
    width: float = 1.4


@dataclass(frozen=True)
class Mark:
    """A vertical line at hour *t* (onset, the 10-hour line) with its legend label."""

    t: float
    label: str
    color: str = "grey"
    style: str = ":"


@dataclass(frozen=True)
class Level:
    """A horizontal line at *y* (a capacity, the people due to move) with its legend label."""

    y: float
    label: str
    color: str = "grey"
    style: str = "-."


@dataclass(frozen=True)
class Panel:
    """One plot: its curves, the vertical marks and horizontal levels, axis labels."""

    title: str
    ylabel: str
    curves: tuple
    marks: tuple = ()
    levels: tuple = ()
    y2label: str = ""


def chart_font(lang, path=None):
    """A ChartStyle's font families for *lang*; (families, lang actually drawn, message).

    Chinese: the font at *path* if given, else the first of CJK_FAMILIES the system has,
    else the viewer's bundled Noto Sans SC; without any, English and a message saying why."""
    from matplotlib import font_manager

    if lang not in CJK_LANGS:
        return ("DejaVu Sans",), lang, ""
    candidates = [Path(path)] if path else []
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed and not path:
            return (family, "DejaVu Sans"), lang, ""
    spec = None if path else importlib.util.find_spec(BUNDLED_CJK[0])
    if spec is not None and spec.submodule_search_locations:
        candidates.append(Path(list(spec.submodule_search_locations)[0]) / BUNDLED_CJK[1])
    problem = "no font with Chinese glyphs was found"
    for candidate in candidates:
        problem = _font_problem(candidate)
        if problem is None:
            font_manager.fontManager.addfont(str(candidate))
            name = font_manager.FontProperties(fname=str(candidate)).get_name()
            return (name, "DejaVu Sans"), lang, ""
        problem = f"{candidate}: {problem}"
    return ("DejaVu Sans",), "en", problem


def _font_problem(path):
    from matplotlib.ft2font import FT2Font

    if not path.is_file():
        return "no such file"
    try:
        font = FT2Font(str(path))
    except (OSError, RuntimeError, ValueError) as exc:
        return f"not a font matplotlib can read ({exc})"
    if any(font.get_char_index(ord(ch)) == 0 for ch in CJK_PROBE):
        return "it has no Chinese glyphs"
    return None


def _png(fig):
    buf = io.BytesIO()
    FigureCanvasAgg(fig)
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _x(style, hours):
    """Hours as the x values of *style*: local datetimes with a wall clock, else hours."""
    if style.clock is None or style.clock.datetime(0.0) is None:
        return list(hours)
    return [style.clock.datetime(h) for h in hours]


def _time_axis(ax, style, xlabel):
    if style.clock is None or style.clock.datetime(0.0) is None:
        ax.set_xlabel(xlabel)
        return
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator(tz=style.clock.zone, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(
        locator, tz=style.clock.zone, formats=["%Y", "%m", "%m-%d", "%H:%M", "%H:%M", "%S"],
        zero_formats=["", "%Y", "%m-%d", "%m-%d", "%H:%M", "%H:%M"], offset_formats=[""] * 6, show_offset=False))
    ax.set_xlabel(xlabel)


def _draw_panel(ax, panel, style, xlabel):
    handles = []
    right = None
    for c in panel.curves:
        target = ax
        if c.axis == "right":
            right = right or ax.twinx()
            target = right
        handles += target.plot(_x(style, c.t), list(c.y), c.style, color=c.color, label=c.label, linewidth=c.width)
    for m in panel.marks:
        handles.append(ax.axvline(_x(style, [m.t])[0], color=m.color, linestyle=m.style, linewidth=1.1, label=m.label))
    for lv in panel.levels:
        handles.append(ax.axhline(lv.y, color=lv.color, linestyle=lv.style, linewidth=0.9, label=lv.label))
    ax.set_title(panel.title)
    ax.set_ylabel(panel.ylabel)
    if right is not None:
        right.set_ylabel(panel.y2label)
    ax.grid(alpha=0.3)
    _time_axis(ax, style, xlabel)
    return handles


def line_chart(panels, style, xlabel="", columns=1, height=2.4):
    """*panels* in a grid of *columns*, one legend under them all (each label once, so it
    never covers a curve); base64 PNG."""
    with style.context():
        rows = -(-len(panels) // columns)
        fig = Figure(figsize=(7.0, height * rows + 0.5))
        seen = {}
        for k, panel in enumerate(panels):
            ax = fig.add_subplot(rows, columns, k + 1)
            for h in _draw_panel(ax, panel, style, xlabel):
                seen.setdefault(h.get_label(), h)
        fig.tight_layout()
        fig.legend(list(seen.values()), list(seen), loc="upper center", bbox_to_anchor=(0.5, 0.0),
                   ncol=min(4, max(1, len(seen))), frameon=False)
        return _png(fig)


def bar_chart(labels, groups, style, title, xlabel, limits=None, limit_label=""):
    """Horizontal bars: one row per label, one bar per group ``(name, values, colour)``; an
    optional tick per row at *limits* (a capacity) with its legend label; base64 PNG."""
    with style.context():
        n, k = len(labels), max(len(groups), 1)
        fig = Figure(figsize=(7.0, 0.9 + 0.1 * n * k))
        ax = fig.add_subplot()
        width = 0.8 / k
        for i, (name, values, colour) in enumerate(groups):
            ys = [r + (i - (k - 1) / 2) * width for r in range(n)]
            ax.barh(ys, list(values), height=width, color=colour, label=name)
        if limits is not None:
            ax.scatter(list(limits), list(range(n)), marker="|", s=220, color="black", label=limit_label, zorder=3)
        ax.set_yticks(list(range(n)), list(labels))
        ax.invert_yaxis()
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.grid(axis="x", alpha=0.3)
        fig.tight_layout()
        fig.legend(loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=3, frameon=False)
        return _png(fig)
