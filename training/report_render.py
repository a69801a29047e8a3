"""Rendering the report's blocks as HTML (printable on A4) and as Markdown, safely.

Blocks: ``("h1" | "h2" | "p" | "note" | "li", text)``, ``("table", head, rows[, class])``,
``("img", base64 PNG, alt)``, ``("link", text, stem)`` (a file the report wrote, without its
suffix), ``("pagebreak",)``.

Everything in a report may come from strangers: scenario and exercise files, and what
people typed (names, rationales, notes). So every text is escaped on the way out. In HTML
that is ``html.escape``. In Markdown it is more: a renderer turns ``[x](javascript:…)`` into
a link, ``![](http://…)`` into a remote image, ``<http://…>``, ``www.…``, ``http://…`` and
``a@b.c`` into links, and passes raw HTML through. ``md_text`` escapes the characters that
make those (and every other inline or block construct), so a typed text is shown as the
characters typed, and the only links in a report are the ones it makes itself, to the
files it wrote beside it (``("link", …)``, checked against *files*).
"""
import html
import re

CSS = """
@page { size: A4; margin: 13mm 12mm 14mm 12mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Micro Hei",
       "Microsoft YaHei", "PingFang SC", "SimHei", "Noto Sans", "DejaVu Sans", sans-serif;
       font-size: 10pt; line-height: 1.4; color: #1a1a1a; max-width: 1000px; margin: 1.5em auto; padding: 0 1em; }
@media print { body { max-width: none; margin: 0; padding: 0; } }
h1 { font-size: 16pt; margin: 0 0 .4em; }
h2 { font-size: 12pt; margin: 1.1em 0 .4em; border-bottom: 1pt solid #888; break-after: avoid; }
p { margin: .3em 0; }
ul { margin: .2em 0 .6em; padding-left: 1.4em; }
li { margin: .15em 0; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; line-height: 1.3; margin: .3em 0 .9em; }
td, th { border: .5pt solid #aaa; padding: 2px 4px; vertical-align: top; text-align: left; }
th { background: #e8ecf4; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.note { font-size: 8.5pt; color: #555; }
table.timeline td:nth-child(-n+2), table.timeline th:nth-child(-n+2) { white-space: nowrap; }
table.timeline td:nth-child(3) { width: 16%; }
table.plan td:nth-child(1) { width: 52%; } table.plan td:nth-child(3) { width: 12%; }
table.plan td:nth-child(4) { white-space: nowrap; }
table.expected td:nth-child(1) { width: 14%; } table.expected td:nth-child(2) { width: 10%; }
table.expected td:nth-child(3), table.expected td:nth-child(4) { width: 9%; }
table.expected td:nth-child(7) { width: 42%; }
.chart { display: block; width: 100%; max-width: 17.5cm; margin: .4em 0 .8em; break-inside: avoid; }
.pagebreak { break-after: page; height: 0; }
"""

TAGS = frozenset({"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "ul", "li", "table", "thead",
                  "tbody", "tr", "th", "td", "img", "a", "div"})
"""Every tag a report page may hold (a test checks that no other reaches it)."""

TABLE_CLASSES = frozenset({"timeline", "plan", "expected"})
"""The table layouts the stylesheet knows (a block's optional fourth element)."""

SAFE_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
"""A file the report links to: a plain name in the report's own folder."""


class UnsafeLink(ValueError):
    """A report block links to something other than a file the report wrote beside it."""


def _target(stem, suffix, files):
    name = f"{stem}{suffix}"
    if not SAFE_FILE.fullmatch(name) or (files is not None and name not in files):
        raise UnsafeLink(f"a report links only to the files it wrote beside it, not to {name!r}")
    return name


def to_html(blocks, lang="en", files=None):
    """The blocks as one HTML page (charts embedded); every text escaped. *files*: the names
    a ``link`` block may point to (``None``: any plain name in the same folder)."""
    e = html.escape
    title = next((b[1] for b in blocks if b[0] == "h1"), "")
    out = [f'<!DOCTYPE html>\n<html lang="{e(lang)}"><head><meta charset="utf-8"><title>{e(title)}</title>'
           f"<style>{CSS}</style></head><body>"]
    in_list = False
    for block in blocks:
        kind = block[0]
        if kind != "li" and in_list:
            out.append("</ul>")
            in_list = False
        if kind in ("h1", "h2", "p"):
            out.append(f"<{kind}>{e(block[1])}</{kind}>")
        elif kind == "note":
            out.append(f'<p class="note">{e(block[1])}</p>')
        elif kind == "li":
            out.append(("" if in_list else "<ul>") + f"<li>{e(block[1])}</li>")
            in_list = True
        elif kind == "table":
            head = "".join(f"<th>{e(str(h))}</th>" for h in block[1])
            rows = "".join("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in row) + "</tr>" for row in block[2])
            cls = f' class="{block[3]}"' if len(block) > 3 and block[3] in TABLE_CLASSES else ""
            out.append(f"<table{cls}><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif kind == "img":
            out.append(f'<img class="chart" alt="{e(block[2])}" src="data:image/png;base64,{e(block[1])}">')
        elif kind == "link":
            out.append(f'<p><a href="{e(_target(block[2], ".html", files))}">{e(block[1])}</a></p>')
        elif kind == "pagebreak":
            out.append('<div class="pagebreak"></div>')
    if in_list:
        out.append("</ul>")
    out.append("</body></html>\n")
    return "\n".join(out)


MD_PUNCT = re.compile(r"([\\`*_\[\]|~$])")
"""Markdown's inline punctuation (code, emphasis, links and images, table cells, strike-through,
maths), escaped with a backslash wherever it appears; ``!`` and ``(`` make nothing without ``[``."""
SCHEME = re.compile(r"(?<=[A-Za-z]):(?=\S)")
"""A colon right after a word and before a non-space: ``javascript:``, ``http://``, ``mailto:``."""
WWW = re.compile(r"(?i)(?<![A-Za-z0-9])(www)\.")
"""``www.`` at the start of a word: GitHub makes a link of it."""
WORD_JOINER = "\u2060"
"""Invisible, and not a domain character: after an ``@`` it keeps GitHub's renderer from making
an e-mail link (that link is found after escapes are resolved, so a backslash cannot stop it)."""
LEADING = re.compile(r"^(\s*)([-+#=]|\d+(?=[.)]))")
"""What starts a block at the head of a line: a list item, a heading, a rule, a numbered item."""


def md_text(text):
    """*text* safe anywhere in Markdown: shown as typed, never a link, an image, markup or HTML."""
    text = " ".join(str(text).split())  # one line: no block structure, no indented code
    text = html.escape(text, quote=False)  # raw HTML and <autolinks> become text
    text = MD_PUNCT.sub(r"\\\1", text)
    text = SCHEME.sub(r"\\:", text)  # no extended autolink (http://, mailto:) and no link destination
    text = WWW.sub(r"\1\\.", text)  # no www. autolink
    text = text.replace("@", "@" + WORD_JOINER)  # no e-mail (mailto:, xmpp:) autolink
    return LEADING.sub(lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit() else "\\" + m.group(2)),
                       text, count=1)


def to_markdown(blocks, lang="en", files=None, see_html=""):
    """The blocks as Markdown; charts are named and left to the HTML page (*see_html* says so)."""
    out = []
    for block in blocks:
        kind = block[0]
        if kind != "li" and out and out[-1].startswith("- "):
            out.append("")
        if kind == "h1":
            out += [f"# {md_text(block[1])}", ""]
        elif kind == "h2":
            out += [f"## {md_text(block[1])}", ""]
        elif kind in ("p", "note"):
            out += [md_text(block[1]), ""]
        elif kind == "li":
            out.append(f"- {md_text(block[1])}")
        elif kind == "table":
            out.append("| " + " | ".join(md_text(h) for h in block[1]) + " |")
            out.append("|" + "---|" * len(block[1]))
            out += ["| " + " | ".join(md_text(c) or " " for c in row) + " |" for row in block[2]]
            out.append("")
        elif kind == "img":
            out += [f"({md_text(block[2])}: {md_text(see_html)})", ""]
        elif kind == "link":
            out += [f"[{md_text(block[1])}]({_target(block[2], '.md', files)})", ""]
    return "\n".join(out).rstrip("\n") + "\n"
