"""Tables on the terminal (rich) and result files (JSON, CSV, JSON lines)."""
import json
import math
import os
from pathlib import Path

from sim import cells


def check_writable(folder, names, force, error):
    """Refuse to overwrite a user's files unless *force*."""
    if os.path.lexists(folder) and not folder.is_dir():  # a file, a device, a symlink loop
        raise error(f"{folder}: exists and is not a folder")
    taken = [n for n in names if (folder / n).exists()]
    if taken and not force:
        raise error(f"{folder}: would overwrite {', '.join(taken)}; choose another --out or add --force")


def _fmt(value, lang="en"):
    zh = lang == "zh"
    if isinstance(value, bool):
        return ("是" if value else "否") if zh else ("yes" if value else "no")
    if isinstance(value, float):
        return ("无" if zh else "never") if math.isinf(value) else f"{value:,.2f}"
    return f"{value:,}"


SECTIONS_ZH = {"Relief (10-hour target)": "救助（10小时目标）", "Evacuation": "转移", "Shelters": "避灾点",
               "Unmet person-hours": "缺供人·小时"}
KPI_ZH = {
    "people_needing_relief": "需救助人数", "people_displaced": "转移至避灾点人数", "people_left_in_danger": "滞留危险区人数",
    "relief_secured_share": "按时保障比例", "relief_kept_share": "按时保障且持续供应比例", "relief_cut_off": "保障后断供人数",
    "relief_p90_h": "90%保障用时（小时）", "relief_max_h": "最长保障用时（小时）", "relief_unsecured_at_end": "结束时未保障人数",
    "first_stockout_h": "首次断供（T+小时）", "population": "总人口", "people_warned": "已预警人数",
    "people_ordered": "已收到转移指令人数", "people_evacuated": "已转移人数", "people_to_shelters": "前往避灾点人数",
    "people_in_danger_at_peak": "峰值时危险区滞留人数", "ete_50_h": "50%转移用时（小时）", "ete_90_h": "90%转移用时（小时）",
    "ete_100_h": "全部转移用时（小时）", "shelter_peak_occupancy": "避灾点峰值安置人数", "shelter_peak_share": "避灾点最高满员率",
    "shelter_overflow": "最多无处安置人数", "sheltered_without_bed_peak": "最多无床位人数", "people_relocated": "避灾点进水再转移人数",
}
"""The KPI table's words in Chinese; the KPI's code name stays beside it for scripts."""

ROWS = (
    ("Relief (10-hour target)", ("people_needing_relief", "people_displaced", "people_left_in_danger",
                                 "relief_secured_share", "relief_kept_share", "relief_cut_off", "relief_p90_h",
                                 "relief_max_h", "relief_unsecured_at_end", "first_stockout_h")),
    ("Evacuation", ("population", "people_warned", "people_ordered", "people_evacuated", "people_to_shelters",
                    "people_in_danger_at_peak", "ete_50_h", "ete_90_h", "ete_100_h")),
    ("Shelters", ("shelter_peak_occupancy", "shelter_peak_share", "shelter_overflow", "sheltered_without_bed_peak",
                  "people_relocated")),
    ("Transfer", ()),  # sim.transfer_why.FIGURES, labelled from the catalogue
)


def print_kpis(scenario, result, seed, console=None, lang="zh"):
    """Print the KPI table, then the verdict against the relief target with its reasons
    (in *lang*, ``zh`` or ``en``)."""
    from rich.console import Console  # rich is imported when a table is printed, not at start-up
    from rich.markup import escape
    from rich.table import Table

    from sim.relief import item_word

    console = console or Console()
    k = result.kpis
    zh = lang == "zh"
    if zh:
        title = f"{scenario.spec.name_zh or scenario.name}\n随机种子 {seed} · 灾害影响 T+{k['onset_h']:g} 小时"
    else:
        title = f"{scenario.name}\nseed {seed} · onset T+{k['onset_h']:g} h"
    table = Table(title=title, show_lines=False)
    table.add_column("指标" if zh else "KPI")
    table.add_column("值" if zh else "value", justify="right")
    if zh:
        table.add_column("代码", style="dim")
    from messages import texts
    from sim.transfer_why import FIGURES, LABELS

    rows = [(s, FIGURES if s == "Transfer" else n) for s, n in ROWS]
    rows += [("Unmet person-hours", tuple(f"unmet_person_hours_{n}" for n in scenario.relief.items))]
    items_zh = {f"unmet_person_hours_{n}": item_word(n, "zh") for n in scenario.relief.items}
    items_zh.update({name: texts("zh")(label) for name, label in LABELS.items()})
    for section, names in rows:
        table.add_row(f"[bold]{SECTIONS_ZH.get(section) or items_zh[section] if zh else section}[/bold]", "",
                      *([""] if zh else []))
        for name in names:
            if name.startswith("danger_") and not k.get(name):
                continue  # the whys show only where someone was left in danger
            shown = name.removeprefix("unmet_person_hours_") if name.startswith("unmet_") and not zh else name
            if zh:
                table.add_row(f"  {KPI_ZH.get(name) or items_zh.get(name, name)}", _shown(name, k, lang), name)
            else:
                table.add_row(f"  {shown}", _shown(name, k, lang))
    console.print(table)
    head, *reasons = result.verdict.lines(lang)
    colour = "green" if result.verdict.passed else "red"
    console.print(f"[bold {colour}]{escape(head)}[/bold {colour}]")
    for line in reasons:
        console.print(escape(line))


def _shown(name, kpis, lang):
    """A KPI's value as the table shows it: the transfer share as offices publish it (99.75%)."""
    return f"{kpis[name]:.2%}" if name == "transfer_share" else _fmt(kpis[name], lang)


def _jsonable(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


RUN_FILES = ("kpis.json", "verdict.json", "shelters.csv", "zones.csv", "series.csv", "events.jsonl")
"""What ``stormdrill run --out`` writes."""


def write_run(folder, result):
    """Write the RUN_FILES into *folder*."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    kpis = {k: _jsonable(v) for k, v in result.kpis.items()}
    _atomic(folder / "kpis.json", json.dumps(kpis, indent=2, ensure_ascii=False) + "\n")
    _atomic(folder / "verdict.json", json.dumps(verdict_dict(result.verdict), indent=2, ensure_ascii=False) + "\n")
    for name, table in (("shelters.csv", result.shelters), ("zones.csv", result.zones)):
        tmp = folder / (name + ".tmp")
        table.to_csv(tmp)
        tmp.replace(folder / name)
    _atomic(folder / "events.jsonl", "".join(json.dumps(e, ensure_ascii=False, default=_jsonable) + "\n"
                                            for e in result.events))
    _write_series(folder / "series.csv", result.series)


def verdict_dict(verdict):
    """The verdict as plain JSON: pass or fail, the shares, and each reason with its text."""
    return {
        "passed": verdict.passed, "kept_share": verdict.kept_share, "target_share": verdict.target_share,
        "people_needing_relief": verdict.people_needing_relief,
        "reasons": [{"code": r.code, "people": r.people, "where": list(r.where), "item": r.item,
                     "t": r.t, "person_hours": r.person_hours, "zh": r.text("zh"), "en": r.text("en")}
                    for r in verdict.reasons],
    }


def _write_series(path, series):
    columns = ["t", "home", "moving", "queued", "sheltered", "relatives", "overflow", "secured"]
    header = list(columns)
    for sid in series["shelter_ids"]:
        header.append(f"occupancy_{sid}")
    for i, item in enumerate(series["items"]):
        for sid in series["shelter_ids"]:
            header.append(f"stock_{sid}_{item}")
    tmp = path.with_suffix(".csv.tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as fh:
        writer = cells.writer(fh)
        writer.writerow(header)
        for j in range(len(series["t"])):
            row = [round(float(series["t"][j]), 6)] + [series[c][j].item() for c in columns[1:]]
            row += [int(v) for v in series["occupancy"][:, j]]
            row += [round(float(v), 3) for v in series["stock"][:, :, j].ravel()]
            writer.writerow(row)
    tmp.replace(path)


def _atomic(path, text):
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
