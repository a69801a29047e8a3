"""The stock test's outputs: a CSV table, an HTML page in Chinese or English with its
charts, an Excel purchase list and a GeoJSON of the shelters.

Every file is written to a temporary name first and then moved into place, so a reader
never sees half a file. The page is one file: charts are embedded as base64 PNG, and every
piece of scenario text (names, ids, the description) is HTML-escaped.
"""
import base64
import html

from messages import N_, texts
from sim import cells
from sim.outfile import replacing

from . import charts, maps
from .stockout import hours
from .texts import add_lines, item_name, lines, model_unit, num, reserve_lines, shelter_name, unit_lines, unit_name

COLUMNS = ("shelter", "shelter_name", "township", "item", "unit", "current", "required", "add_purchase_units",
           "purchase_unit", "add_units", "add_kg", "add_cost_cny", "recommended", "surplus", "raised", "risk", "runs_out_share", "runs_out_h")

HEAD = {
    "shelter": N_("shelter"), "name": N_("name"), "township": N_("township"), "item": N_("relief item"),
    "current": N_("now"), "required": N_("needs"), "add": N_("add (purchase units)"), "unit": N_("purchase unit"),
    "add_units": N_("add (model units)"), "kg": N_("weight (kg)"), "cost": N_("cost (¥)"), "surplus": N_("surplus"),
    "total": N_("total"), "answer": N_("Answer"), "totals": N_("Purchase totals"), "table": N_("Every shelter"),
    "occupancy": N_("Shelter occupancy (runs with ample stock: median and 25–75 % band)"),
    "stock": N_("Stock now against need (one point a shelter; red: to buy)"),
    "units": N_("Purchase units"), "buy": N_("What to buy, shelter by shelter"), "title": N_("Shelter stock stress test"),
    "reserve": N_("District reserve"),
    "map": N_("Shortfall map"), "runs_out": N_("When each shelter runs out with the stock held now"),
    "share": N_("share of runs it ran out"), "after_onset": N_("first ran out, h after onset (median)"),
    "note": N_("remarks"),
}
"""The page's headings and column names (catalogue keys)."""


def _h(key, lang):
    return texts(lang)(HEAD[key])


def table_rows(answer):
    """One dict per (shelter, item), in COLUMNS order."""
    rows = []
    for n in answer.needs:
        rows.append({"shelter": n.shelter, "shelter_name": n.shelter_name_zh or n.shelter_name, "township": n.township,
                     "item": n.item, "unit": answer.scenario.relief.items[n.item].unit, "current": n.current,
                     "required": round(n.required, 2), "add_purchase_units": n.add, "purchase_unit": n.purchase.name,
                     "add_units": round(n.add_units, 2), "add_kg": round(n.add_kg, 2),
                     "add_cost_cny": "" if n.add_cost is None else round(n.add_cost, 2),
                     "recommended": round(n.recommended, 2), "surplus": round(n.surplus, 2), "raised": n.raised,
                     "risk": "" if n.risk is None else round(n.risk, 6),
                     **_runs_out(answer, n)})
    return rows


def _runs_out(answer, need):
    out = answer.stockouts.get((need.shelter, need.item))
    return {"runs_out_share": "" if out is None else round(out.share, 4),
            "runs_out_h": "" if out is None else hours(out.median_h)}


def _atomic(path, write, mode="w"):
    """Write *path* all at once through *write(fh)*, never through a planted link (sim.outfile)."""
    with replacing(path, binary=mode == "wb", newline="") as fh:
        write(fh)


def write_csv(answer, path):
    def write(fh):
        writer = cells.dict_writer(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(table_rows(answer))

    _atomic(path, write)


def _img(fig, alt):
    data = base64.b64encode(charts.png(fig)).decode("ascii")
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def totals_table(answer, lang):
    """The purchase totals, one row per item; the cells carry data- attributes with the numbers."""
    e = html.escape
    relief = answer.scenario.relief
    rows = []
    for item, (count, units, kg, cost) in answer.totals().items():
        rows.append(f'<tr class="total" data-item="{e(item)}" data-count="{count}" data-kg="{kg:.2f}">'
                    f"<td>{e(item_name(item, lang))}</td><td>{count:,}</td><td>{e(unit_name(answer.purchase[item], lang))}</td>"
                    f"<td>{num(units)} {e(model_unit(relief.items[item].unit, lang))}</td><td>{kg:,.0f}</td>"
                    f"<td>{'—' if cost is None else f'{cost:,.0f}'}</td></tr>")
    head = "".join(f"<th>{e(_h(k, lang))}</th>" for k in ("item", "add", "unit", "add_units", "kg", "cost"))
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def needs_table(answer, lang):
    e = html.escape
    relief = answer.scenario.relief
    head = "".join(f"<th>{e(_h(k, lang))}</th>" for k in ("shelter", "name", "township", "item", "current", "required",
                                                           "add", "unit", "kg", "cost", "surplus"))
    body = []
    for n in answer.needs:
        unit = model_unit(relief.items[n.item].unit, lang)
        cls = ' class="buy"' if n.add else ""
        body.append(f"<tr{cls}><td>{e(n.shelter)}</td><td>{e(shelter_name(n, lang))}</td><td>{e(n.township)}</td>"
                    f"<td>{e(item_name(n.item, lang))}</td><td>{num(n.current)} {e(unit)}</td>"
                    f"<td>{num(n.required)} {e(unit)}</td><td>{n.add:,}</td><td>{e(unit_name(n.purchase, lang))}</td>"
                    f"<td>{n.add_kg:,.0f}</td><td>{'—' if n.add_cost is None else f'{n.add_cost:,.0f}'}</td>"
                    f"<td>{num(n.surplus)}</td></tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def stockout_table(answer, lang):
    """Every (shelter, item) that ran out with the stock held now, the soonest first."""
    e = html.escape
    names = {n.shelter: shelter_name(n, lang) for n in answer.needs}
    outs = sorted((o for o in answer.stockouts.values() if o.median_h is not None),
                  key=lambda o: (o.median_h, -o.share, o.shelter, o.item))
    head = "".join(f"<th>{e(_h(k, lang))}</th>" for k in ("shelter", "name", "item", "share", "after_onset"))
    body = "".join(f"<tr><td>{e(o.shelter)}</td><td>{e(names.get(o.shelter, ''))}</td><td>{e(item_name(o.item, lang))}</td>"
                   f"<td>{o.share:.0%}</td><td>{o.median_h:+.1f}</td></tr>" for o in outs)
    return f"<table><tr>{head}</tr>{body}</table>"


def notes_list(answer, lang):
    """The registry's remarks (备注) of the shelters that have some, as the office wrote them."""
    e = html.escape
    _ = texts(lang)
    noted = [s for s in answer.scenario.shelters if s.note]
    if not noted:
        return ""
    items = "".join(f"<li>{e(s.id)} {e(_.name(s))}: {e(s.note)}</li>" for s in noted)
    return f"<h2>{e(_h('note', lang))}</h2><ul>{items}</ul>"


def write_html(answer, path, lang="zh", seconds=None):
    """The page in *lang*: the answer in sentences, totals, reserve, units, the table, the charts."""
    e = html.escape
    _ = texts(lang)
    s = answer.scenario
    name = _.name(s.spec)
    description = _.pick({"zh": s.spec.description_zh, "en": s.spec.description})
    heading = _("{title}: {name}", title=_h("title", lang), name=name)
    said = lines(answer, lang, seconds, shelters=False)
    buy = add_lines(answer, lang)
    reserve = reserve_lines(answer.reserve, s, lang)
    units = unit_lines(answer.purchase, s.relief, lang, answer.prices)
    para = "".join(f"<li>{e(x)}</li>" for x in said)
    page = f"""<!DOCTYPE html>
<html lang="{_.lang.replace('zh', 'zh-CN')}"><head><meta charset="utf-8">
<title>{e(heading)}</title>
<style>body{{font-family:"Noto Sans SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:1100px;margin:1.5em auto;
padding:0 1em;line-height:1.45}}table{{border-collapse:collapse;margin:.5em 0;font-size:.9em}}
td,th{{border:1px solid #bbb;padding:2px 7px;text-align:right}}th{{background:#eee}}td:nth-child(-n+4){{text-align:left}}
tr.buy td{{background:#fff3f0}}img{{max-width:100%;height:auto}}ul{{padding-left:1.2em}}</style></head><body>
<h1>{e(heading)}</h1>
<p>{e(description)}</p>
<h2>{e(_h('answer', lang))}</h2><ul>{para}</ul>
<h2>{e(_h('totals', lang))}</h2>{totals_table(answer, lang)}
<h2>{e(_h('buy', lang))}</h2><ul>{''.join(f'<li>{e(x)}</li>' for x in buy) or f"<li>{e(_('Every shelter already holds enough: nothing to buy.'))}</li>"}</ul>
<h2>{e(_h('reserve', lang))}</h2><ul>{''.join(f'<li>{e(x)}</li>' for x in reserve)}</ul>
<h2>{e(_h('units', lang))}</h2><ul>{''.join(f'<li>{e(x)}</li>' for x in units)}</ul>
<h2>{e(_h('stock', lang))}</h2>{_img(charts.stock_chart(answer, lang), _h('stock', lang))}
<h2>{e(_h('occupancy', lang))}</h2>{_img(charts.occupancy_chart(answer, lang), _h('occupancy', lang))}
<h2>{e(_h('map', lang))}</h2>{_img(maps.shortfall_map(answer, lang), _h('map', lang))}
<h2>{e(_h('runs_out', lang))}</h2>{stockout_table(answer, lang)}
<h2>{e(_h('table', lang))}</h2>{needs_table(answer, lang)}
{notes_list(answer, lang)}
</body></html>
"""
    _atomic(path, lambda fh: fh.write(page))
