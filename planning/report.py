"""The stress test's outputs: a CSV table and an HTML page with its plots (matplotlib).

The page is one file: plots are embedded as base64 PNG, and every piece of scenario
text (names, ids, the description) is HTML-escaped.
"""
import base64
import csv
import html
import io
import math
import os

import numpy as np

COLUMNS = ("shelter", "shelter_name", "township", "item", "unit", "current", "recommended", "shortfall",
           "shortfall_kg", "p_recommended", "p_step_below", "reachable")


def table_rows(report):
    """One dict per finding, in COLUMNS order."""
    rows = []
    for f in report.findings:
        rows.append({"shelter": f.shelter, "shelter_name": f.shelter_name, "township": f.township, "item": f.item,
                     "unit": f.unit, "current": f.current, "recommended": f.recommended, "shortfall": f.shortfall,
                     "shortfall_kg": round(f.shortfall_kg, 3), "p_recommended": f.p_recommended,
                     "p_step_below": f.p_step_below, "reachable": f.reachable})
    return rows


def write_csv(report, path):
    tmp = f"{path}.tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(table_rows(report))
    os.replace(tmp, path)


def write_html(report, reserve, path):
    """The page: summary, the table, the reserve check, and the two plots."""
    e = html.escape
    s = report.scenario
    rows = "".join("<tr>" + "".join(f"<td>{e(_fmt(r[c]))}</td>" for c in COLUMNS) + "</tr>" for r in table_rows(report))
    reserve_rows = "".join(
        f"<tr><td>{e(c.item)}</td><td>{e(c.unit)}</td><td>{c.reserve:,.0f}</td><td>{c.largest_need:,.0f}</td>"
        f"<td>{e(c.largest_township)}</td><td>{e(_fmt(c.townships))}</td></tr>" for c in reserve.items)
    verdict = "meets" if reserve.meets_rule else "does NOT meet"
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Stock stress test: {e(s.name)}</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:2em auto}}table{{border-collapse:collapse}}
td,th{{border:1px solid #bbb;padding:3px 8px;text-align:right}}th{{background:#eee}}</style></head><body>
<h1>Stock stress test: {e(s.name)} {e(s.spec.name_zh)}</h1>
<p>{e(s.spec.description)}</p>
<p>Smallest stock per shelter and item at which the {s.relief.target:g}-hour relief target is met in at least
{report.confidence:.0%} of {report.replications} replications (seed {report.seed}, the same seeds at every stock).
Probability of meeting the target now: <b>{report.p_current:.0%}</b>; with every recommended stock:
<b>{report.p_recommended:.0%}</b>. {report.runs:,} simulations.</p>
<h2>Recommended stocks</h2>
<table><tr>{''.join(f'<th>{e(c)}</th>' for c in COLUMNS)}</tr>{rows}</table>
<h2>District reserve</h2>
<p>District depots: {e(', '.join(reserve.depots) or 'none')}. The reserve can stock
<b>{e(_fmt(reserve.townships))}</b> township(s) at once (shelters full, {s.relief.target:g} h of use), so it
<b>{verdict}</b> the rule of at least {reserve.rule}.</p>
<table><tr><th>item</th><th>unit</th><th>district reserve</th><th>largest township need</th><th>township</th>
<th>townships at once</th></tr>{reserve_rows}</table>
<h2>Probability of meeting the target against stock</h2>
<img alt="probability against stock" src="data:image/png;base64,{_png(plot_probability(report))}">
<h2>Shelter occupancy across replications (current stocks)</h2>
<img alt="occupancy fan chart" src="data:image/png;base64,{_png(plot_occupancy(report))}">
</body></html>
"""
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(page)
    os.replace(tmp, path)


def _fmt(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isnan(value):
            return "—"
        if math.isinf(value):
            return "unlimited"
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def _png(fig):
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_probability(report):
    """One panel per item: the probability at every stock looked at, a line per shelter."""
    plt = _pyplot()
    items = list(dict.fromkeys(f.item for f in report.findings))
    fig, axes = plt.subplots(1, max(len(items), 1), figsize=(4.2 * max(len(items), 1), 3.4), squeeze=False)
    for ax, item in zip(axes[0], items):
        for f in (f for f in report.findings if f.item == item):
            levels = sorted(f.probes)
            line, = ax.step(levels, [f.probes[x] for x in levels], where="post", marker=".", label=f.shelter)
            ax.axvline(f.current, color=line.get_color(), linestyle=":", linewidth=1)
        ax.axhline(report.confidence, color="grey", linestyle="--", linewidth=1)
        mine = [f for f in report.findings if f.item == item]
        ax.set_xlim(0, max(1.5 * max(max(f.current, f.recommended) for f in mine), 1.0))
        ax.set_ylim(-0.03, 1.03)
        ax.set_title(item)
        ax.set_xlabel(f"stock ({_unit(report, item)})")
        ax.set_ylabel("P(target met)")
        ax.legend(fontsize=7, title="shelter (dotted: now)", title_fontsize=7)
    fig.tight_layout()
    return fig


def _unit(report, item):
    return next(f.unit for f in report.findings if f.item == item)


def plot_occupancy(report):
    """Per shelter: median, 25-75 % and 5-95 % bands of occupancy over the replications."""
    plt = _pyplot()
    rows = report.current_runs.rows
    t = np.array(rows[0]["occupancy_t"])
    occ = np.array([r["occupancy"] for r in rows], dtype=float)  # reps x shelters x times
    shelters = report.scenario.shelters
    fig, axes = plt.subplots(1, len(shelters), figsize=(4.2 * len(shelters), 3.2), squeeze=False, sharey=False)
    onset = rows[0]["onset_h"]
    for j, (ax, shelter) in enumerate(zip(axes[0], shelters)):
        q = np.percentile(occ[:, j, :], [5, 25, 50, 75, 95], axis=0)
        ax.fill_between(t, q[0], q[4], alpha=0.2, color="tab:blue", label="5–95 %")
        ax.fill_between(t, q[1], q[3], alpha=0.4, color="tab:blue", label="25–75 %")
        ax.plot(t, q[2], color="tab:blue", label="median")
        ax.axhline(shelter.capacity, color="black", linewidth=0.8, linestyle="--", label="capacity")
        ax.axvline(onset, color="tab:red", linewidth=0.8, label="onset")
        ax.axvline(onset + report.scenario.relief.target, color="tab:red", linestyle=":", linewidth=0.8,
                   label="target deadline")
        ax.set_title(shelter.id)
        ax.set_xlabel("hours since start")
        ax.set_ylabel("persons")
        ax.legend(fontsize=6)
    fig.tight_layout()
    return fig
