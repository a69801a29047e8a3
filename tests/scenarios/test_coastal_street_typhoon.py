"""coastal_street_typhoon: the street's plan, written as a Chinese street office writes it,
passes with nobody left in danger and the office's transfer share just short of 100 %;
without its forced transfers it fails naming the refusers; a forced transfer late or with
too few teams, or none for people who slip home, fails with the why that says so (README)."""
import datetime
import statistics

import pytest

NAME = "coastal_street_typhoon"
VOLUNTARY = {"plan.rules.FT1.fail_prob": 1.0, "plan.rules.FT2.fail_prob": 1.0}
LISTED = ("C1", "C2", "C3", "C4", "C5", "C6", "C8")


def events(result, kind, **match):
    return [e for e in result.events if e["kind"] == kind and all(e.get(k) == v for k, v in match.items())]


def test_the_street_as_described(library):
    s = library.scenario(NAME)
    assert len(s.zones) == 9 and s.population == 100_000
    assert len(s.shelters) == 16 and all(sh.generator and sh.beds > 0 for sh in s.shelters)
    assert {z.id for z in s.zones if z.wind_exposed} == {"C5", "C8"}  # self-built houses
    assert any(e.closes_at_wind_ms for e in s.edges)  # fallen trees
    assert any(e.closes_at_depth_m is not None and e.closes_at_depth_m <= 0.15 for e in s.edges)  # underpasses
    assert sum("School" in d.name for d in s.depots) == 2  # schools opened as staging areas
    assert tuple(g.zone for g in s.plan.transfer) == LISTED


def test_typhoon_goes_blue_to_red_and_lands_at_night(library):
    r = library.run(NAME)
    raised = [e["level"] for e in events(r, "signal", signal_kind="typhoon")]
    assert raised[:4] == ["blue", "yellow", "orange", "red"]
    start = datetime.datetime.fromisoformat(library.scenario(NAME).spec.start)
    landfall = start + datetime.timedelta(hours=r.kpis["onset_h"])
    assert landfall.hour >= 20 or landfall.hour < 5


def test_plan_orders_the_whole_list_door_to_door_on_orange_and_never_the_high_ground(library):
    r = library.run(NAME)
    orange = next(e["t"] for e in events(r, "signal", signal_kind="typhoon", level="orange"))
    orders = events(r, "evacuation_order")
    first = {}
    for e in orders:
        first.setdefault(e["zone"], (e["t"], e["channels"]))
    assert set(first) == set(LISTED)  # C7 and C9 stay home
    assert all(t <= orange + 0.5 + 1e-6 and channels == ["door_to_door"] for t, channels in first.values())
    assert {e["zone"] for e in events(r, "prevent_return")} == set(LISTED)


def test_plan_passes_with_the_transfer_share_an_office_reports(library):
    k = library.run(NAME).kpis
    assert k["verdict"] == "PASS" and k["people_left_in_danger"] == 0
    assert k["people_due"] == 70_200 and 0.99 < k["transfer_share"] <= 1.0
    assert k["people_central"] + k["people_dispersed"] == k["people_transferred"]
    assert k["people_forced"] > 0 and k["relief_max_h"] < 10.0 and k["shelter_overflow"] == 0


def test_over_ten_seeds_it_passes_and_the_median_transfer_share_is_an_offices(library):
    """Issue 23: PASS in at least 8 of 10 seeds, median transfer share between 99 % and 99.99 %
    (Yagi 2024 published 99.75 %: two sweeps miss a few households, a third is not made)."""
    kpis = [library.run(NAME, seed=seed).kpis for seed in range(10)]
    assert sum(k["verdict"] == "PASS" for k in kpis) >= 8
    assert all(k["danger_refused"] == 0 for k in kpis)
    assert 0.99 < statistics.median(k["transfer_share"] for k in kpis) < 0.9999


def test_without_forced_transfer_it_fails_naming_the_refusers(library):
    result = library.run(NAME, overrides=VOLUNTARY)
    k = result.kpis
    assert k["verdict"] == "FAIL" and k["people_forced"] == 0
    assert (k["danger_refused"], k["danger_returned"]) == (1_738, 100)
    reason = next(r for r in result.verdict.reasons if r.code == "left_in_danger")
    assert reason.whys[0][:2] == ("refused", 1_738) and set(reason.whys[0][2]) == {"C4", "C5", "C8"}
    assert "1,738 refused to move" in reason.text("en") and "拒绝转移 1,738 人" in reason.text("zh")


@pytest.mark.parametrize("overrides, whys", [
    ({"plan.rules.FT1.delay": "7h"}, {"too_late": 198}),
    ({"plan.transfer.4.cadres": 10}, {"too_late": 443}),
    ({"plan.rules.FT2.fail_prob": 1.0}, {"returned": 100, "refused": 99}),
], ids=["forced transfer 5 h late", "10 teams for Xincun", "no second forced transfer"])
def test_readme_mistakes_fail_with_their_why(library, overrides, whys):
    k = library.run(NAME, overrides=overrides).kpis
    assert k["verdict"] == "FAIL"
    assert {w: k[f"danger_{w}"] for w in ("too_late", "returned", "refused") if k[f"danger_{w}"]} == whys
