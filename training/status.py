"""Where an exercise stands now, in words: the model (shelters, depots and their trucks,
zones, roads, signals) and the plan (what is due, done, late or missed — the scorer's own
verdicts so far, training.msel.live_verdicts, so the status never disagrees with the score).

    lines = status_lines(runner, "zh")          # the terminal's `status`
    watch = DeadlineWatch(runner)
    for v in watch.passed(): ...                # expected actions whose deadline has just passed undone

Shelter states use the viewer's words: closed, opening, open, FULL (open and at capacity),
out of use (flooded or struck by a setback).
"""
import math

from messages import N_, texts

from .msel import live_state, live_verdicts
from .plain import item_name, quantity, unit_name
from .situation import day_clock, signal_name, start_of
from .words import clock, role_name, source_label

SHELTER_STATES = {"closed": N_("closed"), "opening": N_("opening"), "open": N_("open"), "full": N_("FULL"),
                  "unusable": N_("out of use")}
"""A shelter's state in words (the viewer says the same)."""
PLACES = {"home": N_("at home"), "moving": N_("on the move"), "queued": N_("queuing to register"),
          "sheltered": N_("in shelters"), "relatives": N_("with relatives"), "overflow": N_("with nowhere to go")}
"""Where people are (the snapshot's counts)."""
PLAN_STATES = {"due": N_("due"), "done": N_("done"), "late": N_("late"), "partial": N_("partly done"),
               "missed": N_("missed")}


def shelter_state(view):
    """closed / opening / open / full / unusable for a snapshot's ShelterView."""
    if not view.usable:
        return "unusable"
    if view.state == "open" and view.capacity and view.occupancy >= view.capacity:
        return "full"
    return view.state


def plan_counts(runner):
    """{state: n} of the expected actions that have fallen due, as the score would judge them now."""
    out = {}
    for v in live_verdicts(runner):
        state = live_state(v, runner.now)
        out[state] = out.get(state, 0) + 1
    return out


def status_lines(runner, lang="en"):
    """The state of the exercise now as lines of *lang*."""
    _ = texts(lang)
    ex, snap = runner.exercise, runner.snapshot()
    s = ex.scenario
    signals = _.join(signal_name(k, v, lang) for k, v in snap.signals if v and v != "none") or _("none")
    out = [_("{stamp} · onset {onset} · 10-hour line {line} · exercise ends {end} · signals: {signals} · response {level}",
             stamp=day_clock(snap.t, start_of(s), lang), onset=clock(snap.onset_h), line=clock(snap.deadline_h),
             end=clock(min(runner.end_h, runner.horizon)), signals=signals, level=snap.response_level or "-")]
    counts = _.join(_("{where} {n:,}", where=_(PLACES.get(k, k)), n=v) for k, v in snap.counts)
    out.append(_("people: {counts} · secured {secured:,.0f}", counts=counts, secured=snap.secured))
    plan = plan_counts(runner)
    if plan:
        said = _.join(_("{state} {n}", state=_(PLAN_STATES[k]), n=plan[k]) for k in PLAN_STATES if k in plan)
        out.append(_("expected actions so far (as the score counts them): {counts}", counts=said))
    out.append(_("shelters:"))
    out += [_shelter_line(v, s, lang) for v in snap.shelters]
    out.append(_("depots:"))
    out += _depot_lines(runner, lang)
    out.append(_("zones:"))
    for z in snap.zones:
        out.append(_("  {zone}: at home {home:,} of {pop:,} · water {depth:.2f} m · wind {wind:.0f} m/s",
                     zone=_.name(s.zone[z.id]), home=z.at_home, pop=z.population, depth=z.depth_m, wind=z.wind_ms))
    if snap.closed_roads:
        roads = _.join(_road(s, r, lang) for r in snap.closed_roads)
        out.append(_("closed roads: {roads}", roads=roads))
    return out


def _shelter_line(view, scenario, lang):
    _ = texts(lang)
    cover = _.join(_("{item} {hours}", item=item_name(item, lang),
                     hours=_("unused") if math.isinf(h) else _("{h:.1f} h", h=h)) for item, h in view.cover_h)
    return _("  {shelter} · {state} · {occupancy:,}/{capacity:,} · queuing {queued:,} · lasts: {cover}",
             shelter=_.name(scenario.shelter[view.id]), state=_(SHELTER_STATES[shelter_state(view)]),
             occupancy=view.occupancy, capacity=view.capacity, queued=view.queued, cover=cover)


def _depot_lines(runner, lang):
    _ = texts(lang)
    s, out = runner.exercise.scenario, []
    live = {d.id: d for d in runner.engine.depots}
    for view in runner.snapshot().depots:
        spec, depot = s.depot[view.id], live[view.id]
        stock = _.join(_("{item} {units}", item=item_name(item, lang),
                         units=quantity(units, unit_name(item, s.relief.items[item].unit, lang))) for item, units in view.stock)
        if depot.trucks is None:
            trucks = _("no trucks")
        else:
            trucks = _("trucks {n}: {out} out, {waiting} loads waiting", n=spec.trucks, out=depot.trucks.count,
                       waiting=len(depot.trucks.queue))
        out.append(_("  {depot} · {stock} · {trucks}", depot=_.name(spec), stock=stock, trucks=trucks))
    return out


def _road(scenario, road_id, lang):
    edge = next((e for e in scenario.edges if e.id == road_id), None)
    name = texts(lang).name(edge) if edge is not None else road_id
    return texts(lang).paren(name, road_id) if name != road_id else road_id


class DeadlineWatch:
    """Says each expected action once, when its deadline passes and it is not done in full
    (the scorer's own verdict at that moment)."""

    def __init__(self, runner):
        self.runner = runner
        self.told = {v.key for v in live_verdicts(runner) if runner.now > v.due_by + 1e-9}  # before it: not news

    def passed(self):
        """The live Verdicts whose deadline has passed since the last call without being met in full."""
        now, out = self.runner.now, []
        for v in live_verdicts(self.runner):
            if v.key in self.told or now <= v.due_by + 1e-9:
                continue
            self.told.add(v.key)
            if live_state(v, now) != "done":
                out.append(v)
        return out

    def lines(self, lang="en", start=None):
        """The passed deadlines as lines of *lang*: one per source, role and state, naming up to
        three of its actions."""
        _ = texts(lang)
        groups = {}
        for v in self.passed():
            state = live_state(v, self.runner.now)
            groups.setdefault((v.due_by, source_label(v, lang), v.role, state), []).append(v.what.get(lang, ""))
        out = []
        for (due, source, role, state), whats in groups.items():
            what = _.join(whats[:3])
            if len(whats) > 3:
                what = _("{what} and {n} more", what=what, n=len(whats) - 3)
            out.append(_("[{stamp}] deadline passed: {source} — {role}: {what} ({state})",
                         stamp=day_clock(due, start, lang), source=source,
                         role=role_name(self.runner.exercise, role, lang), what=what, state=_(PLAN_STATES[state])))
        return out
