"""Text in two languages: which English texts of a scenario or exercise lack their Chinese.

Everything a trainee reads comes in Chinese and English, in one of two written forms
(docs/scenario-format.md, "Two languages"):

- a name or short label ``X`` (English) has its Chinese twin ``X_zh`` beside it
  (``name`` / ``name_zh``, ``from`` / ``from_zh``, ``description`` / ``description_zh``);
- a message shown on a card is a mapping ``{zh: …, en: …}``.

``missing_chinese(spec)`` walks a validated model and lists every English text whose
Chinese is empty, so a test (or an author) can insist that a scenario is bilingual.
"""
import re

from pydantic import BaseModel


def twin(field):
    """The name of the Chinese twin of text field *field* (``from_`` -> ``from_zh``)."""
    return field.rstrip("_") + "_zh"


def missing_chinese(model, path=()):
    """[(path, field)] of every English text in *model* (a pydantic model, list or dict of
    them) with no Chinese beside it; path is a tuple of field names, list ids or indices."""
    out = []
    if isinstance(model, BaseModel):
        fields = type(model).model_fields
        if "zh" in fields and "en" in fields:
            if getattr(model, "en") and not getattr(model, "zh"):
                out.append((path, "zh"))
            return out
        for name in fields:
            value = getattr(model, name)
            chinese = twin(name)
            if chinese in fields and chinese != name and isinstance(value, str):
                if value.strip() and not getattr(model, chinese).strip():
                    out.append((path, chinese))
            elif isinstance(value, (BaseModel, list, tuple, dict)):
                out += missing_chinese(value, path + (name,))
    elif isinstance(model, (list, tuple)):
        for i, item in enumerate(model):
            out += missing_chinese(item, path + (getattr(item, "id", i),))
    elif isinstance(model, dict):
        for key, item in model.items():
            out += missing_chinese(item, path + (key,))
    return out


ALLOWED_LATIN = frozenset({"km", "h", "m", "mm", "cm", "kg", "L", "MHz", "kcal", "A", "B", "C", "T", "I", "II", "III", "IV",
                           "SMS", "WeChat", "GB", "ID", "UTC"})
"""Latin words a Chinese text may hold: units, grades, response levels, and the like."""


def english_words(text, allowed=ALLOWED_LATIN):
    """The words in Latin letters of *text* that are neither an id (letters then digits:
    S01, T04Z03, R21, P3, T+14), a single capital (a grade, a key) nor in *allowed*: what a
    Chinese reader would see as English."""
    out = []
    for word in re.findall(r"[A-Za-z][A-Za-z0-9_.+-]*", text):
        word = word.rstrip(".-+_")
        if word in allowed or re.fullmatch(r"[A-Z]", word) or re.fullmatch(r"[A-Z]+\+?[0-9][A-Z0-9.:]*", word) or re.fullmatch(r"[ⅠⅡⅢⅣIVX]+", word):
            continue
        out.append(word)
    return out


def chinese_texts(model, path=()):
    """[(path, text)] of every Chinese text in *model*: the ``X_zh`` fields and the ``zh`` of a message."""
    out = []
    if isinstance(model, BaseModel):
        fields = type(model).model_fields
        for name in fields:
            value = getattr(model, name)
            if (name.endswith("_zh") or (name == "zh" and "en" in fields)) and isinstance(value, str):
                out.append((path + (name,), value))
            elif isinstance(value, (BaseModel, list, tuple, dict)):
                out += chinese_texts(value, path + (name,))
    elif isinstance(model, (list, tuple)):
        for i, item in enumerate(model):
            out += chinese_texts(item, path + (getattr(item, "id", i),))
    elif isinstance(model, dict):
        for key, item in model.items():
            out += chinese_texts(item, path + (key,))
    return out
