"""Tables on the terminal (rich) and result files (JSON, CSV, JSON lines), each written all at
once through sim.outfile."""
import json
import math
import os

from messages import N_, texts
from sim import cells
from sim.outfile import cannot_write_in, make_folder, replacing, write_text


def check_writable(folder, names, force, error):
    """Refuse to overwrite a user's files unless *force*, and a folder that cannot be written
    (a read-only file system, no permission) before any work is done."""
    if os.path.lexists(folder) and not folder.is_dir():  # a file, a device, a symlink loop
        raise error(f"{folder}: exists and is not a folder")
    taken = [n for n in names if (folder / n).exists()]
    if taken and not force:
        raise error(f"{folder}: would overwrite {', '.join(taken)}; choose another --out or add --force")
    refused = cannot_write_in(folder)
    if refused:
        raise error(refused)


def _fmt(value, _):
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        if math.isnan(value):  # a share of nobody (nothing to judge)
            return "—"
        return _("never") if math.isinf(value) else f"{value:,.2f}"
    return f"{value:,}"


KPI_LABELS = {
    "people_needing_relief": N_("people needing relief"), "people_displaced": N_("people moved to shelters"),
    "people_left_in_danger": N_("people left in danger"), "relief_secured_share": N_("share secured in time"),
    "relief_kept_share": N_("share secured and kept supplied"),
    "relief_cut_off": N_("people cut off after being secured"), "relief_p90_h": N_("time to secure 90 % (h)"),
    "relief_max_h": N_("longest time to secure (h)"), "relief_unsecured_at_end": N_("people not secured at the end"),
    "first_stockout_h": N_("first stock-out (T+ h)"), "population": N_("residents"),
    "people_warned": N_("people warned"), "people_ordered": N_("people ordered to move"),
    "people_evacuated": N_("people evacuated"), "people_to_shelters": N_("people bound for shelters"),
    "people_in_danger_at_peak": N_("people in danger at the peak"), "ete_50_h": N_("time to evacuate 50 % (h)"),
    "ete_90_h": N_("time to evacuate 90 % (h)"), "ete_100_h": N_("time to evacuate everyone (h)"),
    "shelter_peak_occupancy": N_("shelter peak occupancy"), "shelter_peak_share": N_("fullest shelter's share"),
    "shelter_overflow": N_("most people without a shelter place"),
    "sheltered_without_bed_peak": N_("most people without a bed"),
    "people_relocated": N_("moved again from flooded shelters"),
}
"""The KPI table's words (the catalogue gives them in Chinese); the KPI's code name stays beside them for scripts."""

ROWS = (
    (N_("Relief (10-hour target)"), ("people_needing_relief", "people_displaced", "people_left_in_danger",
                                     "relief_secured_share", "relief_kept_share", "relief_cut_off", "relief_p90_h",
                                     "relief_max_h", "relief_unsecured_at_end", "first_stockout_h")),
    (N_("Evacuation"), ("population", "people_warned", "people_ordered", "people_evacuated", "people_to_shelters",
                        "people_in_danger_at_peak", "ete_50_h", "ete_90_h", "ete_100_h")),
    (N_("Shelters"), ("shelter_peak_occupancy", "shelter_peak_share", "shelter_overflow", "sheltered_without_bed_peak",
                      "people_relocated")),
    (N_("Transfer (at the onset)"), ()),  # sim.transfer_why.FIGURES, its labels
)


def print_kpis(scenario, result, seed, console=None, lang=None):
    """Print the KPI table, then the verdict against the relief target with its reasons
    (in *lang*, ``zh`` or ``en``; None: the one language rule)."""
    from rich.console import Console  # rich is imported when a table is printed, not at start-up
    from rich.markup import escape
    from rich.table import Table

    from sim.relief import item_word

    console = console or Console()
    _ = texts(lang)
    k = result.kpis
    title = _("{name}\nseed {seed} · onset T+{onset:g} h", name=_.name(scenario.spec), seed=seed, onset=k["onset_h"])
    table = Table(title=escape(title), show_lines=False)
    table.add_column(_("KPI"))
    table.add_column(_("code"), style="dim")
    table.add_column(_("value"), justify="right")
    unmet = (N_("Unmet person-hours"), tuple(f"unmet_person_hours_{n}" for n in scenario.relief.items))
    from sim.transfer_why import FIGURES, LABELS

    for section, names in [(s, n or FIGURES) for s, n in ROWS] + [unmet]:
        table.add_row(f"[bold]{_(section)}[/bold]", "", "")
        for name in names:
            item = name.removeprefix("unmet_person_hours_")
            label = KPI_LABELS.get(name) or LABELS.get(name)
            label = _(label) if label else item_word(item, _.lang)
            value = f"{k[name]:.2%}" if name == "transfer_share" else _fmt(k[name], _)  # 99.75% as offices publish it
            table.add_row(f"  {escape(label)}", name, value)
    console.print(table)
    head, *reasons = result.verdict.lines(_.lang)
    colour = {"PASS": "green", "FAIL": "red"}.get(getattr(result.verdict, "code", None), "yellow")
    console.print(f"[bold {colour}]{escape(head)}[/bold {colour}]")
    for line in reasons:
        console.print(escape(line))


def _jsonable(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


RUN_FILES = ("kpis.json", "verdict.json", "shelters.csv", "zones.csv", "series.csv", "events.jsonl")
"""What ``stormdrill run --out`` writes."""


def write_run(folder, result, lang=None):
    """Write the RUN_FILES into *folder*, each all at once (sim.outfile); OutputError naming the
    file when the disk or the folder refuses."""
    folder = make_folder(folder, lang)
    kpis = {k: _jsonable(v) for k, v in result.kpis.items()}
    write_text(folder / "kpis.json", json.dumps(kpis, indent=2, ensure_ascii=False) + "\n", lang=lang)
    write_text(folder / "verdict.json", json.dumps(verdict_dict(result.verdict), indent=2, ensure_ascii=False) + "\n",
               lang=lang)
    result.shelters.to_csv(folder / "shelters.csv")
    result.zones.to_csv(folder / "zones.csv")
    write_text(folder / "events.jsonl", "".join(json.dumps(e, ensure_ascii=False, default=_jsonable) + "\n"
                                               for e in result.events), lang=lang)
    _write_series(folder / "series.csv", result.series, lang)


def verdict_dict(verdict):
    """The verdict as plain JSON: PASS, FAIL or NOTHING_TO_JUDGE, the shares, its headline
    and each reason with its text."""
    return {
        "verdict": verdict.code, "headline": {lang: verdict.lines(lang)[0] for lang in ("zh", "en")},
        "passed": verdict.passed, "kept_share": _jsonable(verdict.kept_share), "target_share": verdict.target_share,
        "people_needing_relief": verdict.people_needing_relief,
        "reasons": [{"code": r.code, "people": r.people, "where": list(r.where), "item": r.item,
                     "t": r.t, "person_hours": r.person_hours, "zh": r.text("zh"), "en": r.text("en")}
                    for r in verdict.reasons],
    }


def _write_series(path, series, lang=None):
    columns = ["t", "home", "moving", "queued", "sheltered", "relatives", "overflow", "secured", "transferred"]
    header = list(columns)
    for sid in series["shelter_ids"]:
        header.append(f"occupancy_{sid}")
    for i, item in enumerate(series["items"]):
        for sid in series["shelter_ids"]:
            header.append(f"stock_{sid}_{item}")
    with replacing(path, newline="", lang=lang) as fh:
        writer = cells.writer(fh)
        writer.writerow(header)
        for j in range(len(series["t"])):
            row = [round(float(series["t"][j]), 6)] + [series[c][j].item() for c in columns[1:]]
            row += [int(v) for v in series["occupancy"][:, j]]
            row += [round(float(v), 3) for v in series["stock"][:, :, j].ravel()]
            writer.writerow(row)
