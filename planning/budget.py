"""What a budget buys: the cheapest list within an amount of yuan, and how often it holds.

The cheapest list at p (planning/allocate.py, ``rule="cheapest"``) splits the allowed
chance ``1 - p`` over the shelters in proportion to what a margin costs at each. When that
list costs more than the budget, the same split is scaled up — every shelter's chance
``rho x weight``, ``rho`` found by bisection so that the list costs no more than the
budget — and the list is checked on fresh seeds like any other. The union bound then
promises that all shelters hold in at least ``1 - sum of chances`` of storms (a lower
bound; the fresh-seed check is the figure to read).
"""
import math
from dataclasses import dataclass

import numpy as np

from . import allocate

BISECTIONS = 40
"""Halvings of the scale's range (log scale): far finer than one purchase unit."""


@dataclass
class BudgetAnswer:
    """The list a budget buys, and its check on fresh seeds."""

    amount: float  # yuan
    cost: float  # yuan: what the list costs (at most amount)
    needs: list
    bound: float  # the union bound's share: 1 - the sum of the shelters' chances
    check: object = None  # Verification on fresh seeds


def list_cost(needs):
    """Yuan for the purchase units of *needs* (every item priced)."""
    return float(sum(n.add_cost or 0.0 for n in needs))


def fit(amount, weights, make):
    """(needs, chances) of the cheapest-split list that costs at most *amount*, or None when
    even the mildest storm seen draws more than it buys.

    *weights*: shelter -> cost of a margin there; *make(chances)* -> needs for the chances
    (shelter -> chance). The scale runs from the split of ``1 - p`` towards every chance 1
    (each shelter at its smallest draw: nothing bought), on a log scale."""
    total = sum(weights.values())
    lo, hi = math.log(1e-12 / total), math.log(1.0 / min(weights.values()))
    best = None
    for _ in range(BISECTIONS):
        mid = (lo + hi) / 2
        chances = {g: min(1.0, math.exp(mid) * w) for g, w in weights.items()}
        needs = make(chances)
        if list_cost(needs) <= amount + 1e-6:
            best, hi = (needs, chances), mid
        else:
            lo = mid
    return best


def bound(chances):
    """The union bound's share for *chances*: at least this share of storms hold everywhere."""
    return float(max(0.0, 1.0 - np.sum(list(chances.values()))))


def weights_of(draws, groups, units, prices):
    """shelter -> cost of a margin there (allocate.margin_weights), or None without prices."""
    return allocate.margin_weights(draws, groups, units, prices)
