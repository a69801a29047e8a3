"""Text from users goes into CSV, .xlsx, HTML and charts safely: formula-leading cells are
neutralised (sim.cells), HTML is escaped, chart labels are never mathtext."""
import csv
import re
import shutil
from pathlib import Path

import pytest

from sim import cells
from stormdrill.cli import main

ROOT = Path(__file__).resolve().parents[1]
FORMULA = '=HYPERLINK("http://x","y")'  # no '.': dotted override paths name shelters by id
MATH = r"$\alpha^{2}$ $\beta^$"  # the second is not valid mathtext: drawn as mathtext it fails
SCRIPT = "<script>alert(1)</script>"


@pytest.mark.parametrize("value, written", [
    ("=1+1", "'=1+1"), ("+cmd", "'+cmd"), ("-cmd", "'-cmd"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("\uff1d1+1", "'\uff1d1+1"), ("S1", "S1"), ("-5", "-5"), ("-inf", "-inf"), ("+1e3", "+1e3"), (-5, -5), (None, None),
])
def test_a_cell_that_begins_like_a_formula_is_written_as_text(value, written):
    assert cells.cell(value) == written
    assert cells.uncell(cells.cell(value)) == value


@pytest.fixture
def hostile(tmp_path):
    """The tutorial village with a shelter whose id is a formula and one whose id is mathtext,
    and a shelter name that is HTML."""
    folder = tmp_path / "village"
    shutil.copytree(ROOT / "scenarios" / "tutorial_village", folder)
    for name in ("scenario.yaml", "plan.yaml", "exercise.yaml"):
        text = (folder / name).read_text(encoding="utf-8")
        text = re.sub(r"\bS1\b", lambda _: "'" + FORMULA.replace("'", "''") + "'", text)
        text = re.sub(r"\bS2\b", lambda _: "'" + MATH + "'", text)
        text = text.replace("name: Village school", f"name: '{SCRIPT}'")
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def formula_cells(table):
    """Cells written as they came although they begin like a formula."""
    return [c for r in table for c in r if cells.cell(c) != c]


def test_run_tables_neutralise_ids_and_names(hostile, tmp_path, capsys):
    assert main(["run", str(hostile / "scenario.yaml"), "--out", str(tmp_path / "out")]) == 0
    table = rows(tmp_path / "out" / "shelters.csv")
    assert table[1][0] == "'" + FORMULA and table[2][0] == MATH
    assert formula_cells(table) == []


def test_sweep_rows_and_summary_neutralise_text_values(hostile, tmp_path, capsys):
    out = tmp_path / "sweep.csv"
    assert main(["sweep", str(hostile / "scenario.yaml"), "--reps", "1", "--workers", "1", "--quiet",
                 "--vary", "name=@SUM(A1),-x", "--out", str(out)]) == 0
    for path in (out, out.with_suffix(".summary.csv")):
        table = rows(path)
        assert {"'@SUM(A1)", "'-x"} <= {c for r in table for c in r}
        assert formula_cells(table) == []


def test_stock_csv_and_purchase_list_hold_no_formula(hostile, tmp_path, capsys):
    from openpyxl import load_workbook

    out = tmp_path / "stock"
    assert main(["stock", str(hostile / "scenario.yaml"), "--reps", "4", "--verify-reps", "4", "--workers", "1",
                 "--quiet", "--lang", "en", "--out", str(out)]) == 0
    table = rows(out / "stock.csv")
    assert "'" + FORMULA in {r[0] for r in table} and formula_cells(table) == []
    book = load_workbook(out / "purchase.xlsx")
    kinds = {c.data_type for sheet in book for line in sheet.iter_rows() for c in line if c.value is not None}
    assert "f" not in kinds
    assert SCRIPT not in (out / "stock.html").read_text(encoding="utf-8")


def test_the_msel_sheet_keeps_formula_like_messages_as_text_and_reads_them_back(hostile, tmp_path):
    from openpyxl import load_workbook

    from training import load_exercise
    from training.msel_sheet import import_msel, write_msel

    text = (hostile / "exercise.yaml").read_text(encoding="utf-8")
    first = re.search(r"(?m)^\s+en: (.+)$", text).group(1)
    (hostile / "exercise.yaml").write_text(text.replace(f"en: {first}", "en: '=cmd|'' /C calc''!A0'", 1), encoding="utf-8")
    spec = load_exercise(hostile / "exercise.yaml").spec
    for suffix in (".xlsx", ".csv"):
        path = write_msel(spec, tmp_path / f"msel{suffix}", lang="en")
        if suffix == ".xlsx":
            book = load_workbook(path)
            assert "f" not in {c.data_type for line in book.active.iter_rows() for c in line if c.value is not None}
        data, _ = import_msel(path, hostile / "exercise.yaml")
        assert any(i["message"].get("en") == "=cmd|' /C calc'!A0" for i in data["injects"])


def test_the_after_action_report_draws_mathtext_ids_as_text_and_escapes_html(hostile, tmp_path, capsys):
    db = tmp_path / "s.db"
    from training import load_exercise
    from training.session import Session
    from training.store import SessionStore

    store = SessionStore(db)
    session = Session.start(store, load_exercise(hostile / "exercise.yaml"))
    session.finish()
    assert main(["report", "1", "--db", str(db), "-o", str(tmp_path / "aar")]) == 0
    (page,) = [p for p in (tmp_path / "aar").glob("*.html") if not p.stem.endswith("-appendix")]  # the report
    html = page.read_text(encoding="utf-8")
    assert SCRIPT not in html and "&lt;script&gt;" in html
    assert html.count("data:image/png;base64,") >= 3  # every chart drawn, the mathtext id as a label
