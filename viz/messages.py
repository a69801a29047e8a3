"""The message catalogue: every label the viewer shows, in Chinese and English.

Drawing code never holds a string literal meant for people; it asks the catalogue::

    text = Catalogue("zh")
    text("status.waiting", n=470)          # "待保障 470"

Templates are ``str.format`` strings in ``messages/<lang>.json``. A key missing from a
language falls back to English; a field missing from the call shows as "?".
"""
import json
import string
from pathlib import Path

LANGS = ("zh", "en")
FOLDER = Path(__file__).with_name("messages")


def load(lang):
    """The templates of *lang* as a dict (key -> template)."""
    if lang not in LANGS:
        raise ValueError(f"language must be one of {LANGS}, not {lang!r}")
    return json.loads((FOLDER / f"{lang}.json").read_text(encoding="utf-8"))


class _Fields(dict):
    """Format fields: lists read as "a, b", anything missing as "?"."""

    def __missing__(self, key):
        return "?"


class _Formatter(string.Formatter):
    def format_field(self, value, spec):
        if isinstance(value, (list, tuple)):
            value = ", ".join(map(str, value))
        return super().format_field(value, spec)


_FORMAT = _Formatter()


class Catalogue:
    """Labels in one language; call it with a key and the template's fields."""

    def __init__(self, lang):
        self.lang = lang
        self.templates = {**load("en"), **load(lang)}

    def __call__(self, key, **fields):
        template = self.templates.get(key)
        if template is None:
            return key
        return _FORMAT.vformat(template, (), _Fields(fields))

    def has(self, key):
        return key in self.templates

    def name(self, spec):
        """The display name of a zone, shelter or depot spec: its Chinese name in zh if it has one."""
        if self.lang == "zh" and getattr(spec, "name_zh", ""):
            return spec.name_zh
        return getattr(spec, "name", "") or spec.id
