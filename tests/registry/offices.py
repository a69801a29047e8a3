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

WATER_CASE_L = 13.2  # 24 bottles of 550 mL
NOODLE_CASE_RATIONS = 5.1  # 24 packs of instant noodles, about 450 kcal each, in day rations of 2,100 kcal
WATER_PACK_L = 12 * 0.55  # 提: 12 bottles
NOODLE_PACK_RATIONS = 5 * 5.1 / 24  # 提: 五连包


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


def _expect(rows, towns, positions, water, food, contact=None, phone=None):
    """name -> Shelter from (name, capacity, bedding, medical) rows and the expected stocks."""
    out = {}
    for i, (name, cap, bedding, medical) in enumerate(rows):
        lon, lat = positions[i]
        out[name] = Shelter(cap, {"water_l": water[i], "food": food[i], "bedding": bedding, "medical": medical},
                            towns[i] if towns else "", lon, lat, contact[i] if contact else "", phone[i] if phone else "")
    return out


def wenzhou_xlsx(folder):
    """An .xlsx kept by a township office: a merged title, a two-row header made of merged cells
    (物资储备 over its items, the other headers merged down two rows), 乡镇 and 层级 merged over
    their rows, numbers stored as numbers, a 合计 row of formulas Excel never computed, a footer."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "避灾点台账"
    ws.append(["瓯海区避灾安置场所一览表"])
    ws.merge_cells("A1:P1")
    head = ["序号", "场所名称", "等级", "层级", "乡镇", "可容纳人数", "床位", "建筑面积(平方米)", "经度", "纬度",
            "服务人口", "物资储备", None, None, None, "管理员"]
    ws.append(head)
    ws.append([None] * 11 + ["饮用水(升)", "方便面(箱)", "棉被", "药品", None])
    for col in "ABCDEFGHIJKP":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("L2:O2")
    data = [("娄桥街道避灾中心", "A级", "镇级", "娄桥街道", 800, 200, 3000.5, 120.6200, 27.9700, 2000, 2400, 60, 500, 30, "赵一"),
            ("娄桥小学避灾点", "B级", None, None, 300, 80, 1100, 120.6300, 27.9650, 900, 900, 20, 200, 10, "钱二"),
            ("古岸头村避灾点", "C级", "村级", None, 120, 30, 450, 120.6100, 27.9600, 400, 360, 8, 100, 4, "孙三"),
            ("潘桥街道避灾中心", "A级", "镇级", "潘桥街道", 700, 150, 2600, 120.5900, 27.9900, 1800, 2100, 50, 400, 25, "李四"),
            ("潘桥中学避灾点", "B级", None, None, 350, 90, 1300, 120.5800, 27.9950, 1000, 1050, 25, 250, 12, "周五"),
            ("陈庄村避灾点", "C级", "村级", None, 100, 20, 400, 120.5750, 28.0000, 300, 300, 6, 80, 3, "吴六")]
    for i, d in enumerate(data, start=1):
        ws.append([i, *d])
    ws.merge_cells("E4:E6")
    ws.merge_cells("E7:E9")
    ws.merge_cells("D4:D5")
    ws.merge_cells("D7:D8")
    ws.append(["合计", None, None, None, None, "=SUM(F4:F9)", "=SUM(G4:G9)"])
    ws.append([])
    ws.append(["审核人：郑七", None, None, None, None, "日期：2026-05-20"])
    path = Path(folder) / "瓯海区避灾场所.xlsx"
    book.save(path)
    rows = [(d[0], d[4], d[12], d[13]) for d in data]
    towns = ["娄桥街道"] * 3 + ["潘桥街道"] * 3
    return Registry(path, [], _expect(rows, towns, [(d[7], d[8]) for d in data], [float(d[10]) for d in data],
                                      [d[11] * NOODLE_CASE_RATIONS for d in data], [d[14] for d in data]))


def ningbo_english_bom(folder):
    """A UTF-8 (BOM) CSV with English headers, as a city office shares it: hints in brackets, '1,200'."""
    head = ["No.", "Shelter name", "Category (A/B/C)", "Level", "Township", "Capacity (persons)", "Beds", "Area (m2)",
            "Longitude", "Latitude", "Population served", "Water (L)", "Food (rations)", "Bedding", "Medical",
            "Contact", "Phone"]
    data = [["1", "Haishu Sports Centre", "A", "district", "Yuehu", "1,200", "400", "4,000", "121.5450", "29.8700",
             "3,000", "5,000", "2,000", "1,000", "60", "Wang Li", "13900000001"],
            ["2", "Yuehu Primary School", "b", "town", "Yuehu", "450", "120", "1,600", "121.5500", "29.8650",
             "1,200", "1,500", "600", "400", "20", "Zhang Wei", "13900000002"],
            ["3", "Baiyun Community Hall", "C", "community", "Baiyun", "150", "0", "550", "121.5300", "29.8800",
             "500", "400", "none", "120", "5", "Liu Yang", "13900000003"],
            ["4", "Duantang Middle School", "B", "town", "Duantang", "500", "150", "1,800", "121.5200", "29.8550",
             "1,400", "1,800", "700", "450", "20", "Chen Jing", "13900000004"]]
    path = Path(folder) / "haishu_shelters.csv"
    path.write_bytes(csv_bytes([head] + data, "utf-8-sig"))
    rows = [(d[1], int(d[5].replace(",", "")), float(d[13].replace(",", "")), float(d[14])) for d in data]
    return Registry(path, [], _expect(rows, [d[4] for d in data], [(float(d[8]), float(d[9])) for d in data],
                                      [float(d[11].replace(",", "")) for d in data],
                                      [0.0 if d[12] == "none" else float(d[12].replace(",", "")) for d in data],
                                      [d[15] for d in data], [d[16] for d in data]))


def lishui_tonnes(folder):
    """A mountain county's CSV (UTF-8 BOM): water in tonnes, food in cartons (件), units typed into
    cells ('2.5吨', '120件', '3,600平方米'), 类型 for the grade, 所属乡镇, a note row (注：) below."""
    head = ["序号", "避灾安置场所名称", "类型", "级别", "所属乡镇", "安置人数", "床位数", "使用面积(平方米)", "经度",
            "纬度", "服务人数", "饮用水(吨)", "方便食品(件)", "被褥", "急救包"]
    data = [["1", "大港头镇避灾中心", "A", "镇级", "大港头镇", "600人", "150张", "2,400平方米", "119.7900", "28.3500",
             "1500", "2.5吨", "120件", "500", "30"],
            ["2", "大港头村避灾点", "C", "村级", "大港头镇", "120", "30", "480", "119.7950", "28.3450",
             "300", "0.6", "25", "100", "5"],
            ["3", "碧湖镇避灾中心", "A", "镇级", "碧湖镇", "900人", "300张", "3,600㎡", "119.8200", "28.3800",
             "2200", "3吨", "200件", "800", "40"],
            ["4", "碧湖中学避灾点", "B", "镇级", "碧湖镇", "400", "100", "1500", "119.8300", "28.3750",
             "1000", "1.2", "80", "350", "15"],
            ["5", "保定村避灾点", "C", "村级", "碧湖镇", "100", "20", "400", "119.8100", "28.3900",
             "250", "0.5", "20", "80", "4"]]
    rows = [["莲都区避灾安置场所台账"] + [""] * 14, head] + data + [["注：物资数量以2026年5月盘点为准。"] + [""] * 14]
    path = Path(folder) / "莲都区避灾场所.csv"
    path.write_bytes(csv_bytes(rows, "utf-8-sig"))
    tonnes = [2.5, 0.6, 3, 1.2, 0.5]
    cartons = [120, 25, 200, 80, 20]
    caps = [600, 120, 900, 400, 100]
    expect = [(d[1], caps[i], float(d[13]), float(d[14])) for i, d in enumerate(data)]
    return Registry(path, [], _expect(expect, [d[4] for d in data], [(float(d[8]), float(d[9])) for d in data],
                                      [t * 1000 for t in tonnes], [c * NOODLE_CASE_RATIONS for c in cartons]))


def village_gbk_packs(folder):
    """A village committee's GBK CSV: no township column at all, grades like 'B级', water and
    noodles in packs (提), a blank row at the end and a 填表日期 footer."""
    head = ["名称", "等级", "层级", "容纳人数", "经度", "纬度", "服务人口", "矿泉水(提)", "方便面(提)", "棉被"]
    data = [["东岙村文化礼堂", "B级", "村级", "200", "121.2100", "28.3000", "500", "60", "40", "150"],
            ["东岙村小学", "C级", "村级", "120", "121.2150", "28.2950", "300", "30", "20", "100"],
            ["西岙村老年活动中心", "C级", "村级", "80", "121.2000", "28.3050", "200", "20", "无", "60"],
            ["南岙村避灾点", "C级", "村级", "90", "121.2050", "28.2900", "250", "25", "15", "70"]]
    rows = [head] + data + [[""] * 10, ["填表日期：2026年4月30日"] + [""] * 9]
    path = Path(folder) / "东岙村避灾点.csv"
    path.write_bytes(csv_bytes(rows, "gbk"))
    expect = [(d[0], int(d[3]), float(d[9]), 0.0) for d in data]
    return Registry(path, [], _expect(expect, None, [(float(d[4]), float(d[5])) for d in data],
                                      [int(d[7]) * WATER_PACK_L for d in data],
                                      [0.0 if d[8] == "无" else int(d[8]) * NOODLE_PACK_RATIONS for d in data]))


def fuzhou_unicode_text(folder):
    """Excel's "Unicode Text" (UTF-16, tab-separated) with Gaode (GCJ-02) coordinates, '1200㎡' in
    cells, 避难场所名称 / 避灾点等级 / 所属街道 headers and 联系人 / 手机 columns."""
    wgs = [(119.3000, 26.0800), (119.3100, 26.0750), (119.2900, 26.0850), (119.3050, 26.0700)]
    pos = [gcj(*p) for p in wgs]
    head = ["避难场所名称", "避灾点等级", "层级", "所属街道", "容纳人数", "面积", "经度", "纬度", "服务人口", "饮用水",
            "食品(份)", "联系人", "手机"]
    data = [["鼓楼区体育馆", "A", "区级", "东街街道", "1000", "4000㎡", "3000", "1500", "林一", "13600000001"],
            ["东街小学", "B", "街道级", "东街街道", "400", "1500㎡", "1200", "500", "林二", "13600000002"],
            ["南街社区中心", "C", "社区级", "南街街道", "150", "600㎡", "500", "200", "林三", "13600000003"],
            ["南街中学", "B", "街道级", "南街街道", "500", "1,800㎡", "1500", "600", "林四", "13600000004"]]
    served = ["2500", "1000", "400", "1200"]
    rows = [head] + [d[:6] + [f"{lon:.6f}", f"{lat:.6f}", s] + d[6:] for d, (lon, lat), s in zip(data, pos, served)]
    path = Path(folder) / "鼓楼区避灾点.txt"
    path.write_bytes(b"\xff\xfe" + csv_bytes(rows, "utf-16-le", delimiter="\t"))
    expect = [(d[0], int(d[4]), 0.0, 0.0) for d in data]
    return Registry(path, ["--crs", "gcj02"], _expect(expect, [d[3] for d in data], wgs, [float(d[6]) for d in data],
                                                      [float(d[7]) for d in data], [d[8] for d in data],
                                                      [d[9] for d in data]))


def xiamen_two_sheets(folder):
    """A workbook whose first sheet is the 填表说明 (instructions) and the second the registry,
    with units typed into cells ('800升', '300份'), a zones CSV beside it, 填表人 and 日期 footers."""
    import openpyxl

    book = openpyxl.Workbook()
    guide = book.active
    guide.title = "填表说明"
    guide.append(["1. 经纬度请使用WGS84坐标。"])
    guide.append(["2. 物资单位：饮用水按升、食品按份填写。"])
    ws = book.create_sheet("台账")
    ws.append(["思明区避灾点台账"])
    ws.append(["名称", "等级", "层级", "所属街道", "容纳人数", "床位", "经度", "纬度", "饮用水", "食品", "棉被", "药品",
               "负责人", "联系电话"])
    data = [("中华街道避灾中心", "A", "街道级", "中华街道", "600人", "200", 118.0800, 24.4550, "800升", "300份", 600, 30,
             "蔡一", "13700000001"),
            ("中华小学避灾点", "B", "社区级", "中华街道", 250, 60, 118.0850, 24.4500, "400升", "150份", 250, 10,
             "蔡二", "13700000002"),
            ("鹭江街道避灾中心", "A", "街道级", "鹭江街道", "700人", "250", 118.0750, 24.4600, "1,000升", "350份", 700, 35,
             "蔡三", "13700000003")]
    for d in data:
        ws.append(list(d))
    ws.append(["填表人：王八"])
    ws.append(["日期：2026年6月1日"])
    path = Path(folder) / "思明区避灾点.xlsx"
    book.save(path)
    zones = Path(folder) / "思明区转移片区.csv"
    zones.write_bytes(csv_bytes([["转移区域", "需转移人数", "经度", "纬度", "所属街道"],
                                 ["中华片区", "1800", "118.0820", "24.4530", "中华街道"],
                                 ["鹭江片区", "1500", "118.0760", "24.4620", "鹭江街道"]], "utf-8-sig"))
    expect = [(d[0], int(str(d[4]).removesuffix("人")), float(d[10]), float(d[11])) for d in data]
    return Registry(path, ["--zones", str(zones)],
                    _expect(expect, [d[3] for d in data], [(d[6], d[7]) for d in data], [800.0, 400.0, 1000.0],
                            [300.0, 150.0, 350.0], [d[12] for d in data], [d[13] for d in data]), zones=zones)


UNITS_YAML = """# 本街道采购规格 / what this street buys
water_l:
  箱: {count: 12, each: 1.5}     # 12 bottles of 1.5 L
food:
  箱: {count: 30, each: 0.25}    # 30 packs of 525 kcal
"""


def shanghai_cases_with_units_file(folder):
    """A street's UTF-8 CSV that counts water and food only in cases, with its own pack sizes
    in a --units file (12 × 1.5 L bottles, 30 packs of a quarter ration)."""
    head = ["名称", "等级", "层级", "所属街道", "容纳人数", "经度", "纬度", "服务人口", "矿泉水(箱)", "方便面(箱)"]
    data = [["打浦桥街道避灾点", "A", "街道级", "打浦桥街道", "500", "121.4700", "31.2100", "1200", "100", "40"],
            ["瑞金二路街道避灾点", "B", "街道级", "瑞金二路街道", "300", "121.4650", "31.2150", "800", "60", "25"],
            ["五里桥街道避灾点", "B", "街道级", "五里桥街道", "350", "121.4750", "31.2050", "900", "70", "30"]]
    path = Path(folder) / "黄浦区避灾点.csv"
    path.write_bytes(csv_bytes([head] + data, "utf-8"))
    units = Path(folder) / "采购规格.yaml"
    units.write_text(UNITS_YAML, encoding="utf-8")
    expect = [(d[0], int(d[4]), 0.0, 0.0) for d in data]
    return Registry(path, ["--units", str(units)],
                    _expect(expect, [d[3] for d in data], [(float(d[5]), float(d[6])) for d in data],
                            [int(d[8]) * 18.0 for d in data], [int(d[9]) * 7.5 for d in data]))


CORPUS = (jiaojiang_gbk, wenzhou_xlsx, ningbo_english_bom, lishui_tonnes, village_gbk_packs, fuzhou_unicode_text,
          xiamen_two_sheets, shanghai_cases_with_units_file)
"""Every registry of the corpus."""
