"""The shortfall map: where to buy, and where today's stock runs out first.

``shortfall_geojson(answer)``: one Point a shelter (WGS 84 lon / lat, planning/geo.py) with
what to add (per item, in purchase units), its weight and cost, and the item that runs out
first with the stock held now (its median hour after onset and the share of runs).
``shortfall_map(answer, lang)``: the same on a map (matplotlib): roads and zones in grey,
one circle a shelter, its area the weight to buy, its colour the first stock-out with
today's stock (red: within onset + the relief target, green: well after; grey: never ran
out); ids beside the circles that buy.
"""
import math

import numpy as np

from messages import N_, texts

from . import geo
from .stockout import first

LABELS = {
    "title": N_("Shortfall: what to buy (circle area: weight) and first stock-out with the stock held now"),
    "lon": N_("longitude (°E)"), "lat": N_("latitude (°N)"), "x": N_("x (km)"), "y": N_("y (km)"),
    "colour": N_("first stock-out with today's stock, h after onset"),
    "never": N_("never ran out"), "buy": N_("{kg:,.0f} kg to buy"),
}
"""The map's words (catalogue keys)."""
MAX_AREA = 900.0
"""Points² of the circle of the shelter that buys the most."""


def shelter_rows(answer):
    """Per shelter: (shelter, kg to add, cost or None, {item: count}, first StockOut or None)."""
    out = []
    for s in answer.scenario.shelters:
        mine = [n for n in answer.needs if n.shelter == s.id]
        costs = [n.add_cost for n in mine if n.add]
        cost = None if any(c is None for c in costs) else float(sum(costs))
        out.append((s, float(sum(n.add_kg for n in mine)), cost, {n.item: n.add for n in mine if n.add},
                    first(answer.stockouts, s.id)))
    return out


def shortfall_geojson(answer):
    """A FeatureCollection of every shelter with its shortfall (see the module)."""
    scenario = answer.scenario
    proj = geo.projection(scenario)
    features = []
    for s, kg, cost, adds, out in shelter_rows(answer):
        props = {"id": s.id, "name": s.name, "name_zh": s.name_zh, "township": s.township,
                 "short": bool(adds) or out is not None, "add_kg": round(kg, 2),
                 "add_cost_cny": None if cost is None else round(cost, 2),
                 "first_out_item": None if out is None else out.item,
                 "first_out_h": None if out is None else round(out.median_h, 2),
                 "first_out_share": None if out is None else round(out.share, 4)}
        for item, count in adds.items():
            props[f"{item}_add"] = count
            props[f"{item}_add_unit"] = answer.purchase[item].name
        features.append({"type": "Feature", "id": s.id, "geometry": geo.point(scenario, s, proj), "properties": props})
    return {"type": "FeatureCollection", "features": features, "crs_note": geo.crs_note(scenario),
            "question": answer.question, "onset_h": answer.onset_h}


def _xy(scenario, places, proj):
    """(x, y) arrays of *places*: lon / lat through the anchor *proj* (a registry's own lon /
    lat where given), or the map's km when the scenario has no anchor."""
    pts = []
    for p in places:
        if proj is None:
            pts.append((p.x_km, p.y_km))
        elif getattr(p, "lon", None) is not None:
            pts.append((p.lon, p.lat))
        else:
            pts.append(proj.lonlat(p.x_km, p.y_km))
    return np.array([p[0] for p in pts], dtype=float), np.array([p[1] for p in pts], dtype=float)


def shortfall_map(answer, lang=None):
    """The map as a matplotlib Figure (see the module)."""
    from .charts import WIDTH_IN, _pyplot

    plt, lang = _pyplot(lang)
    _ = texts(lang)
    scenario = answer.scenario
    proj = geo.projection(scenario)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, WIDTH_IN * 0.72))
    _background(ax, scenario, proj)
    rows = shelter_rows(answer)
    x, y = _xy(scenario, [r[0] for r in rows], proj)
    kg = np.array([r[1] for r in rows])
    hours = np.array([np.nan if r[4] is None else r[4].median_h for r in rows])
    area = 18 + MAX_AREA * kg / kg.max() if kg.max() > 0 else np.full(len(rows), 18.0)
    never = np.isnan(hours)
    if never.any():
        ax.scatter(x[never], y[never], s=area[never], facecolor="#cccccc", edgecolor="#777777", linewidth=0.6,
                   label=_(LABELS["never"]), zorder=3)
    if (~never).any():
        dots = ax.scatter(x[~never], y[~never], s=area[~never], c=hours[~never], cmap="RdYlGn",
                          norm=_norm(hours[~never], float(scenario.relief.target)), edgecolor="#333333",
                          linewidth=0.6, zorder=4)
        bar = fig.colorbar(dots, ax=ax, shrink=0.7)
        bar.set_label(_(LABELS["colour"]), fontsize=8)
        bar.ax.tick_params(labelsize=7)
    for (s, _kg, _cost, adds, _out), xi, yi, a in zip(rows, x, y, area):
        if adds:
            offset = math.sqrt(a) / 2 + 2
            ax.annotate(s.id, (xi, yi), xytext=(offset, offset), textcoords="offset points", fontsize=7, zorder=5)
    _axes(ax, scenario, proj, _)
    if kg.max() > 0:
        ax.scatter([], [], s=MAX_AREA / 4, facecolor="none", edgecolor="#333333",
                   label=_(LABELS["buy"], kg=float(kg.max()) / 4))
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=7, loc="lower left", framealpha=0.85, borderpad=0.9, labelspacing=1.4)
    ax.set_title(_(LABELS["title"]), fontsize=9)
    fig.tight_layout()
    return fig


def _norm(hours, target):
    """Colours around the relief target: red for a stock-out within onset + target, green
    well after it."""
    from matplotlib.colors import TwoSlopeNorm

    low, high = min(float(hours.min()), target - 1.0), max(float(hours.max()), target + 1.0)
    return TwoSlopeNorm(vcenter=target, vmin=low, vmax=high)


def _background(ax, scenario, proj):
    """Roads as grey lines and zones as grey squares."""
    nodes = {n.id: n for n in scenario.spec.roads.nodes}
    for e in scenario.spec.roads.edges:
        if e.from_ in nodes and e.to in nodes:
            ex, ey = _xy(scenario, [nodes[e.from_], nodes[e.to]], proj)
            ax.plot(ex, ey, color="#d0d0d0", linewidth=0.6, zorder=1)
    zx, zy = _xy(scenario, scenario.zones, proj)
    ax.scatter(zx, zy, marker="s", s=10, color="#9aa7b5", zorder=2)


def _axes(ax, scenario, proj, _):
    ax.margins(0.12)
    if proj is not None:
        ax.set_aspect(1 / max(math.cos(math.radians(proj.lat0)), 0.1), adjustable="datalim")
        ax.set_xlabel(_(LABELS["lon"]), fontsize=8)
        ax.set_ylabel(_(LABELS["lat"]), fontsize=8)
    else:
        ax.set_aspect("equal", adjustable="datalim")
        ax.set_xlabel(_(LABELS["x"]), fontsize=8)
        ax.set_ylabel(_(LABELS["y"]), fontsize=8)
    ax.tick_params(labelsize=7)
