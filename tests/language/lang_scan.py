"""Find the places where code picks a language by itself instead of asking the catalogue.

An *inline language branch* is a comparison with "zh" / "en" (``lang == "zh"``,
``if zh else``) or a ``{"zh": ..., "en": ...}`` table of words in code; a *Chinese literal*
is a string constant in Chinese outside the catalogue. Both are places where one language
can be forgotten (issue 27); the catalogue test keeps their number under a budget.
"""
import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("sim", "training", "viz", "host", "planning", "registry", "stormdrill")
CJK = re.compile(r"[\u3400-\u9fff\uff08\uff09\u3001\u3002\uff0c\uff1a]")


def sources():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path


def _is_lang(node):
    return isinstance(node, ast.Constant) and node.value in ("zh", "en")


def _names(node):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} | \
        {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}


def branches(path):
    """[(line, what)] of every inline language branch in *path*."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and any(_is_lang(c) for c in [node.left, *node.comparators]):
            if any("lang" in name.lower() or name == "zh" for name in _names(node)):
                out.append((node.lineno, "lang comparison"))
        elif isinstance(node, ast.IfExp) and isinstance(node.test, ast.Name) and node.test.id == "zh":
            out.append((node.lineno, "if zh else"))
        elif isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if {"zh", "en"} <= keys and all(isinstance(v, ast.Constant) for v in node.values):
                out.append((node.lineno, '{"zh": ..., "en": ...} table'))
    return out


MARKERS = {"_", "N_"}
"""Calls whose string arguments are catalogue messages (``_("...")``, ``N_("...")``)."""
MARKER_METHODS = {"plural", "gettext", "ngettext"}
"""Methods of the catalogue whose string arguments are messages (``_.plural("...", "...", n)``)."""


def _messages(tree):
    """ids of the string constants that are catalogue messages: the English key may name a
    Chinese term (避灾点台账), and it is in the catalogue by definition."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and ((isinstance(node.func, ast.Name) and node.func.id in MARKERS) or
                                           (isinstance(node.func, ast.Attribute) and node.func.attr in MARKER_METHODS)):
            out |= {id(a) for a in node.args if isinstance(a, ast.Constant)}
    return out


def chinese_literals(path):
    """[(line, text)] of every string constant in *path* that holds Chinese (docstrings and
    catalogue messages aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    docstrings = _messages(tree)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            docstrings.add(id(node.value))  # attribute docstrings
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
            and CJK.search(n.value)]


def report():
    """{relative path: {"branches": [...], "chinese": [...]}} for every package source."""
    out = {}
    for path in sources():
        b, c = branches(path), chinese_literals(path)
        if b or c:
            out[str(path.relative_to(ROOT))] = {"branches": b, "chinese": c}
    return out


if __name__ == "__main__":
    found = report()
    nb = sum(len(v["branches"]) for v in found.values())
    nc = sum(len(v["chinese"]) for v in found.values())
    for path, v in sorted(found.items(), key=lambda kv: -len(kv[1]["branches"]) - len(kv[1]["chinese"])):
        print(f"{len(v['branches']):4d} branches {len(v['chinese']):4d} chinese  {path}")
    print(f"total: {nb} inline language branches, {nc} Chinese literals")
