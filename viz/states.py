"""The screens, as a stack of states: briefing, play (viz.play), action form, inject card,
decision, debrief.

Each state has ``process_event(event)``, ``update(dt)`` and ``draw(surface)`` — the three
phases pygame-gui itself uses. Only the top state gets events and updates (so the clock
stops while a card or form is open); every state is drawn, bottom first. This module holds
the base and the modal screens, each a pygame-gui window over the play screen.
"""
import pygame
import pygame_gui
from pygame_gui.elements import (UIButton, UIDropDownMenu, UILabel, UISelectionList, UITextBox, UITextEntryLine,
                                 UIWindow)

from messages import N_

from . import forms
from .format import hm, kpi, people
from .words import KPIS, action_word, word

BUTTONS = {
    "button.start": N_("Start"), "button.continue": N_("Continue"), "button.confirm": N_("Confirm"),
    "button.cancel": N_("Cancel"), "button.decide": N_("Decide"), "button.no_decision": N_("No decision"),
    "button.report": N_("Write report"), "button.quit": N_("Quit"), "button.evaluate": N_("Evaluate"),
    "button.save": N_("Save"), "console.pause": N_("Pause exercise"), "console.resume": N_("Resume exercise"),
    "console.add": N_("Add inject"), "console.close": N_("Close"),
}
"""The buttons along the bottom of a window: name (its pygame-gui object id, with _ for .) -> label."""
EVALUATION_FIELDS = {"evaluate.target": N_("Item"), "evaluate.rating": N_("Rating"), "evaluate.name": N_("Evaluator"),
                     "evaluate.comment": N_("Comment")}
"""The evaluator's form: field -> label."""


class State:
    """One screen on the stack."""

    def __init__(self, app):
        self.app = app

    def enter(self):
        """Called when pushed: make its widgets."""

    def exit(self):
        """Called when popped: remove its widgets."""

    def process_event(self, event):
        """Handle one pygame (or pygame-gui) event; True if it was used."""
        return False

    def recentre(self):
        """The window changed size: put this screen's window back in the middle."""

    def update(self, dt):
        """Advance by *dt* real seconds."""

    def draw(self, surface):
        """Draw this screen (widgets are drawn by the manager afterwards)."""


class ModalState(State):
    """A pygame-gui window in the middle of the screen that blocks the rest until closed."""

    title = ""
    width, height = 520, 360

    def __init__(self, app):
        super().__init__(app)
        self.window = None
        self.buttons = {}

    def window_rect(self):
        s = self.app.theme.scale
        w, h = round(self.width * s), round(self.height * s)
        rect = pygame.Rect(0, 0, w, h)
        rect.center = self.app.window.get_rect().center
        return rect

    def recentre(self):
        if self.window is not None:
            self.window.set_position(self.window_rect().topleft)

    def make_window(self, title):
        self.window = UIWindow(self.window_rect(), self.app.manager, window_display_title=title,
                               object_id="#modal", draggable=True)
        self.window.set_blocking(True)
        return self.window

    def add_buttons(self, names):
        """Buttons along the bottom of the window, right-aligned, by name (BUTTONS)."""
        L = self.app.layout
        inner = self.window.get_container().get_rect()
        bw = round(140 * self.app.theme.scale)
        x = inner.width - L.pad
        for name in reversed(names):
            x -= bw
            rect = pygame.Rect(x, inner.height - L.button_h - L.pad, bw, L.button_h)
            self.buttons[name] = UIButton(rect, self.app.t(BUTTONS[name]), self.app.manager, container=self.window,
                                          object_id=f"#{name.replace('.', '_')}")
            x -= L.pad

    def exit(self):
        if self.window is not None:
            self.window.kill()
            self.window = None

    def pressed(self, event):
        """The name of this window's button that *event* pressed, or None."""
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return None
        return next((n for n, b in self.buttons.items() if b is event.ui_element), None)

    def process_event(self, event):
        if event.type == pygame_gui.UI_WINDOW_CLOSE and event.ui_element is self.window:
            self.window = None
            self.app.pop(self)
            return True
        return False


class BriefingState(ModalState):
    """What the exercise is about, before the clock starts."""

    width, height = 600, 470

    def __init__(self, app, source):
        super().__init__(app)
        self.source = source

    def enter(self):
        t, s = self.app.t, self.source.scenario
        self.make_window(t("Briefing"))
        wall = self.app.wall_clock(0.0)
        snap = self.app.play.snap
        paragraphs = [
            t("Starts {wall}. Onset at T+{onset}; every displaced person must be secured by T+{deadline} (the "
              "10-hour relief target).", wall=wall.strftime("%Y-%m-%d %H:%M") if wall else "T+0:00",
              onset=hm(snap.onset_h), deadline=hm(snap.deadline_h)),
            t("{population} people in {zones} zones; {shelters} shelters, {depots} depots.",
              population=people(s.population), zones=len(s.zones), shelters=len(s.shelters),
              depots=len(s.depots)),
            self.source.briefing(t) if hasattr(self.source, "briefing")
            else t("Free run: the community plan acts by itself; you may add actions."),
            t("Space: play / pause · + / −: speed · N: next event · D: depth layer · W: warning layer · L: legend · "
              "Home: whole map · wheel: zoom · drag: pan")]
        inner = self.window.get_container().get_rect()
        L = self.app.layout
        rect = pygame.Rect(L.pad, L.pad, inner.width - 2 * L.pad, inner.height - L.button_h - 3 * L.pad)
        body = [f"<b>{_html(self.app.title)}</b>"] + [self.app.wrapped(p, rect.width) for p in paragraphs]
        UITextBox("<br><br>".join(body), rect, self.app.manager, container=self.window)
        self.add_buttons(["button.start"])

    def process_event(self, event):
        if self.pressed(event) == "button.start":
            self.app.pop(self)
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_SPACE):
            self.app.pop(self)
            return True
        return super().process_event(event)


class ActionFormState(ModalState):
    """Choose the details of one action (zone, shelter, depot …) and confirm it.

    The form is an Offer of training.roles (viz.forms): a drop-down for each field, a list
    for a field that takes several choices (shelters, first choice first: in the order
    clicked). Confirm builds the action through the source (training.roles.build), which
    refuses a value it did not offer; the action then goes to the model.
    """

    MULTI_ROWS = 4
    """Rows a multi-choice list shows before it scrolls."""

    def __init__(self, app, play, offer):
        super().__init__(app)
        self.play, self.offer, self.kind = play, offer, offer.kind
        self.fields = forms.fields(offer, app.t)
        self.menus, self.lists, self.order = {}, {}, {}
        rows = len(self.fields) + self.MULTI_ROWS * sum(f.multi for f in self.fields)
        self.height = 104 + 42 * rows  # the title bar and the buttons, then a row (34 px and its pad) per line

    def enter(self):
        t, L = self.app.t, self.app.layout
        self.make_window(t.pick(self.offer.label))
        inner = self.window.get_container().get_rect()
        label_w = round(inner.width * 0.32)
        y = L.pad
        for field in self.fields:
            if field.multi:  # its label ("Shelters, first choice first") on a line of its own, over the list
                UILabel(pygame.Rect(L.pad, y, inner.width - 2 * L.pad, L.button_h), field.label, self.app.manager,
                        container=self.window, object_id="#form_label_wide")
                y += L.button_h
            else:
                UILabel(pygame.Rect(L.pad, y, label_w - L.pad, L.button_h), field.label, self.app.manager,
                        container=self.window)
            rows = self.MULTI_ROWS if field.multi else 1
            left = L.pad if field.multi else label_w  # a list takes the whole width, under its label
            rect = pygame.Rect(left, y, inner.width - left - L.pad, rows * L.button_h + (rows - 1) * L.pad)
            if field.multi:
                self.order[field.key] = [field.default]
                self.lists[field.key] = UISelectionList(rect, [label for label, _ in field.choices], self.app.manager,
                                                        allow_multi_select=True, container=self.window,
                                                        default_selection=[field.label_of(field.default)],
                                                        object_id="#form_list")
            else:
                default = next(c for c in field.choices if c[1] == field.default)
                self.menus[field.key] = UIDropDownMenu(field.choices, default, rect, self.app.manager,
                                                       container=self.window,
                                                       expansion_height_limit=round(inner.height * 2.5))
            y = rect.bottom + L.pad
        self.add_buttons(["button.cancel", "button.confirm"])

    def values(self):
        """The chosen value of every field (field key -> value; a list, in the order clicked, for a multi field)."""
        out = {key: menu.selected_option[1] for key, menu in self.menus.items()}
        out.update({key: list(order) for key, order in self.order.items()})
        return out

    def choose(self, key, value):
        """Pick *value* in the drop-down *key*, as a player would."""
        field = next(f for f in self.fields if f.key == key)
        choice = next(c for c in field.choices if c[1] == value)
        self.menus[key].selected_option = choice

    def item(self, key, value):
        """The button of *value* in the list of the multi field *key* (to click it)."""
        label = next(f for f in self.fields if f.key == key).label_of(value)
        return next(i["button_element"] for i in self.lists[key].item_list if i["text"] == label)

    def _picked(self, event):
        """A click in a multi field's list: keep the order in which its choices were taken."""
        key = next((k for k, w in self.lists.items() if w is event.ui_element), None)
        if key is None:
            return False
        field = next(f for f in self.fields if f.key == key)
        value = next(v for label, v in field.choices if label == event.text)
        order = self.order[key]
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and value not in order:
            order.append(value)
        elif event.type == pygame_gui.UI_SELECTION_LIST_DROPPED_SELECTION and value in order:
            order.remove(value)
        return True

    def process_event(self, event):
        if event.type in (pygame_gui.UI_SELECTION_LIST_NEW_SELECTION, pygame_gui.UI_SELECTION_LIST_DROPPED_SELECTION):
            return self._picked(event)
        name = self.pressed(event)
        if name == "button.confirm":
            self.app.pop(self)
            label = action_word(self.app.t, self.kind)
            try:
                action = self.play.source.build(self.kind, self.values())
            except forms.OfferError as exc:
                self.play.refuse(label, str(exc))
                return True
            self.play.apply(action)
            return True
        if name == "button.cancel" or (event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE):
            self.app.pop(self)
            return True
        return super().process_event(event)


class CardState(ModalState):
    """An inject card or a decision point from an exercise: the clock waits for the players.

    An inject card blocks everything until it is read. A decision point leaves the action
    panel usable (the players act, then close it): events its own buttons do not use go
    to the play state underneath. A decision point's options are buttons: one click takes
    one, or — when the point is multi-select (its ``multi`` flag) — each click picks or
    unpicks one and Decide sends them all, in the order picked. A point with more options
    than fit as buttons has a list to pick from instead, sent with Decide.
    """

    height = 420
    BUTTON_OPTIONS = 5
    """Options shown as buttons at most; more go into a list."""
    LIST_ROWS = 8
    """Rows the list of options shows before it scrolls."""
    ITEM_H = 30
    """Height of a row of the list (px at scale 1: theme.json's list_item_height)."""

    def __init__(self, app, play, card):
        super().__init__(app)
        self.play, self.card = play, card
        self.decision = hasattr(card.ref, "prompt")
        self.multi = self.decision and bool(getattr(card.ref, "multi", False))
        self.listed = self.decision and len(card.options) > self.BUTTON_OPTIONS
        self.labels = dict(forms.distinct([(_sentence(label), key) for key, label in card.options], app.t))  # label -> key
        self.picked = []  # option keys, in the order picked
        self.options = None  # the list of options (a listed decision)
        if self.listed:  # the text, the hint, a row per option (LIST_ROWS at most) and the buttons
            self.width, self.height = 640, 330 + self.ITEM_H * self.list_rows()

    def enter(self):
        t, L, c = self.app.t, self.app.layout, self.card
        title = t("Decision T+{t}", t=hm(c.t)) if self.decision else t("Inject T+{t}", t=hm(c.t))
        self.make_window(f"{title} — {c.title}")
        self.window.set_blocking(not self.decision)
        inner = self.window.get_container().get_rect()
        below = inner.height - L.button_h - 3 * L.pad  # room above the bottom buttons
        if self.listed:
            list_h = self.list_rows() * max(20, round(self.ITEM_H * self.app.theme.scale)) + 4  # and its border
            body_h = below - L.button_h - list_h - 2 * L.pad
        else:  # a button per option, under the hint of a multi-select point
            body_h = below - (len(c.options) + self.multi) * (L.button_h + L.pad)
        rect = pygame.Rect(L.pad, L.pad, inner.width - 2 * L.pad, body_h)
        self.body = UITextBox(self.app.wrapped(c.text, rect.width), rect, self.app.manager, container=self.window)
        top = body_h + 2 * L.pad
        if self.listed or self.multi:
            hint = t("Choose several, then Decide") if self.multi else t("Choose one, then Decide")
            UILabel(pygame.Rect(L.pad, top, inner.width - 2 * L.pad, L.button_h), hint, self.app.manager,
                    container=self.window, object_id="#decision_hint")
            top += L.button_h + (0 if self.listed else L.pad)
        if self.listed:
            self.options = UISelectionList(pygame.Rect(L.pad, top, inner.width - 2 * L.pad, below + L.pad - top),
                                           list(self.labels), self.app.manager, allow_multi_select=self.multi,
                                           container=self.window, object_id="#decision_options")
            self.add_buttons(["button.no_decision", "button.decide"])
            return
        for i, (key, label) in enumerate(c.options):
            rect = pygame.Rect(L.pad, top + i * (L.button_h + L.pad), inner.width - 2 * L.pad, L.button_h)
            self.buttons[f"option.{key}"] = UIButton(rect, label, self.app.manager, container=self.window,
                                                     object_id="#decision_option")
        self.add_buttons(["button.no_decision", "button.decide"] if self.multi else ["button.continue"])

    def window_rect(self):
        """A decision point's card stands over the map, clear of the action panel the players use
        while it is open; an inject's card is in the middle of the window."""
        rect = super().window_rect()
        if self.decision:
            rect.center = self.app.layout.map.center
            rect.clamp_ip(self.app.window.get_rect())
        return rect

    def list_rows(self):
        """Rows the list of options shows: one per option, LIST_ROWS at most (then it scrolls)."""
        return min(len(self.card.options), self.LIST_ROWS)

    def option(self, key):
        """The button of option *key*, or its item in the list of a listed decision (to click it)."""
        if f"option.{key}" in self.buttons:
            return self.buttons[f"option.{key}"]
        label = next(label for label, k in self.labels.items() if k == key)
        return next(i["button_element"] for i in self.options.item_list if i["text"] == label)

    def _picked(self, event):
        """A click in the list of options: keep the options picked, in the order picked."""
        key = self.labels.get(event.text)
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and key not in self.picked:
            self.picked = self.picked + [key] if self.multi else [key]
        elif event.type == pygame_gui.UI_SELECTION_LIST_DROPPED_SELECTION and key in self.picked:
            self.picked.remove(key)
        return True

    def _toggle(self, key):
        """A click on option *key* of a multi-select point: picked (highlighted) or unpicked."""
        button = self.buttons[f"option.{key}"]
        if key in self.picked:
            self.picked.remove(key)
            button.unselect()
        else:
            self.picked.append(key)
            button.select()
        return True

    def process_event(self, event):
        if self.options is not None and getattr(event, "ui_element", None) is self.options and event.type in (
                pygame_gui.UI_SELECTION_LIST_NEW_SELECTION, pygame_gui.UI_SELECTION_LIST_DROPPED_SELECTION):
            return self._picked(event)
        name = self.pressed(event)
        if self.multi and name is not None and name.startswith("option."):
            return self._toggle(name.split(".", 1)[1])
        if name == "button.decide" and not self.picked:
            self.play.toast(self.app.t("Choose an option first, or press No decision"), "text_warn")
            return True
        if name == "button.decide":
            choice = list(self.picked) if self.multi else self.picked[0]
        elif name in ("button.continue", "button.no_decision"):
            choice = None
        elif name is not None and name.startswith("option."):
            choice = name.split(".", 1)[1]
        elif event.type == pygame_gui.UI_WINDOW_CLOSE and event.ui_element is self.window:
            self.window = None
            choice = None
        else:
            return self.play.process_event(event) if self.decision else False
        self._close(choice)
        return True

    def _close(self, choice):
        """Send *choice* (an option key, a list of them, or None) and say what became of each."""
        outcomes = self.play.source.resolve(self.card, choice) or ()
        done = [o for o in outcomes if o.accepted]
        keys = [] if choice is None else [choice] if isinstance(choice, str) else choice
        for key, outcome in zip(keys, outcomes):
            if not outcome.accepted:
                self.play.refuse(f"{self.card.title} · {dict(self.card.options)[key]}", outcome.reason)
        if done:
            self.play.toast(self.app.t("{what}: {n} of {total} done", what=self.card.title, n=len(done),
                                       total=len(outcomes)), "text_good")
        self.play.feed.add(self.card.t, f"{self.card.title}: {self.card.text}")
        self.app.pop(self)
        self.play.refresh()


class DebriefState(ModalState):
    """The score card at the end, and the button that writes the after-action report."""

    height = 460

    def __init__(self, app, play):
        super().__init__(app)
        self.play = play
        self.card = play.source.score_card()
        self.report = None

    def enter(self):
        t, L = self.app.t, self.app.layout
        self.make_window(t("Score card"))
        inner = self.window.get_container().get_rect()
        self.box = UITextBox(self.html(), pygame.Rect(L.pad, L.pad, inner.width - 2 * L.pad,
                                                      inner.height - L.button_h - 3 * L.pad),
                             self.app.manager, container=self.window)
        evaluate = ["button.evaluate"] if getattr(self.play.source, "can_evaluate", False) else []
        self.add_buttons(evaluate + ["button.report", "button.quit"])

    def lines(self):
        """The score card as plain lines (the first says whether the target was met)."""
        t, card = self.app.t, self.card
        out = [t("10-hour relief target MET") if card.met else t("10-hour relief target MISSED")]
        if card.score is not None:
            out.append(t("{name}: {value}", name=word(t, KPIS, "score"), value=kpi(card.score)))
        out += list(card.lines)
        if card.verdict is not None:  # why the target was missed, in the viewer's language
            out += [f"· {r.text(self.app.font.lang)}" for r in card.verdict.reasons[:6]]
        for name, value in card.kpis:
            label = word(t, KPIS, name)
            # the transfer share as offices publish it (99.75 %); other shares whole
            shown = f"{value:.2%}" if name == "transfer_share" else f"{value:.0%}" if name.endswith("_share") else kpi(value)
            out.append(t("{name}: {value}", name=label, value=shown))
        if self.report is not None:
            out.append(t("Report written: {path}", path=str(self.report)))
        return out

    def html(self):
        lines = self.lines()
        c = self.app.theme.colour["text_good" if self.card.met else "text_bad"]
        colour = f"#{c.r:02x}{c.g:02x}{c.b:02x}"
        return f"<font color='{colour}'><b>{_html(lines[0])}</b></font><br>" + "<br>".join(_html(x) for x in lines[1:])

    def process_event(self, event):
        name = self.pressed(event)
        if name == "button.report":
            from sim.outfile import OutputError

            try:
                self.report = self.play.source.write_report(self.app.report_dir)
            except OutputError as exc:  # a full disk, a read-only folder: said in the feed, the viewer goes on
                self.play.feed.add(self.play.clock.shown_h, str(exc))
                return True
            self.play.feed.add(self.play.clock.shown_h, self.app.t("Report written: {path}", path=str(self.report)))
            self.box.set_text(self.html())
            return True
        if name == "button.quit":
            self.app.running = False
            return True
        if name == "button.evaluate":
            self.app.push(EvaluateState(self.app, self.play))
            return True
        return super().process_event(event)


class EvaluateState(ModalState):
    """The evaluator's form (Exercise Evaluation Guide): pick an objective or an expected
    action, a rating, write who and why; each entry is saved in the session at once, beside
    the computed verdict (training.evaluate_console.record_judgement)."""

    width, height = 760, 400

    def __init__(self, app, play):
        super().__init__(app)
        self.play = play
        self.targets = play.source.evaluation_targets()
        self.ratings = play.source.evaluation_ratings()
        self.menus, self.entries, self.rects, self.saved = {}, {}, {}, []

    def _choices(self, key):
        return self.targets if key == "evaluate.target" else self.ratings

    def _menu(self, key, selected):
        if key in self.menus:
            self.menus[key].kill()
        inner = self.window.get_container().get_rect()
        self.menus[key] = UIDropDownMenu(self._choices(key), selected, self.rects[key], self.app.manager,
                                         container=self.window, expansion_height_limit=round(inner.height * 2))

    def enter(self):
        t, L = self.app.t, self.app.layout
        self.make_window(t("Evaluator: override a verdict or note an observation"))
        inner = self.window.get_container().get_rect()
        label_w = round(inner.width * 0.2)
        width = inner.width - label_w - L.pad
        rows = (("evaluate.target", self.targets), ("evaluate.rating", self.ratings), ("evaluate.name", None),
                ("evaluate.comment", None))
        for i, (key, choices) in enumerate(rows):
            y = L.pad + i * (L.button_h + L.pad)
            UILabel(pygame.Rect(L.pad, y, label_w - L.pad, L.button_h), t(EVALUATION_FIELDS[key]), self.app.manager,
                    container=self.window)
            rect = pygame.Rect(label_w, y, width, L.button_h)
            if choices:
                self.rects[key] = rect
                self._menu(key, choices[0])
            else:
                self.entries[key] = UITextEntryLine(rect, self.app.manager, container=self.window)
        y = L.pad + 4 * (L.button_h + L.pad)
        self.status = UITextBox("", pygame.Rect(L.pad, y, inner.width - 2 * L.pad,
                                                inner.height - y - L.button_h - 2 * L.pad),
                                self.app.manager, container=self.window)
        self.add_buttons(["button.cancel", "button.save"])

    def choose(self, key, value):
        """Pick *value* in the drop-down *key*, as an evaluator would (and show it chosen)."""
        self._menu(key, next(c for c in self._choices(key) if c[1] == value))

    def write(self, key, text):
        """Type *text* into the entry *key*."""
        self.entries[key].set_text(text)

    def save(self):
        t = self.app.t
        target = self.menus["evaluate.target"].selected_option[1]
        rating = self.menus["evaluate.rating"].selected_option[1]
        ok, answer = self.play.source.evaluate(target, rating, self.entries["evaluate.comment"].get_text(),
                                               self.entries["evaluate.name"].get_text())
        label = next(c[0] for c in self.targets if c[1] == target)
        words = next(c[0] for c in self.ratings if c[1] == rating)
        if ok:
            line = t("Saved #{id}: {target} → {rating}", id=answer, target=label, rating=words)
        else:
            line = t("Not saved: {reason}", reason=answer)
        self.saved.append((ok, line))
        self.status.set_text("<br>".join(_html(x) for _, x in self.saved[-4:]))
        if ok:
            self.entries["evaluate.comment"].set_text("")
        return ok

    def process_event(self, event):
        name = self.pressed(event)
        if name == "button.save":
            self.save()
            return True
        if name == "button.cancel" or (event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE):
            self.app.pop(self)
            return True
        return super().process_event(event)


def _sentence(text):
    """*text* with a capital first letter ("open S01" from training.plain, in a list of "Evacuate …")."""
    return text[:1].upper() + text[1:]


def _html(text):
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
