"""The facilitator's console: steer the running exercise (training.facilitation).

A window over the play screen with two parts. Above, one scripted inject chosen from a
drop-down, its controller notes and expected actions, and the acts on it: release now,
skip, re-time. Below, an ad-hoc inject: the message, the recipients and one effect on the
model picked from a list the scenario offers (a road closed, a shelter out of use, half a
stock lost, a depot's trucks held up, a generator failing). Every act goes through the
runner, which validates it and records it; what it delivers appears as an inject card.
"""
import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu, UILabel, UITextBox, UITextEntryLine

from sim.units import parse_duration

from . import words
from .format import hm
from .states import ModalState, _html
from .words import STATES, word


def effect_choices(scenario, t):
    """(label, action dict or None) of the effects an ad-hoc inject may carry on *scenario*."""
    out = [(t("none"), None)]
    out += [(t("Road {id} closed", id=e.id), {"action": "close_road", "edge": e.id}) for e in scenario.edges]
    for s in scenario.shelters:
        out.append((t("{name} out of use", name=t.name(s)), {"action": "shelter_unusable", "shelter": s.id}))
    for s in scenario.shelters:
        for item in scenario.relief.items:
            if not scenario.relief.items[item].durable:
                label = words.item(t, item)
                out.append((t("{name}: half the {item} lost", name=t.name(s), item=label),
                            {"action": "lose_stock", "shelter": s.id, "item": item, "share": 0.5}))
    for d in scenario.depots:
        if d.trucks:
            out.append((t("{name}: trucks held up 2 h", name=t.name(d)),
                        {"action": "delay_trucks", "depot": d.id, "hours": 2.0}))
    for s in scenario.shelters:
        if s.generator:
            out.append((t("{name}: generator fails", name=t.name(s)), {"action": "fail_generator", "shelter": s.id}))
    return out


def select(menu, value):
    """Show *value* chosen in the drop-down *menu*, as a player's click would (no event posted)."""
    choice = next(c for c in menu.options_list if c[1] == value)
    menu.selected_option = choice
    state = menu.menu_states["closed"]
    state.selected_option = choice
    if state.selected_option_button is not None:
        state.selected_option_button.set_text(choice[0])
    return choice


def parse_time(text):
    """Model time (h) from ``14h30min``, ``14.5`` or ``T+14:30``; ValueError if it is none of those."""
    text = text.strip()
    if text.upper().startswith("T+"):
        text = text[2:]
    if ":" in text:
        h, _, m = text.partition(":")
        return int(h) + int(m) / 60
    return parse_duration(text)


class ConsoleState(ModalState):
    """The facilitator's console over the play screen."""

    width, height = 700, 500

    def __init__(self, app, play):
        super().__init__(app)
        self.play, self.source = play, play.source
        self.effects = effect_choices(self.source.scenario, app.t)
        self.menus, self.entries = {}, {}
        self.notes = None

    # -- widgets ------------------------------------------------------------------------
    def inject_choices(self):
        """(label, id) of every scripted inject, those not delivered first."""
        t = self.app.t
        items = [m for m in self.source.msel() if m.kind == "inject"]
        items.sort(key=lambda m: m.state not in ("coming", "skipped"))
        return [(f"{m.id} · {word(t, STATES, m.state)} · {m.text.get(self.source.lang)[:40]}", m.id) for m in items]

    def enter(self):
        t, L, m = self.app.t, self.app.layout, self.app.manager
        self.make_window(t("Facilitator console"))
        inner = self.window.get_container().get_rect()
        w, bh, pad = inner.width, L.button_h, L.pad
        label_w = round(w * 0.22)
        y = pad
        choices = self.inject_choices()
        if choices:
            UILabel(pygame.Rect(pad, y, label_w - pad, bh), t("Inject"), m, container=self.window)
            self.menus["inject"] = UIDropDownMenu(choices, choices[0], pygame.Rect(label_w, y, w - label_w - pad, bh), m,
                                                  container=self.window, expansion_height_limit=round(inner.height * 0.6))
        y += bh + pad
        self.notes = UITextBox("", pygame.Rect(pad, y, w - 2 * pad, 3 * bh), m, container=self.window)
        y += 3 * bh + pad
        bw = (w - 5 * pad) // 4
        self.buttons["console.release"] = UIButton(pygame.Rect(pad, y, bw, bh), t("Release now"), m,
                                                   container=self.window, object_id="#console_release")
        self.buttons["console.skip"] = UIButton(pygame.Rect(2 * pad + bw, y, bw, bh), t("Skip"), m,
                                                container=self.window, object_id="#console_skip")
        self.entries["retime"] = UITextEntryLine(pygame.Rect(3 * pad + 2 * bw, y, bw, bh), m, container=self.window,
                                                 placeholder_text="T+14:30")
        self.buttons["console.retime_button"] = UIButton(pygame.Rect(4 * pad + 3 * bw, y, bw, bh),
                                                         t("Re-time"), m, container=self.window,
                                                         object_id="#console_retime")
        y += bh + 2 * pad
        UILabel(pygame.Rect(pad, y, w - 2 * pad, bh), t("Add an inject"), m, container=self.window)
        y += bh
        UILabel(pygame.Rect(pad, y, label_w - pad, bh), t("Message"), m, container=self.window)
        self.entries["message"] = UITextEntryLine(pygame.Rect(label_w, y, w - label_w - pad, bh), m, container=self.window)
        y += bh + pad
        roles = [(t("everyone"), "all")] + self.source.roles()
        UILabel(pygame.Rect(pad, y, label_w - pad, bh), t("To"), m, container=self.window)
        self.menus["to"] = UIDropDownMenu(roles, roles[0], pygame.Rect(label_w, y, w - label_w - pad, bh), m,
                                          container=self.window, expansion_height_limit=round(inner.height * 0.5))
        y += bh + pad
        effects = [(label, str(i)) for i, (label, _) in enumerate(self.effects)]
        UILabel(pygame.Rect(pad, y, label_w - pad, bh), t("Effect"), m, container=self.window)
        self.menus["effect"] = UIDropDownMenu(effects, effects[0], pygame.Rect(label_w, y, w - label_w - pad, bh), m,
                                              container=self.window, expansion_height_limit=round(inner.height * 0.5))
        self.add_buttons(["console.pause" if not self.source.paused else "console.resume", "console.add", "console.close"])
        self.show_notes()

    # -- what the facilitator reads -----------------------------------------------------------
    def selected(self):
        """The id of the inject chosen in the drop-down, or None."""
        menu = self.menus.get("inject")
        return menu.selected_option[1] if menu is not None else None

    def choose(self, key, value):
        """Pick *value* in the drop-down *key* ("inject", "to", "effect"), as a click would."""
        select(self.menus[key], value)
        if key == "inject":
            self.show_notes()

    def notes_lines(self):
        """The chosen inject's state, controller notes and expected actions, as lines."""
        t = self.app.t
        item = next((m for m in self.source.msel() if m.id == self.selected()), None)
        if item is None:
            return []
        when = item.delivered_t if item.delivered_t is not None else item.due_t
        when = "" if when is None else " T+" + hm(when)
        lines = [t("{id}: {state}{when}", id=item.id, state=word(t, STATES, item.state), when=when),
                 t("Controller notes: {notes}", notes=item.notes) if item.notes else t("No controller notes.")]
        from .feed import Names, describe_action

        names = Names(self.source.scenario, t)
        for e in item.expected:
            due = "—" if e.due_by is None else f"T+{hm(e.due_by)}"
            lines.append(t("Expects {what} by {due} — {state}", what=describe_action(t, names, e.action), due=due,
                           state=word(t, STATES, e.state)))
        return lines

    def show_notes(self):
        self.notes.set_text("<br>".join(_html(line) for line in self.notes_lines()))

    # -- acts -------------------------------------------------------------------------------
    def act(self, act):
        """Carry out a facilitator act; say what became of it over the map."""
        from training.live_report import act_text

        entry = self.source.facilitate(act)
        t = self.app.t
        if entry.accepted:
            self.play.toast(t("Facilitator: {what}", what=act_text(entry.act, self.source.lang)), "text_good")
        else:
            self.play.toast(t("Facilitator: refused — {reason}", reason=entry.reason), "text_bad")
        self.play.refresh()
        if self.notes is not None:
            self.show_notes()
        return entry

    def add_inject(self):
        """The ad-hoc inject the form describes."""
        text = self.entries["message"].get_text().strip()
        if not text:
            self.play.toast(self.app.t("Write the message first."), "text_bad")
            return None
        effect = self.effects[int(self.menus["effect"].selected_option[1])][1]
        to = self.menus["to"].selected_option[1]
        act = {"act": "add_inject", "message": {self.source.lang: text}, "to": "all" if to == "all" else [to],
               "from": self.app.t("Facilitator console"), "effect": [effect] if effect else []}
        entry = self.act(act)
        if entry.accepted:
            self.entries["message"].set_text("")
        return entry

    def process_event(self, event):
        name = self.pressed(event)
        if name == "console.release" and self.selected():
            self.act({"act": "release", "inject": self.selected()})
        elif name == "console.skip" and self.selected():
            self.act({"act": "skip", "inject": self.selected()})
        elif name == "console.retime_button" and self.selected():
            try:
                at = parse_time(self.entries["retime"].get_text())
            except ValueError:
                self.play.toast(self.app.t("write a time such as 14h30min or T+14:30"), "text_bad")
                return True
            self.act({"act": "retime", "inject": self.selected(), "at": at})
        elif name == "console.add":
            self.add_inject()
        elif name in ("console.pause", "console.resume"):
            self.source.set_paused(name == "console.pause")
            self.play.sync_pause()
            self.app.pop(self)
        elif name == "console.close" or (event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE):
            self.app.pop(self)
        elif event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.menus.get("inject"):
            self.show_notes()
        else:
            return super().process_event(event)
        return True

    def exit(self):
        self.notes = None
        super().exit()
