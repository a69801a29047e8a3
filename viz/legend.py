"""The map's legend: every colour the map shows, for the layers that are on.

Rows: flood depth classes (depth layer), warning states (warning layer), shelter states,
their occupancy bar and stock dot (or, at district scale, the township gauge), depots,
people, trucks, roads and closed roads, and the keys that toggle the layers.
"""
import pygame

from messages import N_

from .words import SHELTER_STATES

DEPTH = ("water_1", "water_2", "water_3", "water_4")
DEPTH_LABELS = (N_("under 0.3 m"), N_("0.3–0.5 m"), N_("0.5–1 m"), N_("1 m and more"))
"""The depth classes' palette colours and their labels (viz.mapview.DEPTH_CLASSES_M)."""
WARNING = (("warn_none", N_("Not warned")), ("warn_some", N_("some warned")), ("warn_all", N_("Warned")),
           ("warn_left", N_("Mostly left")))
SHELTERS = (("shelter_closed", SHELTER_STATES["closed"]), ("shelter_opening", SHELTER_STATES["opening"]),
            ("shelter_open", SHELTER_STATES["open"]), ("shelter_unusable", SHELTER_STATES["flooded"]))
"""(palette colour, label) of each row's swatches."""


class Legend:
    """Builds the legend surface for a choice of layers, once per choice."""

    def __init__(self, theme, text, t):
        self.theme, self.text, self.t = theme, text, t
        self._made = {}

    def invalidate(self):
        self._made.clear()

    def rows(self, layers, grouped):
        """[(title or None, [(shape, colour, label)])] for the layers on."""
        t = self.t
        rows = []
        if layers["depth"]:
            rows.append((t("Flood depth"), [("swatch", c, t(label)) for c, label in zip(DEPTH, DEPTH_LABELS)]))
        else:
            rows.append((t("{layer} (hidden)", layer=t("Flood depth")), []))
        if layers["warning"]:
            rows.append((t("Warning"), [("swatch", c, t(key)) for c, key in WARNING]))
        else:
            rows.append((t("{layer} (hidden)", layer=t("Warning")), []))
        rows.append((t("Shelters"), [("box", c, t(key)) for c, key in SHELTERS]))
        if grouped:
            rows.append((None, [("bar", "bar_fill", t("township total: occupancy, roads closed, stock-outs"))]))
        else:
            rows.append((None, [("bar", "bar_fill", t("occupancy (orange: full)")),
                                ("dots", "stock", t("stock: ok / low / out"))]))
        rows.append((None, [("diamond", "depot", t("Depot")), ("dot", "people", t("People moving")),
                            ("square", "truck", t("Truck"))]))
        rows.append((None, [("line", "road", t("Road")), ("line", "road_closed", t("Road closed"))]))
        rows.append((t("D depth · W warning · L legend"), []))
        return rows

    def size(self, layers, grouped):
        return self.surface(layers, grouped).get_size()

    def surface(self, layers, grouped):
        key = (tuple(sorted(layers.items())), grouped)
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = self._draw(self.rows(layers, grouped))
        return made

    def _draw(self, rows):
        c, text = self.theme.colour, self.text
        lh = text.line_height("font_small")
        pad, sw = 6, lh // 2
        lines = []  # [(x, label or shape entry)] per row
        width = 0
        for title, entries in rows:
            items, x = [], pad
            if title:
                items.append(("title", x, title))
                x += text.render(title, "font_small", "text_dim", True).get_width() + pad
            for shape, colour, label in entries:
                items.append((shape, x, (colour, label)))
                x += sw + 4 + text.render(label, "font_small", "text").get_width() + pad + 2
            lines.append(items)
            width = max(width, x)
        surface = pygame.Surface((width + pad, lh * len(lines) + 2 * pad - 2), pygame.SRCALPHA)
        surface.fill(c["legend_bg"])
        for row, items in enumerate(lines):
            y = pad + row * lh + lh // 2
            for shape, x, what in items:
                if shape == "title":
                    text.draw(surface, what, (x, y), "font_small", "text_dim", True, "midleft")
                    continue
                colour, label = what
                self._shape(surface, shape, colour, x, y, sw)
                text.draw(surface, label, (x + sw + 4, y), "font_small", "text", anchor="midleft")
        return surface

    def _shape(self, surface, shape, colour, x, y, sw):
        c = self.theme.colour
        half = sw // 2
        if shape in ("swatch", "box", "square"):
            pygame.draw.rect(surface, c[colour], (x, y - half, sw, sw))
            if shape != "swatch":
                pygame.draw.rect(surface, c["people_edge"], (x, y - half, sw, sw), 1)
        elif shape == "diamond":
            pygame.draw.polygon(surface, c[colour], [(x + half, y - half), (x + sw, y), (x + half, y + half), (x, y)])
        elif shape == "dot":
            pygame.draw.circle(surface, c[colour], (x + half, y), max(2, half - 1))
        elif shape == "dots":  # the stock dot's three colours side by side (drawn in the swatch's room)
            for k, name in enumerate(("stock_ok", "stock_low", "stock_out")):
                pygame.draw.circle(surface, c[name], (x + k * (sw // 3) + 2, y), max(2, sw // 5))
        elif shape == "bar":
            pygame.draw.rect(surface, c["bar_bg"], (x, y - 2, sw, 5))
            pygame.draw.rect(surface, c[colour], (x, y - 2, sw * 2 // 3, 5))
            pygame.draw.rect(surface, c["bar_full"], (x + sw * 2 // 3, y - 2, sw - sw * 2 // 3, 5))
        else:
            pygame.draw.line(surface, c[colour], (x, y), (x + sw, y), 3)
