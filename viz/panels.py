"""The panels around the map: top bar, status, shelter gauges, the plan, the feed.

Each panel draws from a Snapshot (and the feed from the event log) into its rectangle;
labels come from the catalogue, colours and sizes from the theme. Layout is computed
from the window size, so everything scales from 1280×800 up.
"""
import math

import pygame

from .feed import SIGNAL_LEVELS, signal_text
from .format import day_hm, hm, people, share, speed_span
from .looks import cover_text, shelter_label, stock_state
from .words import SHELTER_STATES, word


class Layout:
    """Rectangles of the window's parts for a window *size* and UI *scale*."""

    def __init__(self, size, scale, facilitator, picker=False, action_rows=2):
        w, h = size
        s = scale
        self.scale = s
        self.pad = max(4, round(8 * s))
        self.button_h = max(24, round(34 * s))
        top, feed = round(52 * s), round(108 * s)
        panel_w = max(round(470 * s), int(w * 0.34))
        self.top = pygame.Rect(0, 0, w, top)
        self.map = pygame.Rect(0, top, w - panel_w, h - top - feed)
        self.panel = pygame.Rect(w - panel_w, top, panel_w, h - top - feed)
        self.feed = pygame.Rect(0, h - feed, w, feed)
        inner = self.panel.inflate(-2 * self.pad, -2 * self.pad)
        self.status = pygame.Rect(inner.left, inner.top, inner.width, round(118 * s))
        picker_h = self.button_h + self.pad if picker else 0  # "acting as [role]" above the action buttons
        self.action_rows = action_rows
        actions_h = action_rows * (self.button_h + self.pad) + self.pad + round(20 * s) + picker_h
        self.actions = pygame.Rect(inner.left, inner.bottom - actions_h, inner.width, actions_h)
        head = round(20 * s)
        label_w = round(inner.width * 0.3)
        self.picker = pygame.Rect(inner.left + label_w, self.actions.top + head + self.pad, inner.width - label_w,
                                  self.button_h if picker else 0)
        self._buttons_top = self.actions.top + head + self.pad + picker_h
        middle_top = self.status.bottom + self.pad
        middle_h = self.actions.top - self.pad - middle_top
        plan_h = round(middle_h * (0.55 if picker else 0.4)) if facilitator else 0  # an exercise has its MSEL too
        self.shelters = pygame.Rect(inner.left, middle_top, inner.width, middle_h - plan_h)
        self.plan = pygame.Rect(inner.left, self.shelters.bottom, inner.width, plan_h)
        console_w = round(120 * s)
        self.console = pygame.Rect(self.plan.right - console_w, self.plan.top, console_w, round(24 * s))
        self.controls = pygame.Rect(w - self.pad, 0, 0, self.button_h)  # set by control_buttons

    def action_buttons(self, n):
        """Rectangles of *n* action buttons in ``action_rows`` rows under the actions heading."""
        if n == 0:
            return []
        per_row = math.ceil(n / self.action_rows)
        bw = (self.actions.width - (per_row - 1) * self.pad) // per_row
        out = []
        for i in range(n):
            row, col = divmod(i, per_row)
            out.append(pygame.Rect(self.actions.left + col * (bw + self.pad),
                                   self._buttons_top + row * (self.button_h + self.pad), bw, self.button_h))
        return out

    def control_buttons(self, widths):
        """Rectangles of the clock buttons, right-aligned in the top bar, for their *widths* (px)."""
        x = self.top.right - self.pad - sum(widths) - self.pad * (len(widths) - 1)
        out = []
        for w in widths:
            out.append(pygame.Rect(x, (self.top.height - self.button_h) // 2, w, self.button_h))
            x += w + self.pad
        self.controls = pygame.Rect(out[0].left, out[0].top, out[-1].right - out[0].left, self.button_h)
        return out


class Layer:
    """A window-sized offscreen picture of one part, repainted only when its key changes."""

    def __init__(self):
        self.surface, self.key = None, None

    def blit(self, target, rect, key, paint):
        """Blit the part in *rect*, calling ``paint(surface)`` first if *key* differs from last time."""
        if self.surface is None or self.surface.get_size() != target.get_size():
            self.surface, self.key = pygame.Surface(target.get_size()), None
            if pygame.display.get_surface() is not None:
                self.surface = self.surface.convert()
        if key != self.key:
            paint(self.surface)
            self.key = key
        target.blit(self.surface, rect, area=rect)


class Panels:
    """Draws the top bar, the status block, the shelter list, the plan and the feed."""

    def __init__(self, app, layout, source):
        self.app, self.layout, self.source = app, layout, source
        self.theme, self.text, self.t = app.theme, app.text, app.t
        self.scenario = source.scenario
        self.scroll = 0
        self.plan_scroll = 0  # first line of the plan / MSEL panel shown
        thresholds = self.scenario.hazard.thresholds
        self.danger_depth, self.danger_wind = thresholds.danger_depth_m, thresholds.danger_wind_ms
        self.exposed = [z.wind_exposed for z in self.scenario.zones]
        self._panel, self._feed = Layer(), Layer()
        self.console = hasattr(source, "facilitate")
        self.out_of_use = frozenset()  # shelters an inject or the facilitator put out of use (viz.play sets the feed's)

    # -- top bar ----------------------------------------------------------------------
    def draw_top(self, surface, snap, clock):
        c, text, t, L = self.theme.colour, self.text, self.t, self.layout
        surface.fill(c["panel_bg"], L.top)
        pygame.draw.line(surface, c["panel_line"], L.top.bottomleft, L.top.bottomright)
        x, mid = L.pad * 2, L.top.centery
        wall = self.app.wall_clock(snap.t)
        if wall is not None:
            r = text.draw(surface, day_hm(t, wall), (x, mid), "font_title", "text", True, "midleft")
            x = r.right + L.pad * 2
        rel = snap.t - snap.onset_h
        when = t("{hm} before onset", hm=hm(rel)) if rel < 0 else t("{hm} after onset", hm=hm(rel))
        label = t("T+{hm}", hm=hm(snap.t)) + "  " + when
        r = text.draw(surface, label, (x, mid), "font_body", "text_dim", anchor="midleft")
        r = self._draw_signal(surface, snap, (r.right + L.pad * 2, mid))
        label = t("×{speed}  (1 s = {per})", speed=clock.speed, per=speed_span(t, clock.speed))
        start, short = r.right + L.pad * 2, f"×{clock.speed}"
        if hasattr(self.source, "clock_label"):  # the projector: the host's clock, not a speed of its own
            label = short = self.source.clock_label(t)
        if L.controls.left - 2 * L.pad - text.render(label, "font_small").get_width() < start + self._countdown_need(snap):
            label = short  # no room for "(1 s = 15 min)": the countdown's full words come first
        speed = text.draw(surface, label, (L.controls.left - L.pad, mid), "font_small", "text_dim", anchor="midright")
        self._draw_countdown(surface, snap, (start, mid), speed.left - L.pad)

    def _relief_labels(self, snap):
        """The countdown's words, full and short, and their colour."""
        t = self.t
        if snap.t < snap.onset_h:
            return t("10-h relief: from onset"), t("Relief: from onset"), "text_dim"
        if snap.t <= snap.deadline_h:
            left = hm(snap.deadline_h - snap.t)
            return t("10-h relief: {hm} left", hm=left), t("Relief: {hm} left", hm=left), "text_warn"
        return t("10-h relief: deadline passed"), t("Relief: overdue"), "text_bad"

    def _countdown_need(self, snap):
        """Pixels the countdown needs: its ten segments and its full words."""
        seg = round(9 * self.layout.scale)
        return 10 * (seg + 2) + self.layout.pad + self.text.render(self._relief_labels(snap)[0], "font_body").get_width()

    def _draw_signal(self, surface, snap, pos):
        c, text, L = self.theme.colour, self.text, self.layout
        levels = [(kind, level) for kind, level in snap.signals if level in SIGNAL_LEVELS]
        kind, level = max(levels, key=lambda kl: _rank(kl[1])) if levels else (None, None)
        label = signal_text(self.t, kind, level) if kind else self.t("no warning signal")
        chip = text.render(label, "font_body", "text", True)
        box = chip.get_rect(midleft=(pos[0] + L.pad, pos[1])).inflate(2 * L.pad, L.pad)
        pygame.draw.rect(surface, c[f"signal_{level}" if level else "signal_none"], box, border_radius=L.pad)
        colour = "people_edge" if level in ("yellow",) else "text"
        text.draw(surface, label, box.center, "font_body", colour, True, "center")
        return box

    def _draw_countdown(self, surface, snap, pos, right):
        c, t, L = self.theme.colour, self.t, self.layout
        target = snap.deadline_h - snap.onset_h
        seg, gap = round(9 * L.scale), 2
        x, y = pos[0], pos[1] - seg // 2
        elapsed = min(max(snap.t - snap.onset_h, 0.0), target)
        filled = math.ceil(elapsed / target * 10) if target > 0 else 0
        for i in range(10):
            pygame.draw.rect(surface, c["countdown_fill" if i < filled else "countdown_empty"], (x + i * (seg + gap), y, seg, seg))
        full, short, colour = self._relief_labels(snap)
        room = right - (x + 10 * (seg + gap) + L.pad)
        label = full if self.text.render(full, "font_body").get_width() <= room else self.text.fit(short, max(room, 10), "font_body")
        self.text.draw(surface, label, (x + 10 * (seg + gap) + L.pad, pos[1]), "font_body", colour, anchor="midleft")

    # -- right panel -------------------------------------------------------------------
    def draw_panel(self, surface, snap, facilitator, serial):
        """The status block, shelter gauges, the plan (facilitator) and the actions heading;
        *serial* numbers the snapshot, so the panel is repainted only for a new one."""
        key = (serial, self.scroll, self.plan_scroll, len(self.source.events) if facilitator else 0,
               getattr(self.source, "acting_role", None))
        self._panel.blit(surface, self.layout.panel, key, lambda target: self._paint_panel(target, snap, facilitator))

    def _paint_panel(self, surface, snap, facilitator):
        c, L = self.theme.colour, self.layout
        surface.fill(c["panel_bg"], L.panel)
        pygame.draw.line(surface, c["panel_line"], L.panel.topleft, L.panel.bottomleft)
        self._draw_status(surface, snap)
        self._draw_shelters(surface, snap)
        if facilitator:
            self._draw_plan(surface)
        y = self._heading(surface, self.t("Actions"), L.actions.topleft, L.actions.width)
        if getattr(self.source, "read_only", False):  # the projector: seats act from their phones
            lines = [self.t("Read-only: each seat acts from its own phone or laptop")] + self.source.join_lines(self.t)
            for n, line in enumerate(lines):
                self.text.draw(surface, self.text.fit(line, L.actions.width, "font_body"),
                               (L.actions.left, y + L.pad + n * self.text.line_height("font_body")), "font_body",
                               "text" if n else "text_dim")
        if L.picker.height:
            self.text.draw(surface, self.t("Acting as"), (L.actions.left, L.picker.centery), "font_body", "text_dim",
                           anchor="midleft")

    def waiting(self, snap):
        """People displaced to public shelters whose basic needs are not yet secured."""
        counts = dict(snap.counts)
        return max(counts["sheltered"] - snap.secured, 0) + counts["queued"] + counts["overflow"]

    def in_danger(self, snap):
        """People at home now in a zone whose depth or (exposed) wind is at the danger level."""
        return sum(z.at_home for z, exposed in zip(snap.zones, self.exposed)
                   if z.depth_m >= self.danger_depth or (exposed and z.wind_ms >= self.danger_wind))

    def _draw_status(self, surface, snap):
        t, text, L = self.t, self.text, self.layout
        counts = dict(snap.counts)
        waiting = self.waiting(snap)
        total = snap.secured + waiting + snap.left_in_danger  # everyone needing relief so far (sim/verdict.py)
        x, y = L.status.left, L.status.top
        secured = t("Secured {secured} / {total}", secured=people(snap.secured), total=people(total))
        r = text.draw(surface, secured, (x, y), "font_title", "text_good", True)
        text.draw(surface, t("Waiting {n}", n=people(waiting)), (r.right + 3 * L.pad, y), "font_title",
                  "text_warn" if waiting else "text_dim", True)
        lh = text.line_height("font_body")
        y = r.bottom + L.pad // 2
        danger = self.in_danger(snap)
        cells = [(t("In danger {n}", n=people(danger)), "text_bad" if danger else "text_dim"),
                 (t("Overflow {n}", n=people(counts["overflow"])), "text_bad" if counts["overflow"] else "text_dim"),
                 (t("On the move {n}", n=people(counts["moving"])), "text")]
        self._row(surface, cells, x, y, L.status.width)
        pop = sum(z.population for z in snap.zones) or 1
        warned = sum(z.warned for z in snap.zones)
        cells = [(t("In shelters {n}", n=people(counts["sheltered"])), "text"),
                 (t("Relatives {n}", n=people(counts["relatives"])), "text"),
                 (t("Warned {share}", share=share(warned / pop)), "text")]
        self._row(surface, cells, x, y + lh, L.status.width)
        cells = [(t("Transferred {n} / {due}", n=people(snap.transferred), due=people(snap.transfer_due)),
                  "text_good" if snap.transferred >= snap.transfer_due else "text"),
                 (t("Forced {n} · went back {back}", n=people(snap.forced), back=people(snap.returned)),
                  "text_bad" if snap.returned else "text" if snap.forced else "text_dim")]
        self._row(surface, cells, x, y + 2 * lh, L.status.width)

    def _row(self, surface, cells, x, y, width):
        col = width // len(cells)
        for i, (label, colour) in enumerate(cells):
            self.text.draw(surface, self.text.fit(label, col - 4, "font_body"), (x + i * col, y), "font_body", colour)

    def _heading(self, surface, label, pos, width):
        r = self.text.draw(surface, label, pos, "font_body", "text_dim", True)
        pygame.draw.line(surface, self.theme.colour["panel_line"], (r.right + 6, r.centery), (pos[0] + width, r.centery))
        return r.bottom + 2

    def shelter_order(self, snap):
        """Shelter indices, most urgent first: out of stock, low, full, then by how full."""
        low_h, ok_h = self.theme.number("stock_low_h"), self.theme.number("stock_ok_h")
        rank = {"stock_out": 0, "stock_low": 1}

        def key(i):
            s = snap.shelters[i]
            used = s.occupancy + s.queued
            least = min((c.hours for c in s.cover_h), default=math.inf)
            return (0 if used else 1, rank.get(stock_state(s, low_h, ok_h), 2), -(used / s.capacity if s.capacity else 0),
                    least, i)

        return sorted(range(len(snap.shelters)), key=key)

    def _draw_shelters(self, surface, snap):
        c, t, text, L = self.theme.colour, self.t, self.text, self.layout
        area = L.shelters
        y = self._heading(surface, t("Shelters"), area.topleft, area.width)
        lh = text.line_height("font_small") + round(4 * L.scale)
        rows = max(1, (area.bottom - y) // lh - 1)
        order = self.shelter_order(snap)
        self.scroll = min(max(self.scroll, 0), max(len(order) - rows, 0))
        shown = order[self.scroll:self.scroll + rows]
        name_w, bar_w = round(area.width * 0.36), round(area.width * 0.22)
        low_h, ok_h = self.theme.number("stock_low_h"), self.theme.number("stock_ok_h")
        for i in shown:
            spec, s = self.scenario.shelters[i], snap.shelters[i]
            label = text.fit(t("{grade} {name}", grade=spec.grade, name=t.name(spec)), name_w - 6, "font_small")
            text.draw(surface, label, (area.left, y), "font_small", "text")
            bar = pygame.Rect(area.left + name_w, y + 3, bar_w, lh - 8)
            pygame.draw.rect(surface, c["bar_bg"], bar)
            fill = min(s.occupancy / s.capacity, 1.0) if s.capacity else 0.0
            if fill > 0:
                pygame.draw.rect(surface, c["bar_full" if fill >= 1 else "bar_fill"], (bar.left, bar.top, max(1, round(bar.width * fill)), bar.height))
            state = shelter_label(s, self.out_of_use)
            count = t("FULL") if state == "full" else (
                t("{occupancy}/{capacity}", occupancy=people(s.occupancy), capacity=people(s.capacity)) if state == "open"
                else word(t, SHELTER_STATES, state))
            text.draw(surface, count, bar.center, "font_small", "text", anchor="center")
            self._draw_cover(surface, s, (bar.right + L.pad, y), area.right - bar.right - L.pad, low_h, ok_h)
            y += lh
        hidden = len(order) - len(shown)
        if hidden > 0:
            text.draw(surface, t("+{n} more (scroll)", n=hidden), (area.left, y), "font_small", "text_dim")

    def _draw_cover(self, surface, s, pos, width, low_h, ok_h):
        """The item with the least cover, coloured by how soon it runs out."""
        if not s.cover_h:
            return
        worst = min(range(len(s.cover_h)), key=lambda j: (s.stock[j].units > 0, s.cover_h[j].hours))
        item, units = s.stock[worst]
        hours = s.cover_h[worst].hours
        label = cover_text(self.t, item, units, hours)
        state = stock_state(s, low_h, ok_h) if s.occupancy else None
        colour = {"stock_out": "text_bad", "stock_low": "text_warn"}.get(state, "text_dim")
        self.text.draw(surface, self.text.fit(label, width, "font_small"), pos, "font_small", colour)

    def plan_lines(self):
        """The plan / MSEL panel as lines (text, right text, colour key, indented)."""
        lines = []
        for text, right, colour, second in self.source.plan_rows(self.t):
            lines.append((text, right, colour, False))
            if second:
                lines.append((second, "", "text_dim", True))
        return lines

    def _draw_plan(self, surface):
        t, text, L = self.t, self.text, self.layout
        area = L.plan
        heading = t("Plan: expected actions")
        y = self._heading(surface, heading, area.topleft, area.width - (L.console.width if self.console else 0))
        lh = text.line_height("font_small")
        lines = self.plan_lines()
        rows = max(1, (area.bottom - y) // lh - 1)
        self.plan_scroll = min(max(self.plan_scroll, 0), max(len(lines) - rows, 0))
        shown = lines[self.plan_scroll:self.plan_scroll + rows]
        for label, right, colour, indented in shown:
            x = area.left + (12 if indented else 0)
            r = text.draw(surface, right, (area.right, y), "font_small", colour, anchor="topright") if right else None
            room = (r.left if r else area.right) - x - 6
            text.draw(surface, text.fit(label, room, "font_small"), (x, y), "font_small", "text_dim" if indented else "text")
            y += lh
        above, below = self.plan_scroll, len(lines) - self.plan_scroll - len(shown)
        if above or below:
            more = t("{above} above, {below} below (scroll)", above=above, below=below)
            text.draw(surface, more, (area.left, y), "font_small", "text_dim")

    # -- feed ---------------------------------------------------------------------------
    def draw_feed(self, surface, feed):
        """The newest lines of the feed, in two columns."""
        self._feed.blit(surface, self.layout.feed, feed.version, lambda target: self._paint_feed(target, feed))

    def _paint_feed(self, surface, feed):
        c, text, L = self.theme.colour, self.text, self.layout
        surface.fill(c["panel_bg"], L.feed)
        pygame.draw.line(surface, c["panel_line"], L.feed.topleft, L.feed.topright)
        lh = text.line_height("font_small")
        rows = max(1, (L.feed.height - L.pad) // lh)
        cols = 2
        col_w = (L.feed.width - 2 * L.pad) // cols
        for n, (t_h, label, notable) in enumerate(feed.recent(rows * cols)):
            col, row = divmod(n, rows)
            x, y = L.feed.left + L.pad + col * col_w, L.feed.top + L.pad // 2 + row * lh
            stamp = self.app.wall_clock(t_h)
            start = self.app.wall_clock(0.0)
            stamp = self.t("D{day} {hm}", day=(stamp.date() - start.date()).days + 1, hm=stamp.strftime("%H:%M")) \
                if stamp else feed.stamp(t_h)
            r = text.draw(surface, stamp, (x, y), "font_small", "text_dim")
            text.draw(surface, text.fit(label, col_w - r.width - 3 * L.pad, "font_small"), (r.right + L.pad, y),
                      "font_small", "text" if notable else "text_dim")


def _rank(level):
    return ("blue", "yellow", "orange", "red").index(level) if level in ("blue", "yellow", "orange", "red") else -1
