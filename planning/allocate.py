"""How much each (shelter, item) gets: the allocation rule of the stock test.

**Equal risk.** Every shelter that needs stock is allowed the same small chance of running
short, ``(1 - p) / n`` for *n* such shelters, so that by the union bound (Boole's
inequality) all of them hold at once in at least a share *p* of storms, however their draws
are correlated. The items of one shelter share its chance: the same people draw them, so
they rise and fall together. A pair's level for a chance *r* is read from its own draws
(``tail_level``):

* within the runs seen (``r`` at least ``1 / R``): the empirical quantile at ``1 - r``;
* the same draw in every run: that draw;
* beyond the largest draw: an exponential tail fitted to its top quarter of draws (peaks
  over a threshold ``u``; ``beta`` the mean of the *k* excesses over it, at least one
  purchase unit): ``u + k beta ((k / R / r) ** (1 / k) - 1)``, the predictive quantile,
  which a fresh storm passes with chance *r* on average although ``beta`` is estimated from
  only *k* excesses (the plug-in ``u + beta ln(k / R / r)`` would be passed more often);
  never below the largest draw seen;
* never above ``cap``: what a full shelter could use over the whole run (no draw is larger).

So a shelter whose draws hardly vary (a full shelter: its people draw the same in every
storm) gets a margin of a few purchase units over its largest draw, and a shelter whose
draws vary a lot (an overflow shelter, empty in half the storms) gets a margin in
proportion to its own spread: no shelter carries a large excess while another has none.

**Cheapest** (``weights``): the same union bound, but a shelter's chance is in proportion
to what a margin there costs (``price x beta`` summed over its items): with exponential
tails this minimises the total cost of the list for the same bound (a Lagrange condition:
the cost of a shelter's level falls by ``price x beta / r`` per unit of chance).
"""
import math

import numpy as np

TAIL_SHARE = 0.25
"""The top share of a pair's draws that its exponential tail is fitted to."""


def tail_level(draws, risk, cap=math.inf, unit=1.0, varies=False):
    """The level one pair's *draws* (one per run) exceed with chance *risk* (see the module).

    *unit*: the smallest tail scale (one purchase unit of model units); *cap*: the most any
    draw can be; *varies*: the pair is known to vary (it ran short in a check) even if its
    draws were all the same. A pair that drew nothing in every run needs nothing."""
    x = np.sort(np.asarray(draws, dtype=float))
    if x.size == 0 or x[-1] <= 0:
        return 0.0
    reps = x.size
    if risk * (reps + 1) >= 1:  # inside the runs: the order statistic at 1 - risk (conformal rank)
        k = max(0, math.ceil((1 - risk) * (reps + 1)) - 1)
        return float(min(x[min(k, reps - 1)], cap))
    if x[0] == x[-1] and not varies:  # the same draw in every run: that is what it needs
        return float(min(x[-1], cap))
    u, beta, above = tail_fit(x, unit)
    k = max(above, 1)
    level = u + k * beta * ((k / reps / risk) ** (1 / k) - 1)  # exceeded with chance *risk* on average
    return float(min(max(level, x[-1]), cap))


def tail_fit(draws, unit=1.0):
    """(threshold u, mean excess beta, draws above u) of the exponential tail of *draws*."""
    x = np.sort(np.asarray(draws, dtype=float))
    reps = x.size
    k = max(0, math.ceil(reps * (1 - TAIL_SHARE)) - 1)
    u = float(x[k])
    above = x[x > u]
    beta = float((above - u).mean()) if above.size else 0.0
    return u, max(beta, float(unit)), int(above.size)


def group_risks(groups, confidence, weights=None):
    """group -> its allowed chance of running short: ``(1 - p)`` shared equally over the
    groups (shelters), or in proportion to *weights* (group -> cost of a margin there)."""
    groups = list(dict.fromkeys(groups))
    if not groups:
        return {}
    spare = 1.0 - confidence
    if weights is None or not all(weights.get(g, 0) > 0 for g in groups):
        return {g: spare / len(groups) for g in groups}
    total = sum(weights[g] for g in groups)
    return {g: spare * weights[g] / total for g in groups}


def levels(draws, groups, risks, caps, units):
    """Level per pair: column j of *draws* (runs x pairs) at the chance of its group."""
    draws = np.asarray(draws, dtype=float)
    return np.array([tail_level(draws[:, j], risks[g], caps[j], units[j]) if g in risks else 0.0
                     for j, g in enumerate(groups)])


def margin_weights(draws, groups, units, prices):
    """group -> the yuan that a margin of one e-fold of its tail costs (``price x beta``
    summed over its pairs); None when a price is missing."""
    draws = np.asarray(draws, dtype=float)
    out = {}
    for j, g in enumerate(groups):
        if prices[j] is None:
            return None
        if draws[:, j].max(initial=0) <= 0:
            continue
        _, beta, _ = tail_fit(draws[:, j], units[j])
        out[g] = out.get(g, 0.0) + prices[j] * beta
    return out
