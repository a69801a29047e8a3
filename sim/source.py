"""Read YAML with the position of every value, so errors can say file:line:col.

Only plain mappings, lists and scalars (text, numbers, true/false, null) are read: a date or
time YAML would turn into a Python object is kept as the text written; ``!!set``,
``!!binary``, ``!!omap``, ``!!pairs`` and every tag YAML does not define are refused at their
line and column. Duplicate keys, which YAML loaders usually accept silently, are an error
here. Sizes are bounded before anything is built: values in a file (counted on the parser's
events, before the document is composed), values once aliases are expanded, nesting, and
numbers (±2^53 whatever their spelling: ``10000000000000000``, ``1.0e+16``, ``1e17``: an
exponent without a sign or a dot is a number here, as in YAML 1.2, not text).
"""
import math
import re
from pathlib import Path

import yaml
from yaml.constructor import ConstructorError

try:  # the event parser that counts values before anything is composed: libyaml's where PyYAML has it
    from yaml.cyaml import CParser as _Parser
except ImportError:
    from yaml import Loader as _Parser

from messages import texts

from .errors import Problem, ScenarioError
from .userfile import UnusableFile, read_user_bytes

MAX_VALUES = 1_000_000
"""Refuse files holding more values than this once aliases (``*name``) are expanded: a few
lines of nested aliases (a "billion laughs" file) would otherwise take hours and all memory."""
MAX_DEPTH = 100
"""Refuse lists and mappings nested deeper than this (levels); an alias that contains itself
(``&a [*a]``) would be nested without end."""
MAX_INT = 2 ** 53
"""Refuse numbers larger than this in size, whole or not: the largest whole number a float (which
carries every count and amount in the model) holds exactly; anything larger in a scenario is a typo."""


class Document:
    """Data read from one YAML file, with the (line, col) of every path in it."""

    def __init__(self, file, data, positions):
        self.file = str(file)
        self.data = data
        self.positions = positions  # tuple path -> (line, col), 1-based

    def where(self, path):
        """The position of *path*, or of its nearest ancestor present in the file; (0, 0)
        when the data did not come from a file (a mapping given in Python, overrides)."""
        path = tuple(path)
        while path and path not in self.positions:
            path = path[:-1]
        return self.positions.get(path, (0, 0))

    def problem(self, path, reason, display=None):
        """A :class:`Problem` at *path* (a tuple of keys and indexes)."""
        line, col = self.where(path)
        shown = display if display is not None else ".".join(str(p) for p in path)
        return Problem(self.file, line, col, shown, reason)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's safe loader where PyYAML was built with it (3x faster), else the pure-Python
    one; both keep every value's line and column and accept only safe_load's constructs. A
    value its tag cannot make (``!!float x``, ``!!bool maybe``, an empty ``!!int``, an integer
    of 10⁶ digits) is a YAML error at the value's place instead of Python's own error."""

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, KeyError, IndexError, OverflowError, AttributeError) as exc:
            tag = node.tag.rsplit(":", 1)[-1]
            raise ConstructorError(
                None, None, f"{_short(getattr(node, 'value', ''))!r} is not a valid {tag} ({_reason(exc)})",
                node.start_mark) from None

    def construct_as_text(self, node):
        """A date or time (``2026-09-13 06:00:00``), kept as the text written: stormdrill reads
        times itself (``start``), and a Python datetime is no value of any field."""
        return self.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else self.refuse(node)

    def refuse(self, node):
        """A tag stormdrill files never use: a set, bytes, ordered pairs, a tag of one's own."""
        tag = node.tag.removeprefix("tag:yaml.org,2002:")
        shown = f"!!{tag}" if tag != node.tag else tag
        _ = texts()
        raise ConstructorError(None, None, _("the tag {tag} is not used in stormdrill files; write plain text, "
                                             "numbers, lists and mappings", tag=shown), node.start_mark)


_Loader.add_implicit_resolver(  # 1e17, 1.0e16: numbers to a person (and to YAML 1.2), text to YAML 1.1
    "tag:yaml.org,2002:float", re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$"),
    list("-+0123456789."))
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_as_text)
for _tag in ("set", "binary", "omap", "pairs"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _Loader.refuse)
_Loader.add_constructor(None, _Loader.refuse)  # any other tag: !foo, !!python/object, ...


def _short(value, n=40):
    value = value if isinstance(value, str) else ""
    return value if len(value) <= n else value[:n] + "…"


def _reason(exc):
    text = str(exc) or type(exc).__name__
    if "digits" in text:
        return "more than 4300 digits"
    return text if len(text) <= 80 else text[:80] + "…"


def read_document(path):
    """Read the YAML file at *path* into a :class:`Document`; raise ScenarioError if unreadable."""
    path = Path(path)
    try:
        raw = read_user_bytes(path)
    except UnusableFile as exc:
        raise ScenarioError([Problem(str(path), 0, 0, "", str(exc))]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_place(raw, exc.start)
        raise ScenarioError([Problem(str(path), line, col, "", (
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x}, {exc.reason}); save the file as UTF-8"))]) from None
    return parse_document(text, str(path))


def _byte_place(raw, offset):
    """(line, col), 1-based, of byte *offset* in *raw*; the column counts characters."""
    start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, len(raw[start:offset].decode("utf-8", "replace")) + 1


def _text_place(text, offset):
    """(line, col), 1-based, of character *offset* in *text*."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _count_values(text, file):
    """Refuse *text* holding more than MAX_VALUES values before any is built: the parser's events
    are counted and dropped (a 49 MB list would otherwise take gigabytes as nodes). A text of
    fewer characters than the limit cannot hold more values (each takes a character at least)."""
    if len(text) <= MAX_VALUES:
        return
    parser = _Parser(text)
    try:
        count = 0
        while (event := parser.get_event()) is not None:
            if isinstance(event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                count += 1
                if count > MAX_VALUES:
                    mark, _ = event.start_mark, texts()
                    raise ScenarioError([Problem(file, mark.line + 1, mark.column + 1, "", _(
                        "more than {limit:,} values in the file, the limit; no stormdrill file needs that many",
                        limit=MAX_VALUES))])
    finally:
        parser.dispose()


def parse_document(text, file="<string>"):
    """Parse YAML *text* into a :class:`Document`."""
    loader = None
    try:
        _count_values(text, file)
        loader = _Loader(text)
        node = loader.get_single_node()
        problems = []
        positions = {}
        if node is None:  # an empty file
            return Document(file, {}, {(): (1, 1)})
        _index(node, (), positions, problems, file, [MAX_VALUES])
        if problems:
            raise ScenarioError(problems)
        data = loader.construct_document(node)
        _check_numbers(data, (), positions, file)
    except yaml.reader.ReaderError as exc:  # a character YAML forbids (NUL, other controls)
        line, col = _text_place(text, exc.position)
        raise ScenarioError([Problem(file, line, col, "", (
            f"character #x{exc.character:04x} is not allowed in YAML"))]) from None
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise ScenarioError([Problem(file, mark.line + 1, mark.column + 1, "", f"YAML value: {exc.problem}")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        reason = " ".join(filter(None, [exc.context, exc.problem])) or "invalid YAML"
        raise ScenarioError([Problem(file, line, col, "", f"YAML syntax: {reason}")]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([Problem(file, 0, 0, "", f"YAML: {exc}")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    return Document(file, data, positions)


def read_value(text, where="<value>"):
    """The value YAML *text* (one line typed or given on the command line) stands for, under the
    same rules as a file: no Python-only tags, bounded numbers and nesting; raise ScenarioError
    whose problem's column is within *text*."""
    return parse_document(text, where).data if text.strip() else None


def is_syntax_problem(exc):
    """True if ScenarioError *exc* says the text is not YAML at all (rather than a bad value)."""
    return all(p.reason.startswith("YAML syntax") for p in exc.problems)


def _check_numbers(value, path, positions, file, shown=()):
    """Refuse numbers beyond ±MAX_INT, whatever their spelling (``1.0e+16``), and numbers too large
    for a float (``1e400``)."""
    if isinstance(value, dict):
        for key, item in value.items():
            _check_numbers(item, path + (key,), positions, file, shown + (str(key),))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            name = item.get("id") if isinstance(item, dict) else None
            _check_numbers(item, path + (i,), positions, file, shown + (str(name) if name is not None else f"[{i}]",))
    elif isinstance(value, bool):
        return
    elif isinstance(value, int) and abs(value) > MAX_INT:
        _refuse(path, positions, file, shown, f"a number of {len(str(abs(value)))} digits; the limit is "
                                              f"{MAX_INT:,} (2^53) either side of zero")
    elif isinstance(value, float) and math.isinf(value):
        _refuse(path, positions, file, shown, "a number too large to hold (beyond 1.8e308)")
    elif isinstance(value, float) and abs(value) > MAX_INT:
        _ = texts()
        _refuse(path, positions, file, shown, _("{value:g} is beyond the limit of {limit:,} (2^53) either side of "
                                                "zero", value=value, limit=MAX_INT))


def _refuse(path, positions, file, shown, reason):
    line, col = positions.get(path, (0, 0))
    raise ScenarioError([Problem(file, line, col, ".".join(shown), reason)])


def _index(node, path, positions, problems, file, budget, shown=()):
    """Record where each value starts; find duplicate keys; refuse more than *budget* values
    and nesting deeper than MAX_DEPTH. *shown* is the path as errors show it: list items by
    their id, else as ``[i]``."""
    positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if len(path) > MAX_DEPTH:
        line, col = positions[path]
        raise ScenarioError([Problem(file, line, col, "", (
            f"lists and mappings nested more than {MAX_DEPTH} levels deep (or an alias that contains itself)"))])
    budget[0] -= 1
    if budget[0] < 0:
        line, col = positions[path]
        raise ScenarioError([Problem(file, line, col, "", (
            f"more than {MAX_VALUES:,} values once aliases (*name) are expanded; write the values out"))])
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                continue
            if key in seen:
                line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                problems.append(Problem(file, line, col, ".".join(shown + (key,)), "key appears twice"))
            seen.add(key)
            _index(value_node, path + (_key(key_node),), positions, problems, file, budget, shown + (key,))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, path + (i,), positions, problems, file, budget, shown + (_item_name(item, i),))


def _item_name(node, i):
    """A list item as error paths show it: its ``id`` if it has one, else ``[i]``."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if getattr(key_node, "value", None) == "id" and isinstance(value_node, yaml.ScalarNode):
                return value_node.value
    return f"[{i}]"


def _key(key_node):
    """The key as safe_load would construct it (ints stay ints)."""
    text = key_node.value
    if key_node.tag.endswith(":int"):
        try:
            return int(text)
        except ValueError:
            return text
    return text
