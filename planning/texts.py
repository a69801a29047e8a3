"""Every sentence the stock test and the reserve check show, from the message catalogue.

``lines(answer, lang)`` and ``reserve_lines(check, scenario, lang)`` give the plain sentences
that the terminal, the HTML page and the purchase list share, so the three never disagree.
*lang* is "zh", "en" or None (the one rule, ``messages.choose``); the words live in
messages/locale/zh/LC_MESSAGES/planning.po.
"""
import math

from messages import N_, texts

ITEM_WORDS = {"water_l": N_("water"), "food": N_("food"), "bedding": N_("bedding"),
              "medical": N_("medical supplies")}
"""What a purchase list calls each default item."""
MODEL_UNITS = {"L": N_("L"), "day ration (2,100 kcal)": N_("day rations"), "set": N_("sets"),
               "consultation kit": N_("kits")}
"""The model's units as a list shows them (a scenario's own unit is shown as written)."""
MODEL_UNIT_ONE = {"L": N_("L"), "day ration (2,100 kcal)": N_("day ration"), "set": N_("set"),
                  "consultation kit": N_("kit")}
"""The same, for one unit."""
CAUSES = {
    "left_in_danger": N_("evacuation: {people:,} people left in danger at home ({where}): warn and order them out "
                         "earlier, door to door"),
    "no_place": N_("places: {people:,} people over the shelters' capacity ({where}): add places or send them "
                   "elsewhere"),
    "not_arrived": N_("time: {people:,} people could not reach a shelter before onset + target ({where}): move "
                      "earlier"),
    "no_first_ration": N_("trucks: {people:,} people had no first ration of {item} at the deadline ({where}): "
                          "deliveries do not reach them"),
    "cut_off": N_("trucks: {item} ran out before the relief window ended ({where}): more trucks or a nearer "
                  "reserve"),
    "fails_with_ample_stock": N_("the target fails even with ample stock"),
}
"""What stock cannot fix, reason by reason, and what can."""


def item_name(name, lang=None):
    """An item as a purchase list names it; other items go by their id."""
    return texts(lang)(ITEM_WORDS[name]) if name in ITEM_WORDS else name


def model_unit(unit, lang=None, count=2):
    """A model unit (``L``, ``day rations``) in *lang*; *count* 1 for the singular."""
    table = MODEL_UNIT_ONE if count == 1 else MODEL_UNITS
    return texts(lang)(table[unit]) if unit in table else unit


def unit_name(purchase, lang=None, count=1):
    """A purchase unit for *count* of them: ``箱`` / ``cases``."""
    return purchase.label(texts(lang), count)


def pct(p):
    return "—" if p is None or (isinstance(p, float) and math.isnan(p)) else f"{p:.0%}"


def num(x):
    """A stock in model units, without needless decimals."""
    return f"{x:,.0f}" if abs(x - round(x)) < 0.05 or abs(x) >= 100 else f"{x:,.1f}"


def part(item, count, purchase, model, lang=None):
    """``38 cases of water (498 L)`` / ``饮用水 38 箱（498 升）``; the model units left out
    when the purchase unit is one model unit."""
    _ = texts(lang)
    text = _("{n:,} {unit} of {item}", n=count, unit=unit_name(purchase, lang, count), item=item_name(item, lang))
    if abs(purchase.size - 1) > 1e-9:
        text = _.paren(text, f"{num(count * purchase.size)} {model_unit(model, lang)}")
    return text


def question_text(answer, lang=None):
    _ = texts(lang)
    if answer.question == "hold_out" and answer.hold_out_h is None:
        return _("hold out until the first resupply could arrive")
    if answer.question == "hold_out":
        return _("hold out {h:g} h with the depots cut off", h=answer.hold_out_h)
    if answer.question == "no_resupply":
        return _("no resupply (depots cut off)")
    return _("as planned (with the plan's resupply)")


def shelter_name(need, lang=None):
    """A Need's shelter name in *lang* (each name falls back to the other)."""
    return texts(lang).name(_Named(need.shelter_name, need.shelter_name_zh), need.shelter)


class _Named:
    def __init__(self, name, name_zh):
        self.name, self.name_zh = name, name_zh


def cut_text(answer, lang=None):
    """What the requirement is read over: before resupply, in the hold-out, in the window."""
    _ = texts(lang)
    if answer.question == "no_resupply":
        return _("until the relief window ended")
    if answer.question == "hold_out" and answer.hold_out_h:
        return _("in a {h:g}-hour hold-out (for the most people present at once)", h=answer.hold_out_h)
    return _("before the first resupply could reach it")


def method_line(answer, lang=None):
    """How the requirement was read and allocated (planning/allocate.py states the rule)."""
    _ = texts(lang)
    shelters = sorted({n.shelter for n in answer.needs if n.risk is not None})
    risks = [n.risk for n in answer.needs if n.risk is not None]
    if answer.ample_is_now:
        return _("Method: as planned, the stock held now is checked first, on {v} fresh runs; it held in every one, "
                 "so no shelter needs more and no batch with ample stock is played (these runs stand for it).",
                 v=answer.now.runs)
    text = _("Method: one batch of {reps} runs with ample stock records what each shelter's people draw {cut}.",
             reps=answer.replications, cut=cut_text(answer, lang))
    if not shelters:
        return text
    fields = dict(n=len(shelters), conf=pct(answer.confidence), spare=pct1(1 - answer.confidence),
                  risk=pct1(min(risks)), most=pct1(max(risks)))
    if answer.rule == "cheapest":
        rule = _("Allocation (cheapest): the {spare} of storms allowed to fail is shared among the {n} shelters that "
                 "need stock in proportion to what a margin costs there (price × the spread of its largest draws), "
                 "from {risk} to {most} each, so that all hold at once in at least {conf} of storms (union bound) "
                 "at the least cost.", **fields)
    else:
        rule = _("Allocation (equal risk): each of the {n} shelters that need stock may run short in at most {risk} "
                 "of storms ({spare} shared equally), so that all hold at once in at least {conf} of storms (union "
                 "bound).", **fields)
    how = _("A shelter's level for its chance is read from its own draws: beyond the largest seen, an exponential "
            "tail fitted to its top quarter (a margin in proportion to its own spread); never more than a full "
            "shelter uses. Fresh runs, never used to choose, check the result.")
    return " ".join((text, rule, how))


def pct_ci(p):
    """A verified share or an interval's end, to a tenth of a percent (95.0 % is not 94.96 %)."""
    return "—" if p is None or (isinstance(p, float) and math.isnan(p)) else f"{math.floor(p * 1000 + 1e-9) / 10:.1f}%"


def pct1(p):
    """A small share with the precision it needs: ``0.3%``, ``5%``."""
    return pct(p) if p >= 0.1 else f"{p:.2%}" if p < 0.001 else f"{p:.1%}"


def verified_line(answer, lang=None):
    """The last fresh-seed check of the recommendation, and what it shows against p."""
    _ = texts(lang)
    v = answer.verification
    lo, hi = v.interval
    fields = dict(v=v.runs, n=v.passed, a=v.first_replication, b=v.last_replication, p=pct_ci(v.p), lo=pct_ci(lo),
                  hi=pct_ci(hi), conf=pct(answer.confidence))
    if answer.question == "hold_out":
        text = _("Verified on {v} fresh runs (replications {a}–{b}): every shelter held out in {n} of {v}, {p} (95 % "
                 "interval {lo}–{hi}); asked for {conf}.", **fields)
    else:
        text = _("Verified on {v} fresh runs (replications {a}–{b}): the stock held in {n} of {v}, {p} (95 % "
                 "interval {lo}–{hi}); asked for {conf}.", **fields)
    return text + " " + judgement(answer, lang)


def judgement(answer, lang=None):
    """Meets (the interval's lower end reaches p), falls short (its upper end is below p), or
    not settled, with the runs that would settle it."""
    _ = texts(lang)
    lo, hi = answer.verification.interval
    fields = dict(conf=pct(answer.confidence), lo=pct_ci(lo), hi=pct_ci(hi), more=answer.settle)
    if answer.met:
        text = _("It meets {conf}: the interval's lower end, {lo}, reaches it.", **fields)
    elif answer.short:
        text = _("It falls short of {conf}: even the interval's upper end, {hi}, is below it.", **fields)
    elif answer.settle is None:
        text = _("Not shown: the interval {lo}–{hi} still holds {conf}, and more runs at this share would not "
                 "settle it.", **fields)
    else:
        text = _("Not shown: the interval {lo}–{hi} still holds {conf}; about {more:,} more fresh runs at this share "
                 "would settle it (--settle plays them).", **fields)
    if answer.settled:
        text += " " + _("{n:,} of these runs were played to settle it.", n=answer.settled)
    return text


def add_lines(answer, lang=None, needs=None):
    """One sentence per shelter with something to buy, in scenario order (*needs*: another
    list than the answer's)."""
    _ = texts(lang)
    out = []
    by_shelter = {}
    for n in answer.needs if needs is None else needs:
        if n.add > 0:
            by_shelter.setdefault(n.shelter, []).append(n)
    for sid, needs in by_shelter.items():
        parts = [part(n.item, n.add, n.purchase, answer.scenario.relief.items[n.item].unit, lang) for n in needs]
        text = _("{shelter} {name}: add {parts}", shelter=sid, name=shelter_name(needs[0], lang), parts=_.join(parts))
        text += _(" — {kg:,.0f} kg", kg=sum(n.add_kg for n in needs))
        costs = [n.add_cost for n in needs if n.add_cost is not None]
        if costs:
            text += _(", ¥{cost:,.0f}", cost=sum(costs))
        out.append(text)
    return out


def total_line(answer, lang=None):
    _ = texts(lang)
    parts = []
    relief = answer.scenario.relief
    for item, (count, units, kg, cost) in answer.totals().items():
        if count:
            text = part(item, count, answer.purchase[item], relief.items[item].unit, lang)
            text += _(" — {kg:,.0f} kg", kg=kg) + (_(", ¥{cost:,.0f}", cost=cost) if cost is not None else "")
            parts.append(text)
    if not parts:
        return _("Every shelter already holds enough: nothing to buy.")
    return _("In all: {parts}", parts=_.join(parts, _("; ")))


def surplus_line(answer, lang=None):
    _ = texts(lang)
    relief = answer.scenario.relief
    held = {}
    for n in answer.needs:
        if n.surplus >= 1:
            held[n.item] = held.get(n.item, 0.0) + n.surplus
    parts = [_("{units} {model} of {item}", item=item_name(item, lang), units=num(units),
               model=model_unit(relief.items[item].unit, lang)) for item, units in held.items()]
    shelters = len({n.shelter for n in answer.needs if n.surplus >= 1})
    if not parts:
        return ""
    return _("Surplus (information only; never remove stock): {parts} held beyond the need at {n} shelter(s); see "
             "the table", n=shelters, parts=_.join(parts))


def cause_line(cause, lang=None):
    _ = texts(lang)
    where = ", ".join(cause.where) or "—"
    item = item_name(cause.item, lang) if cause.item else ""
    text = _(CAUSES[cause.code], people=cause.people, where=where, item=item) if cause.code in CAUSES else cause.code
    return text + _(" (in {share} of runs)", share=pct(cause.share))


def cost_lines(answer, lang=None):
    """What the list costs, shelter by shelter in the table and in all here; the budget."""
    _ = texts(lang)
    if not any(n.add for n in answer.needs):
        return []
    cost = answer.cost()
    if cost is None:
        return [_("No cost: an item to buy has no price; give a prices file (--prices).")]
    shelters = len({n.shelter for n in answer.needs if n.add})
    out = [_("Cost of the list: ¥{cost:,.0f} at {n} shelter(s) (unit prices and their sources below).", cost=cost,
             n=shelters)]
    if answer.budget is not None:
        out += budget_lines(answer, lang)
    return out


def budget_lines(answer, lang=None):
    """The budget: within it, or what it buys and how often that holds."""
    _ = texts(lang)
    b = answer.budget
    full = answer.cost() or 0.0
    if full <= b.amount + 1e-6:
        return [_("Budget ¥{amount:,.0f}: the list costs ¥{cost:,.0f}, within it.", amount=b.amount, cost=full)]
    if b.needs is answer.needs:
        return [_("Budget ¥{amount:,.0f}: the list costs ¥{cost:,.0f}; without a price for every item no list within "
                  "the budget can be chosen (give --prices).", amount=b.amount, cost=full)]
    if b.needs is None:
        return [_("Budget ¥{amount:,.0f}: the list costs ¥{cost:,.0f}; even the mildest storm seen draws more than the "
                  "budget buys, so no list within it is offered.", amount=b.amount, cost=full)]
    v = b.check
    lo, hi = v.interval
    out = [_("Budget ¥{amount:,.0f}: the list above costs ¥{full:,.0f}, ¥{over:,.0f} more. What the budget buys (the "
             "same cheapest split, every shelter's chance scaled up) costs ¥{cost:,.0f}; it held in {n} of {v} fresh "
             "runs, {p} (95 % interval {lo}–{hi}).", amount=b.amount,
             full=full, over=full - b.amount, cost=b.cost, n=v.passed, v=v.runs, p=pct_ci(v.p), lo=pct_ci(lo),
             hi=pct_ci(hi))]
    if b.bound > 0:
        out[0] += " " + _("The union bound promises at least {bound}.", bound=pct_ci(b.bound))
    out += ["  " + _("Within the budget: {line}", line=x) for x in add_lines(answer, lang, b.needs)]
    return out


def stockout_line(answer, lang=None):
    """How soon today's stock runs out: how many shelters run out in at least half the
    storms, and which runs out first (median hours after onset)."""
    _ = texts(lang)
    outs = [o for o in answer.stockouts.values() if o.median_h is not None]
    if not outs:
        return _("Time to stock-out with the stock held now: no shelter ran out in the runs.")
    often = len({o.shelter for o in outs if o.share >= 0.5})
    soon = min(outs, key=lambda o: (o.median_h, -o.share, o.shelter, o.item))
    need = next(n for n in answer.needs if n.shelter == soon.shelter and n.item == soon.item)
    return _("Time to stock-out with the stock held now: {often} shelter(s) run out of something in at least half the "
             "runs; the first is {shelter} {name}, {item} at {h:+.1f} h after onset (median, in {share} of runs). "
             "Each shelter and item: the table and the map.", often=often, shelter=soon.shelter,
             name=shelter_name(need, lang), item=item_name(soon.item, lang), h=soon.median_h, share=pct(soon.share))


def _why_lines(answer, lang):
    """The judgement, the ample-stock figures and, when stock cannot buy the target, why."""
    _ = texts(lang)
    out = [_("A run counts as the stock holding when nobody lacks a first ration of {items} and nobody is cut off "
             "from them before the relief window ends (no no_first_ration or cut_off reason in the relief verdict).",
             items=_.join(item_name(i, lang) for i in answer.items))]
    pv = answer.ample_verdict.p if answer.ample_verdict is not None else answer.ample.p
    if answer.nothing_to_judge:
        out.append(_("Nobody needed relief in any run: the relief verdict has nothing to judge (neither PASS nor "
                     "FAIL), and the stock held in {p} of the runs.", p=pct(answer.ample.p)))
    elif answer.ample_is_now:
        out.append(_("With the stock held now the stock held in every run; the whole relief verdict passes in {pv}.",
                     pv=pct(pv)))
    else:
        out.append(_("With ample stock: the stock holds in {p} of the runs; the whole relief verdict passes in {pv}.",
                     p=pct(answer.ample.p), pv=pct(pv)))
    if not answer.buyable:
        out.append(_("Even with ample stock the stock holds in only {p} of the runs. Why:", p=pct(answer.ample.p)))
    if not answer.buyable or not answer.verdict_fixable_by_stock:
        if answer.buyable:
            out.append(_("The relief verdict still fails for reasons stock cannot fix; what can:"))
        out += ["  - " + _("places: {town} sends {demand:,} people to public shelters but has {places:,} places "
                           "({gap:,} short)", town=t, demand=d, places=c, gap=d - c)
                for t, (d, c) in answer.short_places.items()]
        out += ["  - " + cause_line(c, lang) for c in answer.causes]
    return out


def now_line(answer, lang=None):
    _ = texts(lang)
    lo, hi = answer.now.interval
    fields = dict(v=answer.now.runs, p=pct(answer.now.p), lo=pct(lo), hi=pct(hi))
    if answer.question == "hold_out":
        return _("With the stock held now: every shelter held out in {p} of {v} fresh runs (95 % interval "
                 "{lo}–{hi}).", **fields)
    if answer.question == "planned":
        return _("With the stock held now: the stock held in {p} of {v} fresh runs (95 % interval {lo}–{hi}); only "
                 "shelters whose stock failed somebody there get more.", **fields)
    return _("With the stock held now: the stock held in {p} of {v} fresh runs (95 % interval {lo}–{hi}).", **fields)


def lines(answer, lang=None, seconds=None, shelters=True):
    """The whole answer as sentences, in reading order (``shelters=False``: without the
    line per shelter, which a page lists apart)."""
    _ = texts(lang)
    out = [_("Question: {question}", question=question_text(answer, lang)), method_line(answer, lang)]
    if answer.question != "hold_out":
        out += _why_lines(answer, lang)
    if shelters:
        out += add_lines(answer, lang)
    out.append(total_line(answer, lang))
    out += cost_lines(answer, lang)
    if answer.stockouts:
        out.append(stockout_line(answer, lang))
    if answer.now is not None:
        out.append(now_line(answer, lang))
    verified = verified_line(answer, lang)
    check = answer.verification
    if check.verdict_p is not None and not answer.nothing_to_judge:
        if check.judged < check.runs:  # a run where nobody needed relief is neither passed nor failed
            verified += " " + _("The whole relief verdict passed in {p} of the {judged} runs where someone needed "
                                "relief ({none} had nobody to judge).", p=pct(check.verdict_p), judged=check.judged,
                                none=check.runs - check.judged)
        else:
            verified += " " + _("The whole relief verdict passed in {p}.", p=pct(check.verdict_p))
    out.append(verified)
    if answer.rounds:
        out.append(_("{n} correction round(s): the shelters that ran short in a check were given a tenth of their "
                     "chance of running short and checked again on new fresh seeds; the figure above is the last "
                     "check.", n=answer.rounds))
    surplus = surplus_line(answer, lang)
    if surplus:
        out.append(surplus)
    out.append(_("{runs:,} simulations", runs=answer.runs) if seconds is None else
               _("{runs:,} simulations in {secs:.1f} s", runs=answer.runs, secs=seconds))
    out.append(_("Runs used: replications 0–{last} of seed {seed}; an independent check starts at replication "
                 "{next}.", last=answer.last_replication, seed=answer.seed, next=answer.last_replication + 1))
    return out


def unit_lines(units, relief, lang=None, prices=None):
    """The conversions used and the prices with their sources: one line per item."""
    _ = texts(lang)
    prices = prices or {}
    out = [_("Purchase units (typical, unverified, overridable in the scenario) and unit prices:")]
    for name, u in units.items():
        price = ""
        if u.price_cny is not None:
            source = prices[name].source if name in prices else ""
            price = _(", ¥{p:g}", p=u.price_cny) + (" " + _.paren("", _(source)).strip() if source else "")
        note = u.describe(_)
        unit = _.paren(unit_name(u, lang), note) if note else unit_name(u, lang)
        model = model_unit(relief.items[name].unit, lang, count=u.size)
        out.append(_("{item}: 1 {unit} = {size:g} {model}, {kg:g} kg{price}", item=item_name(name, lang), unit=unit,
                     size=u.size, model=model, kg=round(u.kg, 2), price=price))
    return out


def reserve_lines(check, scenario, lang=None):
    """The reserve block: the two largest townships, covered or not, what limits and what to add."""
    _ = texts(lang)
    relief = scenario.relief
    if not check.depots:
        return [_("District reserve: the scenario has no district depot, so it supplies no township (rule: at least "
                  "{rule}).", rule=check.rule)]
    depots = _.join(depot_label(scenario, d, lang) for d in check.depots)
    towns = _both([_town(scenario, t, lang) for t in check.largest], _)
    covers = _("it covers them at once") if check.covers_largest else _("it does NOT cover them at once")
    if len(check.largest) > 1:
        out = [_("District reserve ({depots}): the two townships with the largest need are {towns}; {covers}.",
                 depots=depots, towns=towns, covers=covers)]
    else:
        out = [_("District reserve ({depots}): the scenario has one township ({towns}); {covers}.",
                 depots=depots, towns=towns, covers=covers)]
    limit = check.limiting
    if limit is not None:
        out.append(_add(limit, relief, lang))
        costs = [c.add_cost for c in check.items if c.shortfall > 1e-9]
        if costs and None not in costs:
            out.append(_("What the reserve lacks costs ¥{cost:,.0f}.", cost=sum(costs)))
        others = [c for c in check.items if c.shortfall > 1e-9 and c is not limit]
        if others:
            out.append(_("Also add: {parts}.", parts=_.join(_part(c, relief, lang) for c in others)))
    n = _("unlimited") if math.isinf(check.townships) else f"{check.townships:g}"
    ok = _("the rule is met") if check.meets_rule else _("the rule is NOT met")
    out.append(_("It supplies {n} township(s) of any size at once (rule: at least {rule}) — {ok}.", n=n,
                 rule=check.rule, ok=ok))
    if check.planned:
        covers = _("it covers them at once") if check.covers_planned else _("it does NOT cover them at once")
        out.append(_("Townships the plan asks the reserve for: {towns}; {covers}.",
                     towns=_both([_town(scenario, t, lang) for t in check.planned], _), covers=covers))
    return out


def _both(names, _):
    """``A and B`` for two names, else the names as a list."""
    return _("{first} and {second}", first=names[0], second=names[1]) if len(names) == 2 else _.join(names)


def depot_label(scenario, ident, lang=None):
    """``DR 区应急物资储备库``: a depot's id with its name in *lang*, when the scenario names it."""
    depot = next((d for d in scenario.depots if d.id == ident), None)
    name = "" if depot is None else texts(lang).name(depot, "")
    return f"{ident} {name}" if name else ident


def _town(scenario, ident, lang):
    """``T01 城关街道``: a township's id with its name in *lang*, when the scenario names it."""
    spec = getattr(scenario, "township", {}).get(ident)
    name = "" if spec is None else texts(lang).name(spec, "")
    return f"{ident} {name}" if name else ident


def _add(c, relief, lang):
    _ = texts(lang)
    u = c.purchase
    text = _("Limited by {item}: add {add:,} {unit}", item=item_name(c.item, lang), add=c.add,
             unit=unit_name(u, lang, c.add))
    if abs(u.size - 1) > 1e-9:
        text = _.paren(text, f"{num(c.add * u.size)} {model_unit(relief.items[c.item].unit, lang)}")
    return text + _(", {kg:,.0f} kg.", kg=c.add * u.kg)


def _part(c, relief, lang):
    return part(c.item, c.add, c.purchase, relief.items[c.item].unit, lang)


STAGES = {"batch": N_("batch with ample stock"), "now": N_("checking the stock held now"),
          "verify": N_("verifying with fresh seeds"), "correct": N_("verifying the correction"),
          "settle": N_("more fresh runs to settle the check"),
          "budget": N_("checking what the budget buys")}
"""The stock test's stages, as its progress bar names them."""


def stage_label(name, lang=None):
    return texts(lang)(STAGES[name])


def wrote_line(paths, lang=None):
    """``wrote a, b`` / ``已写入 a、b``."""
    _ = texts(lang)
    return _("wrote {files}", files=_.join(str(p) for p in paths))
