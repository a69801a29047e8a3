"""tutorial_village: the built-in scenario. Its plan, written as a Chinese village writes it
(transfer list, door-to-door sweeps, forced transfer, 防回流, lifting the order), passes; without
its forced transfers it fails and names the refusers; a forced transfer with too few teams, or
an order lifted before landfall, fails with the why that says so (README)."""
import pytest

import sim

VOLUNTARY = {"plan.rules.FT1.fail_prob": 1.0, "plan.rules.FT2.fail_prob": 1.0}
"""The voluntary-only variant: the same plan, its forced transfers never carried out."""


def test_is_the_builtin_default(library):
    assert sim.builtin_path().parent.name == "tutorial_village"
    s = library.scenario("tutorial_village")
    assert (len(s.zones), len(s.shelters), len(s.depots)) == (3, 2, 1)
    assert [(g.zone, g.kind) for g in s.plan.transfer] == [("Z1", "low_lying"), ("Z2", "self_built")]


def test_the_plan_passes_with_everyone_on_the_list_moved(library):
    result = library.run("tutorial_village")
    k = result.kpis
    assert result.verdict.passed and k["verdict_reasons"] == ""
    assert k["people_due"] == 1_970 == k["people_transferred"] and k["transfer_share"] == 1.0
    assert k["people_central"] + k["people_dispersed"] == k["people_transferred"]
    assert k["people_left_in_danger"] == 0 and k["people_forced"] > 0  # refusers were moved by force
    assert k["relief_unsecured_at_end"] == 0 and k["shelter_overflow"] == 0


def test_the_plan_passes_on_other_seeds_too(library):
    passed = sum(library.run("tutorial_village", seed=seed).verdict.passed for seed in (1, 2, 3))
    assert passed == 3


def test_without_forced_transfer_it_fails_naming_the_refusers(library):
    result = library.run("tutorial_village", overrides=VOLUNTARY)
    k = result.kpis
    assert not result.verdict.passed and k["people_forced"] == 0
    (reason,) = [r for r in result.verdict.reasons if r.code == "left_in_danger"]
    whys = {why: people for why, people, _ in reason.whys}
    assert whys == {"refused": 25}
    assert sum(k[f"danger_{w}"] for w in sim.transfer_why.WHYS) == k["people_left_in_danger"] == 25
    assert "refused to move" in reason.text("en") and "拒绝转移" in reason.text("zh")


def test_readme_too_few_teams_move_the_old_town_too_late(library):
    k = library.run("tutorial_village", overrides={"plan.transfer.1.cadres": 2}).kpis
    assert k["danger_too_late"] == k["people_left_in_danger"] == 25


def test_readme_lifting_the_order_before_landfall_sends_everyone_home(library):
    k = library.run("tutorial_village", overrides={"plan.rules.P7.when.at": 26.0}).kpis
    assert k["danger_returned"] == k["people_left_in_danger"] == 1_970


def test_readme_without_trucks_bedding_never_arrives_and_water_runs_out(library):
    result = library.run("tutorial_village", overrides={"depots.D1.trucks": 0})
    reasons = {(r.code, r.item): r for r in result.verdict.reasons}
    assert reasons[("no_first_ration", "bedding")].people == 98
    assert reasons[("no_first_ration", "bedding")].where == ("S1",)
    cut = reasons[("cut_off", "water_l")]
    assert result.kpis["relief_kept_share"] == 0.0 and cut.t is not None


def test_readme_shelters_opened_38_hours_late_miss_the_deadline(library):
    k = library.run("tutorial_village", overrides={"plan.rules.P2.delay": 38.0}).kpis
    assert k["relief_max_h"] == pytest.approx(12.32, abs=0.005)
    assert "not_arrived" in k["verdict_reasons"].split(",")
