"""What a role may and should do: the one source for role cards, evaluator forms, the
menus of the terminal, the viewer and the seats, and ``stormdrill evaluate``.

    from training import roles
    roles.duties(exercise)                    # every action the plan expects, each with its role
    roles.duties(exercise, "logistics")       # those of one role (role cards, evaluator forms)
    roles.offers(exercise, "roads", runner)   # the actions its rights allow, with the choices to pick from
    roles.build(exercise, "dispatch", {"shelter": "S04", "items": "basic", "cover": "24"}, runner=runner)
    roles.menu(runner, "logistics")           # concrete actions: what is due of it now, then the offers
    roles.scenario_offers(scenario, engine_run)  # a free run's forms: every kind, no role to limit them
    roles.decision_options(exercise, point)   # a decision point's options, with those the scenario supplies

**Duties** (``Duty``) are what the plan expects: each action of each plan rule; the reorder
rule once per shelter and consumable item (a dispatch within 1 h of the cover falling below
``cover_below``) and once per shelter and durable item (bedding, medical kits topped up to
capacity within 1 h of the team opening the shelter); each expected action of each inject
and decision point. Each names the role responsible: the expectation's ``role``, else the
first role that lists the kind of action, else the first allowed to take it (as scoring
does). ``Duty.key`` is the key of the verdict ``evaluate`` shows for it
(training.scoring.Verdict.key), so a session's verdicts are the duties that fell due.

**Offers** (``Offer``) are the kinds of action a role's rights allow and the scenario can
carry out (no district-reserve request without a district depot with trucks, no dispatch
without depots), each a form of ``Field``s whose choices come from the scenario — and, given
a runner, from the model now (closed shelters to open, roads an action closed to reopen) —
with defaults from the plan (a dispatch for the reorder rule's ``cover_target`` hours).
Labels are ``{"zh", "en"}`` pairs from the message catalogue (domain ``training``).
``build`` turns chosen values into an action of sim's vocabulary and refuses a value that
was not offered. To offer a new kind of action, add it to ``FORMS``.
"""
import functools
import math
from dataclasses import dataclass, field

from messages import LANGS, N_, texts
from sim.actions import RESPONSE_LEVELS
from sim.network import DRIVE
from sim.triggers import StockTrigger

from .matching import describe
from .needs import supplies
from .plain import plain_action

RESUPPLY_DEADLINE_H = 1.0
"""Hours to dispatch once the reorder rule falls due (training.scoring uses the same)."""
DISPATCH_COVER_H = (6, 12, 24, 48)
"""Hours of use at a shelter's capacity a dispatch form offers (the plan's ``cover_target`` is added)."""
RESERVE_COVER_H = (12, 24, 48)
"""Hours of use the district reserve may be asked for."""
MENU_MAX = 20
"""A kind of action with more concrete choices than this is one line of ``menu`` (``menu KIND`` lists them)."""


def pair(message, **fields):
    """*message* (marked with N_) from the catalogue in every language: ``{"zh": …, "en": …}``."""
    return {lang: texts(lang)(message, **fields) for lang in LANGS}


def named(obj):
    """A content name (zone, shelter, role …) in every language."""
    return {lang: texts(lang).name(obj) for lang in LANGS}


def said(action, scenario):
    """An action in plain words in every language (training.plain)."""
    return {lang: plain_action(action, scenario, lang) for lang in LANGS}


# -- duties: what the plan expects of each role ----------------------------------------------

@dataclass(frozen=True)
class Duty:
    """One action the plan expects, the role responsible for it, and by when.

    *start* says what starts its clock: ``trigger`` (*when* holds: a plan rule's trigger, an
    inject delivered, a decision point opened), ``low`` (the shelter's cover of the item
    falls below the reorder rule's ``cover_below``; *when* is that stock trigger) or
    ``opening`` (the team opens the shelter; *when* is None). *within* is in hours."""

    source: str  # "rule", "inject" or "decision"
    source_id: str  # P3, resupply:S04:water_l, I7, D1
    action: dict  # the expected action; a reorder's items say "any" (what the rule asks when it falls due)
    role: str | None
    within: float  # h
    start: str  # trigger / low / opening
    when: object = None  # the Trigger, or None for an opening
    early: bool = False  # actions before the start count
    group: str = ""  # the row of a role card it belongs to: a rule or inject id, resupply:low, resupply:opening

    @property
    def key(self):
        """The key of its verdict (training.scoring.Verdict.key) and of its improvement item."""
        return f"{self.source}:{self.source_id}:{describe(self.action)}"

    @property
    def shelter(self):
        return self.action.get("shelter")

    @property
    def item(self):
        """The item of a reorder duty, else None."""
        return self.source_id.split(":")[2] if self.source_id.startswith("resupply:") else None


def responsible(exercise, kind, role=None):
    """The role responsible for an action of *kind*: *role* if given, else the exercise's
    ``role_for`` (the first role that lists the kind, else the first allowed to take it)."""
    return role or exercise.role_for(kind)


@functools.lru_cache(maxsize=256)  # an exercise's duties never change: the host asks for them with every update
def duties(exercise, role=None):
    """Every Duty of the exercise in the order of the plan, the reorder rule, the injects and
    the decision points; with *role*, only that role's."""
    out = _rule_duties(exercise) + _reorder_duties(exercise) + _point_duties(exercise)
    return tuple(d for d in out if role is None or d.role == role)


def _rule_duties(exercise):
    out = []
    for rule in exercise.scenario.plan.rules:
        for action in rule.do:
            data = action.model_dump(by_alias=True)
            out.append(Duty("rule", rule.id, data, responsible(exercise, data["action"]), rule.deadline, "trigger",
                            rule.when, bool(rule.early), rule.id))
    return out


def reorder_items(scenario):
    """(consumable, durable) item names the plan's reorder rule covers; ((), ()) without one."""
    rule = scenario.plan.resupply
    if rule is None:
        return (), ()
    items = scenario.relief.items
    names = list(items) if rule.items == "all" else list(rule.items)
    return tuple(n for n in names if not items[n].durable), tuple(n for n in names if items[n].durable)


def _reorder_duties(exercise):
    scenario = exercise.scenario
    consumable, durable = reorder_items(scenario)
    role = responsible(exercise, "dispatch")
    out = []
    for shelter in scenario.shelters:
        for name in consumable:
            trigger = StockTrigger(stock={"shelter": shelter.id, "item": name,
                                          "cover_below": scenario.plan.resupply.cover_below})
            out.append(Duty("rule", f"resupply:{shelter.id}:{name}", _reorder(shelter.id, name), role,
                            RESUPPLY_DEADLINE_H, "low", trigger, False, "resupply:low"))
    for shelter in scenario.shelters:
        if shelter.open_at_start:
            continue  # open from the start: never opened by the team, so never topped up on opening
        for name in durable:
            out.append(Duty("rule", f"resupply:{shelter.id}:{name}", _reorder(shelter.id, name), role,
                            RESUPPLY_DEADLINE_H, "opening", None, True, "resupply:opening"))
    return out


def _reorder(shelter_id, item):
    return {"action": "dispatch", "shelter": shelter_id, "items": {item: "any"}}


def _point_duties(exercise):
    out = []
    points = [("inject", p) for p in exercise.spec.injects] + [("decision", p) for p in exercise.spec.decisions]
    for source, point in points:
        for e in point.expect:
            data = e.do.model_dump(by_alias=True)
            out.append(Duty(source, point.id, data, responsible(exercise, data["action"], e.role), e.within, "trigger",
                            point.when, bool(e.early), point.id))
    return out


def top_up_units(scenario, shelter_id, item):
    """Units of a durable *item* that bring *shelter_id* up to its capacity from its own stock
    (what the reorder rule asks on opening; training.scoring measures the same)."""
    shelter, spec = scenario.shelter[shelter_id], scenario.relief.items[item]
    return max(0.0, shelter.capacity * spec.share * spec.first_ration - shelter.stock.get(item, 0.0))


# -- offers: the actions a role's rights allow, with their choices -----------------------------

@dataclass(frozen=True)
class Choice:
    value: str
    label: dict  # {"zh", "en"}


@dataclass(frozen=True)
class Field:
    """One field of a form: its key, label, the choices and the default value."""

    key: str
    label: dict
    choices: tuple  # Choice, ...
    default: str = ""
    multi: bool = False  # several choices may be taken (a list)

    def values(self):
        return [c.value for c in self.choices]


@dataclass(frozen=True)
class Offer:
    """A kind of action a role may take, as a form."""

    kind: str
    label: dict
    fields: tuple  # Field, ...

    def as_dict(self):
        """Plain data for a web page: ``{"action", "label", "fields": [{key, label, choices, default, multi}]}``."""
        return {"action": self.kind, "label": self.label,
                "fields": [{"key": f.key, "label": f.label, "default": f.default, "multi": f.multi,
                            "choices": [{"value": c.value, "label": c.label} for c in f.choices]} for f in self.fields]}


class OfferError(ValueError):
    """Values that do not make an action this role is offered; the message says which."""


KIND_NAMES = {
    "warn": N_("Warn"), "order_evacuation": N_("Order evacuation"), "open_shelter": N_("Open shelter"),
    "assign_shelter": N_("Assign shelters"), "dispatch": N_("Dispatch supplies"),
    "request_reserve": N_("Request the district reserve"), "raise_response": N_("Raise the response level"),
    "close_road": N_("Close a road"), "reopen_road": N_("Reopen a road"),
    "forced_transfer": N_("Forced transfer"), "prevent_return": N_("Prevent return"),
    "lift_transfer": N_("Lift the transfer order"),
}
FIELD_NAMES = {
    "zones": N_("Zones"), "zone": N_("Zone"), "channels": N_("Channels"), "group": N_("Who"),
    "shelter": N_("Shelter"), "shelters": N_("Shelters, first choice first"), "depot": N_("From depot"),
    "items": N_("Supplies"), "cover": N_("Hours of use"), "township": N_("Township"), "level": N_("Level"),
    "edge": N_("Road"), "teams": N_("Teams of cadres and police"),
}
WORDS = {
    "all": N_("all"), "every_zone": N_("every zone"), "every_channel": N_("every channel"),
    "assisted": N_("residents who need help to move"), "general": N_("residents who can move alone"),
    "everyone": N_("everyone"), "basic": N_("basic needs (every item)"), "nearest": N_("the nearest depot"),
    "plan": N_("the plan's list"), "listed": N_("the cadres on the transfer list"),
}
LEVEL_WORDS = {"IV": N_("level IV"), "III": N_("level III"), "II": N_("level II"), "I": N_("level I")}


def _f(key, choices, default=None, multi=False):
    choices = tuple(choices)
    return Field(key, pair(FIELD_NAMES[key]), choices, default if default is not None else choices[0].value, multi)


def _c(value, label):
    return Choice(value, label)


def _zones(scenario, runner=None):
    return [_c(z.id, named(z)) for z in scenario.zones]


def _shelters(scenario, ids=None):
    shelters = scenario.shelters if ids is None else [scenario.shelter[i] for i in ids]
    return [_c(s.id, {lang: f"{s.grade} {label}" for lang, label in named(s).items()}) for s in shelters]


def _channels(scenario):
    return [_c("all", pair(WORDS["every_channel"]))] + [_c(c, _channel_word(c)) for c in scenario.behaviour.channels]


def _channel_word(channel):
    from .plain import channel_names

    return {lang: channel_names([channel], lang)[0] for lang in LANGS}


def _warn_fields(scenario, runner):
    return (_f("zones", [_c("all", pair(WORDS["every_zone"]))] + _zones(scenario)), _f("channels", _channels(scenario)))


def _order_fields(scenario, runner):
    zones = _zones(scenario)
    if runner is not None:
        snap = runner.snapshot()
        home = {z.id for z in snap.zones if z.at_home > 0}
        zones = [c for c in zones if c.value in home] or zones
    groups = [_c(g, pair(WORDS["everyone" if g == "all" else g])) for g in ("all", "assisted", "general")]
    return (_f("zone", zones), _f("group", groups), _f("channels", _channels(scenario)))


FORCED_TEAMS = (5, 10, 20, 40)
"""Teams a forced-transfer form offers besides the transfer list's cadres (sim.transfer_spec)."""


def _ordered_zones(scenario, runner):
    """Zones whose transfer order is in force: with *runner*, those an order has reached and
    that have not been lifted; without, every zone."""
    zones = _zones(scenario)
    if runner is None:
        return zones
    engine = runner.engine
    pop, transfer = engine.population, engine.transfer
    now = engine.env.now
    live = {engine.scenario.zones[z].id for z in range(len(engine.scenario.zones))
            if transfer.in_force(z) and (pop.order_sent_at[pop.zone_cohorts[z]] <= now).any()}
    return [c for c in zones if c.value in live]


def _forced_fields(scenario, runner):
    zones = _ordered_zones(scenario, runner)
    if not zones:
        return None
    groups = [_c(g, pair(WORDS["everyone" if g == "all" else g])) for g in ("all", "assisted", "general")]
    teams = [_c("listed", pair(WORDS["listed"]))] + [_c(str(n), pair(N_("{n} teams of cadres and police"), n=n)) for n in FORCED_TEAMS]
    return (_f("zone", zones), _f("group", groups), _f("teams", teams))


def _zone_order_fields(scenario, runner):
    zones = _ordered_zones(scenario, runner)
    return (_f("zone", zones),) if zones else None


def _build_forced(v, scenario, runner):
    action = {"action": "forced_transfer", "zone": v["zone"], "group": v.get("group", "all")}
    if v.get("teams", "listed") != "listed":
        action["teams"] = int(v["teams"])
    return action


def _open_fields(scenario, runner):
    ids = None
    if runner is not None:
        ids = [s.id for s in runner.snapshot().shelters if s.state == "closed" and s.usable]
        if not ids:
            return None
    return (_f("shelter", _shelters(scenario, ids)),)


def _assign_fields(scenario, runner):
    return (_f("zone", _zones(scenario)), _f("shelters", _shelters(scenario), multi=True))


def _dispatch_fields(scenario, runner):
    depots = [d for d in scenario.depots if d.trucks]
    if not depots or not scenario.shelters:
        return None
    target = plan_cover(scenario)
    covers = sorted(set(DISPATCH_COVER_H) | {target})
    items = [_c("basic", pair(WORDS["basic"]))] + [_c(i, _item_word(i)) for i in scenario.relief.items]
    depot_choices = [_c("nearest", pair(WORDS["nearest"]))] + [_c(d.id, named(d)) for d in depots]
    shelters = _shelters(scenario)
    default = None
    if runner is not None:
        used = [s for s in runner.snapshot().shelters if s.state != "closed" and s.usable]
        if used:
            default = min(used, key=lambda s: min((h for _, h in s.cover_h), default=math.inf)).id
    return (_f("depot", depot_choices), _f("shelter", shelters, default), _f("items", items),
            _f("cover", [_c(_num(h), pair(N_("{h} h"), h=_num(h))) for h in covers], _num(target)))


def _item_word(item):
    from .plain import item_name

    return {lang: item_name(item, lang) for lang in LANGS}


def _reserve_fields(scenario, runner):
    if not reserve_available(scenario):
        return None
    towns = sorted({z.township for z in scenario.zones if z.township})
    names = {t.id: t for t in getattr(scenario.spec, "townships", [])}
    choices = [_c(w, named(names[w]) if w in names else {lang: w for lang in LANGS}) for w in towns]
    covers = [_c(_num(h), pair(N_("{h} h"), h=_num(h))) for h in RESERVE_COVER_H]
    return (_f("township", choices), _f("cover", covers, _num(plan_cover(scenario))))


def reserve_available(scenario):
    """The scenario can answer a district-reserve request: townships, and a district depot with trucks
    (sim.logistics refuses it otherwise)."""
    return any(z.township for z in scenario.zones) and any(d.tier == "district" and d.trucks for d in scenario.depots)


def _raise_fields(scenario, runner):
    levels = list(RESPONSE_LEVELS)
    if runner is not None:
        current = runner.snapshot().response_level
        if current in levels:
            levels = levels[levels.index(current) + 1:]
        if not levels:
            return None
    return (_f("level", [_c(v, pair(LEVEL_WORDS[v])) for v in levels]),)


def _close_fields(scenario, runner):
    edges = list(scenario.edges)
    if runner is not None:
        net = runner.engine.network
        edges = [e for e in edges if "action" not in net.closed_by[net.edge[e.id]]]
    if not edges:
        return None
    return (_f("edge", [_c(e.id, _road_name(e)) for e in edges]),)


def _reopen_fields(scenario, runner):
    edges = list(scenario.edges)
    if runner is not None:
        net = runner.engine.network
        edges = [e for e in edges if "action" in net.closed_by[net.edge[e.id]]]
    if not edges:
        return None
    return (_f("edge", [_c(e.id, _road_name(e)) for e in edges]),)


def _road_name(edge):
    return {lang: texts(lang).paren(texts(lang).name(edge), edge.id) if texts(lang).name(edge) != edge.id else edge.id
            for lang in LANGS}


def _all_or_list(value):
    if isinstance(value, (list, tuple)):
        return "all" if "all" in value else list(value)
    return "all" if value == "all" else [value]


def _build_dispatch(v, scenario, runner):
    shelter = scenario.shelter[v["shelter"]]
    depot = v["depot"]
    if depot == "nearest":
        depot = nearest_depot(scenario, shelter.id, runner)
    return {"action": "dispatch", "depot": depot, "shelter": shelter.id,
            "items": supplies(scenario, shelter, v["items"], float(v["cover"]))}


FORMS = {
    "warn": (_warn_fields, lambda v, s, r: {"action": "warn", "zones": _all_or_list(v["zones"]),
                                             "channels": _all_or_list(v["channels"])}),
    "order_evacuation": (_order_fields, lambda v, s, r: {"action": "order_evacuation", "zone": v["zone"],
                                                         "group": v["group"], "channels": _all_or_list(v["channels"])}),
    "open_shelter": (_open_fields, lambda v, s, r: {"action": "open_shelter", "shelter": v["shelter"]}),
    "assign_shelter": (_assign_fields, lambda v, s, r: {"action": "assign_shelter", "zone": v["zone"],
                                                        "shelters": list(_as_list(v["shelters"]))}),
    "dispatch": (_dispatch_fields, _build_dispatch),
    "request_reserve": (_reserve_fields, lambda v, s, r: {"action": "request_reserve", "township": v["township"],
                                                          "cover": float(v["cover"])}),
    "raise_response": (_raise_fields, lambda v, s, r: {"action": "raise_response", "level": v["level"]}),
    "close_road": (_close_fields, lambda v, s, r: {"action": "close_road", "edge": v["edge"]}),
    "reopen_road": (_reopen_fields, lambda v, s, r: {"action": "reopen_road", "edge": v["edge"]}),
    "forced_transfer": (_forced_fields, _build_forced),
    "prevent_return": (_zone_order_fields, lambda v, s, r: {"action": "prevent_return", "zone": v["zone"]}),
    "lift_transfer": (_zone_order_fields, lambda v, s, r: {"action": "lift_transfer", "zone": v["zone"]}),
}
"""Kind of action -> (fields(scenario, runner) -> Fields or None when the scenario cannot
carry it out now, build(values, scenario, runner) -> action dict), in the order offered."""


def _as_list(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


def may(exercise, role, kind):
    """*role*'s rights allow *kind* (players never take the setbacks an inject brings about)."""
    spec = exercise.roles.get(role)
    return spec is not None and kind in FORMS and spec.may(kind)


def offers(exercise, role, runner=None):
    """The Offers for *role*: every kind of action its rights allow that the scenario (and,
    with *runner*, the model now) can carry out, in the order of FORMS."""
    return scenario_offers(exercise.scenario, runner, [k for k in FORMS if may(exercise, role, k)])


def scenario_offers(scenario, runner=None, kinds=None):
    """The Offers of *kinds* (default: every kind of FORMS) that *scenario* (and, with
    *runner*, the model now) can carry out, in the order of FORMS: a free run's forms,
    where no role limits what the trainee may take. *runner* is anything with
    ``snapshot()`` and ``engine`` (training's Runner, the viewer's free run)."""
    out = []
    for kind, (fields_of, _build) in FORMS.items():
        if kinds is None or kind in kinds:
            fields = fields_of(scenario, runner)
            if fields:
                out.append(Offer(kind, pair(KIND_NAMES[kind]), tuple(fields)))
    return tuple(out)


def build(exercise, kind, values, role=None, runner=None):
    """The action dict of *kind* from the chosen *values* (field key -> value, a list for a
    multi field); OfferError names the field whose value was not offered, or the right
    *role* lacks."""
    if kind in FORMS and role is not None and not may(exercise, role, kind):
        raise OfferError(f"role {role!r} may not {kind}")
    return build_action(exercise.scenario, kind, values, runner)


def build_action(scenario, kind, values, runner=None):
    """``build`` for a scenario without roles (a free run): the action dict of *kind* from
    the chosen *values*, or OfferError naming the field whose value was not offered."""
    if kind not in FORMS:
        raise OfferError(f"no form for action {kind!r}; forms: {', '.join(FORMS)}")
    fields_of, make = FORMS[kind]
    fields = fields_of(scenario, runner)
    if not fields:
        raise OfferError(f"this scenario offers no {kind} now")
    if not isinstance(values, dict):
        raise OfferError("values must be a mapping of field to chosen value")
    chosen = {}
    for f in fields:
        value = values.get(f.key, f.default)
        picked = _as_list(value) if f.multi else [value]
        bad = [v for v in picked if v not in f.values()]
        if bad or not picked:
            raise OfferError(f"{kind}.{f.key}: {str(bad[0] if bad else value)[:40]!r} is not one of the choices")
        chosen[f.key] = picked if f.multi else value
    return make(chosen, scenario, runner)


def plan_cover(scenario):
    """Hours of use a dispatch sends by default: the reorder rule's ``cover_target`` (24 h when the plan has none)."""
    rule = scenario.plan.resupply
    return float(rule.cover_target) if rule is not None else 24.0


def nearest_depot(scenario, shelter_id, runner=None, item=None):
    """The depot a dispatch to *shelter_id* comes from: the reorder rule's first depot, else the
    nearest by road with trucks (and some *item*, if given) — with *runner*, over the roads
    open now — else the first with trucks."""
    depots = [d for d in scenario.depots if d.trucks]
    rule = scenario.plan.resupply
    if rule is not None and rule.depots != "nearest":
        listed = [d for d in depots if d.id in rule.depots]
        depots = sorted(listed, key=lambda d: rule.depots.index(d.id)) or depots
    elif runner is not None and depots:
        engine = runner.engine
        net = engine.network
        live = {d.id: d for d in engine.depots}
        hours = net.hours_to(DRIVE, engine.shelter_by_id[shelter_id].node, [live[d.id].node for d in depots])
        stocked = [(h, d) for h, d in zip(hours, depots) if item is None or live[d.id].stock.get(item, 0.0) > 0]
        depots = [d for _, d in sorted(stocked or zip(hours, depots), key=lambda p: p[0])]
    if not depots:
        return None
    return depots[0].id


def _num(h):
    return f"{h:g}"


# -- decision points ------------------------------------------------------------------------

@dataclass(frozen=True)
class DecisionOption:
    """One answer offered at a decision point."""

    label: dict  # {"zh", "en"}
    action: dict


def decision_options(exercise, point, runner=None):
    """The options of decision point *point*: its own, then one per target of the scenario for
    each kind in its ``options_from`` (every shelter for ``open_shelter`` — with *runner*,
    those closed and usable now — every zone for ``order_evacuation``)."""
    out = [DecisionOption(dict(o.label.model_dump()), o.do.model_dump(by_alias=True)) for o in point.options]
    taken = [o.action for o in out]
    for kind in getattr(point, "options_from", ()) or ():
        for action in _targets(exercise, kind, runner):
            if action not in taken:
                out.append(DecisionOption(said(action, exercise.scenario), action))
                taken.append(action)
    return tuple(out)


def _targets(exercise, kind, runner):
    """One action of *kind* per target the scenario offers (the form's first field's choices)."""
    fields_of, make = FORMS[kind]
    fields = fields_of(exercise.scenario, runner)
    if not fields:
        return []
    first = fields[0]
    out = []
    for c in first.choices:
        if c.value in ("all", "nearest"):
            continue
        values = {f.key: f.default for f in fields}
        values[first.key] = [c.value] if first.multi else c.value
        out.append(make(values, exercise.scenario, runner))
    return out


# -- the menu: concrete actions for a role now ---------------------------------------------------

@dataclass(frozen=True)
class MenuItem:
    """One line of a role's menu: a concrete action, and the duty it meets (if it is due)."""

    label: dict  # {"zh", "en"}
    action: dict
    kind: str
    duty: Duty | None = None
    option: int | None = None  # the index of a decision point's option


def due_items(runner, role):
    """A MenuItem for each duty of *role* that is due now and not yet done in full (the live
    verdict, training.msel), with the concrete action that meets it: the plan's own action,
    or for the reorder rule a dispatch from the nearest depot of what the rule asks."""
    from .msel import live_verdicts

    ex = runner.exercise
    wanted = {d.key: d for d in duties(ex, role)}
    out = []
    for v in live_verdicts(runner):
        duty = wanted.get(v.key)
        if duty is None or v.status == "full":
            continue
        action = concrete(runner, duty, v)
        if action is not None:
            out.append(MenuItem(_due_label(action, ex.scenario, v), action, action["action"], duty))
    return out


def _due_label(action, scenario, verdict):
    minutes = round(verdict.due_by * 60)
    by = f"T+{minutes // 60:02d}:{minutes % 60:02d}"
    reorder = verdict.source_id.startswith("resupply:")
    return {lang: texts(lang)(N_("{what} — {source}, due by {by}"), what=plain_action(action, scenario, lang), by=by,
                              source=texts(lang)(N_("the reorder rule")) if reorder else verdict.source_id)
            for lang in LANGS}


def concrete(runner, duty, verdict=None):
    """An action that meets *duty* in full now, or None when nothing is left to send."""
    action = dict(duty.action)
    if action["action"] != "dispatch":
        return action
    scenario = runner.exercise.scenario
    items = {}
    for item, asked in duty.action["items"].items():
        if asked == "any":
            units = _still_needed(runner, duty, item)
        else:
            units = float(asked) - _sent_since(runner, duty.shelter, item, -math.inf if duty.early else _start(runner, duty))
        if units > 1e-6:
            items[item] = float(math.ceil(units))
    if not items:
        return None
    depot = action.get("depot") or nearest_depot(scenario, duty.shelter, runner, next(iter(items)))
    return {"action": "dispatch", "depot": depot, "shelter": duty.shelter, "items": items}


def _start(runner, duty):
    if duty.source == "rule":
        return runner.rule_times.get(duty.source_id, math.inf)
    if duty.source == "inject":
        return next((d.t for d in runner.deliveries if d.inject.id == duty.source_id), math.inf)
    return runner.decisions.get(duty.source_id, (math.inf, None))[0]


def _still_needed(runner, duty, item):
    """Units of a reorder duty still to send: what the rule asked when it fell due (or a
    top-up to capacity on opening) less what the team has sent there since (before, for a
    top-up)."""
    if duty.start == "opening":
        return top_up_units(runner.exercise.scenario, duty.shelter, item) - _sent_since(runner, duty.shelter, item,
                                                                                       -math.inf)
    need = runner.needs.get(duty.source_id) or {}
    return float(need.get("units", 0.0)) - _sent_since(runner, duty.shelter, item, _start(runner, duty))


def _sent_since(runner, shelter, item, t0):
    return sum(float(a.action.get("items", {}).get(item, 0.0)) for a in runner.actions
               if a.accepted and a.action.get("action") == "dispatch" and a.action.get("shelter") == shelter
               and a.t >= t0 - 1e-6)


def offer_items(runner, role, kind=None):
    """Concrete MenuItems of the role's offers now, one per target of each kind (with the
    form's defaults for the other fields: every channel, everyone, the plan's hours of use,
    the nearest depot); only *kind*'s with *kind*."""
    ex = runner.exercise
    out = []
    for offer in offers(ex, role, runner):
        if kind is not None and offer.kind != kind:
            continue
        for action in _offer_actions(ex, offer, runner):
            out.append(MenuItem(said(action, ex.scenario), action, offer.kind))
    return out


def _offer_actions(ex, offer, runner):
    """The concrete actions of one offer: per target; dispatch per shelter in use (basic needs
    for the plan's hours, and each durable item it lacks up to capacity)."""
    s = ex.scenario
    if offer.kind == "dispatch":
        return _dispatch_actions(ex, runner)
    if offer.kind == "warn":
        return [{"action": "warn", "zones": "all", "channels": "all"}]
    if offer.kind == "order_evacuation":
        zones = offer.fields[0].values()
        return [{"action": "order_evacuation", "zone": z, "group": g, "channels": "all"}
                for z in zones for g in ("all", "assisted")]
    if offer.kind == "assign_shelter":
        plan = s.plan.assignments
        return [{"action": "assign_shelter", "zone": z.id, "shelters": list(plan[z.id])} for z in s.zones if plan.get(z.id)]
    return _targets(ex, offer.kind, runner)


def _dispatch_actions(ex, runner):
    s = ex.scenario
    out = []
    snap = runner.snapshot()
    hours = plan_cover(s)
    _consumable, durable = reorder_items(s)
    durable = durable or tuple(n for n, spec in s.relief.items.items() if spec.durable)
    for view in snap.shelters:
        if view.state == "closed" or not view.usable:
            continue
        shelter = s.shelter[view.id]
        depot = nearest_depot(s, view.id, runner)
        basic = {n: u for n, u in supplies(s, shelter, "basic", hours).items() if not s.relief.items[n].durable}
        if basic:
            out.append({"action": "dispatch", "depot": depot, "shelter": view.id, "items": basic})
        for name in durable:
            lack = top_up_units(s, view.id, name) - _sent_since(runner, view.id, name, -math.inf)
            if lack > 1e-6:
                out.append({"action": "dispatch", "depot": nearest_depot(s, view.id, runner, name), "shelter": view.id,
                            "items": {name: float(math.ceil(lack))}})
    return out


@dataclass(frozen=True)
class Menu:
    """A role's menu now: decision options, what is due, then the offers; long kinds folded."""

    items: tuple  # MenuItem, ... (numbered from 1 in this order)
    folded: tuple = field(default_factory=tuple)  # (kind, label pair, how many), ... listed by ``menu KIND``


def menu(runner, role, kind=None):
    """The Menu of *role* now: the pending decision point's options (when the role is one it
    asks), the role's duties due now with the actions that meet them, then one item per
    target of each offer — a kind with more than MENU_MAX targets folded into one line for a
    post with many kinds of action (a specialist post, listing one or two, sees them all),
    unless *kind* asks for that kind alone."""
    ex = runner.exercise
    if kind is not None:
        return Menu(tuple(offer_items(runner, role, kind)))
    items = []
    point = runner.pending_decision
    if point is not None:
        for i, o in enumerate(decision_options(ex, point, runner)):
            if may(ex, role, o.action["action"]):
                items.append(MenuItem(o.label, o.action, o.action["action"], option=i))
    taken = [i.action for i in items]
    for item in due_items(runner, role):
        if item.action in taken:  # a decision option that meets a duty: say so on the option
            i = taken.index(item.action)
            if items[i].duty is None:
                items[i] = MenuItem(items[i].label, items[i].action, items[i].kind, item.duty, items[i].option)
            continue
        items.append(item)
        taken.append(item.action)
    folded = []
    listed = ex.roles[role].actions if role in ex.roles else "all"
    for offer in offers(ex, role, runner):
        more = [i for i in offer_items(runner, role, offer.kind) if i.action not in taken]
        if len(more) > MENU_MAX and (listed == "all" or len(listed) > 2):  # a specialist post sees its whole list
            folded.append((offer.kind, offer.label, len(more)))
        else:
            items += more
            taken += [i.action for i in more]
    return Menu(tuple(items), tuple(folded))


# -- the evaluator's form: every duty, numbered, under its objective -------------------------------

@dataclass(frozen=True)
class FormLine:
    """One line of the evaluator's form (and of ``stormdrill evaluate``): duty number *n*."""

    n: int
    duty: Duty
    objective: str | None  # the objective and critical task it is judged under, or None (other duties)
    task: str | None


def in_task(duty, task):
    """*duty* is one of the expected actions a critical task names (as training.scoring counts them)."""
    if duty.source == "rule":
        return duty.source_id in task.rules or ("resupply" in task.rules and duty.source_id.startswith("resupply:"))
    return duty.source_id in task.injects


def evaluation_form(exercise):
    """Every duty of the exercise, each once, numbered from 1 in the order of the evaluator's
    form: under the first objective and critical task that names it, then the duties no
    task names. ``stormdrill evaluate`` numbers its verdicts the same way, so item 12 on
    paper is item 12 at the keyboard."""
    rest = list(duties(exercise))
    placed = []
    for obj in exercise.spec.objectives:
        for task in obj.tasks:
            mine = [d for d in rest if in_task(d, task)]
            placed += [(d, obj.id, task.id) for d in mine]
            rest = [d for d in rest if not in_task(d, task)]
    placed += [(d, None, None) for d in rest]
    return tuple(FormLine(n, d, o, t) for n, (d, o, t) in enumerate(placed, 1))


def form_numbers(exercise):
    """Duty key -> its number on the evaluator's form."""
    return {line.duty.key: line.n for line in evaluation_form(exercise)}
