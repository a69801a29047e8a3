"""The MSEL spreadsheet (master scenario events list, 演练脚本): an exercise's injects and
decision points as rows a trainer edits in Excel or WPS, and back.

    rows = to_rows(exercise.spec)                      # one row per inject / decision point
    write_msel(exercise.spec, "msel.xlsx")             # or .csv (UTF-8 with BOM, opens in Excel)
    data = import_msel("msel.xlsx", base="exercise.yaml")  # the exercise mapping, injects from the sheet

Columns (Chinese or English headers, any order): 编号/id, 类型/type (注入 inject, 决策点
decision), 时间或触发/when ("T+26:00", "26h", or a trigger such as ``signal: typhoon_red``),
发出方/from, 发出方（中文）/from_zh, 接收岗位/to (roles, comma-separated, or all),
内容（中文）/message_zh, 内容（英文）/message_en, 期望动作/expected_action, 对模型的影响/effect,
选项/options, 限时/limit (a decision point's real-time limit in paced mode), 导调说明/notes,
导调说明（中文）/notes_zh, 多选/multi (yes: the players may take several options), 选项来源/options_from
(kinds of action whose every target is an option: open_shelter). Action cells are YAML in one line: ``{do: {action: warn, zones: all}, within: 1h}``.
Every bad row is reported at once as ``file:row: column: reason``, with the row number the
spreadsheet shows; nothing is written then.
"""
import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from sim import cells as sheet_cells
from sim.errors import ScenarioError
from sim.outfile import replacing, write_text
from sim.source import read_value
from sim.userfile import UnusableFile, check_user_file, check_workbook, read_user_bytes

from messages import N_, texts

from .spec import DecisionPoint, Inject

COLUMNS = (
    ("id", "编号"), ("type", "类型"), ("when", "时间或触发"), ("from", "发出方"), ("from_zh", "发出方（中文）"),
    ("to", "接收岗位"), ("message_zh", "内容（中文）"), ("message_en", "内容（英文）"), ("expected_action", "期望动作"),
    ("effect", "对模型的影响"), ("options", "选项"), ("limit", "限时"), ("notes", "导调说明"),
    ("notes_zh", "导调说明（中文）"), ("multi", "多选"), ("options_from", "选项来源"),
)
"""(English header, Chinese header) of each column, in the order written."""
TYPES = {"inject": "inject", "注入": "inject", "情景注入": "inject", "decision": "decision", "决策点": "decision",
         "decision point": "decision"}
TYPE_WORDS = {"inject": N_("inject"), "decision": N_("decision point")}
"""The type column as written in each language (both read back through TYPES)."""
YES_NO = {"yes": True, "true": True, "y": True, "是": True, "no": False, "false": False, "n": False, "否": False}
"""A multi-select cell: yes or no, in either language."""
CLOCK = re.compile(r"^T\s*\+\s*(\d+):(\d{2})$", re.IGNORECASE)
MAX_ROWS = 5000


class MselError(Exception):
    """The spreadsheet cannot become an exercise; ``problems`` lists every reason at once."""

    def __init__(self, problems):
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Sheet:
    """Rows of a spreadsheet: (row number as the program shows it, {column key: text})."""

    file: str
    rows: tuple


# -- exercise -> rows ---------------------------------------------------------------
def _flow(value):
    """A value as one line of YAML (flow style), or "" for nothing."""
    if value in (None, [], {}, ""):
        return ""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10_000)
    return text.strip().removesuffix("...").strip()


def _when(trigger):
    data = trigger.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if set(data) == {"at"}:
        minutes = round(float(data["at"]) * 60)
        if abs(minutes - float(data["at"]) * 60) < 1e-6:
            return f"T+{minutes // 60:02d}:{minutes % 60:02d}"
    return _flow(data)


def _actions(items):
    return [a.model_dump(mode="json", by_alias=True, exclude_unset=True) for a in items]


def _expect(items):
    return [e.model_dump(mode="json", by_alias=True, exclude_unset=True) for e in items]


def to_rows(spec):
    """The injects and decision points of an ExerciseSpec as MSEL rows ({English header: text})."""
    rows = []
    for i in spec.injects:
        rows.append({"id": i.id, "type": "inject", "when": _when(i.when), "from": i.from_,
                     "from_zh": getattr(i, "from_zh", ""), "to": "all" if i.to == "all" else ", ".join(i.to),
                     "message_zh": i.message.zh, "message_en": i.message.en,
                     "expected_action": _flow(_expect(i.expect)), "effect": _flow(_actions(i.effect)), "options": "",
                     "limit": "", "notes": i.notes, "notes_zh": getattr(i, "notes_zh", ""), "multi": "",
                     "options_from": ""})
    for d in spec.decisions:
        options = [o.model_dump(mode="json", by_alias=True, exclude_unset=True) for o in d.options]
        limit = getattr(d, "limit", None)
        rows.append({"id": d.id, "type": "decision", "when": _when(d.when), "from": "", "from_zh": "",
                     "to": "all" if d.roles == "all" else ", ".join(d.roles), "message_zh": d.prompt.zh,
                     "message_en": d.prompt.en, "expected_action": _flow(_expect(d.expect)), "effect": "",
                     "options": _flow(options), "limit": "" if limit is None else f"{limit:g}h", "notes": d.notes,
                     "notes_zh": getattr(d, "notes_zh", ""), "multi": "yes" if d.multi else "",
                     "options_from": ", ".join(d.options_from)})
    return rows


def write_msel(spec, path, lang="zh"):
    """Write the MSEL of *spec* to *path* (.csv or .xlsx); headers in *lang* with the other in brackets."""
    path = Path(path)
    _ = texts(lang)
    header = [_.paren(zh, en) if _.zh else _.paren(en, zh) for en, zh in COLUMNS]  # both names, this language's first
    rows = [[_(TYPE_WORDS[r[key]]) if key == "type" else r[key] for key, _zh in COLUMNS] for r in to_rows(spec)]
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font

        book = Workbook()
        sheet = book.active
        sheet.title = "MSEL"
        sheet.append(sheet_cells.row(header))
        for row in rows:
            sheet.append(sheet_cells.row(row))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = (6, 8, 24, 18, 18, 18, 40, 40, 40, 30, 30, 8, 30, 30, 6, 16)
        for col, width in zip("ABCDEFGHIJKLMNOP", widths):
            sheet.column_dimensions[col].width = width
        for line in sheet.iter_rows(min_row=2):
            for cell in line:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
        with replacing(path, binary=True) as f:  # all at once, never through a planted link (sim.outfile)
            book.save(f)
        return path
    with replacing(path, encoding="utf-8-sig", newline="") as f:
        writer = sheet_cells.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


# -- rows -> exercise ---------------------------------------------------------------
def read_sheet(path):
    """The rows of a CSV (UTF-8, UTF-8 with BOM, or GBK) or .xlsx file, keyed by column."""
    path = Path(path)
    try:
        check_user_file(path)
    except UnusableFile as exc:
        raise MselError([f"{path}: {exc}"]) from None
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            check_workbook(path)  # bounded size and parts, no DTD (sim.userfile)
            book = load_workbook(path, read_only=True, data_only=True)
        except UnusableFile as exc:
            raise MselError([f"{path}: {exc}"]) from None
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise MselError([f"{path}: not a readable .xlsx workbook ({exc})"]) from None
        sheet = book.active
        raw = [["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
    else:
        data = read_user_bytes(path)
        for encoding in ("utf-8-sig", "gbk"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise MselError([f"{path}: neither UTF-8 nor GBK text; save the sheet as CSV UTF-8"])
        raw = list(csv.reader(io.StringIO(text)))
    return _rows(str(path), raw)


def _header_key(text):
    """The column key of a header cell: exactly one of the names it is written with, else
    the column whose Chinese name (longest first) or English key it starts with."""
    t = re.sub(r"\s+", "", str(text)).lower()
    if not t:
        return None
    for en, zh in COLUMNS:
        if t in (en, zh, en.replace("_", ""), f"{zh}（{en}）", f"{en}（{zh}）", f"{en}({zh})", f"{zh}({en})"):
            return en
    for en, zh in sorted(COLUMNS, key=lambda c: -len(c[1])):
        if t.startswith(zh) or t.startswith(en + "(") or t.startswith(en + "（"):
            return en
    return None


def _rows(file, raw):
    problems = []
    start = next((n for n, r in enumerate(raw[:5]) if any(_header_key(c) for c in r)), None)
    if start is None:
        raise MselError([f"{file}: no header row; the columns are " + ", ".join(f"{zh}/{en}" for en, zh in COLUMNS)])
    keys = [_header_key(c) for c in raw[start]]
    for required in ("id", "type", "when"):
        if required not in keys:
            problems.append(f"{file}:{start + 1}: no column {dict(COLUMNS)[required]}/{required}")
    for n, cell in enumerate(raw[start]):
        if cell.strip() and keys[n] is None:
            problems.append(f"{file}:{start + 1}: {cell}: unknown column; known: "
                            + ", ".join(f"{zh}/{en}" for en, zh in COLUMNS))
    if problems:
        raise MselError(problems)
    rows = []
    for n, cells in enumerate(raw[start + 1:start + 1 + MAX_ROWS], start=start + 2):
        if not any(str(c).strip() for c in cells):
            continue
        rows.append((n, {k: sheet_cells.uncell(str(cells[i]).strip()) if i < len(cells) else "" for i, k in enumerate(keys) if k}))
    return Sheet(file, tuple(rows))


def _cell_yaml(text, file, row, column, problems):
    if not text:
        return None
    try:
        return read_value(text, file)
    except ScenarioError as exc:
        reason = exc.problems[0].reason.removeprefix("YAML syntax: ")
        problems.append(f"{file}:{row}: {column}: {reason} in {text!r}")
        return None


def _parse_when(text, file, row, problems):
    m = CLOCK.match(text)
    if m:
        return {"at": int(m.group(1)) + int(m.group(2)) / 60}
    value = _cell_yaml(text, file, row, "when", problems)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return {"at": value}
    if not isinstance(value, dict):
        if value is not None:
            problems.append(f"{file}:{row}: when: write a time (T+26:00, 26h) or a trigger ({{signal: typhoon_red}})")
        return None
    return value


def _list(value, file, row, column, problems):
    if value is None:
        return []
    if isinstance(value, dict):
        return [value]
    if not isinstance(value, list):
        problems.append(f"{file}:{row}: {column}: write a mapping or a list of mappings, e.g. "
                        "{do: {action: warn, zones: all}, within: 1h}")
        return []
    return value


def _pydantic_problems(exc, file, row):
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err["loc"]]
        column = {"message": "message", "prompt": "message", "expect": "expected_action", "effect": "effect",
                  "options": "options", "when": "when", "to": "to", "roles": "to", "id": "id", "from": "from",
                  "notes": "notes"}.get(loc[0] if loc else "", loc[0] if loc else "")
        where = ".".join(loc[1:])
        out.append(f"{file}:{row}: {column}: {where + ': ' if where else ''}{err['msg']}")
    return out


def sheet_to_points(sheet):
    """(injects, decisions, row numbers, problems): the good rows as raw mappings, validated
    row by row, and what is wrong with the others. Row numbers: {("injects" | "decisions", index): row}."""
    problems, injects, decisions, where = [], [], [], {}
    seen = {}
    for row, cells in sheet.rows:
        f = sheet.file
        before = len(problems)
        kind = TYPES.get(cells.get("type", "").strip().lower())
        if kind is None:
            problems.append(f"{f}:{row}: type: {cells.get('type', '')!r} is not 注入/inject or 决策点/decision")
            continue
        ident = cells.get("id", "")
        if not ident:
            problems.append(f"{f}:{row}: id: empty; every row needs an id (I1, D1, ...)")
        elif ident in seen:
            problems.append(f"{f}:{row}: id: {ident!r} is used on row {seen[ident]} too")
        seen.setdefault(ident, row)
        data = _row_point(kind, ident, cells, f, row, problems)
        if len(problems) > before:
            continue
        model = Inject if kind == "inject" else DecisionPoint
        try:
            model.model_validate(data)
        except ValidationError as exc:
            problems += _pydantic_problems(exc, f, row)
            continue
        target = injects if kind == "inject" else decisions
        where[("injects" if kind == "inject" else "decisions", len(target))] = row
        target.append(data)
    return injects, decisions, where, problems


def _row_point(kind, ident, cells, f, row, problems):
    """The raw mapping of one inject or decision point row; problems go to *problems*."""
    when = _parse_when(cells.get("when", ""), f, row, problems) if cells.get("when") else None
    if when is None and not cells.get("when"):
        problems.append(f"{f}:{row}: when: empty; write a time (T+26:00) or a trigger")
    to = cells.get("to", "") or "all"
    to = "all" if to.strip().lower() in ("all", "全体", "所有") else [r.strip() for r in re.split(r"[,，、]", to) if r.strip()]
    expect = _list(_cell_yaml(cells.get("expected_action", ""), f, row, "expected_action", problems), f, row,
                   "expected_action", problems)
    message = {k: v for k, v in (("zh", cells.get("message_zh", "")), ("en", cells.get("message_en", ""))) if v}
    data = {"id": ident, "when": when}
    if kind == "inject":
        _inject_cells(data, to, message, cells, f, row, problems)
    else:
        _decision_cells(data, to, message, cells, f, row, problems)
    if expect:
        data["expect"] = expect
    for key in ("notes", "notes_zh"):
        if cells.get(key):
            data[key] = cells[key]
    return data


def _inject_cells(data, to, message, cells, f, row, problems):
    data.update({"to": to, "message": message})
    for key in ("from", "from_zh"):
        if cells.get(key):
            data[key] = cells[key]
    for key, why in (("limit", "only a decision point has a time limit"), ("options", "only a decision point has options"),
                     ("multi", "only a decision point takes several options"),
                     ("options_from", "only a decision point has options")):
        if cells.get(key):
            problems.append(f"{f}:{row}: {key}: {why}")
    effect = _list(_cell_yaml(cells.get("effect", ""), f, row, "effect", problems), f, row, "effect", problems)
    if effect:
        data["effect"] = effect


def _decision_cells(data, to, message, cells, f, row, problems):
    data.update({"roles": to, "prompt": message})
    options = _list(_cell_yaml(cells.get("options", ""), f, row, "options", problems), f, row, "options", problems)
    if options:
        data["options"] = options
    if cells.get("effect"):
        problems.append(f"{f}:{row}: effect: a decision point has no effect; put it on an inject")
    if cells.get("from") or cells.get("from_zh"):
        problems.append(f"{f}:{row}: from: a decision point comes from the controllers; leave it empty")
    if cells.get("limit"):
        data["limit"] = cells["limit"]
    multi = cells.get("multi", "").strip().lower()
    if multi:
        if multi not in YES_NO:
            problems.append(f"{f}:{row}: multi: {cells['multi']!r}: write yes or no (是 / 否)")
        else:
            data["multi"] = YES_NO[multi]
    kinds = [k.strip() for k in re.split(r"[,，、]", cells.get("options_from", "")) if k.strip()]
    if kinds:
        data["options_from"] = kinds


def import_msel(path, base):
    """The exercise mapping of *base* (an exercise YAML file) with its injects and decision
    points replaced by those of the MSEL at *path*, checked against the scenario.
    Returns (mapping, row numbers); raises MselError naming rows."""
    from sim.source import read_document

    from .exercise import _load_scenario, cross_check
    from .spec import ExerciseSpec

    sheet = read_sheet(path)
    injects, decisions, where, problems = sheet_to_points(sheet)
    doc = read_document(Path(base))
    if not isinstance(doc.data, dict):
        raise MselError([f"{base}: an exercise file must be a mapping of fields"])
    data = dict(doc.data)
    data["injects"], data["decisions"] = injects, decisions
    try:
        spec = ExerciseSpec.model_validate(data)
        scenario = _load_scenario(spec, doc, Path(base))
    except ValidationError as exc:
        raise MselError([f"{base}: {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]) from None
    except ScenarioError as exc:
        raise MselError([str(p) for p in exc.problems]) from None
    for p, reason in cross_check(spec, scenario):
        if p and p[0] in ("injects", "decisions") and len(p) > 1 and (p[0], p[1]) in where:
            column = {"when": "when", "expect": "expected_action", "effect": "effect", "options": "options",
                      "to": "to", "roles": "to", "id": "id"}.get(p[2] if len(p) > 2 else "", "")
            detail = ".".join(map(str, p[3:]))
            problems.append(f"{sheet.file}:{where[(p[0], p[1])]}: {column}: {detail + ': ' if detail else ''}{reason}")
        else:
            problems.append(f"{base}: {'.'.join(map(str, p))}: {reason}")
    if problems:
        raise MselError(sorted(problems, key=_row_of))
    return data, where


def _row_of(problem):
    m = re.match(r"^.*?:(\d+):", problem)
    return int(m.group(1)) if m else 0


def write_exercise(data, out, force=False):
    """Write the exercise mapping *data* as YAML to *out* (never over a file without *force*)."""
    out = Path(out)
    if out.exists() and not force:
        raise MselError([f"{out}: exists; choose another out or pass force=True"])
    text = ("# Exercise script written by `stormdrill exercise import` from an MSEL spreadsheet.\n"
            + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110))
    return write_text(out, text)
