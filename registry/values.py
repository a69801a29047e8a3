"""Reading one cell: numbers, grades, tiers, yes / no, as a planner's spreadsheet writes them.

Each reader takes the cell's text and returns the value, or raises ``ValueError`` whose
message says what is wrong in plain words (it becomes the reason in ``file:row: column:``).
"""
import math
import re
import unicodedata

from .words import N_, Unreadable

TIER_WORDS = {
    "district": "district", "county": "district", "区级": "district", "县级": "district", "区": "district",
    "town": "town", "township": "town", "street": "town", "镇级": "town", "街道级": "town", "乡级": "town",
    "乡镇级": "town", "镇街级": "town", "镇": "town", "街道": "town", "乡镇": "town",
    "village": "village", "community": "village", "村级": "village", "社区级": "village", "村": "village",
    "社区": "village", "村(社区)级": "village",
}
"""Words for a shelter's tier -> the scenario's tier (district / town / village)."""

YES = {"yes", "y", "true", "1", "有", "是", "√", "✓", "配备"}
NO = {"no", "n", "false", "0", "无", "否", "没有", "×", "未配备", ""}


def clean(text):
    """The cell as NFKC text without surrounding spaces (full-width digits become ASCII)."""
    return unicodedata.normalize("NFKC", str(text or "")).strip()


def typed(text):
    """The cell as the user typed it (for messages): only surrounding spaces removed."""
    return str(text if text is not None else "").strip()


APPROXIMATE = re.compile(r"约|大约|左右|余|多|以上|以下|不足|上下|至少|最多|≈|~|～|>|<|≥|≤|\+$|(?<=\d)\s*[-—–至到]\s*(?=\d)")
"""Words and signs of a range or an approximation ('200-300', '约500', '300余', '500+')."""
QUANTITY = re.compile(r"([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(.*)")


def measure(text, units=("",), empty=None):
    """``(value, unit)`` of a cell such as ``'1,500人'`` or ``'2900㎡'``; *unit* is "" when none is typed.

    Thousands separators and full-width digits are read; the unit must be one of *units*
    (normalised as :func:`unit_key` does); an empty cell gives ``(empty, "")`` or is an error
    if *empty* is None. Ranges and approximations are refused: the model needs one number.
    """
    raw = typed(text)
    value = clean(text).replace(",", "").replace("，", "")
    if not value:
        if empty is None:
            raise Unreadable(N_("is empty; a number is needed"))
        return empty, ""
    if APPROXIMATE.search(value):
        raise Unreadable(N_("{raw!r} is a range or an approximation; write one number (the registry's planned figure)"),
                     raw=raw)
    match = QUANTITY.fullmatch(value)
    if match is None:
        raise Unreadable(N_("{raw!r} is not a number"), raw=raw)
    unit = unit_key(match.group(2))
    if unit not in units:
        allowed = ", ".join(u for u in units if u) or "none"
        if allowed == "none":
            raise Unreadable(N_("{raw!r}: unit {unit!r} is not understood here; use a plain number"), raw=raw,
                         unit=match.group(2).strip())
        raise Unreadable(N_("{raw!r}: unit {unit!r} is not understood here; use a plain number or one of: {allowed}"),
                     raw=raw, unit=match.group(2).strip(), allowed=allowed)
    result = float(match.group(1))
    if not math.isfinite(result):
        raise Unreadable(N_("{raw!r} is not a finite number"), raw=raw)
    return result, unit


def unit_key(unit):
    """A unit reduced for matching: NFKC (㎡ -> m2), lower case, no spaces or dots."""
    return "".join(unicodedata.normalize("NFKC", unit).lower().split()).rstrip(".")


def number(text, empty=None):
    """A finite number without a unit; thousands separators allowed. Empty gives *empty*, or is an error if None."""
    return measure(text, ("",), empty)[0]


def count(text, empty=None, positive=False, units=("",)):
    """A whole number of persons or things, >= 0 (> 0 if *positive*); a unit of *units* may follow it."""
    value, _ = measure(text, units, empty)
    if value != int(value):
        raise Unreadable(N_("{raw!r} is not a whole number"), raw=typed(text))
    if value < 0 or (positive and value == 0):
        raise Unreadable(N_("{raw!r} must be more than 0") if positive else N_("{raw!r} must be 0 or more"),
                     raw=typed(text))
    return int(value)


NONE_WORDS = {"无", "-", "—", "/", "none", "n/a", "暂无", "没有"}
"""What forms write in a stock cell for "none"; read as 0."""


def amount(text, factors):
    """A stock quantity >= 0 in the model's unit: *factors* maps each unit the column reads
    (the header's as ``""``) to its factor; empty or 无 / - means 0."""
    if clean(text).lower() in NONE_WORDS:
        return 0.0
    value, unit = measure(text, tuple(factors), empty=0.0)
    if value < 0:
        raise Unreadable(N_("{raw!r} cannot be negative"), raw=typed(text))
    return round(value * factors[unit], 3)


def degrees(text, low, high, what):
    """A coordinate in decimal degrees between *low* and *high*."""
    try:
        value, _ = measure(text, ("", "°", "度"))
    except ValueError as exc:
        raise Unreadable(N_("{reason}; write decimal degrees, e.g. 121.4352"), reason=exc) from None
    if not low <= value <= high:
        hint = "; is it a longitude (columns swapped)?" if what == "latitude" and abs(value) <= 180 else ""
        message = N_("{raw!r} is out of range for a latitude ({low:g} to {high:g}); is it a longitude (columns "
                     "swapped)?") if hint else (N_("{raw!r} is out of range for a latitude ({low:g} to {high:g})")
                                                if what == "latitude" else
                                                N_("{raw!r} is out of range for a longitude ({low:g} to {high:g})"))
        raise Unreadable(message, raw=typed(text), low=low, high=high)
    return value


def grade(text):
    """Shelter grade A, B or C (also 'A级', 'a')."""
    value = clean(text).upper().removesuffix("级").removesuffix("类").strip()
    if value not in ("A", "B", "C"):
        raise Unreadable(N_("{raw!r} is not a grade; use A, B or C"), raw=typed(text))
    return value


def tier(text):
    """Shelter tier: district / town / village, or 区级 / 镇级 / 街道级 / 村级 / 社区级."""
    value = clean(text).lower()
    if value not in TIER_WORDS:
        raise Unreadable(N_("{raw!r} is not a tier; use district / town / village (区级 / 镇级 / 街道级 / 村级 / 社区级)"),
                     raw=typed(text))
    return TIER_WORDS[value]


def yes_no(text):
    """有 / 无, 是 / 否, yes / no, 1 / 0; empty means no."""
    value = clean(text).lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise Unreadable(N_("{raw!r} is not yes or no; use 有 / 无 or yes / no"), raw=typed(text))


def is_chinese(text):
    """True if *text* holds CJK ideographs (then it is also the scenario's ``name_zh``)."""
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
