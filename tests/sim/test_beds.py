"""Folding beds: people registered beyond a shelter's beds are counted as sleeping without one."""
import sim


def test_people_beyond_the_beds_are_counted_at_their_peak():
    scenario = sim.load_scenario(sim.builtin_path())
    result = sim.run(scenario, seed=0, overrides={"behaviour.transfer.return_share": 0.0})
    final = dict(zip(result.series["shelter_ids"], result.series["occupancy"][:, -1]))
    beds = {s.id: s.beds for s in scenario.shelters}
    # nobody goes back home (leaves a shelter) in this run, so the end is the peak
    expected = sum(max(0, int(final[sid]) - beds[sid]) for sid in beds)
    assert expected > 0
    assert result.kpis["sheltered_without_bed_peak"] == expected


def test_enough_beds_leave_nobody_without_one():
    scenario = sim.load_scenario(sim.builtin_path())
    result = sim.run(scenario, seed=0, overrides={"shelters.S1.beds": 450, "shelters.S2.beds": 600})
    assert result.kpis["sheltered_without_bed_peak"] == 0
    assert result.kpis["end_sheltered"] > 0
