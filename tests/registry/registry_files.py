"""Helpers for the registry tests: the example files and small CSVs written on the fly."""
import csv
import io
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "scenarios" / "examples" / "import"

HEADER_ZH = ["名称", "等级", "层级", "容纳人数", "床位", "地址", "经度", "纬度", "饮用水(升)", "食品(份)", "棉被", "药品"]
ROWS = [
    ["东港社区避灾点", "B", "社区级", "240", "80", "东港路21号", "121.4575", "28.6745", "800", "300", "200", "10"],
    ["渔港社区避灾点", "B", "社区级", "200", "60", "渔港北路5号", "121.4600", "28.6690", "600", "250", "180", "8"],
    ["海滨社区避灾点", "C", "村级", "150", "40", "滨海大道203号", "121.4520", "28.6630", "400", "150", "120", "6"],
    ["老街社区避灾点", "B", "社区级", "260", "100", "老街东巷12号", "121.4395", "28.6780", "900", "350", "220", "10"],
    ["新河社区避灾点", "C", "社区级", "160", "40", "新河路77号", "121.4320", "28.6700", "450", "160", "120", "5"],
    ["海湾小学避灾点", "B", "街道级", "380", "150", "育才路9号", "121.4410", "28.6705", "1500", "600", "380", "15"],
]
"""Six shelters; with the header on row 1, ROWS[i] is spreadsheet row i + 2."""


def csv_text(header, rows):
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def write_csv(path, header=HEADER_ZH, rows=ROWS, encoding="utf-8-sig"):
    Path(path).write_bytes(csv_text(header, rows).encode(encoding))
    return path
