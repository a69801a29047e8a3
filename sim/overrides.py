"""Overrides: change one value of a scenario by a dotted path before it is validated.

``shelters.S1.stock.water_l`` names the ``water_l`` stock of the shelter whose id is S1;
list items are found by id (or by index). Values given as text are read as YAML
(``--set shelters.S1.capacity=400`` gives the number 400).
"""
import copy

from .errors import Problem, ScenarioError
from .source import is_syntax_problem, read_value


def apply_overrides(data, overrides):
    """A deep copy of *data* with each ``path: value`` of *overrides* set."""
    data = copy.deepcopy(data)
    problems = []
    for path, value in overrides.items():
        try:
            _set(data, path, value)
        except LookupError as exc:
            problems.append(Problem("<override>", 0, 0, path, str(exc.args[0])))
    if problems:
        raise ScenarioError(problems)
    return data


def parse_value(text):
    """Read an override value written on the command line: YAML, or the text itself when it is
    not YAML; raise ValueError for a value YAML cannot hold (``!!int x``, a number beyond 2^53)."""
    try:
        return read_value(text)
    except ScenarioError as exc:
        if is_syntax_problem(exc):
            return text
        raise ValueError(exc.problems[0].reason) from None


def _set(data, path, value):
    steps = path.split(".")
    node = data
    for i, step in enumerate(steps):
        last = i == len(steps) - 1
        if isinstance(node, list):
            node, key = node, _list_index(node, step, steps[: i + 1])
        elif isinstance(node, dict):
            key = step
            if not last and key not in node:
                node[key] = {}
        else:
            raise LookupError(f"{'.'.join(steps[:i])} is a value, not a mapping or list")
        if last:
            node[key] = value
        else:
            node = node[key]


def _list_index(items, step, where):
    for i, item in enumerate(items):
        if isinstance(item, dict) and str(item.get("id")) == step:
            return i
    if step.isdigit() and int(step) < len(items):
        return int(step)
    raise LookupError(f"no item with id {step!r} at {'.'.join(where[:-1])}")
