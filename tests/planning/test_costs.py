"""What the purchase list costs: default prices with their sources, a prices CSV over them
(bad cells named by line and column), cost per shelter and in all, and what a budget buys."""
import openpyxl
import pytest

import planning
from planning import texts
from planning.exports import write_purchase_list
from planning.prices import DEFAULT_PRICES, PriceError, prices_for, read_prices
from planning_builders import two_villages
from stormdrill.cli import main


@pytest.fixture(scope="module")
def answer():
    return planning.stock_test(two_villages(), question="no_resupply", replications=6, workers=1, settle=False)


def test_default_prices_are_marked_unverified_and_the_scenario_or_a_file_goes_first(tmp_path):
    relief = two_villages().relief
    assert all("unverified" in p.source for p in DEFAULT_PRICES.values())
    assert prices_for(relief)["water_l"] == DEFAULT_PRICES["water_l"]
    own = two_villages().with_overrides({"relief.items.water_l.price_cny": 41.5})
    assert prices_for(own.relief)["water_l"].cny == 41.5
    path = tmp_path / "prices.csv"
    path.write_text("item,price_cny,unit,source\nwater_l,36,case,2025 county tender\nbedding,210,套,\n", encoding="utf-8")
    given = read_prices(path, relief)
    assert given["water_l"].cny == 36 and given["water_l"].source == "2025 county tender"
    assert given["bedding"].cny == 210 and prices_for(own.relief, given)["water_l"].cny == 36


@pytest.mark.parametrize("text, where", [
    ("item,price_cny\nwater_l,36\nsoap,3\n", r"prices.csv:3: item: 'soap' is not an item"),
    ("item,price_cny\nwater_l,thirty\n", r"prices.csv:2: price_cny: 'thirty' is not a number"),
    ("item,price_cny,unit\nwater_l,2,bottle\n", r"prices.csv:2: unit: 'bottle' is not the purchase unit of water_l"),
    ("item,price_cny\nwater_l,36\nwater_l,37\n", r"prices.csv:3: item: water_l is priced twice"),
    ("name,cost\nwater_l,36\n", r"prices.csv:1: the header must name the columns item and price_cny"),
])
def test_a_bad_prices_file_is_refused_naming_line_and_column(tmp_path, text, where):
    path = tmp_path / "prices.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PriceError, match=where):
        read_prices(path, two_villages().relief)


def test_cost_per_shelter_and_in_all_is_units_times_price(answer, tmp_path):
    assert answer.cost() == pytest.approx(sum(n.add * n.purchase.price_cny for n in answer.needs))
    per = {}
    for n in answer.needs:
        per[n.shelter] = per.get(n.shelter, 0) + n.add_cost
    said = texts.lines(answer, "en")
    for sid, cost in per.items():
        if cost:
            assert any(x.startswith(f"{sid} ") and f"¥{cost:,.0f}" in x for x in said)
    assert any(f"Cost of the list: ¥{answer.cost():,.0f}" in x for x in said)
    assert any("unverified" in x for x in texts.unit_lines(answer.purchase, answer.scenario.relief, "en", answer.prices))
    write_purchase_list(answer, tmp_path / "purchase.xlsx", "en")
    book = openpyxl.load_workbook(tmp_path / "purchase.xlsx")
    costs = [r[8] for name in book.sheetnames[:-2] for r in book[name].iter_rows(values_only=True)
             if r[0] == "total" and r[2] == "all items"]
    assert sum(costs) == pytest.approx(answer.cost(), abs=0.05)


def test_a_budget_below_the_list_buys_a_cheaper_list_checked_on_fresh_seeds(answer):
    amount = answer.cost() * 0.97
    cheap = planning.stock_test(two_villages(), question="no_resupply", replications=6, workers=1, settle=False,
                                budget=amount)
    b = cheap.budget
    assert cheap.rule == "cheapest"
    if b.needs is None:  # the mildest storm already draws more than the budget buys: said so
        assert "no list within it" in " ".join(texts.cost_lines(cheap, "en"))
        return
    assert b.cost <= amount and b.check.runs == 6
    assert b.check.first_replication > cheap.verification.last_replication - 1
    assert all(n.recommended >= n.current for n in b.needs)
    assert any("Within the budget: S" in x for x in texts.cost_lines(cheap, "en"))


def test_a_budget_the_list_fits_says_so(answer):
    rich = planning.stock_test(two_villages(), question="no_resupply", replications=6, workers=1, settle=False,
                               budget=10 * answer.cost())
    assert rich.budget.cost <= rich.budget.amount and rich.budget.needs is rich.needs
    assert any("within it" in x for x in texts.cost_lines(rich, "en"))


def test_stock_command_reads_prices_and_refuses_a_bad_file(tmp_path, capsys):
    import yaml

    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(two_villages().source, allow_unicode=True), encoding="utf-8")
    prices = tmp_path / "prices.csv"
    prices.write_text("item,price_cny\nwater_l,zero\n", encoding="utf-8")
    assert main(["stock", str(path), "--prices", str(prices), "--reps", "2", "--workers", "1", "--quiet"]) == 2
    assert "prices.csv:2: price_cny" in capsys.readouterr().err
    assert main(["stock", str(path), "--budget", "-5", "--reps", "2", "--workers", "1", "--quiet"]) == 2
    assert "--budget" in capsys.readouterr().err
