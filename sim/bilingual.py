"""Text in two languages: which English texts of a scenario or exercise lack their Chinese.

Everything a trainee reads comes in Chinese and English, in one of two written forms
(docs/scenario-format.md, "Two languages"):

- a name or short label ``X`` (English) has its Chinese twin ``X_zh`` beside it
  (``name`` / ``name_zh``, ``from`` / ``from_zh``, ``description`` / ``description_zh``);
- a message shown on a card is a mapping ``{zh: …, en: …}``.

``missing_chinese(spec)`` walks a validated model and lists every English text whose
Chinese is empty, so a test (or an author) can insist that a scenario is bilingual.
"""
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
