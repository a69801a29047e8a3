"""The columns a registry may have, the headers each accepts (Chinese and English), and units.

A header is matched after NFKC normalisation (full-width brackets and digits become
ordinary ones), lower-casing and removing spaces. A unit in brackets after the name,
as in ``饮用水(升)`` or ``water (L)``, must be one the column understands; quantities
are converted to the model's unit (litres of water, day rations of food, bedding sets,
medical kits, m² of floor area).
"""
import unicodedata
from dataclasses import dataclass, field

from .words import N_, Unreadable

PERSONS = {"": 1.0, "人": 1.0, "persons": 1.0, "people": 1.0, "person": 1.0}
DEGREES = {"": 1.0, "°": 1.0, "度": 1.0, "deg": 1.0, "degrees": 1.0}


TOWNSHIP_NAMES = ["所属镇街", "所属街道", "所属乡镇", "镇街", "乡镇", "街道", "乡镇(街道)", "所属乡镇(街道)",
                  "township"]


@dataclass(frozen=True)
class Column:
    """One field: its key in stormdrill, the headers that name it, the units it reads."""

    key: str
    names: tuple
    units: dict = field(default_factory=lambda: {"": 1.0})
    required: bool = False
    label: str = ""
    hint: bool = False  # a text column: a bracket after the name is a hint ("类别(A/B/C)"), never a unit
    purchase: bool = False  # also reads purchase units (箱, 件, 提) through packs.py

    def shown(self):
        """How to name the column in a message: its usual Chinese and English headers."""
        return self.label or self.key


def _col(key, names, units=None, required=False, purchase=False):
    label = f"{names[0]} / {key}"
    return Column(key, tuple(normalise(n) for n in names), units if units is not None else {"": 1.0}, required,
                  label, hint=units is None, purchase=purchase)


def normalise(header):
    """A header reduced for matching: NFKC, lower case, no spaces, no BOM."""
    text = unicodedata.normalize("NFKC", str(header or "")).replace("\ufeff", "")
    return "".join(text.lower().split())


def split_unit(header):
    """``"饮用水(升)"`` -> ``("饮用水", "升")``; no brackets -> ``(header, "")``."""
    text = normalise(header)
    if text.endswith(")") and "(" in text:
        base, _, unit = text[:-1].rpartition("(")
        return base, unit
    return text, ""


SHELTER_COLUMNS = (
    _col("name", ["名称", "避灾点名称", "避灾点", "安置点名称", "避难场所名称", "场所名称", "避灾安置场所名称",
                  "安置场所名称", "name", "shelter", "shelter_name", "shelter name"], required=True),
    _col("grade", ["等级", "类别", "类型", "避灾点等级", "避灾点类别", "场所类别", "场所等级", "grade", "class",
                   "category"], required=True),
    _col("tier", ["层级", "级别", "避灾点层级", "场所层级", "tier", "level"], required=True),
    _col("capacity", ["容纳人数", "可容纳人数", "容量", "安置人数", "可安置人数", "容纳量", "设计容量", "capacity"],
         PERSONS, required=True),
    _col("beds", ["床位", "床位数", "折叠床", "折叠床数", "行军床", "beds", "folding beds", "foldingbeds", "cots"],
         {"": 1.0, "张": 1.0, "个": 1.0, "床": 1.0, "beds": 1.0}),
    _col("address", ["地址", "详细地址", "地点", "address"]),
    _col("longitude", ["经度", "longitude", "lon", "lng", "long"], DEGREES, required=True),
    _col("latitude", ["纬度", "latitude", "lat"], DEGREES, required=True),
    _col("water_l", ["饮用水", "饮用水储备", "水", "矿泉水", "瓶装水", "纯净水", "water_l", "water", "drinkingwater"],
         {"": 1.0, "升": 1.0, "l": 1.0, "litre": 1.0, "liter": 1.0, "litres": 1.0, "liters": 1.0, "kg": 1.0,
          "公斤": 1.0, "千克": 1.0, "吨": 1000.0, "t": 1000.0}, purchase=True),
    _col("food", ["食品", "食物", "方便食品", "方便面", "food", "rations"],
         {"": 1.0, "份": 1.0, "人份": 1.0, "人日": 1.0, "ration": 1.0, "rations": 1.0, "dayrations": 1.0,
          "餐": 1 / 3, "meals": 1 / 3}, purchase=True),
    _col("bedding", ["棉被/被褥", "棉被", "被褥", "被子", "bedding", "quilts"],
         {"": 1.0, "床": 1.0, "套": 1.0, "条": 1.0, "件": 1.0, "sets": 1.0, "set": 1.0, "pcs": 1.0}),
    _col("medical", ["药品", "医药", "急救包", "medical", "medicalkits"],
         {"": 1.0, "份": 1.0, "套": 1.0, "箱": 1.0, "个": 1.0, "kits": 1.0, "kit": 1.0}),
    _col("area_m2", ["面积", "建筑面积", "使用面积", "安置面积", "area_m2", "area"],
         {"": 1.0, "m2": 1.0, "平方米": 1.0, "平米": 1.0, "sqm": 1.0}),
    _col("generator", ["发电机", "备用发电机", "generator"]),
    _col("population_served", ["服务人口", "服务人数", "覆盖人口", "population_served", "populationserved"],
         PERSONS),
    _col("township", TOWNSHIP_NAMES),
    _col("contact", ["负责人", "联系人", "管理员", "管理责任人", "责任人", "contact", "contactperson", "manager"]),
    _col("phone", ["联系电话", "电话", "手机", "手机号码", "联系方式", "phone", "telephone", "mobile"]),
    _col("note", ["备注", "备注说明", "说明", "remarks", "remark", "note", "notes"]),
)
"""Columns of a shelter registry (避灾点台账)."""

STOCK_KEYS = ("water_l", "food", "bedding", "medical")
PURCHASE_UNITS = ("箱", "件", "提")
"""Units that count purchases rather than the model's units: a case, a carton, a pack."""
CASE, CARTON, PACK = PURCHASE_UNITS
ROAD_SPEED_KEYS = ("speed_kmh", "maxspeed", "speed", "限速", "设计速度", "车速")
"""Properties of a roads GeoJSON feature that give its speed (km/h)."""
ROAD_NAME_KEYS = ("name", "名称", "道路名称", "路名")
"""Properties of a roads GeoJSON feature that give its name."""
TOTAL_WORDS = {"合计", "总计", "小计", "total", "sum", "合 计", "总 计"}
"""A cell with one of these marks a total row, skipped."""
FOOTER_WORDS = (r"^(填表人|填报人|制表人|统计人|审核人|审核|审批人|签发人|单位负责人|负责人|联系人|联系电话|日期|"
                r"填表日期|填报日期|制表日期|填报单位|备注|说明|注)\s*[:：]")
"""The first cell of a footer row under the table: 填表人：…, 审核人：…, 日期：…, 注：… (a regular expression)."""
STOCK_EXAMPLES = "饮用水(升), 矿泉水(箱), 食品(份), 方便面(箱)"
"""Stock headers as offices write them, for a message that asks for one."""
SERVED_HEADER = "服务人口 / population_served"
"""The population-served header, as a message names it."""
"""Stock columns, named as the scenario's relief items."""

ZONE_COLUMNS = (
    _col("name", ["名称", "社区", "村(社区)", "社区名称", "村名", "片区", "转移区域", "name", "zone", "community"],
         required=True),
    _col("population", ["人口", "人数", "常住人口", "需转移人数", "population", "residents"], PERSONS,
         required=True),
    _col("longitude", ["经度", "longitude", "lon", "lng", "long"], DEGREES, required=True),
    _col("latitude", ["纬度", "latitude", "lat"], DEGREES, required=True),
    _col("assisted", ["需协助人数", "需协助转移人数", "老弱病残人数", "assisted"], PERSONS),
    _col("township", TOWNSHIP_NAMES),
)
"""Columns of a zones table; a zones GeoJSON uses the same names as feature properties."""


@dataclass(frozen=True)
class Match:
    """Where a column was found: its index, the header as written, the unit in brackets ("" if none)."""

    index: int
    header: str
    unit: str
    column: Column


def header_units(col, packs):
    """Units a column reads in its header or its cells: its own, and purchase units through *packs*."""
    return list(col.units) + (list(packs.get(col.key, {})) if col.purchase else [])


def match_headers(headers, columns, packs=None):
    """Map the file's headers to columns.

    Returns ``(found, problems, ignored)``: found is ``{key: Match}``, problems are
    ``(header, reason, key)`` triples (the reason a words.Unreadable) (a unit the column cannot read, two headers for one
    column), ignored lists headers that name no column. A text column takes any bracket
    after its name as a hint (``类别(A/B/C)``); a quantity column's bracket is its unit.
    """
    found, problems, ignored = {}, [], []
    by_name = {name: col for col in columns for name in col.names}
    for i, header in enumerate(headers):
        if not normalise(header):
            continue
        col, unit = by_name.get(normalise(header)), ""
        if col is None:
            base, unit = split_unit(header)
            col = by_name.get(base)
        if col is None:
            ignored.append(header)
            continue
        if col.hint:
            unit = ""
        units = header_units(col, packs or {})
        if unit not in units:
            listed = ", ".join(u for u in units if u) or "none"
            problems.append((header, Unreadable(N_("unit {unit!r} is not understood for {column}; use one of: {listed}"),
                                            unit=unit, column=col.shown(), listed=listed), col.key))
            continue
        if col.key in found:
            problems.append((header, Unreadable(N_("column {other!r} already gives {column}; keep one of the two"),
                                            other=found[col.key].header, column=col.shown()), col.key))
            continue
        found[col.key] = Match(i, header, unit, col)
    return found, problems, ignored


def missing(found, columns, problems=()):
    """Required columns neither found nor already reported in *problems*, as Column objects."""
    named = {key for _, _, key in problems}
    return [c for c in columns if c.required and c.key not in found and c.key not in named]
