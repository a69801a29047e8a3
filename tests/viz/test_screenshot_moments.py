"""``play --screenshot --at I7|D1|end``: a picture of one moment of an exercise, drawn by the
real viewer (headless pygame), with the card the players would see at that moment."""
import numpy as np
import pygame
import pytest

from stormdrill.cli import main
from training import load_exercise
from training.runner import Runner
from viz_helpers import ROOT

EXERCISE = ROOT / "scenarios" / "tutorial_village" / "exercise.yaml"


def _shot(tmp_path, capsys, at, name=None):
    out = tmp_path / f"{name or at}.png"
    assert main(["play", str(EXERCISE), "--lang", "en", "--screenshot", str(out), "--at", at]) == 0
    said = capsys.readouterr().out
    return pygame.surfarray.array3d(pygame.image.load(str(out))).astype(int), said


def _delivered_at(inject_id):
    """When the runner, playing the exercise with nobody acting, delivers *inject_id* (h)."""
    runner = Runner(load_exercise(EXERCISE))
    while not runner.finished:
        step = runner.advance(runner.horizon)
        for delivery in step.injects:
            if delivery.inject.id == inject_id:
                return delivery.t
        if step.decision is not None:
            runner.close_decision("commander")
    raise AssertionError(f"{inject_id} never delivered")


def _card_region(pixels):
    """The middle of the window, where a card opens over the map (x, y in px of 1280x800)."""
    return pixels[440:840, 250:550]


def test_at_an_inject_shows_its_card_over_the_map_at_its_time(tmp_path, capsys):
    t = _delivered_at("I7")
    card, said = _shot(tmp_path, capsys, "I7")
    assert f"I7's card, T+{t:.4g} h" in said
    plain, _ = _shot(tmp_path, capsys, f"{t * 60:.0f}min", "plain")  # the same moment, no card
    assert plain.shape == card.shape == (1280, 800, 3)
    top_left = (slice(0, 300), slice(0, 40))  # the date and clock: same moment, same header
    assert np.array_equal(card[top_left], plain[top_left])
    changed = np.any(_card_region(card) != _card_region(plain), axis=2).mean()
    assert changed > 0.5  # the card covers the map there


def test_a_decision_point_and_the_score_card_are_different_pictures(tmp_path, capsys):
    decision, said_d = _shot(tmp_path, capsys, "D1")
    end, said_e = _shot(tmp_path, capsys, "end")
    assert "D1's card" in said_d and "the score card, T+60 h" in said_e
    assert np.any(_card_region(decision) != _card_region(end), axis=2).mean() > 0.2


def test_an_unknown_card_names_the_ones_there_are(tmp_path, capsys):
    assert main(["play", str(EXERCISE), "--screenshot", str(tmp_path / "x.png"), "--at", "I99"]) == 2
    err = capsys.readouterr().err
    assert "--at I99: no inject or decision point I99" in err and "I7" in err and "D1" in err
    assert not (tmp_path / "x.png").exists()


def test_the_viewer_stops_on_the_card_it_was_asked_for(make_app, tmp_path):
    from viz.app import App, ViewerOptions
    from viz.exercise import open_exercise
    from viz.states import CardState, DebriefState

    app = App(open_exercise(EXERCISE, record=False), ViewerOptions(lang="en", briefing=False))
    try:
        app.screenshot(tmp_path / "d1.png", moment="D1")
        assert isinstance(app.top, CardState) and app.top.card.title == "D1" and app.top.decision
        app.screenshot(tmp_path / "end.png", moment="end")
        assert isinstance(app.top, DebriefState) and app.play.source.finished
        with pytest.raises(ValueError, match="did not come up"):
            app.screenshot(tmp_path / "late.png", moment="I1")  # the exercise is over: I1 is long past
    finally:
        app.close()
