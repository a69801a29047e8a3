"""Why the relief verdict still fails when stock is ample: its other reasons (where and how
often), and the townships whose people outnumber their shelter places."""
from dataclasses import dataclass

import numpy as np

from .draws import STOCK_CODES, passed
from .reserve import township_places


@dataclass(frozen=True)
class Cause:
    """One reason the relief verdict fails with ample stock: its code, the share of
    replications it appears in, the median people it concerns there, and where."""

    code: str
    share: float
    people: int
    where: tuple
    item: str | None = None


def causes(rows, items=()):
    """Why the relief verdict fails with ample stock, apart from the stock of *items*: each
    reason code (and item) with the share of runs it appears in, the median people it
    concerns there, and where, the places named most often first."""
    seen = {}
    for row in rows:
        for reason in row.get("reasons", []):
            if reason["code"] in STOCK_CODES and reason.get("item") in items:
                continue
            people, where = seen.setdefault((reason["code"], reason.get("item")), ([], {}))
            people.append(reason["people"])
            for place in reason["where"]:
                where[place] = where.get(place, 0) + 1
    out = [Cause(code, len(people) / len(rows), int(np.median(people)),
                 tuple(p for p, _ in sorted(where.items(), key=lambda kv: (-kv[1], kv[0]))), item)
           for (code, item), (people, where) in seen.items()]
    failing = sum(not passed(r) for r in rows)
    if failing and not out:  # an engine without reasons: say at least that it fails
        out.append(Cause("fails_with_ample_stock", failing / len(rows), 0, ()))
    return sorted(out, key=lambda c: (-c.share, -c.people, c.code))


def short_places(scenario, rows):
    """township -> (median people who headed for its public shelters, its shelter places),
    for the townships where the first exceeds the second in the median run."""
    places = township_places(scenario)
    out = {}
    for town in {t for r in rows for t in r.get("town_demand", {})}:
        demand = float(np.median([r.get("town_demand", {}).get(town, 0) for r in rows]))
        if demand > places.get(town, 0):
            out[town] = (int(round(demand)), places.get(town, 0))
    return dict(sorted(out.items(), key=lambda kv: kv[1][1] - kv[1][0]))
