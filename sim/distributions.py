"""Distributions of delays and rates that vary between people or events.

A scenario writes a distribution as a plain duration (``"30min"``: always that long)
or as a mapping with a ``dist`` key::

    {dist: fixed, value: 30min}
    {dist: uniform, low: 10min, high: 1h}
    {dist: exponential, mean: 20min}
    {dist: lognormal, median: 40min, sigma: 0.6}
    {dist: weibull, scale: 1h, shape: 1.5}
    {dist: empirical, points: [[0, 0], [30min, 0.5], [2h, 1.0]]}   # cumulative curve (t, share)

Every value is in hours. ``sample(rng, n)`` draws *n* values at once with numpy.
"""
from typing import Annotated, Literal, Union

import numpy as np
from pydantic import BeforeValidator, Field, field_validator, model_validator

from .base import Spec
from .units import DURATION_PATTERN, NonNegDuration, PosDuration


class Fixed(Spec):
    """Always the same value (hours)."""

    dist: Literal["fixed"] = "fixed"
    value: NonNegDuration

    def sample(self, rng, n):
        return np.full(n, self.value)

    def mean(self):
        return self.value


class Uniform(Spec):
    """Equally likely anywhere between ``low`` and ``high`` (hours)."""

    dist: Literal["uniform"]
    low: NonNegDuration
    high: NonNegDuration

    @model_validator(mode="after")
    def _ordered(self):
        if self.high < self.low:
            raise ValueError("high must not be below low")
        return self

    def sample(self, rng, n):
        return rng.uniform(self.low, self.high, n)

    def mean(self):
        return (self.low + self.high) / 2


class Exponential(Spec):
    """Memoryless delay with the given ``mean`` (hours)."""

    dist: Literal["exponential"]
    mean_: PosDuration = Field(alias="mean")

    def sample(self, rng, n):
        return rng.exponential(self.mean_, n)

    def mean(self):
        return self.mean_


class Lognormal(Spec):
    """Right-skewed delay: ``median`` (hours) and ``sigma`` of the log."""

    dist: Literal["lognormal"]
    median: PosDuration
    sigma: float = Field(gt=0, le=5)

    def sample(self, rng, n):
        return rng.lognormal(np.log(self.median), self.sigma, n)

    def mean(self):
        return self.median * float(np.exp(self.sigma**2 / 2))


class Weibull(Spec):
    """Weibull delay with ``scale`` (hours) and ``shape`` (1 = exponential)."""

    dist: Literal["weibull"]
    scale: PosDuration
    shape: float = Field(gt=0, le=50)

    def sample(self, rng, n):
        return self.scale * rng.weibull(self.shape, n)

    def mean(self):
        from math import gamma

        return self.scale * gamma(1 + 1 / self.shape)


class Empirical(Spec):
    """A published cumulative curve: points (time in hours, share done by then).

    The first share must be 0 and the last 1; times and shares must not decrease.
    Values are drawn by inverse transform with linear interpolation, the way
    evacuation studies publish alert and mobilisation curves.
    """

    dist: Literal["empirical"]
    points: list[tuple[NonNegDuration, float]] = Field(min_length=2)

    @field_validator("points")
    @classmethod
    def _curve(cls, points):
        times = [p[0] for p in points]
        shares = [p[1] for p in points]
        if any(b < a for a, b in zip(times, times[1:])):
            raise ValueError("times of an empirical curve must not decrease")
        if any(b < a for a, b in zip(shares, shares[1:])):
            raise ValueError("shares of an empirical curve must not decrease")
        if shares[0] != 0 or shares[-1] != 1:
            raise ValueError("an empirical curve must start at share 0 and end at share 1")
        return points

    def sample(self, rng, n):
        times, shares = zip(*self.points)
        return np.interp(rng.random(n), shares, times)

    def mean(self):
        times, shares = zip(*self.points)
        return float(np.trapezoid(times, shares))


def _coerce(value):
    """Let a bare duration stand for a fixed distribution."""
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        return {"dist": "fixed", "value": value}
    return value



class _OrDuration:
    """JSON Schema: a distribution may also be written as a bare duration."""

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        return {"anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": DURATION_PATTERN},
                          handler(core_schema)]}


Distribution = Annotated[
    Annotated[Union[Fixed, Uniform, Exponential, Lognormal, Weibull, Empirical], Field(discriminator="dist")],
    BeforeValidator(_coerce),
    _OrDuration,
]
"""Any of the distributions above, or a plain duration meaning a fixed value."""


def fixed(hours):
    """A fixed distribution of *hours*, for defaults in code."""
    return Fixed(value=hours)
