"""Files the office takes elsewhere: the Excel purchase list and the GeoJSON of shelters.

* ``write_purchase_list``: an .xlsx (openpyxl) with one sheet a township and one row per
  shelter and item: purchase unit, quantity, model units, weight and cost, a total row per
  sheet, a sheet of totals over the district, and the unit conversions used.
* ``shelters_geojson`` / ``write_geojson``: a FeatureCollection of Point features, one a
  shelter, with its recommended stock and results as properties. Coordinates are WGS 84
  longitude, latitude (planning/geo.py: a registry's positions, else the map's km through
  the scenario's ``geo`` anchor); a scenario without an anchor keeps its plane km, and
  ``crs_note`` says which.
"""
import json
import os

from messages import N_, texts
from sim import cells
from sim.outfile import replacing, write_bytes

from . import geo
from .texts import item_name, model_unit, shelter_name, unit_name

SHEET = {
    "head": (N_("shelter"), N_("name"), N_("relief item"), N_("purchase unit"), N_("quantity"), N_("model units"),
             N_("model unit"), N_("weight (kg)"), N_("cost (¥)"), N_("stock now"), N_("needs")),
    "total": N_("total"),
    "totals": N_("Totals"),
    "units": N_("Units"),
    "units_head": (N_("relief item"), N_("purchase unit"), N_("model units each"), N_("model unit"), N_("kg each"),
                   N_("price (¥)"), N_("source")),
    "source": N_("typical, unverified, overridable in the scenario (docs/model.md)"),
}
"""The purchase list's sheet names and column heads (catalogue keys)."""


def _s(key, lang):
    _ = texts(lang)
    value = SHEET[key]
    return tuple(_(v) for v in value) if isinstance(value, tuple) else _(value)


def _sheet_name(name, used):
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique."""
    clean = "".join("_" if ch in '[]:*?/\\' else ch for ch in (name or "-"))[:31]
    base, n = clean, 2
    while clean in used:
        suffix = f" ({n})"
        clean = base[:31 - len(suffix)] + suffix
        n += 1
    used.add(clean)
    return clean


def write_purchase_list(answer, path, lang="zh"):
    """The purchase list as .xlsx at *path* (written to a temporary file first)."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
    except ImportError:
        raise RuntimeError("writing the purchase list needs openpyxl: pip install 'stormdrill[planning]'") from None
    relief = answer.scenario.relief
    book = Workbook()
    book.remove(book.active)
    used = set()
    towns = {}
    for n in answer.needs:
        towns.setdefault(n.township or "-", []).append(n)
    bold = Font(bold=True)
    for town, needs in towns.items():
        sheet = book.create_sheet(_sheet_name(town, used))
        sheet.append(cells.row(list(_s("head", lang))))
        for n in needs:
            sheet.append(cells.row([n.shelter, shelter_name(n, lang),
                          item_name(n.item, lang), unit_name(n.purchase, lang), n.add, round(n.add_units, 2),
                          model_unit(relief.items[n.item].unit, lang), round(n.add_kg, 2),
                          None if n.add_cost is None else round(n.add_cost, 2), round(n.current, 2), round(n.required, 2)]))
        first_total = sheet.max_row + 1
        for row in total_rows(needs, relief, lang):
            sheet.append(cells.row(row))
        for row in sheet.iter_rows(min_row=first_total):
            for cell in row:
                cell.font = bold
        for cell in sheet[1]:
            cell.font = bold
        _widths(sheet)
    sheet = book.create_sheet(_sheet_name(_s("totals", lang), used))
    sheet.append(cells.row([h for i, h in enumerate(_s("head", lang)) if i in (2, 3, 4, 5, 6, 7, 8)]))
    for item, (count, units, kg, cost) in answer.totals().items():
        sheet.append(cells.row([item_name(item, lang), unit_name(answer.purchase[item], lang), count, round(units, 2),
                      model_unit(relief.items[item].unit, lang), round(kg, 2), None if cost is None else round(cost, 2)]))
    for cell in sheet[1]:
        cell.font = bold
    _widths(sheet)
    sheet = book.create_sheet(_sheet_name(_s("units", lang), used))
    sheet.append(cells.row(list(_s("units_head", lang))))
    _ = texts(lang)
    for name, u in answer.purchase.items():
        price = answer.prices.get(name)
        source = _s("source", lang) + ("; " + _(price.source) if price is not None else "")
        sheet.append(cells.row([item_name(name, lang), unit_name(u, lang), u.size, model_unit(relief.items[name].unit, lang),
                      round(u.kg, 3), u.price_cny, source]))
    for cell in sheet[1]:
        cell.font = bold
    _widths(sheet)
    with replacing(path, binary=True) as fh:  # all at once, never through a planted link
        book.save(fh)


def total_rows(needs, relief, lang=None):
    """The total rows of a sheet: one per item, in its own purchase unit (cases of water are
    never added to sets of bedding), then one with the weight and cost of everything."""
    _ = texts(lang)
    label = _s("total", lang)
    out = []
    for item in dict.fromkeys(n.item for n in needs):
        mine = [n for n in needs if n.item == item]
        count = sum(n.add for n in mine)
        out.append([label, None, item_name(item, lang), unit_name(mine[0].purchase, lang, count), count,
                    round(sum(n.add_units for n in mine), 2), model_unit(relief.items[item].unit, lang),
                    round(sum(n.add_kg for n in mine), 2), _cost(mine), None, None])
    out.append([label, None, _("all items"), None, None, None, None, round(sum(n.add_kg for n in needs), 2),
                _cost(needs), None, None])
    return out


def write_shortfall(answer, folder, lang=None):
    """``shortfall.geojson`` and ``shortfall.png`` (the map) in *folder*."""
    from . import charts, maps

    write_geojson(answer, os.path.join(folder, "shortfall.geojson"), maps.shortfall_geojson(answer))
    write_bytes(os.path.join(folder, "shortfall.png"), charts.png(maps.shortfall_map(answer, lang)))


def _cost(needs):
    costs = [n.add_cost for n in needs if n.add_cost is not None]
    return round(sum(costs), 2) if costs else None


def _widths(sheet):
    for column in sheet.columns:
        longest = max(len(str(c.value)) if c.value is not None else 0 for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(8, longest * 1.6 + 2), 48)


def shelters_geojson(answer):
    """A GeoJSON FeatureCollection: one Point a shelter with its recommended stock and results."""
    by_shelter = {}
    for n in answer.needs:
        by_shelter.setdefault(n.shelter, []).append(n)
    occ = answer.occupancy
    peaks = {}
    if occ:
        for j, sid in enumerate(occ["shelters"]):
            peaks[sid] = float(occ["q"][2, j].max())
    features = []
    scenario = answer.scenario
    proj = geo.projection(scenario)
    for s in scenario.shelters:
        props = {"id": s.id, "name": s.name, "name_zh": s.name_zh, "township": s.township, "grade": s.grade,
                 "tier": s.tier, "capacity": s.capacity, "median_peak_occupancy": peaks.get(s.id)}
        if s.note:
            props["note"] = s.note
        for n in by_shelter.get(s.id, []):
            props[f"{n.item}_now"] = round(n.current, 2)
            props[f"{n.item}_needs"] = round(n.required, 2)
            props[f"{n.item}_add"] = n.add
            props[f"{n.item}_add_unit"] = n.purchase.name
            props[f"{n.item}_recommended"] = round(n.recommended, 2)
            out = answer.stockouts.get((s.id, n.item))
            if out is not None:
                props[f"{n.item}_runs_out_share"] = round(out.share, 4)
                props[f"{n.item}_runs_out_h"] = None if out.median_h is None else round(out.median_h, 2)
        features.append({"type": "Feature", "id": s.id, "geometry": geo.point(scenario, s, proj), "properties": props})
    return {"type": "FeatureCollection", "features": features, "crs_note": geo.crs_note(scenario),
            "question": answer.question, "confidence": answer.confidence,
            "verified_p": answer.verification.p, "verified_interval": list(answer.verification.interval)}


def write_geojson(answer, path, doc=None):
    """*doc* (default: the shelters' GeoJSON) at *path*, all at once (sim.outfile)."""
    doc = shelters_geojson(answer) if doc is None else doc
    with replacing(path) as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=1)
