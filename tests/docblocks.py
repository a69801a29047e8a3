"""The code blocks of the user documentation, and how to check what a run printed against them.

A block is a fenced ```sh / ```bash / ```console / ```python block in README.md,
docs/*.md or scenarios/*/README.md. A block meant only as illustration carries the line
``<!-- docs-test: skip — <reason> -->`` directly above its opening fence.

In a ```console block, lines starting with ``$ `` are commands (a trailing ``\\`` continues
one) and the lines after a command are output it must print: each in order, anywhere in
what it printed, with ``...`` or ``…`` matching anything, and every number matching the
number printed within the rounding the doc shows (``10.7`` matches 10.73, not 10.80;
``2,086`` matches 2086 only).
"""
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = {"sh": "sh", "bash": "sh", "shell": "sh", "console": "console", "python": "python"}
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([\w+-]*)")
SKIP = re.compile(r"^\s*<!--\s*docs-test:\s*skip\s*[—–-]+\s*(?P<reason>\S.*?)\s*-->\s*$")
NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
BOX = re.compile(r"[│┃║┆┇┊┋|╭╮╰╯┌┐└┘├┤┬┴┼─━═]+")


@dataclass(frozen=True)
class Block:
    """One fenced block: where it is, its kind (sh, console, python), its text, why it is skipped."""

    file: Path
    line: int  # 1-based line of the opening fence
    kind: str
    text: str
    skip: str = ""  # the marker's reason, or "" when the block runs

    @property
    def where(self):
        return f"{self.file.relative_to(ROOT)}:{self.line}"


def doc_files():
    """README.md, docs/*.md and scenarios/*/README.md, in that order."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")),
            *sorted((ROOT / "scenarios").glob("*/README.md"))]


def blocks(path):
    """Every sh / console / python block of *path*, in file order."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    found, i = [], 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        indent, fence, lang = opening.groups()
        end = i + 1
        while end < len(lines) and not lines[end].strip().startswith(fence):
            end += 1
        if lang in LANGUAGES:
            body = "\n".join(line[len(indent):] if line.startswith(indent) else line for line in lines[i + 1:end])
            marker = SKIP.match(lines[i - 1]) if i > 0 else None
            found.append(Block(Path(path), i + 1, LANGUAGES[lang], body + "\n",
                               marker.group("reason") if marker else ""))
        i = end + 1
    return found


def console_steps(text):
    """[(command, [expected output lines])] of a console block."""
    steps = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("$ "):
            command = line[2:]
            while command.endswith("\\") and i + 1 < len(lines):
                i += 1
                command = command[:-1] + "\n" + lines[i]
            steps.append((command, []))
        elif steps and line.strip():
            steps[-1][1].append(line)
        i += 1
    return steps


def flat(text):
    """*text* with table borders dropped and every run of whitespace one space."""
    return " ".join(BOX.sub(" ", text).split())


def _pattern(expected):
    """A regex for one expected line, and the numbers it quotes (text, decimals) in order."""
    parts, numbers, pos = [], [], 0
    text = flat(expected)
    for m in NUMBER.finditer(text):
        parts.append(_text_pattern(text[pos:m.start()]))
        parts.append(r"(-?\d[\d,]*(?:\.\d+)?)")
        numbers.append(m.group())
        pos = m.end()
    parts.append(_text_pattern(text[pos:]))
    return re.compile("".join(parts)), numbers


def _text_pattern(text):
    pieces = re.split(r"\.\.\.|…", text)
    return ".*?".join(r"\s*".join(re.escape(word) for word in piece.split(" ")) for piece in pieces)


def _close(printed, quoted):
    """True when *printed* rounds to *quoted* at the decimals *quoted* shows."""
    decimals = len(quoted.split(".")[1]) if "." in quoted else 0
    value, target = float(printed.replace(",", "")), float(quoted.replace(",", ""))
    return abs(value - target) <= 0.5 * 10 ** -decimals + 1e-9


def missing_lines(expected, output):
    """The expected lines that *output* does not show, in order, each within its rounding."""
    text, pos, missing = flat(output), 0, []
    for line in expected:
        pattern, numbers = _pattern(line)
        for m in pattern.finditer(text, pos):
            if all(_close(printed, quoted) for printed, quoted in zip(m.groups(), numbers)):
                pos = m.end()
                break
        else:
            missing.append(line)
    return missing
