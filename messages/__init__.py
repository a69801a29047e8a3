"""Every word a user reads, in Chinese and English, from one message catalogue.

One rule chooses the language for every command and front-end (``choose``)::

    --lang zh|en  >  STORMDRILL_LANG  >  the system locale (zh_* -> zh, en_* -> en)  >  zh

Code writes its messages in English and asks the catalogue for them (gettext's way: the
English text is the key, ``messages/locale/zh/LC_MESSAGES/<package>.po`` holds the Chinese)::

    from messages import texts
    _ = texts(lang)
    _("{n:,} people left in danger in {zones}", n=1970, zones=_.join(names))
    _.plural("{n} run", "{n} runs", n, n=n)

Module-level tables mark their texts with ``N_`` and translate them where they are shown.
Content (scenario names, injects) is not in the catalogue: it carries ``name`` /
``name_zh`` pairs, which ``_.name(obj)`` picks from. The catalogue is maintained with
Babel (``python -m messages update``, ``python -m messages compile``; docs/language.md); at run
time only the standard library's ``gettext`` reads the compiled ``.mo`` files.
"""
import functools
import gettext
import os
from pathlib import Path

LANGS = ("zh", "en")
"""The languages stormdrill speaks."""

DEFAULT = "zh"
"""The language when nothing chooses one: stormdrill's users are Chinese offices."""

ENV = "STORMDRILL_LANG"
"""The environment variable that chooses the language when no ``--lang`` is given."""

LOCALE_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
"""The locale variables read after ``STORMDRILL_LANG``, in gettext's order."""

LOCALE_DIR = Path(__file__).with_name("locale")
"""``locale/<lang>/LC_MESSAGES/<domain>.mo``: one domain per package (sim, training, ...)."""


class LangError(ValueError):
    """A language was asked for that stormdrill does not speak; the message says where."""


def N_(message):
    """Mark *message* for the catalogue without translating it (module-level tables)."""
    return message


def _from_locale(environ):
    for var in LOCALE_VARS:
        value = environ.get(var, "")
        if not value:
            continue
        first = value.split(":")[0].split(".")[0].split("@")[0].lower()
        if first in ("c", "posix", ""):
            return None
        lang = first.split("_")[0].split("-")[0]
        return lang if lang in LANGS else None
    return None


def choose(lang=None, environ=None):
    """The language to speak: *lang* if given (``--lang``), else ``STORMDRILL_LANG``, else
    the system locale's language when it is zh or en, else ``zh``.

    Raises LangError, naming where the bad value came from, for a language not in LANGS."""
    if lang:
        if lang not in LANGS:
            raise LangError(f"--lang: {lang!r} is not a language stormdrill speaks (zh, en)")
        return lang
    environ = os.environ if environ is None else environ
    chosen = environ.get(ENV, "").strip()
    if chosen:
        if chosen not in LANGS:
            raise LangError(f"{ENV}={chosen!r}: not a language stormdrill speaks (zh, en)")
        return chosen
    return _from_locale(environ) or DEFAULT


def _translations(lang):
    """The compiled catalogues of *lang*, chained (one domain per package)."""
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    chain = gettext.NullTranslations()
    for mo in sorted(folder.glob("*.mo")) if folder.is_dir() else ():
        with mo.open("rb") as fp:
            domain = gettext.GNUTranslations(fp)
        domain.add_fallback(chain)
        chain = domain
    return chain


class Texts:
    """The catalogue in one language: call it with an English message and its fields."""

    def __init__(self, lang):
        if lang not in LANGS:
            raise LangError(f"{lang!r} is not a language stormdrill speaks (zh, en)")
        self.lang = lang
        self.zh = lang == "zh"
        self._t = _translations(lang) if lang != "en" else gettext.NullTranslations()

    def __call__(self, message, /, **fields):
        """*message* in this language, its ``{fields}`` filled in (``str.format``)."""
        text = self._t.gettext(message)
        return text.format(**fields) if fields else text

    def plural(self, singular, plural, count, /, **fields):
        """The singular or plural form for *count* (Chinese has one form), its fields filled
        in; ``{n}`` is *count* unless given."""
        fields.setdefault("n", count)
        return self._t.ngettext(singular, plural, count).format(**fields)

    def gettext(self, message):
        """*message* in this language as it stands, no fields filled in: for code that fills
        its own ``%``-style fields, such as argparse (stormdrill.options)."""
        return self._t.gettext(message)

    def ngettext(self, singular, plural, count):
        """The singular or plural of a message as it stands (argparse's ``ngettext``)."""
        return self._t.ngettext(singular, plural, count)

    def join(self, items, sep=None):
        """*items* as one list: ``a、b、c`` in Chinese, ``a, b, c`` in English."""
        return (sep or ("、" if self.zh else ", ")).join(str(i) for i in items)

    def name(self, obj, ident=None):
        """A content name (zone, shelter, role, inject): ``name_zh`` in Chinese when it has
        one, ``name`` in English (each falls back to the other, then to its id)."""
        zh = getattr(obj, "name_zh", "") or ""
        en = getattr(obj, "name", "") or ""
        text = (zh or en) if self.zh else (en or zh)
        return text or (ident if ident is not None else getattr(obj, "id", ""))

    def pick(self, pair):
        """One side of a bilingual content pair: ``{"zh": ..., "en": ...}`` (a dict or an
        object with ``zh`` / ``en``), falling back to the other side when this one is empty."""
        get = pair.get if isinstance(pair, dict) else (lambda k: getattr(pair, k, ""))
        other = "en" if self.zh else "zh"
        return get(self.lang) or get(other) or ""

    def paren(self, text, inner):
        """``text（inner）`` in Chinese, ``text (inner)`` in English."""
        return f"{text}（{inner}）" if self.zh else f"{text} ({inner})"

    def __repr__(self):
        return f"Texts({self.lang!r})"


def texts(lang=None):
    """The catalogue in *lang* (None: the one rule, ``choose``); one per language."""
    return _texts(choose(lang))


@functools.lru_cache(maxsize=None)
def _texts(lang):
    return Texts(lang)
