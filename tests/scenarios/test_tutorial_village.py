"""tutorial_village: the built-in scenario; its plan meets the 10-hour target with margin."""
import sim

MARGIN_H = 2.0
"""What "with margin" means in its README: every displaced person secured at least 2 h
before the 10-hour deadline."""


def test_is_the_builtin_default(library):
    assert sim.builtin_path().parent.name == "tutorial_village"
    s = library.scenario("tutorial_village")
    assert (len(s.zones), len(s.shelters), len(s.depots)) == (3, 2, 1)


def test_plan_meets_the_target_with_margin(library):
    k = library.run("tutorial_village").kpis
    assert k["people_displaced"] > 0
    assert k["relief_target_met"] and k["relief_secured_share"] == 1.0
    assert k["relief_max_h"] <= 10.0 - MARGIN_H
    assert k["relief_unsecured_at_end"] == 0 and k["shelter_overflow"] == 0


def test_margin_holds_on_other_seeds(library):
    for seed in (1, 2, 3):
        k = library.run("tutorial_village", seed=seed).kpis
        assert k["relief_target_met"], seed
        assert k["relief_max_h"] <= 10.0 - MARGIN_H, seed
