"""The play screen: the map, the panels, the feed, the clock buttons and the action buttons.

Each frame the display clock gives the time to show, the model is stepped to it, a new
snapshot is taken when the time budget allows, and everything is drawn from the snapshot.
"""
import time

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu

from messages import N_

from . import forms
from .clock import DisplayClock
from .feed import EventFeed, Names, describe_action
from .mapview import MapView
from .reasons import reason_text
from .panels import Layout, Panels
from .source import NOTABLE
from .states import ActionFormState, CardState, DebriefState, State
from .words import ACTIONS, word

SNAPSHOT_SHARE = 0.3
"""At most this share of real time goes into taking snapshots: on a district, where one costs
~10 ms, the picture is refreshed every few frames while the model still steps every frame."""
TOAST_S = 4.0
"""How long a message over the map stays (real seconds)."""
NOTICE_S = 15.0
"""How long the font-fallback notice stays over the map (real seconds)."""
ZOOM_STEP = 1.2
"""Zoom factor of one wheel notch."""
CONTROLS = (("pause", (N_("Pause"), N_("Play"))), ("slower", (N_("Slower"),)), ("faster", (N_("Faster"),)),
            ("next", (N_("Next event"),)))
"""The clock buttons: name, then the labels it may show (the widest sets its width)."""
FOLLOWS = N_("The projector follows the exercise's clock: the facilitator moves it from the console page")
"""What a projector says when someone tries to move its clock."""


class PlayState(State):
    """The map, the panels, the clock buttons and the action buttons."""

    def __init__(self, app, source):
        super().__init__(app)
        self.source = source
        self.t = app.t
        size = app.window.get_size()
        self.layout = Layout(size, app.theme.scale, app.facilitator, picker=hasattr(source, "roles"))
        self.map = MapView(source.scenario, app.theme, app.text, app.t, self.layout.map)
        self.map.facilitator = app.facilitator
        self.panels = Panels(app, self.layout, source)
        self.feed = EventFeed(app.t, Names(source.scenario, app.t), NOTABLE)
        self.clock = DisplayClock(source.now, source.horizon)
        self.serial = 0
        self.snap_cost = 0.0  # seconds the last snapshot took
        self.since_snap = 0.0  # real seconds since it was taken
        self.refresh()
        self.toasts = []  # [(seconds left, text, colour)]
        if app.notice:  # the font fallback, said once in the window too
            self.toasts.append([NOTICE_S, app.notice, "text_warn"])
        self.buttons = {}
        self.actions = [kind for kind in forms.ACTIONS if forms.fields(kind, source.scenario, app.t) is not None]
        self._drag = None
        self.ended = False
        self.picker = None  # the role picker (exercises)
        self.follows = getattr(source, "follows", False)  # the clock is the host's (viz.hosted)
        self.read_only = getattr(source, "read_only", False)

    # -- widgets ------------------------------------------------------------------------
    def enter(self):
        m, t = self.app.manager, self.t
        font = self.app.text.font("font_body")
        widths = [max(font.size(t(label))[0] for label in labels) + 4 * self.layout.pad for _, labels in CONTROLS]
        if not self.follows:  # a projector has no clock controls of its own
            for (name, labels), rect in zip(CONTROLS, self.layout.control_buttons(widths)):
                self.buttons[name] = UIButton(rect, t(labels[0]), m, object_id=f"#control_{name}")
        actions = [] if self.read_only else self.actions  # seats act from their phones
        for kind, rect in zip(actions, self.layout.action_buttons(len(actions))):
            self.buttons[f"action.{kind}"] = UIButton(rect, word(t, ACTIONS, kind), m, object_id=f"#action_{kind}")
        if hasattr(self.source, "roles"):
            roles = self.source.roles()
            chosen = next(r for r in roles if r[1] == self.source.acting_role)
            self.picker = UIDropDownMenu(roles, chosen, self.layout.picker, m, object_id="#role_picker",
                                         expansion_height_limit=round(self.layout.panel.height * 0.5))
        if self.app.facilitator and hasattr(self.source, "facilitate"):
            self.buttons["console"] = UIButton(self.layout.console, t("Console"), m, object_id="#console_open")
        self.sync_pause()

    def relayout(self, layout):
        """The window changed size: place everything again (the map fits the new view)."""
        self.layout = self.panels.layout = layout
        self.map.resize(layout.map)
        self.exit()
        self.enter()

    def exit(self):
        for button in self.buttons.values():
            button.kill()
        self.buttons.clear()
        if self.picker is not None:
            self.picker.kill()
            self.picker = None

    def button(self, name):
        """The pygame-gui button called *name* ("pause", "next", "action.warn", …)."""
        return self.buttons[name]

    def _label_play(self):
        if "pause" not in self.buttons:
            return
        self.buttons["pause"].set_text(self.t("Pause") if self.clock.playing else self.t("Play"))

    def sync_pause(self):
        """An exercise the facilitator paused shows the clock stopped (and the other way round)."""
        if getattr(self.source, "paused", False):
            self.clock.playing = False
        self._label_play()

    def toggle(self):
        """Play / pause; in an exercise a pause is the facilitator's act, recorded with the session."""
        if self.follows:
            return self.toast(self.t(FOLLOWS), "text_warn")
        self.clock.toggle()
        if hasattr(self.source, "set_paused"):
            self.source.set_paused(not self.clock.playing)
            self.refresh()
        self._label_play()

    def choose_role(self, role):
        """The seat acts as *role* from now on (the role picker)."""
        self.source.choose_role(role)
        self.refresh()

    # -- events -------------------------------------------------------------------------
    def process_event(self, event):
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            return self._pressed(event.ui_element)
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and self.picker is not None \
                and event.ui_element is self.picker:
            self.choose_role(self.picker.selected_option[1])
            return True
        if event.type == pygame.KEYDOWN:
            return self._key(event.key)
        if event.type == pygame.MOUSEWHEEL:
            pos = pygame.mouse.get_pos()
            if self.layout.map.collidepoint(pos):
                self.map.proj.zoom(ZOOM_STEP ** event.y, pos)
            elif self.layout.shelters.collidepoint(pos):
                self.panels.scroll -= event.y * 3
            elif self.layout.plan.collidepoint(pos):
                self.panels.plan_scroll -= event.y * 3
            return True
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.layout.map.collidepoint(event.pos):
            self._drag = event.pos
            return True
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            self._drag = None
        if event.type == pygame.MOUSEMOTION:
            if self._drag is not None and event.buttons[0]:
                self.map.proj.pan(event.pos[0] - self._drag[0], event.pos[1] - self._drag[1])
                self._drag = event.pos
            self.map.hover = event.pos if self.layout.map.collidepoint(event.pos) else None
        return False

    def _pressed(self, element):
        name = next((n for n, b in self.buttons.items() if b is element), None)
        if name is None:
            return False
        if name == "pause":
            self.toggle()
        elif name == "console":
            from .console import ConsoleState

            self.app.push(ConsoleState(self.app, self))
        elif name == "slower":
            self.clock.slower()
        elif name == "faster":
            self.clock.faster()
        elif name == "next":
            self.jump()
        else:
            self.app.push(ActionFormState(self.app, self, name.split(".", 1)[1]))
        return True

    def _key(self, key):
        if key == pygame.K_SPACE:
            self.toggle()
        elif key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS, pygame.K_MINUS, pygame.K_KP_MINUS) \
                and self.follows:
            self.toast(self.t(FOLLOWS), "text_warn")
        elif key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            self.clock.faster()
        elif key in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self.clock.slower()
        elif key == pygame.K_n:
            self.jump()
        elif key == pygame.K_HOME:
            self.map.proj.fit()
        elif key == pygame.K_l:
            self.map.show_legend = not self.map.show_legend
        elif key == pygame.K_d:
            self.map.toggle("depth")
        elif key == pygame.K_w:
            self.map.toggle("warning")
        else:
            return False
        return True

    # -- acting -------------------------------------------------------------------------
    def apply(self, action):
        """Apply a player's action now; show what became of it."""
        outcome = self.source.apply(action)
        self.show_outcome(outcome, describe_action(self.t, self.feed.names, action))
        self.refresh()
        return outcome

    def show_outcome(self, outcome, what):
        """A message over the map: *what* was done, or refused and why."""
        if outcome.accepted:
            self.toast(self.t("{what}: done", what=what), "text_good")
        else:
            reason = reason_text(self.t, self.feed.names, outcome.reason)
            self.toast(self.t("{what}: refused — {reason}", what=what, reason=reason), "text_bad")

    def jump(self):
        """Play on to the next notable event (or inject) and show it."""
        if self.follows:
            return self.toast(self.t(FOLLOWS), "text_warn")
        t = self.source.next_event()
        self.clock.show(t)
        self.refresh()

    def toast(self, text, colour="text"):
        self.toasts.append([TOAST_S, text, colour])

    def refresh(self):
        """Take a new snapshot and bring the feed up to date."""
        t0 = time.perf_counter()
        self.snap = self.source.snapshot()
        self.snap_cost = time.perf_counter() - t0
        self.since_snap = 0.0
        self.serial += 1
        self.feed.update(self.source.events)

    def snapshot_due(self):
        """True when a new snapshot fits the time budget (SNAPSHOT_SHARE)."""
        return self.since_snap * SNAPSHOT_SHARE >= self.snap_cost

    # -- frame --------------------------------------------------------------------------
    def update(self, dt):
        for toast in self.toasts:
            toast[0] -= dt
        self.toasts = [toast for toast in self.toasts if toast[0] > 0]
        self.since_snap += dt
        if self.follows:
            return self._follow()
        target = self.source.stop_at(self.clock.target(dt))
        if target > self.clock.shown_h:
            self.source.advance(target)
            self.clock.show(min(target, self.source.now))  # an exercise stops early at an inject
        if self.snap.t != self.clock.shown_h and (self.snapshot_due() or not self.clock.playing):
            self.refresh()
        pending = self.source.pending
        if (pending is not None or self.source.finished) and self.snap.t != self.clock.shown_h:
            self.refresh()  # the card or the score card goes over an up-to-date picture
        if pending is not None:
            self.app.push(CardState(self.app, self, pending))
        elif self.source.finished and not self.ended:
            self.ended = True
            self.clock.playing = False
            self._label_play()
            self.app.push(DebriefState(self.app, self))

    def _follow(self):
        """A frame of the projector: catch up with the host's clock and record, never step them."""
        changed = self.source.follow()
        self.clock.show(self.source.now)
        for t_h, text in self.source.feed_lines():
            self.feed.add(t_h, text)
        for text, colour in self.source.notices():
            self.toast(text, colour)
        if changed or self.snap.t != self.clock.shown_h:
            self.refresh()
        if self.source.finished and not self.ended:
            self.ended = True
            self.app.push(DebriefState(self.app, self))

    def draw(self, surface):
        self.map.draw(surface, self.snap)
        self.panels.draw_top(surface, self.snap, self.clock)
        self.panels.draw_panel(surface, self.snap, self.app.facilitator, self.serial)
        self.panels.draw_feed(surface, self.feed)
        self._draw_toasts(surface)

    def _draw_toasts(self, surface):
        y = self.layout.map.top + self.layout.pad
        banner = self.source.banner() if self.follows else None  # the open decision point stays up
        for _, text, colour in ([(0, banner, "text_warn")] if banner else []) + self.toasts[-3:]:
            text = self.app.text.fit(text, self.layout.map.width - 4 * self.layout.pad, "font_body", True)
            label = self.app.text.render(text, "font_body", colour, True)
            box = label.get_rect(midtop=(self.layout.map.centerx, y)).inflate(2 * self.layout.pad, self.layout.pad)
            panel = pygame.Surface(box.size, pygame.SRCALPHA)
            panel.fill(self.app.theme.colour["hover_bg"])
            surface.blit(panel, box)
            surface.blit(label, label.get_rect(center=box.center))
            y = box.bottom + 4
