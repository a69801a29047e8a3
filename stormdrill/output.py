"""Tables on the terminal (rich) and result files (JSON, CSV, JSON lines)."""
import csv
import json
import math
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table


def check_writable(folder, names, force, error):
    """Refuse to overwrite a user's files unless *force*."""
    if folder.exists() and not folder.is_dir():
        raise error(f"{folder}: exists and is not a folder")
    taken = [n for n in names if (folder / n).exists()]
    if taken and not force:
        raise error(f"{folder}: would overwrite {', '.join(taken)}; choose another --out or add --force")


def _fmt(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return "never" if math.isinf(value) else f"{value:,.2f}"
    return f"{value:,}"


ROWS = (
    ("Relief (10-hour target)", ("people_needing_relief", "people_displaced", "people_left_in_danger",
                                 "relief_secured_share", "relief_kept_share", "relief_cut_off", "relief_p90_h",
                                 "relief_max_h", "relief_unsecured_at_end", "first_stockout_h")),
    ("Evacuation", ("population", "people_warned", "people_ordered", "people_evacuated", "people_to_shelters",
                    "people_in_danger_at_peak", "ete_50_h", "ete_90_h", "ete_100_h")),
    ("Shelters", ("shelter_peak_occupancy", "shelter_peak_share", "shelter_overflow", "sheltered_without_bed_peak",
                  "people_relocated")),
)


def print_kpis(scenario, result, seed, console=None, lang="zh"):
    """Print the KPI table, then the verdict against the relief target with its reasons
    (in *lang*, ``zh`` or ``en``)."""
    console = console or Console()
    k = result.kpis
    target = scenario.relief.target
    table = Table(title=f"{scenario.name}\nseed {seed} · onset T+{k['onset_h']:g} h", show_lines=False)
    table.add_column("KPI")
    table.add_column("value", justify="right")
    for section, names in ROWS:
        table.add_row(f"[bold]{section}[/bold]", "")
        for name in names:
            table.add_row(f"  {name}", _fmt(k[name]))
    table.add_row("[bold]Unmet person-hours[/bold]", "")
    for name in scenario.relief.items:
        table.add_row(f"  {name}", _fmt(k[f"unmet_person_hours_{name}"]))
    console.print(table)
    head, *reasons = result.verdict.lines(lang)
    colour = "green" if result.verdict.passed else "red"
    console.print(f"[bold {colour}]{escape(head)}[/bold {colour}]")
    for line in reasons:
        console.print(escape(line))


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
        writer = csv.writer(fh)
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
