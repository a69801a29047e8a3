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


class PlainDumper(yaml.SafeDumper):
    """YAML without anchors and aliases: every zone's block stands alone, so editing one edits one."""

    def ignore_aliases(self, data):
        return True


def to_yaml(data, sources):
    """The scenario as YAML text, with a header saying where it came from and what to edit."""
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    head = [f"# Imported by `stormdrill import` on {stamp} from:"]
    head += [f"#   {s}" for s in sources]
    head += ["# Zones, shelters and their stocks come from those files. The hazard, the depot D1,",
             "# the roads (when no roads file was given) and the plan are placeholders: edit them.",
             "# See docs/import.md. Check this file with `stormdrill validate`.", ""]
    body = yaml.dump(data, Dumper=PlainDumper, allow_unicode=True, sort_keys=False, default_flow_style=None, width=110)
    return "\n".join(head) + body


def _fail(out, reason):
    raise RegistryError([RowProblem(str(out), 0, "", reason)])


def write_scenario(data, out, sources, force=False):
    """Write *data* to *out* as YAML once it loads and builds; return the loaded Scenario."""
    out = Path(out)
    if out.is_dir():
        _fail(out, "is a folder; give a file name such as scenario.yaml")
    if out.exists() and not force:
        _fail(out, "exists already; choose another -o or add --force to overwrite it")
    check_target(out, force)
    built = []

    def check(tmp):  # the file as written loads and builds, or it never replaces anything
        built.append(sim.load_scenario(tmp))
        sim.Engine(built[0])  # builds the hazard, network and people: what a run needs

    try:
        with replacing(out, check=check) as fh:  # all at once, never through a planted link (sim.outfile)
            fh.write(to_yaml(data, sources))
    except sim.ScenarioError as exc:
        raise RegistryError([RowProblem(str(out), 0, "", "the scenario built from these files does not "
                                        f"validate (please report this): {p}") for p in exc.problems]) from None
    except OutputError as exc:
        raise RegistryError([RowProblem(str(out), 0, "", str(exc).removeprefix(f"{out}: "))]) from None
    return built[0]


def check_target(out, force=False):
    """Refuse *out* before anything is written: a folder, an existing file (unless *force*), no folder."""
    out = Path(out)
    if out.is_dir():
        _fail(out, "is a folder; give a file name")
    if out.exists() and not force:
        _fail(out, "exists already; choose another name or add --force to overwrite it")
    if not out.parent.is_dir():
        _fail(out, f"folder {out.parent} does not exist")


def rejected_csv(rejected, headers):
    """The rows left out by --skip-bad-rows as CSV text: row number, reasons, then the row's cells."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["行号 / row", "原因 / reason", *headers])
    for r in rejected:
        writer.writerow([r.row, "; ".join(r.reasons), *r.cells])
    return buf.getvalue()


def write_rejected(rejected, headers, out, force=False):
    """Write the rejected rows to *out* (UTF-8 with BOM, so Excel opens it), by way of a temporary file."""
    out = Path(out)
    check_target(out, force)
    try:
        write_text(out, rejected_csv(rejected, headers), encoding="utf-8-sig", newline="")
    except OutputError as exc:
        raise RegistryError([RowProblem(str(out), 0, "", str(exc).removeprefix(f"{out}: "))]) from None
