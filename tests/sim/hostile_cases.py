"""Hostile cases for the loaders and the terminal's ``do`` line, from a seed.

A case is a set of files (the tutorial village's scenario, plan and exercise, one of them
mutated the way hands, tools and attackers break files) or one typed ``do`` line. Both the
fuzz test (a few hundred cases) and ``tests/tools/reliability.py`` (thousands, for
docs/reliability.md) draw them here, and judge them with :func:`judge`: a case passes when it
loads, or when every problem it reports has a reason, names one of the case's files, and
carries a line:col (a whole-file problem such as "not a mapping" may carry line 1).
"""
import random
import shutil
from pathlib import Path

import sim

FOLDER = sim.builtin_path().parent
TEXTS = {name: (FOLDER / name).read_text(encoding="utf-8") for name in ("scenario.yaml", "plan.yaml", "exercise.yaml")}

NASTY = list(":-{}[],#&*!|>'\"%@` \t\n0123456789.eE+") + ["\u00e9", "\u6c34", "\x00", "\ufeff", "\x85", "\u2028"]
TAGS = ["!!float x", "!!int", "!!int 0x", "!!bool maybe", "!!binary ?", "!!timestamp 2026-13-45", "!!set {a}",
        "!!omap [a]", "!!python/object:os.system ls", "!!str", "!!null x", "!!float .nan", "!!float -.inf",
        "0b" + "1" * 80, "0x" + "f" * 40, "9" * 5000, "1.0e400", "-1.0e400", "2e308", "0o777", "1_000_000",
        "&a [*a]", "*nowhere", "[" * 150 + "]" * 150, "{a: " * 120 + "1" + "}" * 120, "- - - - - 1", "? [a, b]",
        # issue 29: times with a tag, numbers spelled as decimals and bare exponents, other tags
        "!!timestamp 2026-09-13 06:00", "2026-09-13 06:00:00", "1.0e16", "1e17", "5.0e+15", "10000000000000000.0",
        "!mine x", "!!pairs [a: 1]", "!!binary aGk="]
DO_SEEDS = ["{action: warn}", "{action: open_shelter, shelter: S1}", "{action: order_evacuation, zone: Z1}",
            "{action: dispatch, depot: D1, shelter: S1, items: {water_l: 500}}", "{action: raise_response, level: III}"]


def mutate(text, rng):
    """*text* after one to four edits: lines deleted, repeated, re-indented, swapped; characters
    changed; a value replaced by a hostile one; the file cut short."""
    lines = text.splitlines(keepends=True)
    for _ in range(rng.randint(1, 4)):
        if not lines:
            break
        i = rng.randrange(len(lines))
        kind = rng.choice(["delete", "duplicate", "char", "swap", "truncate", "indent", "value", "value"])
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "indent":
            lines[i] = rng.choice(["  ", " ", "\t", ""]) + lines[i].lstrip(" " if rng.random() < 0.5 else "")
        elif kind == "char" and lines[i]:
            j = rng.randrange(len(lines[i]))
            lines[i] = lines[i][:j] + rng.choice(NASTY) + lines[i][j + 1:]
        elif kind == "swap":
            k = rng.randrange(len(lines))
            a, b = lines[i].partition(":"), lines[k].partition(":")
            if a[1] and b[1]:
                lines[i], lines[k] = a[0] + ":" + b[2], b[0] + ":" + a[2]
        elif kind == "value":
            head, sep, _ = lines[i].partition(": ")
            if sep:
                lines[i] = head + sep + rng.choice(TAGS) + "\n"
        elif kind == "truncate":
            whole = "".join(lines)
            lines = whole[:rng.randrange(len(whole) + 1)].splitlines(keepends=True)
    return "".join(lines)


def document_case(rng):
    """(kind, {file name: bytes}): the village's three files, one of them mutated (sometimes
    with bytes that are not UTF-8)."""
    kind = rng.choice(["scenario.yaml", "plan.yaml", "exercise.yaml"])
    files = {name: text.encode("utf-8") for name, text in TEXTS.items()}
    data = mutate(TEXTS[kind], rng).encode("utf-8")
    if rng.random() < 0.05 and data:
        j = rng.randrange(len(data))
        data = data[:j] + rng.choice([b"\xff", b"\xc3", b"\xe6\xb0", b"\xed\xa0\x80"]) + data[j:]
    files[kind] = data
    return kind, files


def do_line(rng):
    """A ``do`` line: a valid action mutated, or a hostile value."""
    if rng.random() < 0.3:
        return "do " + rng.choice(TAGS)
    return "do " + mutate(rng.choice(DO_SEEDS), rng).replace("\n", " ")


def judge_documents(kind, files, folder):
    """Write *files* into *folder*, load the mutated one as a user would; None if the outcome is
    a clear one, else a short description of the failure. A scenario that loads is built into
    an engine too."""
    for name, data in files.items():
        (folder / name).write_bytes(data)
    target = folder / ("exercise.yaml" if kind == "exercise.yaml" else "scenario.yaml")
    try:
        if kind == "exercise.yaml":
            from training import load_exercise

            scenario = load_exercise(target).scenario
        elif kind == "plan.yaml":
            from training.authoring import check_file

            check_file(folder / "plan.yaml", "plan")
            scenario = sim.load_scenario(target)
        else:
            scenario = sim.load_scenario(target)
        sim.Engine(scenario, seed=1)
    except sim.ScenarioError as exc:
        return _unplaced(exc, files)
    except Exception as exc:  # the failures this test exists to find
        return f"traceback: {type(exc).__name__}: {exc}"[:300]
    return None


def _unplaced(exc, files):
    if not exc.problems:
        return "ScenarioError without problems"
    for p in exc.problems:
        if not p.reason or "\n" in str(p):
            return f"unclear problem: {p}"
        if Path(p.file).name not in files:
            return f"problem in an unknown file: {p}"
        if not p.line:
            return f"no line:col: {p}"
    return None


def judge_do(terminal, line):
    """Type *line* into a terminal exercise; None if it answered, else the failure."""
    try:
        terminal._command(line)
    except Exception as exc:
        return f"traceback: {type(exc).__name__}: {exc}"[:300]
    return None


def fresh_folder(root):
    """A clean folder for one case under *root*."""
    folder = Path(root) / "case"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    return folder


def rng_for(seed):
    return random.Random(seed)
