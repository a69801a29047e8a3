"""river_district_flood: the district at full scale, with the shelter counts of its
five-year plan, and a district reserve that covers two townships at once. The run is
shared with the reference-KPI test (one plan-mode run per session)."""
import subprocess
import sys
from collections import Counter

import pytest

from regenerate_reference import SCENARIOS

NAME = "river_district_flood"
RESERVE_TOWNS = {"T04", "T05"}


@pytest.fixture(scope="module")
def run(library):
    return library.run(NAME)


@pytest.fixture(scope="module")
def scenario(library):
    return library.scenario(NAME)


def test_counts_from_the_five_year_plan(scenario):
    shelters = scenario.shelters
    assert len(shelters) == 245
    assert Counter(s.grade for s in shelters) == {"A": 101, "B": 91, "C": 53}
    assert Counter(s.tier for s in shelters) == {"district": 4, "town": 38, "village": 203}
    assert all(s.grade == "A" for s in shelters if s.tier in ("district", "town"))
    assert len({z.township for z in scenario.zones}) == 11
    assert 465_000 <= scenario.population <= 475_000
    assert {d.tier for d in scenario.depots} == {"district", "town", "village"}


def test_generated_files_are_what_the_script_writes(tmp_path):
    subprocess.run([sys.executable, str(SCENARIOS / NAME / "generate.py"), str(tmp_path)], check=True)
    for name in ("scenario.yaml", "plan.yaml"):
        assert (tmp_path / name).read_bytes() == (SCENARIOS / NAME / name).read_bytes(), name


def test_flood_closes_low_roads_and_some_village_shelters(run, scenario):
    tier = {s.id: s.tier for s in scenario.shelters}
    lost = {e["shelter"] for e in run.events if e["kind"] == "shelter_unusable"}
    assert lost and {tier[s] for s in lost} == {"village"}
    assert len(lost) < 203 // 4  # some, not most
    assert any(e["kind"] == "road_closed" and e["reason"] == "flood" for e in run.events)


def test_district_reserve_covers_two_townships_at_once(run, scenario):
    requests = [e for e in run.events if e["kind"] == "reserve_request"]
    assert {e["township"] for e in requests} == RESERVE_TOWNS
    assert len({e["t"] for e in requests}) == 1  # both at once
    targets = {s for e in requests for s in e["shelters"]}
    township = {s.id: s.township for s in scenario.shelters}
    assert {township[s] for s in targets} == RESERVE_TOWNS
    reserve = {d.id for d in scenario.depots if d.tier == "district"}
    delivered = {e["shelter"] for e in run.events if e["kind"] == "delivered" and e["depot"] in reserve}
    assert targets <= delivered  # every shelter of both towns got its reserve load
    deadline = run.kpis["onset_h"] + 10.0
    short = [e for e in run.events if e["kind"] == "stockout" and township[e["shelter"]] in RESERVE_TOWNS
             and e["at"] <= deadline]
    assert short == []
    sent = [e for e in run.events if e["kind"] == "dispatch" and e["source"] == "reserve"]
    assert sent and all(e["depot"] in reserve for e in sent)


def test_reserve_has_stock_left_after_both(library, scenario):
    """Sized for two townships: nothing either asked for was cut short."""
    from sim.engine import Engine

    request_t = next(e["t"] for e in library.run(NAME).events if e["kind"] == "reserve_request")
    engine = Engine(scenario, seed=0)
    engine.run_until(request_t + 1e-6)
    left = engine.depot_by_id["DR"].stock
    assert all(units > 0 for units in left.values()), left
    sent = {item: scenario.depot["DR"].stock[item] - units for item, units in left.items()}
    assert left["water_l"] < sent["water_l"]  # two townships, not four: it could not do it again


def test_plan_passes_and_brings_back_those_who_slip_home_in_the_lull(run, library):
    k = run.kpis
    assert k["verdict"] == "PASS" and k["people_left_in_danger"] == 0
    assert k["people_due"] == 122_600 and k["transfer_share"] > 0.99 and k["people_forced"] > 0
    assert k["people_returned"] > 0  # they did slip home, and were moved again
    late = library.run(NAME, overrides={"plan.rules.FT3.fail_prob": 1.0, "plan.rules.FT4.fail_prob": 1.0}).kpis
    assert late["verdict"] == "FAIL" and late["danger_returned"] == late["people_left_in_danger"] > 0


def test_without_forced_transfer_it_fails_naming_the_refusers(library):
    k = library.run(NAME, overrides={f"plan.rules.FT{n}.fail_prob": 1.0 for n in (1, 2, 3, 4)}).kpis
    assert k["verdict"] == "FAIL" and k["people_forced"] == 0
    assert k["danger_refused"] > k["danger_returned"] > 0
    assert k["danger_refused"] + k["danger_returned"] == k["people_left_in_danger"]
