"""A corpus of shelter registries written the way real offices keep them, built on the fly.

Each builder writes one file into a folder and returns a :class:`Registry`: the file, the
command-line options it needs, and what the scenario must hold afterwards (capacity, stock
after conversion, township and WGS 84 position per shelter name). The files carry the
habits of spreadsheets exported from Excel on a Chinese office PC: GBK and CRLF, a title
row, blank rows, two-row headers with a group header (物资储备) over the item columns,
merged cells left blank below their first row, full-width digits, units typed into cells,
thousands separators, 无 for none, a 合计 row and a 填表人 / 审核人 / 日期 footer.
"""
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import eviltransform

WATER_CASE_L = 24 * 0.55
NOODLE_CASE_RATIONS = 24 * 450 / 2100
WATER_PACK_L = 12 * 0.55
NOODLE_PACK_RATIONS = 5 * 450 / 2100


@dataclass
class Shelter:
    """What one shelter must become: persons, stock in the model's units, township, WGS 84 degrees."""

    capacity: int
    stock: dict
    township: str
    lon: float
    lat: float
    contact: str = ""
    phone: str = ""


@dataclass
class Registry:
    """A registry file, the options to import it with, and the shelters it must give."""

    path: Path
    options: list
    shelters: dict = field(default_factory=dict)  # name -> Shelter
    zones: Path | None = None


def csv_bytes(rows, encoding, delimiter=","):
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode(encoding)


def gcj(lon, lat):
    """The GCJ-02 position Gaode maps show for a WGS 84 point (what an office copies into its sheet)."""
    glat, glon = eviltransform.wgs2gcj(lat, lon)
    return round(glon, 6), round(glat, 6)


def jiaojiang_gbk(folder):
    """The registry of the issue's "Why": Excel's plain CSV (GBK, CRLF) of a district's 避灾点台账.

    Title and subtitle rows, a blank row, a two-row header with 物资储备 over the item columns,
    类别(A/B/C) for the grade, merged 层级 and 所属镇街 cells (blank below their first row),
    full-width digits, '1500人', '250床', '2900㎡', '1,200', 无, water and noodles in cases,
    Gaode (GCJ-02) coordinates, a blank row inside the data, a 合计 row and a 填表人 footer.
    """
    wgs = [(121.4440, 28.6800), (121.4350, 28.6825), (121.4575, 28.6745), (121.4600, 28.6690),
           (121.4520, 28.6630), (121.4395, 28.6780), (121.4320, 28.6700), (121.4410, 28.6705),
           (121.4250, 28.6600), (121.4480, 28.6550)]
    pos = [gcj(*p) for p in wgs]
    head = ["序号", "避灾点名称", "类别(A/B/C)", "层级", "所属镇街", "容纳人数", "床位", "面积", "经度", "纬度",
            "服务人口", "物资储备", "", "", "", "负责人", "联系电话", "备注"]
    sub = ["", "", "", "", "", "", "", "", "", "", "", "矿泉水(箱)", "方便面(箱)", "棉被(床)", "药品(份)", "", "", ""]
    data = [  # name, grade, tier, township, capacity, beds, area, served, water, noodles, quilts, medical, contact, phone
        ["1", "海门街道综合避灾安置中心", "A", "街道级", "海门街道", "1500人", "250床", "2900㎡", "3,000",
         "120", "80", "600", "40", "王建国", "13857600001", ""],
        ["2", "椒江中学避灾点", "Ａ", "", "", "1,200", "200", "2,400平方米", "2500", "100", "60", "450", "30",
         "李明", "13857600002", "体育馆"],
        ["3", "东港社区避灾点", "B类", "社区级", "", "２４０", "80", "900", "900", "40", "20", "200", "10",
         "陈海", "13857600003", ""],
        ["4", "渔港社区避灾点", "B", "", "", "200人", "60", "800", "800", "30", "无", "180", "8",
         "林芳", "0576-88120004", ""],
        ["5", "白云街道避灾安置中心", "A", "街道级", "白云街道", "900", "300张", "3600㎡", "1800", "80",
         "50", "500", "30", "周强", "13857600005", ""],
        ["6", "白云小学避灾点", "B", "", "", "380", "150", "1500", "1000", "50", "30", "380", "15",
         "吴敏", "13857600006", ""],
        ["7", "新河社区避灾点", "C", "社区级", "", "160", "40", "700", "600", "20", "10", "120", "5",
         "郑涛", "13857600007", ""],
        ["8", "葭沚街道避灾安置中心", "A", "街道级", "葭沚街道", "800", "300", "3200", "1600", "70",
         "45", "800", "60", "黄磊", "13857600008", ""],
        ["9", "葭沚老街避灾点", "B", "社区级", "", "260", "100", "1000", "900", "30", "20", "220", "10",
         "孙丽", "13857600009", ""],
        ["10", "海滨村避灾点", "C", "村级", "", "150", "40", "600", "500", "无", "10", "120", "6",
         "何平", "13857600010", ""],
    ]
    rows = [["椒江区自然灾害避灾安置场所台账（2026年汛期）"] + [""] * 17,
            ["填报单位：椒江区应急管理局"] + [""] * 17,
            [""] * 18, head, sub]
    for i, (d, (lon, lat)) in enumerate(zip(data, pos)):
        rows.append(d[:8] + [f"{lon:.6f}", f"{lat:.6f}"] + d[8:])
        if i == 4:
            rows.append([""] * 18)
    rows += [["合计", "", "", "", "", "6,150", "", "", "", "", "", "540", "325", "3,390", "214", "", "", ""],
             [""] * 18,
             ["填表人：张三", "", "", "", "审核人：李四", "", "", "", "", "日期：2026年5月10日"] + [""] * 8]
    path = Path(folder) / "椒江区避灾点台账.csv"
    path.write_bytes(csv_bytes(rows, "gbk"))
    towns = ["海门街道"] * 4 + ["白云街道"] * 3 + ["葭沚街道"] * 3
    shelters = {}
    for d, town, (lon, lat) in zip(data, towns, wgs):
        water = 0.0 if d[9] == "无" else float(d[9]) * WATER_CASE_L
        food = 0.0 if d[10] == "无" else float(d[10]) * NOODLE_CASE_RATIONS
        cap = int(d[5].replace(",", "").replace("人", "").translate(str.maketrans("０１２３４５６７８９", "0123456789")))
        shelters[d[1]] = Shelter(cap, {"water_l": water, "food": food, "bedding": float(d[11]), "medical": float(d[12])},
                                 town, lon, lat, d[13], d[14])
    return Registry(path, ["--crs", "gcj02"], shelters)
