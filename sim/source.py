"""Read YAML with the position of every value, so errors can say file:line:col.

Only what ``yaml.safe_load`` accepts is read: plain mappings, lists and scalars.
Duplicate keys, which YAML loaders usually accept silently, are an error here.
"""
from pathlib import Path

import yaml

from .errors import Problem, ScenarioError

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Refuse scenario files larger than this (bytes): nothing real comes close."""
MAX_VALUES = 1_000_000
"""Refuse files holding more values than this once aliases (``*name``) are expanded: a few
lines of nested aliases (a "billion laughs" file) would otherwise take hours and all memory."""


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


LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML was built with it (3x faster), else the pure-Python one;
both keep every value's line and column and accept only safe_load's constructs."""


def read_document(path):
    """Read the YAML file at *path* into a :class:`Document`; raise ScenarioError if unreadable."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ScenarioError([Problem(str(path), 0, 0, "", f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")])
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([Problem(str(path), 0, 0, "", "file not found")]) from None
    except IsADirectoryError:
        raise ScenarioError([Problem(str(path), 0, 0, "", "is a folder, not a file")]) from None
    except UnicodeDecodeError as exc:
        raise ScenarioError([Problem(str(path), 0, 0, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]) from None
    except OSError as exc:
        raise ScenarioError([Problem(str(path), 0, 0, "", f"cannot read: {exc.strerror}")]) from None
    return parse_document(text, str(path))


def parse_document(text, file="<string>"):
    """Parse YAML *text* into a :class:`Document`."""
    loader = None
    try:
        loader = LOADER(text)
        node = loader.get_single_node()
        problems = []
        positions = {}
        if node is None:  # an empty file
            return Document(file, {}, {(): (1, 1)})
        _index(node, (), positions, problems, file, [MAX_VALUES])
        if problems:
            raise ScenarioError(problems)
        data = loader.construct_document(node)
    except yaml.reader.ReaderError as exc:  # a character YAML forbids (NUL, other controls)
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise ScenarioError([Problem(file, line, col, "", (
            f"character #x{exc.character:04x} is not allowed in YAML"))]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        reason = " ".join(filter(None, [exc.context, exc.problem])) or "invalid YAML"
        raise ScenarioError([Problem(file, line, col, "", f"YAML syntax: {reason}")]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([Problem(file, 0, 0, "", f"YAML: {exc}")]) from None
    except RecursionError:
        raise ScenarioError([Problem(file, 0, 0, "", "YAML nested too deeply")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    return Document(file, data, positions)


def _index(node, path, positions, problems, file, budget, shown=()):
    """Record where each value starts; find duplicate keys; refuse more than *budget* values.
    *shown* is the path as errors show it: list items by their id, else as ``[i]``."""
    positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
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
