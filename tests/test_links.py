"""The docs stand alone (issue 27): every link in the repository's Markdown points at a file (and
heading) inside the repository, no page names a path on one machine, and the README's index
lists every page of docs/."""
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.M)
MACHINE = re.compile(r"/work/|\.\./shared\b|/home/\w|/root/")
"""A path on one machine (the team's folders, someone's home): nobody who clones has it."""
PENDING = {}
"""Pages linked before they are merged; each may be missing only while it is listed here."""


def pages():
    listed = subprocess.run(["git", "ls-files", "*.md"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    found = {p for p in listed if (ROOT / p).exists()}
    found |= {str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md")}
    return sorted(found)


def unfenced(text):
    """*text* without its fenced code blocks."""
    return re.sub(r"^(```|~~~).*?^\1\s*$", "", text, flags=re.M | re.S)


def prose(text):
    """*text* without fenced code blocks and inline code: a link shown as code is not a link."""
    return re.sub(r"(`+)(?:(?!\1).)+?\1", "", unfenced(text))


def slug(heading):
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"`|\*\*|__|\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip()).lower()
    kept = "".join(ch for ch in text if ch in " -_" or unicodedata.category(ch)[0] in "LN")
    return kept.replace(" ", "-")


def anchors(path):
    """Every anchor a Markdown page has (its headings, numbered when repeated, and HTML ids)."""
    seen, out = {}, set()
    text = path.read_text(encoding="utf-8")
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", unfenced(text), flags=re.M):
        base = slug(heading)
        n = seen.get(base, 0)
        out.add(base if n == 0 else f"{base}-{n}")
        seen[base] = n + 1
    out |= set(re.findall(r"<a\s+(?:name|id)=\"([^\"]+)\"", text))
    return out


def links(page):
    text = prose((ROOT / page).read_text(encoding="utf-8"))
    return LINK.findall(text) + REFERENCE.findall(text)


def problem(page, target):
    """Why the link *target* on *page* is broken, or None."""
    if re.match(r"[a-z][a-z0-9+.-]*:", target):  # a web address: not a path of this repository
        return None if target.startswith(("http://", "https://", "mailto:")) else "not a web address"
    path, _, anchor = target.partition("#")
    if path.startswith("/"):
        return "an absolute path: it exists on one machine only"
    resolved = ((ROOT / page).parent / path).resolve() if path else (ROOT / page)
    if ROOT not in resolved.parents and resolved != ROOT:
        return "leaves the repository"
    inside = str(resolved.relative_to(ROOT))
    if not resolved.exists():
        return None if inside in PENDING else "points nowhere"
    if anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
        return f"no heading #{anchor} in {inside}"
    return None


@pytest.mark.parametrize("page", pages())
def test_every_link_stays_in_the_repository_and_arrives(page):
    broken = [f"{page}: ({target}): {why}" for target in links(page) if (why := problem(page, target))]
    assert broken == []


@pytest.mark.parametrize("page", pages())
def test_no_page_names_a_path_on_one_machine(page):
    lines = (ROOT / page).read_text(encoding="utf-8").splitlines()
    assert [f"{page}:{n}: {line.strip()}" for n, line in enumerate(lines, 1) if MACHINE.search(line)] == []


def test_the_readme_lists_every_page_of_the_docs():
    targets = {str(((ROOT / t.partition("#")[0]).resolve()).relative_to(ROOT)) for t in links("README.md")
               if not re.match(r"[a-z]+:", t)}
    missing = sorted(p for p in pages() if p.startswith("docs/") and p not in targets)
    assert missing == []


def test_a_pending_page_is_pending_only_while_it_is_missing():
    assert [p for p in PENDING if (ROOT / p).exists()] == []


@pytest.mark.parametrize("text, target, why", [
    ("see [the design](../shared/DESIGN.md)", "../shared/DESIGN.md", "leaves the repository"),
    ("see [nothing](docs/nothing.md)", "docs/nothing.md", "points nowhere"),
    ("see [a heading](docs/model.md#no-such-heading)", "docs/model.md#no-such-heading", "no heading"),
    ("see [a file](/work/shared/reference/standards.md)", "/work/shared/reference/standards.md", "absolute path"),
])
def test_the_checker_catches_what_it_is_for(text, target, why):
    assert links_in(text) == [target]
    assert why in problem("README.md", target)


def test_the_checker_reads_headings_as_github_does():
    assert slug("§A. A district's 14th five-year plan (2021–2025)") == "a-a-districts-14th-five-year-plan-20212025"
    assert slug("The verdict: `relief_kept_share`") == "the-verdict-relief_kept_share"
    assert "local-documents" in anchors(ROOT / "docs" / "sources.md")


def links_in(text):
    text = prose(text)
    return LINK.findall(text) + REFERENCE.findall(text)
