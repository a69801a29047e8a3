"""Writing the imported scenario: YAML, checked by the engine's own loader, never half written.

The file goes to a temporary beside the target (created exclusively: sim.outfile), is loaded back with
``sim.load_scenario`` and built into an engine, and only then renamed over the target
(an atomic rename on one file system). An existing file is kept unless *force*.
"""
import csv
import io
from datetime import datetime, timezone
from pathlib import Path

import yaml

import sim
from sim.outfile import OutputError, replacing, write_text

from .problems import RegistryError, RowProblem
from .words import N_, speaker


class PlainDumper(yaml.SafeDumper):
    """YAML without anchors and aliases: every zone's block stands alone, so editing one edits one."""

    def ignore_aliases(self, data):
        return True


def to_yaml(data, sources, lang=None):
    """The scenario as YAML text, with a header saying where it came from and what to edit."""
    _ = speaker(lang)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    head = ["# " + _("Imported by `stormdrill import` on {stamp} from:", stamp=stamp)]
    head += [f"#   {s}" for s in sources]
    head += ["# " + _("Zones, shelters and their stocks come from those files. The hazard, the depot D1, the roads "
                      "(when no roads file was given) and the plan are placeholders: edit them."),
             "# " + _("See docs/import.md. Check this file with `stormdrill validate`."), ""]
    body = yaml.dump(data, Dumper=PlainDumper, allow_unicode=True, sort_keys=False, default_flow_style=None, width=110)
    return "\n".join(head) + body


def _fail(out, reason, lang=None, **fields):
    raise RegistryError([RowProblem(str(out), 0, "", speaker(lang)(reason, **fields))])


def write_scenario(data, out, sources, force=False, lang=None):
    """Write *data* to *out* as YAML once it loads and builds; return the loaded Scenario.
    Problems are said in *lang* (None: the one rule)."""
    out = Path(out)
    if out.is_dir():
        _fail(out, N_("is a folder; give a file name such as scenario.yaml"), lang)
    if out.exists() and not force:
        _fail(out, N_("exists already; choose another -o or add --force to overwrite it"), lang)
    check_target(out, force, lang)
    _ = speaker(lang)
    built = []

    def check(tmp):  # the file as written loads and builds, or it never replaces anything
        built.append(sim.load_scenario(tmp))
        sim.Engine(built[0])  # builds the hazard, network and people: what a run needs

    try:
        with replacing(out, check=check, lang=lang) as fh:  # all at once, never through a planted link (sim.outfile)
            fh.write(to_yaml(data, sources, lang))
    except sim.ScenarioError as exc:
        raise RegistryError([RowProblem(str(out), 0, "", _("the scenario built from these files does not validate "
                                                           "(please report this): {problem}", problem=p))
                             for p in exc.problems]) from None
    except OutputError as exc:
        raise RegistryError([RowProblem(str(out), 0, "", str(exc).removeprefix(f"{out}: "))]) from None
    return built[0]


def check_target(out, force=False, lang=None):
    """Refuse *out* before anything is written: a folder, an existing file (unless *force*), no folder."""
    out = Path(out)
    if out.is_dir():
        _fail(out, N_("is a folder; give a file name"), lang)
    if out.exists() and not force:
        _fail(out, N_("exists already; choose another name or add --force to overwrite it"), lang)
    if not out.parent.is_dir():
        _fail(out, N_("folder {folder} does not exist"), lang, folder=out.parent)


def rejected_csv(rejected, headers, lang=None):
    """The rows left out by --skip-bad-rows as CSV text: row number, reasons, then the row's cells."""
    _ = speaker(lang)
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([_("row"), _("reason"), *headers])
    for r in rejected:
        writer.writerow([r.row, "; ".join(r.reasons), *r.cells])
    return buf.getvalue()


def write_rejected(rejected, headers, out, force=False, lang=None):
    """Write the rejected rows to *out* (UTF-8 with BOM, so Excel opens it), by way of a temporary file."""
    out = Path(out)
    check_target(out, force, lang)
    try:
        write_text(out, rejected_csv(rejected, headers, lang), encoding="utf-8-sig", newline="", lang=lang)
    except OutputError as exc:
        raise RegistryError([RowProblem(str(out), 0, "", str(exc).removeprefix(f"{out}: "))]) from None
