"""Every sentence the stock test and the reserve check show, in Chinese and English.

``lines(answer, lang)`` and ``reserve_lines(check, scenario, lang)`` give the plain sentences that the
terminal, the HTML page and the purchase list share, so the three never disagree.
"""
import math

from sim.relief import item_word

LANGS = ("zh", "en")

ITEM_EN = {"medical": "medical supplies"}
"""Where a purchase list names an item otherwise than sim.relief.ITEM_WORDS does."""
MODEL_UNIT = {
    "L": ("升", "L"),
    "day ration (2,100 kcal)": ("日份口粮", "day rations"),
    "set": ("套", "sets"),
    "consultation kit": ("个", "kits"),
}
QUESTION = {
    "planned": ("按预案补给", "as planned (with the plan's resupply)"),
    "hold_out": ("断供坚守 {h:g} 小时", "hold out {h:g} h with the depots cut off"),
    "hold_out_resupply": ("坚守到首批补给到达", "hold out until the first resupply could arrive"),
    "no_resupply": ("无补给", "no resupply (depots cut off)"),
}
CAUSE = {
    "left_in_danger": ("转移：{people:,} 人滞留危险区域未转移（{where}），需更早预警、逐户动员",
                       "evacuation: {people:,} people left in danger at home ({where}): warn and order them out earlier, "
                       "door to door"),
    "no_place": ("场所：{people:,} 人没有避灾点位置（{where}），需增加场所或转移到别处",
                 "places: {people:,} people over the shelters' capacity ({where}): add places or send them elsewhere"),
    "not_arrived": ("时间：{people:,} 人在期限前未到达避灾点（{where}），需提前转移",
                    "time: {people:,} people could not reach a shelter before onset + target ({where}): move earlier"),
    "no_first_ration": ("车辆：{people:,} 人在期限时未领到首份{item}（{where}），物资送不到",
                        "trucks: {people:,} people had no first ration of {item} at the deadline ({where}): deliveries do not reach them"),
    "cut_off": ("车辆：{item}在救助期结束前断供（{where}），需更多车辆或更近的储备",
                "trucks: {item} ran out before the relief window ended ({where}): more trucks or a nearer reserve"),
    "fails_with_ample_stock": ("即使物资充足也未达标", "the target fails even with ample stock"),
}
WORDS = {
    "title": ("避灾点物资压力测试", "Shelter stock stress test"),
    "question": ("问题", "Question"),
    "method": ("方法：先用充足物资运行 {reps} 次，记录每个避灾点的人数与领用；每个避灾点的需求取各次运行中{cut}的领用量，"
               "所有避灾点共用同一分位（{reps} 次中第 {k} 小），使 {inside} 的运行中所有避灾点同时够用；再用 {v} 次新种子复核。",
               "Method: one batch of {reps} runs with ample stock records each shelter's occupancy and draws; each shelter's "
               "requirement is what its people drew {cut}, at one quantile shared by all shelters (order statistic {k} "
               "of {reps}), so that every shelter's stock holds at once in {inside} of the runs; then {v} runs with fresh seeds "
               "check it."),
    "cut_planned": ("首批补给到达前", "before the first resupply could reach it"),
    "cut_hold_out": ("在 {h:g} 小时坚守期内（按最多同时在场人数）", "in a {h:g}-hour hold-out (for the most people present at once)"),
    "cut_no_resupply": ("在救助期结束前", "until the relief window ended"),
    "verified": ("复核：{v} 次新种子运行中 {p} 物资达标（95% 区间 {lo}–{hi}），要求 {conf}。",
                 "Verified with {v} fresh runs: the stock held in {p} (95 % interval {lo}–{hi}); asked for {conf}."),
    "verdict_p": ("救助结论（全部原因）通过 {p}。", "The whole relief verdict passed in {p}."),
    "judged": ("判定：一次运行中没有人缺少{items}的首份配给，也没有人在救助期结束前断供（救助结论中无“未领到首份”“断供”原因），即为物资达标。",
               "A run counts as the stock holding when nobody lacks a first ration of {items} and nobody is cut off "
               "from them before the relief window ends (no no_first_ration or cut_off reason in the relief verdict)."),
    "ample2": ("物资充足时：物资达标 {p}；救助结论（全部原因）通过 {pv}。",
               "With ample stock: the stock holds in {p} of the runs; the whole relief verdict passes in {pv}."),
    "other_reasons": ("救助结论仍不通过的原因不是物资，需要别的办法：", "The relief verdict still fails for reasons stock cannot fix; what can:"),
    "verified_hold": ("复核：{v} 次新种子运行中 {p} 的运行所有避灾点都能坚守（95% 区间 {lo}–{hi}），要求 {conf}。",
                      "Verified with {v} fresh runs: every shelter held out in {p} (95 % interval {lo}–{hi}); asked for {conf}."),
    "now": ("现有储备：{v} 次新种子运行中 {p} 物资达标（95% 区间 {lo}–{hi}）。",
            "With the stock held now: the stock held in {p} of {v} fresh runs (95 % interval {lo}–{hi})."),
    "now_planned": ("现有储备：{v} 次新种子运行中 {p} 物资达标（95% 区间 {lo}–{hi}）；其中缺物资的避灾点才需补充。",
                    "With the stock held now: the stock held in {p} of {v} fresh runs (95 % interval {lo}–{hi}); "
                    "only shelters whose stock failed somebody there get more."),
    "now_hold": ("现有储备：{v} 次新种子运行中 {p} 的运行所有避灾点都能坚守（95% 区间 {lo}–{hi}）。",
                 "With the stock held now: every shelter held out in {p} of {v} fresh runs (95 % interval {lo}–{hi})."),
    "met": ("建议储备达到要求。", "The recommended stock reaches the asked probability."),
    "not_met": ("建议储备未达到要求的概率。", "The recommended stock does not reach the asked probability."),
    "rounds": ("校正 {n} 轮：断供的避灾点提高到整个救助期的需求（仍不足则按满员计）。",
               "{n} correction round(s): shelters that ran out were raised to their need for the whole relief window "
               "(then to a full shelter's)."),
    "rounds_hold": ("校正 {n} 轮：坚守不足的避灾点提高到已见最大需求，仍不足则需求有变化的避灾点均按满员计。",
                    "{n} correction round(s): shelters that fell short were raised to the largest need seen, then every "
                    "shelter whose need varies to a full shelter's."),
    "places": ("场所不足：{town} 有 {demand:,} 人前往公共避灾点，只有 {places:,} 个位置（缺 {gap:,} 个）",
               "places: {town} sends {demand:,} people to public shelters but has {places:,} places ({gap:,} short)"),
    "ample": ("物资充足时达标比例：{p}。", "With ample stock the target holds in {p} of the runs."),
    "unbuyable": ("即使物资充足，物资也只在 {p} 的运行中达标。原因：",
                  "Even with ample stock the stock holds in only {p} of the runs. Why:"),
    "nothing": ("所有避灾点现有储备已足够，无需补充。", "Every shelter already holds enough: nothing to buy."),
    "add_line": ("{shelter} {name}：补充 {parts}", "{shelter} {name}: add {parts}"),
    "part": ("{item} {n:,} {unit}{paren}", "{n:,} {unit} of {item}{paren}"),
    "weight_cost": ("，重 {kg:,.0f} 千克", " — {kg:,.0f} kg"),
    "cost": ("，约 {cost:,.0f} 元", ", ¥{cost:,.0f}"),
    "total": ("合计：{parts}", "In all: {parts}"),
    "surplus": ("富余（仅供参考，不建议减少）：{n} 个避灾点共 {parts}，明细见表",
                "Surplus (information only; never remove stock): {parts} held beyond the need at {n} shelter(s); "
                "see the table"),
    "surplus_part": ("{item} {units} {model}", "{units} {model} of {item}"),
    "runs": ("共 {runs:,} 次模拟{secs}", "{runs:,} simulations{secs}"),
    "reserve": ("区级储备", "District reserve"),
    "no_depot": ("区级储备：本情景没有区级储备库，不能保障任何镇街（规定：至少 {rule} 个）。",
                 "District reserve: the scenario has no district depot, so it supplies no township (rule: at least {rule})."),
    "one_town": ("区级储备（{depots}）：本情景只有一个镇街（{towns}），{covers}。",
                 "District reserve ({depots}): the scenario has one township ({towns}); {covers}."),
    "two_towns": ("区级储备（{depots}）：需求最大的两个镇街是 {towns}，{covers}。",
                  "District reserve ({depots}): the two townships with the largest need are {towns}; {covers}."),
    "covers": ("可同时保障", "it covers them at once"),
    "not_covers": ("不能同时保障", "it does NOT cover them at once"),
    "limit": ("限制物资：{item}，需补充 {add:,} {unit}{paren}，{kg:,.0f} 千克。",
              "Limited by {item}: add {add:,} {unit}{paren}, {kg:,.0f} kg."),
    "also": ("另需补充：{parts}。", "Also add: {parts}."),
    "any_towns": ("任意规模可同时保障 {n} 个镇街（规定：至少 {rule} 个）—{ok}。",
                  "It supplies {n} township(s) of any size at once (rule: at least {rule}) — {ok}."),
    "rule_met": ("达到", "met"),
    "rule_not_met": ("未达到", "NOT met"),
    "unlimited": ("不限", "unlimited"),
    "planned_towns": ("预案请求区级储备的镇街：{towns}，{covers}。",
                      "Townships the plan asks the reserve for: {towns}; {covers}."),
    "with_units": ("单位换算（未经核实的典型值，可在情景中修改）：", "Purchase units (typical, unverified, overridable in the scenario):"),
    "unit_line": ("{item}：1 {unit}{note} = {size:g} {model}，{kg:g} 千克{price}",
                  "{item}: 1 {unit}{note} = {size:g} {model}, {kg:g} kg{price}"),
    "price": ("，{p:g} 元", ", ¥{p:g}"),
}


def w(key, lang, **kw):
    """The sentence *key* in *lang* with *kw* filled in."""
    text = WORDS[key][LANGS.index(lang)]
    return text.format(**kw) if kw else text


def item_name(name, lang):
    return ITEM_EN[name] if lang == "en" and name in ITEM_EN else item_word(name, lang)


def model_unit(unit, lang):
    return MODEL_UNIT.get(unit, (unit, unit))[LANGS.index(lang)]


def unit_name(purchase, lang, count=1):
    return purchase.name_zh if lang == "zh" else purchase.plural(count)


def part(item, count, purchase, model, lang):
    """``38 cases of water (498 L)`` / ``饮用水 38 箱（498 升）``; the model units left out
    when the purchase unit is one model unit."""
    paren = ""
    if abs(purchase.size - 1) > 1e-9:
        units = f"{num(count * purchase.size)} {model_unit(model, lang)}"
        paren = f"（{units}）" if lang == "zh" else f" ({units})"
    return w("part", lang, item=item_name(item, lang), n=count, unit=unit_name(purchase, lang, count), paren=paren)


def question_text(answer, lang):
    key = "hold_out_resupply" if answer.question == "hold_out" and answer.hold_out_h is None else answer.question
    return QUESTION[key][LANGS.index(lang)].format(h=answer.hold_out_h or 0)


def shelter_name(need, lang):
    return (need.shelter_name_zh or need.shelter_name) if lang == "zh" else (need.shelter_name or need.shelter_name_zh)


def pct(p):
    return "—" if p is None or (isinstance(p, float) and math.isnan(p)) else f"{p:.0%}"


def num(x):
    """A stock in model units, without needless decimals."""
    return f"{x:,.0f}" if abs(x - round(x)) < 0.05 or abs(x) >= 100 else f"{x:,.1f}"


def method_line(answer, lang):
    key = "cut_planned" if answer.question == "hold_out" and answer.hold_out_h is None else f"cut_{answer.question}"
    cut = w(key, lang, h=answer.hold_out_h or 0)
    k = round(answer.level * answer.replications)
    return w("method", lang, reps=answer.replications, cut=cut, k=k, inside=pct(answer.in_sample),
             v=answer.verification.runs)


def verified_line(answer, lang):
    v = answer.verification
    lo, hi = v.interval
    key = "verified_hold" if answer.question == "hold_out" else "verified"
    return w(key, lang, v=v.runs, p=pct(v.p), lo=pct(lo), hi=pct(hi), conf=pct(answer.confidence))


def add_lines(answer, lang):
    """One sentence per shelter with something to buy, in scenario order."""
    out = []
    by_shelter = {}
    for n in answer.needs:
        if n.add > 0:
            by_shelter.setdefault(n.shelter, []).append(n)
    for sid, needs in by_shelter.items():
        parts = [part(n.item, n.add, n.purchase, answer.scenario.relief.items[n.item].unit, lang) for n in needs]
        text = w("add_line", lang, shelter=sid, name=shelter_name(needs[0], lang), parts=("、" if lang == "zh" else ", ").join(parts))
        text += w("weight_cost", lang, kg=sum(n.add_kg for n in needs))
        costs = [n.add_cost for n in needs if n.add_cost is not None]
        if costs:
            text += w("cost", lang, cost=sum(costs))
        out.append(text)
    return out


def total_line(answer, lang):
    parts = []
    relief = answer.scenario.relief
    for item, (count, units, kg, cost) in answer.totals().items():
        if count:
            text = part(item, count, answer.purchase[item], relief.items[item].unit, lang)
            text += w("weight_cost", lang, kg=kg) + (w("cost", lang, cost=cost) if cost is not None else "")
            parts.append(text)
    return w("total", lang, parts=("；" if lang == "zh" else "; ").join(parts)) if parts else w("nothing", lang)


def surplus_line(answer, lang):
    relief = answer.scenario.relief
    held = {}
    for n in answer.needs:
        if n.surplus >= 1:
            held[n.item] = held.get(n.item, 0.0) + n.surplus
    parts = [w("surplus_part", lang, item=item_name(item, lang), units=num(units),
               model=model_unit(relief.items[item].unit, lang)) for item, units in held.items()]
    shelters = len({n.shelter for n in answer.needs if n.surplus >= 1})
    return w("surplus", lang, n=shelters, parts=("、" if lang == "zh" else ", ").join(parts)) if parts else ""


def cause_line(cause, lang):
    where = ", ".join(cause.where) or "—"
    text = CAUSE.get(cause.code, (cause.code, cause.code))[LANGS.index(lang)]
    item = item_name(cause.item, lang) if cause.item else ""
    share = f"（{pct(cause.share)} 的运行）" if lang == "zh" else f" (in {pct(cause.share)} of runs)"
    return text.format(people=cause.people, where=where, item=item) + share


def lines(answer, lang, seconds=None, shelters=True):
    """The whole answer as sentences, in reading order (``shelters=False``: without the
    line per shelter, which a page lists apart)."""
    out = [f"{w('question', lang)}: {question_text(answer, lang)}", method_line(answer, lang)]
    if answer.question != "hold_out":
        names = ("、" if lang == "zh" else ", ").join(item_name(i, lang) for i in answer.items)
        out.append(w("judged", lang, items=names))
        pv = answer.ample_verdict.p if answer.ample_verdict is not None else answer.ample.p
        out.append(w("ample2", lang, p=pct(answer.ample.p), pv=pct(pv)))
        if not answer.buyable:
            out.append(w("unbuyable", lang, p=pct(answer.ample.p)))
        if not answer.buyable or not answer.verdict_fixable_by_stock:
            if answer.buyable:
                out.append(w("other_reasons", lang))
            out += ["  - " + w("places", lang, town=t, demand=d, places=c, gap=d - c)
                    for t, (d, c) in answer.short_places.items()]
            out += ["  - " + cause_line(c, lang) for c in answer.causes]
    if shelters:
        out += add_lines(answer, lang)
    out.append(total_line(answer, lang))
    if answer.now is not None:
        lo, hi = answer.now.interval
        key = {"hold_out": "now_hold", "planned": "now_planned"}.get(answer.question, "now")
        out.append(w(key, lang, v=answer.now.runs,
                     p=pct(answer.now.p), lo=pct(lo), hi=pct(hi)))
    verified = verified_line(answer, lang) + " " + w("met" if answer.met else "not_met", lang)
    if answer.verification.verdict_p is not None:
        verified += " " + w("verdict_p", lang, p=pct(answer.verification.verdict_p))
    out.append(verified)
    if answer.rounds:
        out.append(w("rounds_hold" if answer.question == "hold_out" else "rounds", lang, n=answer.rounds))
    surplus = surplus_line(answer, lang)
    if surplus:
        out.append(surplus)
    out.append(w("runs", lang, runs=answer.runs, secs="" if seconds is None else
                 (f"，用时 {seconds:.1f} 秒" if lang == "zh" else f" in {seconds:.1f} s")))
    return out


def unit_lines(units, relief, lang):
    out = [w("with_units", lang)]
    for name, u in units.items():
        price = w("price", lang, p=u.price_cny) if u.price_cny is not None else ""
        note = u.note_zh if lang == "zh" else u.note
        note = (f"（{note}）" if lang == "zh" else f" ({note})") if note else ""
        model = model_unit(relief.items[name].unit, lang)
        if lang == "en" and u.size == 1 and model.endswith("s"):
            model = model[:-1]
        out.append(w("unit_line", lang, item=item_name(name, lang), unit=unit_name(u, lang), note=note, size=u.size,
                     model=model, kg=round(u.kg, 2), price=price))
    return out


def reserve_lines(check, scenario, lang):
    """The reserve block: the two largest townships, covered or not, what limits and what to add."""
    relief = scenario.relief
    if not check.depots:
        return [w("no_depot", lang, rule=check.rule)]
    depots = ", ".join(check.depots)
    towns = (" 和 " if lang == "zh" else " and ").join(_town(scenario, t, lang) for t in check.largest)
    covers = w("covers" if check.covers_largest else "not_covers", lang)
    key = "two_towns" if len(check.largest) > 1 else "one_town"
    out = [w(key, lang, depots=depots, towns=towns, covers=covers)]
    limit = check.limiting
    if limit is not None:
        out.append(_add(limit, relief, lang, "limit"))
        others = [c for c in check.items if c.shortfall > 1e-9 and c is not limit]
        if others:
            parts = [_part(c, relief, lang) for c in others]
            out.append(w("also", lang, parts=("、" if lang == "zh" else ", ").join(parts)))
    n = w("unlimited", lang) if math.isinf(check.townships) else f"{check.townships:g}"
    out.append(w("any_towns", lang, n=n, rule=check.rule, ok=w("rule_met" if check.meets_rule else "rule_not_met", lang)))
    if check.planned:
        out.append(w("planned_towns", lang, towns=(" 和 " if lang == "zh" else " and ").join(
                     _town(scenario, t, lang) for t in check.planned),
                     covers=w("covers" if check.covers_planned else "not_covers", lang)))
    return out


def _town(scenario, ident, lang):
    """``T01 城关街道``: a township's id with its name in *lang*, when the scenario names it."""
    spec = getattr(scenario, "township", {}).get(ident)
    name = "" if spec is None else ((spec.name_zh or spec.name) if lang == "zh" else (spec.name or spec.name_zh))
    return f"{ident} {name}" if name else ident


def _add(c, relief, lang, key):
    u = c.purchase
    paren = ""
    if abs(u.size - 1) > 1e-9:
        units = f"{num(c.add * u.size)} {model_unit(relief.items[c.item].unit, lang)}"
        paren = f"（{units}）" if lang == "zh" else f" ({units})"
    return w(key, lang, item=item_name(c.item, lang), add=c.add, unit=unit_name(u, lang, c.add), paren=paren,
             kg=c.add * u.kg)


def _part(c, relief, lang):
    return part(c.item, c.add, c.purchase, relief.items[c.item].unit, lang)
