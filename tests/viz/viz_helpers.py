"""Helpers for the viewer's tests: the scenarios, and a click made of real mouse events."""
from pathlib import Path

import pygame

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted(ROOT.glob("scenarios/*/scenario.yaml"))
VILLAGE = ROOT / "scenarios" / "tutorial_village" / "scenario.yaml"
TUTORIAL_EXERCISE = ROOT / "scenarios" / "tutorial_village" / "exercise.yaml"


def click(app, element, frames=2):
    """Click *element* the way a mouse does: a real button-down and button-up at its centre."""
    pos = element.rect.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    app.run_frames(frames)


def pick_role(app, role):
    """Choose *role* in the role picker, as pygame-gui reports a choice made with the mouse."""
    import pygame_gui

    from viz.console import select

    picker = app.play.picker
    select(picker, role)
    pygame.event.post(pygame.event.Event(pygame_gui.UI_DROP_DOWN_MENU_CHANGED, ui_element=picker,
                                         text=picker.selected_option[0]))
    app.run_frames(2)
