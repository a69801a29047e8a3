"""Keep the catalogue in step with the code (Babel): extract, update, compile, check.

    python -m messages update     # add the code's new messages to every zh .po, drop the gone ones
    python -m messages compile    # .po -> .mo (the files read at run time)
    python -m messages check      # what the suite's catalogue test asserts, as a list of problems
    python -m messages missing    # the messages still without Chinese, per package

A *domain* is one package's messages (``sim``, ``training``, ...): each package has its own
``.po`` so that work on two packages never edits the same file. Babel is a development
dependency; the installed program reads only the compiled ``.mo`` files.
"""
import datetime
import io
import re

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

from . import LANGS, LOCALE_DIR

ROOT = LOCALE_DIR.parent.parent
"""The project folder: the packages are its subfolders."""

DOMAINS = ("sim", "training", "viz", "host", "planning", "registry", "stormdrill", "messages")
"""The packages whose messages the catalogue holds, one domain each."""

KEYWORDS = {"_": None, "N_": None, "plural": (1, 2), "ngettext": (1, 2)}
"""What marks a message in the code: ``_(msg)``, ``N_(msg)``, ``_.plural(one, many, n)``."""

DOMAIN_KEYWORDS = {"viz": {"t": None}}
"""More marks in one package: the viewer holds its catalogue as ``t`` on every screen and panel
(``t("Waiting {n}", n=470)``), where ``_`` is the name its loops throw values away with."""

TRANSLATED = tuple(lang for lang in LANGS if lang != "en")
"""The languages with a .po of their own (English is the source language)."""

FIXED_DATE = datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone.utc)
"""The dates written in every .po header: constant, so that an update changes only messages."""

HEADER = "stormdrill's messages in {language}: the English message is the key (messages/__init__.py)."

FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)[^{}]*\}")


def po_path(lang, domain):
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def extract(domain):
    """The messages of package *domain* as a Babel Catalog (the template)."""
    template = Catalog(project="stormdrill", fuzzy=False, creation_date=FIXED_DATE)
    folder = ROOT / domain
    for filename, lineno, message, comments, context in extract_from_dir(
            str(folder), method_map=[("**.py", "python")], keywords={**KEYWORDS, **DOMAIN_KEYWORDS.get(domain, {})},
            comment_tags=("translators:",), strip_comment_tags=True):
        if folder.joinpath(filename).parts[-2:-1] == ("locale",):
            continue
        template.add(message, locations=[(f"{domain}/{filename}", lineno)],
                     auto_comments=comments, context=context)
    return template


def read(lang, domain):
    path = po_path(lang, domain)
    if not path.exists():
        return Catalog(locale=lang, project="stormdrill", fuzzy=False, creation_date=FIXED_DATE)
    with path.open("rb") as fp:
        return read_po(fp, locale=lang)


def write(catalog, lang, domain):
    path = po_path(lang, domain)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.creation_date = catalog.revision_date = FIXED_DATE
    catalog.version, catalog.msgid_bugs_address = "1", ""
    catalog.last_translator = catalog.language_team = "stormdrill developers"
    catalog.header_comment = "# " + HEADER.format(language=lang)
    buf = io.BytesIO()
    write_po(buf, catalog, width=0, no_location=True, omit_header=False, sort_output=True,
             ignore_obsolete=True, include_previous=False)
    path.write_bytes(buf.getvalue())


def update(domains=DOMAINS):
    """Bring every translated .po in step with the code: new messages added untranslated,
    messages gone from the code dropped. Returns {(lang, domain): untranslated count}."""
    out = {}
    for domain in domains:
        template = extract(domain)
        for lang in TRANSLATED:
            catalog = read(lang, domain)
            catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
            write(catalog, lang, domain)
            out[lang, domain] = sum(1 for m in catalog if m.id and not _translated(m))
    return out


def compile_all(domains=DOMAINS):
    """.po -> .mo for every translated language and domain; returns the paths written."""
    written = []
    for domain in domains:
        for lang in TRANSLATED:
            catalog = read(lang, domain)
            path = po_path(lang, domain).with_suffix(".mo")
            buf = io.BytesIO()
            write_mo(buf, catalog, use_fuzzy=False)
            if not path.exists() or path.read_bytes() != buf.getvalue():
                path.write_bytes(buf.getvalue())
                written.append(path)
    return written


def _translated(message):
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return bool(strings) and all(strings) and not message.fuzzy


def _key(value):
    return tuple(value) if isinstance(value, (list, tuple)) else value


def _fields(text):
    return sorted(set(FIELD.findall(text or "")))


def problems(domains=DOMAINS):
    """Every way the catalogue and the code disagree, as sentences (empty: all is well)."""
    out = []
    for domain in domains:
        template = extract(domain)
        for lang in TRANSLATED:
            where = f"messages/locale/{lang}/LC_MESSAGES/{domain}.po"
            catalog = read(lang, domain)
            for message in template:
                if not message.id:
                    continue
                found = catalog.get(message.id, message.context)
                location = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
                key = message.id if isinstance(message.id, str) else message.id[0]
                if found is None or not _translated(found):
                    out.append(f"{where}: no {lang} for {key!r} ({location}); run python -m messages update, then translate")
                    continue
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                strings = found.string if isinstance(found.string, tuple) else (found.string,)
                want = _fields(ids[-1])
                for s in strings:
                    if _fields(s) != want:
                        out.append(f"{where}: {key!r}: fields {_fields(s)} in {lang}, {want} in the code")
            stale = [m.id for m in catalog if m.id and template.get(m.id, m.context) is None]
            for key in stale:
                out.append(f"{where}: {key!r} is no longer in the code; run python -m messages update")
            mo = po_path(lang, domain).with_suffix(".mo")
            compiled = {}
            if mo.exists():
                with mo.open("rb") as fp:
                    compiled = {_key(m.id): _key(m.string) for m in read_mo(fp) if m.id}
            wanted = {_key(m.id): _key(m.string) for m in catalog if m.id and _translated(m)}
            if compiled != wanted:
                out.append(f"{mo.relative_to(ROOT)}: out of date with its .po; run python -m messages compile")
    return out + conflicts(domains)


def conflicts(domains=DOMAINS):
    """Sentences about messages that two packages translate differently. At run time the
    packages' catalogues are read as one (messages._translations), so only one of the two
    translations would ever be shown: say the same thing the same way, or word the English
    apart."""
    out, seen = [], {}
    for domain in domains:
        for lang in TRANSLATED:
            for message in read(lang, domain):
                if not message.id or not _translated(message):
                    continue
                key = (lang, _key(message.id), message.context)
                first = seen.setdefault(key, (domain, _key(message.string)))
                if first[1] != _key(message.string):
                    name = message.id if isinstance(message.id, str) else message.id[0]
                    out.append(f"messages/locale/{lang}/LC_MESSAGES/{domain}.po: {name!r} is {_key(message.string)!r} "
                               f"here but {first[1]!r} in {first[0]}.po; only one can be shown")
    return out


def missing(domains=DOMAINS):
    """{domain: [message ids without Chinese]} as the code stands."""
    out = {}
    for domain in domains:
        template = extract(domain)
        for lang in TRANSLATED:
            catalog = read(lang, domain)
            ids = [m.id for m in template if m.id and not ((f := catalog.get(m.id, m.context)) and _translated(f))]
            if ids:
                out[domain] = ids
    return out
