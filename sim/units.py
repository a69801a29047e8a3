"""Durations and the other units that scenario files write as text.

The model's clock unit is the hour. A duration in a scenario file may be a number
(hours) or text such as ``"90min"``, ``"6h"``, ``"1h30min"``, ``"2d"`` or ``"45s"``.
"""
import re
from typing import Annotated

from pydantic import BeforeValidator, Field, WithJsonSchema

_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)\s*(d|h|min|m|s)", re.IGNORECASE)
_HOURS_PER = {"d": 24.0, "h": 1.0, "min": 1 / 60, "m": 1 / 60, "s": 1 / 3600}


def parse_duration(value):
    """Return *value* in hours; accept a number of hours or text like ``"1h30min"``."""
    if isinstance(value, bool):
        raise ValueError("a duration must be a number of hours or text like '90min', '6h', '1h30min'")
    if isinstance(value, (int, float)):
        return float(value)
    if not isinstance(value, str):
        raise ValueError("a duration must be a number of hours or text like '90min', '6h', '1h30min'")
    text = value.strip().replace(" ", "")
    sign = -1.0 if text.startswith("-") else 1.0
    text = text.lstrip("+-")
    pos, hours = 0, 0.0
    for match in _PART.finditer(text):
        if match.start() != pos:
            break
        hours += float(match.group(1)) * _HOURS_PER[match.group(2).lower()]
        pos = match.end()
    if pos != len(text) or not text:
        raise ValueError(f"cannot read duration {value!r}: write e.g. '90min', '6h', '1h30min' or a number of hours")
    return sign * hours


DURATION_PATTERN = r"^\s*[+-]?\s*((\d+(\.\d*)?|\.\d+)\s*(d|h|min|m|s)\s*)+$"
"""Text a duration may be written as (checked again, exactly, by parse_duration)."""


def _schema(minimum=None, exclusive=False):
    """JSON Schema of a duration: a number of hours or text like "1h30min"."""
    number = {"type": "number"}
    if minimum is not None:
        number["exclusiveMinimum" if exclusive else "minimum"] = minimum
    return WithJsonSchema({"anyOf": [number, {"type": "string", "pattern": DURATION_PATTERN}],
                           "description": "hours, as a number or text such as '90min', '6h', '1h30min'"})


Duration = Annotated[float, BeforeValidator(parse_duration), _schema()]
"""A span of time in hours (float), written as a number or as ``"1h30min"``."""

NonNegDuration = Annotated[float, BeforeValidator(parse_duration), Field(ge=0), _schema(0)]
"""A duration that cannot be negative (hours)."""

PosDuration = Annotated[float, BeforeValidator(parse_duration), Field(gt=0), _schema(0, exclusive=True)]
"""A duration that must be longer than zero (hours)."""

Share = Annotated[float, Field(ge=0, le=1)]
"""A share of people or a probability, between 0 and 1."""

KMH_PER_MS = 3.6
"""km/h in one m/s."""
