"""Why each person was left in danger, and the transfer figures as offices report them.

Every cohort at home when its zone's hazard peaks past the danger thresholds is counted
under exactly one *why*, decided at that moment, the first that applies:

- ``returned`` (回流) — it had left, and went back home before the peak (before the order was
  lifted, or because it was lifted too early);
- ``too_late`` (转移不及时) — it was being moved: persuaded but still packing, its persuading
  knock still on the way, or a forced transfer had taken it on but not reached it yet;
- ``no_team`` (等待帮扶) — people who need help, persuaded and ready, waiting for a team;
- ``refused`` (拒绝转移) — an order reached it and it did not obey;
- ``not_found`` (排查未见) — an order was given for it and never reached it (a sweep missed it);
- ``not_ordered`` (未下达转移指令) — it heard a warning, but no order was given for it;
- ``never_warned`` (未收到预警) — nothing reached it.

The figures offices publish (应转移 due, 已转移 transferred, 集中安置 central and 分散安置
dispersed) are reported at the onset, as an office reports them at landfall.
"""
import numpy as np

from messages import N_, texts

WHYS = ("never_warned", "not_ordered", "refused", "not_found", "no_team", "too_late", "returned")
"""The whys, in the order a planner reads them."""

WORDS = {
    "never_warned": N_("never warned"),
    "not_ordered": N_("warned but never ordered to move"),
    "refused": N_("refused to move"),
    "not_found": N_("not found at home by the sweep"),
    "no_team": N_("waiting for a team to help them move"),
    "too_late": N_("moved too late"),
    "returned": N_("went back home before the danger had passed"),
}
"""Each why as a planner reads it (the catalogue gives the Chinese: 拒绝转移 ...)."""

FIGURES = ("people_due", "people_transferred", "transfer_share", "people_central", "people_dispersed",
           "people_forced", "people_returned") + tuple(f"danger_{w}" for w in WHYS)
"""The transfer KPIs, in the order a run summary shows them."""

DANGER_LABELS = {
    "never_warned": N_("in danger: never warned"), "not_ordered": N_("in danger: never ordered"),
    "refused": N_("in danger: refused"), "not_found": N_("in danger: not found"),
    "no_team": N_("in danger: no team to help"), "too_late": N_("in danger: moved too late"),
    "returned": N_("in danger: went back home"),
}
"""Each why, short, for a table (at most 36 characters: the KPI table fits 80 columns)."""

LABELS = {
    "Transfer": N_("Transfer (at the onset)"),
    "people_due": N_("people due to move"),
    "people_transferred": N_("people transferred"),
    "transfer_share": N_("share transferred"),
    "people_central": N_("in public shelters (central)"),
    "people_dispersed": N_("with relatives (dispersed)"),
    "people_forced": N_("taken on by a forced transfer"),
    "people_returned": N_("went back home (returned)"),
    **{f"danger_{w}": DANGER_LABELS[w] for w in WHYS},
}
"""Labels of the transfer KPIs and their section, for a run summary (English is the key)."""

SHOWN = 3
"""Whys named in the verdict's line, the largest first."""


def classify(pop, idx, t):
    """The why (an index into WHYS) of each cohort in *idx*, at home at time *t* (h)."""
    why = np.where(pop.warned_at[idx] <= t, WHYS.index("not_ordered"), WHYS.index("never_warned"))
    sent = pop.order_sent_at[idx] <= t
    heard = pop.order_heard_at[idx]
    why = np.where(sent & ~np.isfinite(heard), WHYS.index("not_found"), why)
    why = np.where(sent & np.isfinite(heard) & (heard > t), WHYS.index("too_late"), why)
    why = np.where(heard <= t, WHYS.index("refused"), why)
    obeyed = np.isfinite(pop.ordered_at[idx])
    ready = obeyed & (pop.ordered_at[idx] + pop.mobilise[idx] <= t)
    why = np.where(obeyed, WHYS.index("too_late"), why)
    why = np.where(ready & pop.assisted[idx], WHYS.index("no_team"), why)
    why = np.where(pop.forced_at[idx] <= t, WHYS.index("too_late"), why)
    return np.where(pop.returned_at[idx] <= t, WHYS.index("returned"), why)


def danger_by_why(engine, mask):
    """{why: persons per zone (array)} of the cohorts in *mask* (those left in danger)."""
    pop, n = engine.population, len(engine.scenario.zones)
    out = {}
    for k, why in enumerate(WHYS):
        chosen = mask & (pop.why == k)
        out[why] = np.bincount(pop.zone[chosen], weights=pop.size[chosen], minlength=n)
    return out


def transfer_kpis(engine, left):
    """The office's figures and the danger KPIs: *left* is the mask of cohorts left in danger."""
    pop, now = engine.population, engine.env.now
    report = min(now, engine.onset)
    due = pop.due
    moved = due & (pop.first_departed_at <= report)
    k = {"people_due": int(pop.size[due].sum()), "people_transferred": int(pop.size[moved].sum())}
    k["transfer_share"] = k["people_transferred"] / k["people_due"] if k["people_due"] else 1.0
    k["people_central"] = int(pop.size[moved & pop.first_public].sum())
    k["people_dispersed"] = k["people_transferred"] - k["people_central"]
    k["people_forced"] = int(pop.size[pop.forced_at <= now].sum())
    k["people_returned"] = int(pop.size[pop.returned_at <= now].sum())
    for why, per_zone in danger_by_why(engine, left).items():
        k[f"danger_{why}"] = int(round(per_zone.sum()))
    return k


def zone_columns(engine):
    """Per-zone transfer columns: {column: persons per zone (array)}."""
    pop, now = engine.population, engine.env.now
    n = len(engine.scenario.zones)

    def per_zone(mask):
        return np.bincount(pop.zone[mask], weights=pop.size[mask], minlength=n).astype(np.int64)

    report = min(now, engine.onset)
    out = {"due": per_zone(pop.due), "transferred": per_zone(pop.due & (pop.first_departed_at <= report)),
           "forced": per_zone(pop.forced_at <= now), "returned": per_zone(pop.returned_at <= now)}
    whys = danger_by_why(engine, pop.left_in_danger(now))
    out.update({f"danger_{w}": np.rint(whys[w]).astype(np.int64) for w in WHYS})
    return out


def transferred_series(engine, t):
    """Persons on the list who had left home (at least once) by each time in *t* (h)."""
    pop = engine.population
    order = np.argsort(pop.first_departed_at[pop.due], kind="stable")
    times = pop.first_departed_at[pop.due][order]
    cum = np.concatenate([[0], np.cumsum(pop.size[pop.due][order])])
    return cum[np.searchsorted(times, t, side="right")].astype(np.int64)


def worst_depth(hazard, t):
    """The water depth (m) of the worst zone at each time in *t* (h): the hazard the transfer
    curve is read against (the report's transfer chart)."""
    worst = hazard.depth_m.max(axis=0) if len(hazard.zone_ids) else np.zeros(len(hazard.t))
    return np.interp(t, hazard.t, worst)


def largest_whys(engine, mask, zone_ids):
    """((why, persons, zone ids largest first), ...) of the cohorts in *mask*, largest first."""
    found = []
    for why, per_zone in danger_by_why(engine, mask).items():
        people = float(per_zone.sum())
        if people >= 0.5:
            where = tuple(zone_ids[z] for z in np.argsort(-per_zone, kind="stable") if per_zone[z] >= 0.5)
            found.append((why, int(round(people)), where))
    return tuple(sorted(found, key=lambda w: (-w[1], WHYS.index(w[0]))))


def whys_text(whys, name, lang=None, limit=SHOWN):
    """The largest whys as one phrase: ``1,200 refused to move (C5 Xincun); 300 ...``, or
    just ``refused to move`` when there is one; *name(id)* gives a zone's label."""
    _ = texts(lang)
    if len(whys) == 1:
        return _(WORDS[whys[0][0]])
    parts = []
    for why, people, where in whys[:limit]:
        n, zones = format(people, ","), _.join(name(z) for z in where[:3])
        parts.append(_("{n} {why} ({where})", n=n, why=_(WORDS[why]), where=zones))
    return _.join(parts, sep=_("; ")) if parts else ""
