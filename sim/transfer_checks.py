"""Checks of a plan's transfer that a field-by-field validation cannot make.

``check_transfer(spec)`` returns (path, reason) pairs: the transfer list naming a zone the
scenario does not have (or one zone and group twice), and a forced transfer (强制转移) that
no evacuation order of its zone comes before. "Before" is judged where two triggers can be
compared without playing the scenario (two clock times, two times before the onset, two
signals of one kind, two "631" call-ups, or the order earlier in the same rule); where they
cannot, the engine refuses the forced transfer at run time if no order came first.
"""
from .actions import ForcedTransfer, OrderEvacuation
from .triggers import SIGNAL_LEVELS, At, BeforeOnset, CallupTrigger, SignalTrigger

CALLUP_ORDER = ("6h", "3h", "1h")


def check_transfer(spec):
    """Every transfer problem of a validated ScenarioSpec, as (path, reason)."""
    found = []
    zones = {z.id for z in spec.zones}
    seen = set()
    for i, entry in enumerate(spec.plan.transfer or ()):
        if entry.zone not in zones:
            found.append((("plan", "transfer", i, "zone"), f"no zone {entry.zone!r}; known: "
                          + ", ".join(sorted(zones)[:12])))
        elif (entry.zone, entry.group) in seen:
            found.append((("plan", "transfer", i), f"{entry.zone} (group {entry.group!r}) is on the list twice"))
        seen.add((entry.zone, entry.group))
    orders = _orders(spec.plan.rules)
    for i, rule in enumerate(spec.plan.rules):
        for j, action in enumerate(rule.do):
            if isinstance(action, ForcedTransfer) and action.zone in zones:
                reason = _unordered(action, i, j, rule, orders, spec.plan.rules)
                if reason:
                    found.append((("plan", "rules", i, "do", j), reason))
    return found


def _orders(rules):
    """(rule index, action index, zone, group) of every evacuation order in the plan."""
    return [(i, j, a.zone, a.group) for i, rule in enumerate(rules) for j, a in enumerate(rule.do)
            if isinstance(a, OrderEvacuation)]


def _unordered(action, i, j, rule, orders, rules):
    """Why forced transfer *action* (rule *i*, action *j*) comes before any order of its
    zone and group, or None."""
    mine = [(r, k) for r, k, zone, group in orders
            if zone == action.zone and (group == action.group or "all" in (group, action.group))]
    if not mine:
        return (f"no rule of the plan orders {action.zone} (group {action.group!r}) to evacuate: a forced "
                "transfer is for people who refused an order, so order the transfer first")
    for r, k in mine:
        if r == i and k < j or r != i and _earlier(rules[r].when, rule.when) is not False:
            return None
    first = rules[mine[0][0]]
    return (f"this forced transfer of {action.zone} ({_describe(rule.when)}) comes before every evacuation order "
            f"of {action.zone} (the first, rule {first.id}: {_describe(first.when)}): order the transfer first")


def _earlier(a, b):
    """True if trigger *a* holds no later than *b*, False if surely later, None if unknown."""
    if isinstance(a, At) and isinstance(b, At):
        return a.at <= b.at
    if isinstance(a, BeforeOnset) and isinstance(b, BeforeOnset):
        return a.before_onset >= b.before_onset
    if isinstance(a, SignalTrigger) and isinstance(b, SignalTrigger):
        kind_a, level_a = a.signal.split("_")
        kind_b, level_b = b.signal.split("_")
        return SIGNAL_LEVELS.index(level_a) <= SIGNAL_LEVELS.index(level_b) if kind_a == kind_b else None
    if isinstance(a, CallupTrigger) and isinstance(b, CallupTrigger):
        return CALLUP_ORDER.index(a.callup) <= CALLUP_ORDER.index(b.callup)
    return None


def _describe(trigger):
    describe = getattr(trigger, "describe", None)
    return describe() if describe else "a condition"
