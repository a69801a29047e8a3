"""The map: zones shaded by flood depth or warning state, roads, shelters, depots, movers.

Everything is drawn from a Snapshot. What does not change from frame to frame is kept:
the zones' territories (nearest-zone cells, computed once per view with a k-d tree),
the road layer, the label places, and the zone colours until a zone's depth or warning
state changes. Moving people and trucks are blitted in one batch from two small sprites,
so a frame costs the same at hour 1 as at hour 60.

Flood depth and warning state are two layers (keys D and W): a zone in water shows its
depth class, a dry one its warning state, never a mix of the two, so every colour on the
map is one the legend names. When shelters crowd (a district seen whole), they are summed
per township in a small gauge; zoomed in, each has its marker, and its id beside it.
"""
import math

import numpy as np
from scipy.spatial import cKDTree

from . import words
from .format import people
from .labels import place, place_areas
from .legend import Legend
from .looks import cover_text, shelter_label, shelter_state, stock_state
from .townships import Townships
from .words import SHELTER_STATES, word

GRID_PX = 2
"""Zone territories are computed on a grid of this many screen pixels and scaled up."""
MIN_MARKER_PX = 3
"""Smallest half-side of a shelter marker (px), however crowded the map."""
MIN_BAR_PX = 5
"""Markers smaller than this (half-side, px) get no occupancy bar or grade letter."""
HOVER_PX = 14
"""How close (px) the mouse must be to a marker to show its details."""
ZOOM_LIMITS = (0.25, 40.0)
"""Zoom allowed, relative to the whole map fitting the view."""
DEPTH_CLASSES_M = (0.05, 0.3, 0.5, 1.0)
"""Lower bounds (m) of the four depth classes the map shows: 0.3 m closes a road by default,
0.5 m puts people at home in danger (hazard.thresholds), 1 m is a storey's ground floor."""
AGGREGATE_PX = 14
"""Shelters closer than this (median neighbour distance, px) are summed per township."""
SHELTER_LABEL_PX = 20
"""Shelters this far apart (px) or more each get their id beside the marker."""
GAUGE_BAR_PX = 5
"""Height of a township gauge's occupancy bar (px)."""
ZONE_LABEL_PX = 70
"""Zones this far apart (px) or more get their names on the map."""


class Projection:
    """km on the scenario's map <-> pixels in the map's rectangle (y up on the map, down on screen)."""

    def __init__(self, bounds, rect):
        self.bounds = bounds  # (xmin, ymin, xmax, ymax) km
        self.rect = rect
        self.fit()

    def fit(self):
        xmin, ymin, xmax, ymax = self.bounds
        w, h = max(xmax - xmin, 1e-3), max(ymax - ymin, 1e-3)
        self.base = min(self.rect.width / w, self.rect.height / h) * 0.9
        self.k = self.base
        self.cx, self.cy = (xmin + xmax) / 2, (ymin + ymax) / 2
        self.version = getattr(self, "version", 0) + 1

    def xy(self, x, y):
        """Pixel position(s) of km position(s) *x*, *y* (floats or numpy arrays)."""
        return (self.rect.centerx + (x - self.cx) * self.k, self.rect.centery - (y - self.cy) * self.k)

    def km(self, px, py):
        return (self.cx + (px - self.rect.centerx) / self.k, self.cy - (py - self.rect.centery) / self.k)

    def zoom(self, factor, about):
        """Zoom by *factor* keeping the map point under pixel *about* where it is."""
        lo, hi = ZOOM_LIMITS
        k = min(max(self.k * factor, self.base * lo), self.base * hi)
        x, y = self.km(*about)
        self.k = k
        px, py = self.xy(x, y)
        self.pan(about[0] - px, about[1] - py)

    def pan(self, dx, dy):
        self.cx -= dx / self.k
        self.cy += dy / self.k
        self.version += 1


class MapView:
    """Draws one snapshot on the map's rectangle; answers what is under the mouse."""

    def __init__(self, scenario, theme, text, catalogue, rect):
        self.scenario, self.theme, self.text, self.t = scenario, theme, text, catalogue
        self.zone_xy = np.array([(z.x_km, z.y_km) for z in scenario.zones], dtype=float).reshape(-1, 2)
        self.shelter_xy = np.array([(s.x_km, s.y_km) for s in scenario.shelters], dtype=float).reshape(-1, 2)
        self.depot_xy = np.array([(d.x_km, d.y_km) for d in scenario.depots], dtype=float).reshape(-1, 2)
        node_xy = {n.id: (n.x_km, n.y_km) for n in scenario.nodes}
        self.edge_ids = tuple(e.id for e in scenario.edges)
        self.edge_index = {eid: i for i, eid in enumerate(self.edge_ids)}
        self.edge_lines = [np.array([node_xy[e.from_], *e.via, node_xy[e.to]], dtype=float) for e in scenario.edges]
        """each road's points (km), from its 'from' node through its ``via`` points to its 'to' node"""
        self.towns = Townships(scenario, catalogue)
        points = np.vstack([self.zone_xy, self.shelter_xy, self.depot_xy, np.array(list(node_xy.values())).reshape(-1, 2)])
        self.reach_km = _territory_radius(self.zone_xy, points)
        lo, hi = points.min(axis=0) - self.reach_km, points.max(axis=0) + self.reach_km
        self.proj = Projection((lo[0], lo[1], hi[0], hi[1]), rect)
        self.tree = cKDTree(self.zone_xy)
        self._static = None  # (version, size, zone labels grid, edge mask, road surface)
        self._zones = None  # (key, surface)
        self._sprites = self._make_sprites()
        self.hover = None
        self.facilitator = False  # the facilitator's view also shows each shelter's person in charge and phone
        self._gaps = {}
        self._scene_cache = None  # (snapshot, key, surface)
        self._movers = None  # (snapshot, view version, [(sprite, (x, y)), ...])
        self.legend = Legend(theme, text, catalogue)
        self.show_legend = True
        self.layers = {"depth": True, "warning": True}
        self._labels = None  # (key, [(kind, index, rect)])
        self._legend_at = None  # (key, rect)
        self._gauges = []  # [(township index, rect)] drawn in the last scene

    def toggle(self, layer):
        """Show or hide map layer *layer* ("depth" or "warning")."""
        self.layers[layer] = not self.layers[layer]
        self.legend.invalidate()

    # -- view ------------------------------------------------------------------------
    @property
    def rect(self):
        return self.proj.rect

    def resize(self, rect):
        self.proj.rect = rect
        self.proj.fit()

    def _make_sprites(self):
        import pygame

        c, r = self.theme.colour, self.theme.size("people_dot_px")
        sprites = {}
        for name, colour, radius in (("cohort", c["people"], r), ("truck", c["truck"], r + 1)):
            s = pygame.Surface((2 * radius + 2, 2 * radius + 2), pygame.SRCALPHA)
            if name == "truck":
                s.fill(c["people_edge"])
                s.fill(colour, s.get_rect().inflate(-2, -2))
            else:
                pygame.draw.circle(s, c["people_edge"], (radius + 1, radius + 1), radius + 1)
                pygame.draw.circle(s, colour, (radius + 1, radius + 1), radius)
            sprites[name] = s.convert_alpha() if pygame.display.get_surface() else s
        return sprites

    # -- static layers -------------------------------------------------------------------
    def _static_layers(self):
        import pygame

        rect, proj = self.rect, self.proj
        key = (proj.version, rect.size)
        if self._static is not None and self._static[0] == key:
            return self._static
        gw, gh = max(1, rect.width // GRID_PX), max(1, rect.height // GRID_PX)
        px = rect.left + (np.arange(gw) + 0.5) * GRID_PX
        py = rect.top + (np.arange(gh) + 0.5) * GRID_PX
        gx, gy = np.meshgrid(px, py, indexing="ij")
        kx, ky = proj.km(gx, gy)
        dist, label = self.tree.query(np.column_stack([kx.ravel(), ky.ravel()]), distance_upper_bound=self.reach_km)
        label = np.where(np.isfinite(dist), label, -1).reshape(gw, gh)
        edge = np.zeros_like(label, dtype=bool)
        edge[1:, :] |= label[1:, :] != label[:-1, :]
        edge[:, 1:] |= label[:, 1:] != label[:, :-1]
        roads = pygame.Surface(rect.size, pygame.SRCALPHA)
        colour = self.theme.colour["road"]
        width = self.theme.size("road_px")
        for line in self.edge_lines:
            pygame.draw.lines(roads, colour, False, self._pixels(line, rect.topleft), width)
        self._static = (key, (gw, gh), label, edge, _fast(roads, alpha=True))
        self._zones = None
        return self._static

    def _zone_layer(self, snap):
        import pygame

        key_static, (gw, gh), label, edge, _ = self._static_layers()
        colours = tuple(self._zone_colour_key(z) for z in snap.zones)
        key = (key_static, colours)
        if self._zones is not None and self._zones[0] == key:
            return self._zones[1]
        c = self.theme.colour
        table = np.array([self._zone_rgb(k) for k in colours] + [tuple(c["land"])[:3]], dtype=np.uint8)
        grid = table[label]  # label -1 picks the last row: land
        grid[edge] = tuple(c["zone_edge"])[:3]
        small = pygame.surfarray.make_surface(grid)
        surface = _fast(pygame.transform.smoothscale(small, (gw * GRID_PX, gh * GRID_PX)))
        surface.blit(self._static[4], (0, 0))  # roads over the zones, once per change
        self._zones = (key, surface)
        return surface

    def _pixels(self, line, origin=(0, 0)):
        """Pixel points of a road's km points, relative to *origin*."""
        px, py = self.proj.xy(line[:, 0], line[:, 1])
        return list(zip((px - origin[0]).tolist(), (py - origin[1]).tolist()))

    def _zone_colour_key(self, zone):
        """The palette colour of a zone: its depth class if the depth layer is on and it is in
        water, else its warning state if that layer is on, else plain."""
        if self.layers["depth"] and zone.depth_m >= DEPTH_CLASSES_M[0]:
            return f"water_{sum(zone.depth_m >= b for b in DEPTH_CLASSES_M)}"
        if not self.layers["warning"]:
            return "zone_plain"
        return warning_state(zone)

    def _zone_rgb(self, key):
        return tuple(self.theme.colour[key])[:3]

    # -- drawing --------------------------------------------------------------------------
    def draw(self, surface, snap):
        """Draw *snap* into the map's rectangle of *surface*."""
        rect = self.rect
        clip = surface.get_clip()
        surface.set_clip(rect)
        surface.blit(self._scene(snap, surface.get_size()), rect, area=rect)
        self._draw_movers(surface, snap)
        if self.show_legend:
            legend = self._legend()
            surface.blit(legend, self.legend_rect())
        self._draw_hover(surface, snap)
        surface.set_clip(clip)

    def _scene(self, snap, size):
        """Everything but the movers, the legend and the tooltip, redrawn only when it looks different."""
        import pygame

        cached = self._scene_cache
        if cached is not None and cached[0] is snap and cached[1][0] == (self.proj.version, self.rect.size):
            return cached[2]
        low_h, ok_h = self.theme.number("stock_low_h"), self.theme.number("stock_ok_h")
        looks = tuple((shelter_state(s), round(20 * s.occupancy / s.capacity) if s.capacity else 0,
                       stock_state(s, low_h, ok_h)) for s in snap.shelters)
        zones = self._zone_layer(snap)
        key = ((self.proj.version, self.rect.size), id(zones), snap.closed_roads, looks, self.show_legend)
        if cached is not None and cached[1] == key:
            self._scene_cache = (snap, key, cached[2])
            return cached[2]
        surface = cached[2] if cached is not None and cached[2].get_size() == size else _fast(pygame.Surface(size))
        surface.blit(zones, self.rect.topleft)
        grouped = self.grouped()
        self._draw_closed(surface, snap, marks=not grouped)
        self._draw_depots(surface)
        if grouped:
            self._draw_shelter_dots(surface, snap)
        else:
            self._draw_shelters(surface, snap)
        self._draw_labels(surface, snap, grouped)
        self._scene_cache = (snap, key, surface)
        return surface

    def grouped(self):
        """True when shelters are summed per township: more than one township, and shelters
        too crowded at this zoom for markers a room can read."""
        return len(self.towns) > 1 and self._spacing(self.shelter_xy) < AGGREGATE_PX

    def _draw_closed(self, surface, snap, marks):
        """Closed roads in red along their shape; a cross on each only when zoomed in (at
        district scale the township gauges count them)."""
        import pygame

        if not snap.closed_roads:
            return
        colour = self.theme.colour["road_closed"]
        width = self.theme.size("people_dot_px") + (1 if marks else 0)
        for road in snap.closed_roads:
            points = self._pixels(self.edge_lines[self.edge_index[road]])
            pygame.draw.lines(surface, colour, False, points, width)
            if not marks:
                continue
            mx, my = _midpoint(points)
            d = width + 2
            pygame.draw.line(surface, colour, (mx - d, my - d), (mx + d, my + d), 2)
            pygame.draw.line(surface, colour, (mx - d, my + d), (mx + d, my - d), 2)

    def _draw_movers(self, surface, snap):
        """All moving people and trucks in one batch, built once per snapshot and view."""
        cached = self._movers
        if cached is None or cached[0] is not snap or cached[1] != self.proj.version:
            self._movers = cached = (snap, self.proj.version, self._mover_batch(snap.movers))
        if cached[2]:
            surface.fblits(cached[2])

    def _mover_batch(self, movers):
        if not movers:
            return []
        n = len(movers)
        x = np.fromiter((m.x_km for m in movers), dtype=float, count=n)
        y = np.fromiter((m.y_km for m in movers), dtype=float, count=n)
        truck = np.fromiter((m.kind == "truck" for m in movers), dtype=bool, count=n)
        px, py = self.proj.xy(x, y)
        out = []
        for kind, mask in (("cohort", ~truck), ("truck", truck)):
            sprite = self._sprites[kind]
            half = sprite.get_width() // 2
            xs, ys = (px[mask] - half).astype(int).tolist(), (py[mask] - half).astype(int).tolist()
            out += [(sprite, p) for p in zip(xs, ys)]
        return out

    def _draw_depots(self, surface):
        import pygame

        if not len(self.depot_xy):
            return
        r = self.marker_px() + 1
        px, py = self.proj.xy(self.depot_xy[:, 0], self.depot_xy[:, 1])
        colour, edge = self.theme.colour["depot"], self.theme.colour["people_edge"]
        for x, y in zip(px.tolist(), py.tolist()):
            points = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
            pygame.draw.polygon(surface, colour, points)
            pygame.draw.polygon(surface, edge, points, 1)

    def _draw_shelters(self, surface, snap):
        import pygame

        c = self.theme.colour
        r = self.marker_px()
        px, py = self.proj.xy(self.shelter_xy[:, 0], self.shelter_xy[:, 1])
        labels = self._spacing(self.shelter_xy) > 6 * r and r >= MIN_BAR_PX
        low_h, ok_h = self.theme.number("stock_low_h"), self.theme.number("stock_ok_h")
        for spec, view, x, y in zip(self.scenario.shelters, snap.shelters, px.tolist(), py.tolist()):
            box = pygame.Rect(0, 0, 2 * r, 2 * r)
            box.center = (round(x), round(y))
            pygame.draw.rect(surface, c[shelter_state(view)], box)
            pygame.draw.rect(surface, c["people_edge"], box, 1)
            if r < MIN_BAR_PX:  # too small for a bar: the marker's colour and the stock dot say it
                stock = stock_state(view, low_h, ok_h)
                if stock is not None and stock != "stock_ok":
                    pygame.draw.circle(surface, c[stock], (box.right + 1, box.top), 2)
                continue
            bar = pygame.Rect(box.left - r // 2, box.bottom + 2, box.width + r, max(3, r // 2))
            pygame.draw.rect(surface, c["bar_bg"], bar)
            share = min(view.occupancy / view.capacity, 1.0) if view.capacity else 0.0
            if share > 0:
                fill = bar.copy()
                fill.width = max(1, round(bar.width * share))
                pygame.draw.rect(surface, c["bar_full" if share >= 1 else "bar_fill"], fill)
            stock = stock_state(view, low_h, ok_h)
            if stock is not None:
                pygame.draw.circle(surface, c[stock], (box.right + r // 2 + 2, box.top + 2), max(2, r // 3))
            if labels:
                self.text.draw(surface, spec.grade, box.center, "font_map", "people_edge", bold=True, anchor="center")

    def _draw_shelter_dots(self, surface, snap):
        """Shelters as small dots in their state's colour (their numbers are in the gauges)."""
        import pygame

        c = self.theme.colour
        px, py = self.proj.xy(self.shelter_xy[:, 0], self.shelter_xy[:, 1])
        for view, x, y in zip(snap.shelters, px.tolist(), py.tolist()):
            pygame.draw.circle(surface, c[shelter_state(view)], (round(x), round(y)), 2)

    # -- labels ------------------------------------------------------------------------------
    def _obstacles(self, grouped):
        """Rects labels must not cover: shelter markers with their bars, depots, the legend."""
        import pygame

        out = []
        if not grouped:
            r = self.marker_px()
            px, py = self.proj.xy(self.shelter_xy[:, 0], self.shelter_xy[:, 1])
            below = r // 2 + 4 if r >= MIN_BAR_PX else 0
            for x, y in zip(px.tolist(), py.tolist()):
                out.append(pygame.Rect(round(x) - r - 2, round(y) - r - 2, 2 * r + 6, 2 * r + 4 + below))
        if len(self.depot_xy):
            q = self.marker_px() + 2
            px, py = self.proj.xy(self.depot_xy[:, 0], self.depot_xy[:, 1])
            out += [pygame.Rect(round(x) - q, round(y) - q, 2 * q, 2 * q) for x, y in zip(px.tolist(), py.tolist())]
        if self.show_legend:
            out.append(self.legend_rect())
        return out

    def labels(self):
        """[(kind, index, rect)] of the labels placed at this view: township gauges or names,
        zone names, shelter ids; computed once per view."""
        grouped = self.grouped()
        key = (self.proj.version, self.rect.size, grouped, self.show_legend, tuple(self.legend_rect()))
        if self._labels is not None and self._labels[0] == key:
            return self._labels[1]
        text = self.text
        wanted = []
        if len(self.towns) > 1:
            px, py = self.proj.xy(self.towns.centre[:, 0], self.towns.centre[:, 1])
            for i, (x, y) in enumerate(zip(px.tolist(), py.tolist())):
                size = self.gauge_size(i) if grouped else text.render(self.towns.names[i], "font_town", "text", True).get_size()
                wanted.append((("township", i), (round(x), round(y)), (size[0] + 8, size[1] + 4), None))
        if not grouped and self._spacing(self.zone_xy) >= ZONE_LABEL_PX:
            px, py = self.proj.xy(self.zone_xy[:, 0], self.zone_xy[:, 1])
            for i, (spec, x, y) in enumerate(zip(self.scenario.zones, px.tolist(), py.tolist())):
                w, h = text.render(self.t.name(spec), "font_map", "text").get_size()
                wanted.append((("zone", i), (round(x), round(y)), (w + 8, h + 2), 2))
        if not grouped and self._spacing(self.shelter_xy) >= SHELTER_LABEL_PX:
            px, py = self.proj.xy(self.shelter_xy[:, 0], self.shelter_xy[:, 1])
            r = self.marker_px()
            for i, (spec, x, y) in enumerate(zip(self.scenario.shelters, px.tolist(), py.tolist())):
                w, h = text.render(spec.id, "font_map", "text_dim").get_size()
                wanted.append((("shelter", i), (round(x), round(y)), (w + 4, h), r + 2))
        obstacles = self._obstacles(grouped)
        areas = [w for w in wanted if w[0][0] == "township"]
        rects = place_areas([(anchor, size, clear) for _, anchor, size, clear in areas], obstacles, self.rect) if areas else []
        rest = wanted[len(areas):]
        rects += place([(anchor, size, clear) for _, anchor, size, clear in rest],
                       obstacles + [r for r in rects if r is not None], self.rect)
        placed = [(kind, i, rect) for ((kind, i), *_), rect in zip(wanted, rects) if rect is not None]
        self._labels = (key, placed)
        return placed

    def gauge_size(self, i):
        """Width and height (px) of township *i*'s gauge: its name; a bar and its count; a line
        for closures and stock-outs (room kept for the largest counts)."""
        text, lh = self.text, self.text.line_height("font_map")
        name = text.render(self.towns.names[i], "font_map", "text", True).get_width()
        count = self._gauge_bar_px() + 4 + text.render("99,999/99,999", "font_map", "text_dim").get_width()
        problems = text.render(self.t("{n} roads shut", n=99) + " · " + self.t("{n} out", n=99),
                               "font_map", "text_bad", True).get_width()
        return max(name, count, problems), 3 * lh

    def _gauge_bar_px(self):
        return round(44 * self.theme.scale)

    def _draw_labels(self, surface, snap, grouped):
        import pygame

        c, text = self.theme.colour, self.text
        summary = self.towns.summary(snap, self.theme.number("stock_low_h"), self.theme.number("stock_ok_h")) if grouped else None
        self._gauges = []
        placed = self.labels()
        for kind, i, rect in placed:  # leaders first, so that no label is crossed by another's line
            if kind == "township":
                self._draw_leader(surface, i, rect)
        for kind, i, rect in placed:
            if kind == "township" and grouped:
                self._draw_gauge(surface, i, rect.inflate(-8, -4), summary[i])
                self._gauges.append((i, rect))
                continue
            pill = pygame.Surface(rect.size, pygame.SRCALPHA)
            pill.fill(c["label_bg"])
            surface.blit(pill, rect)
            if kind == "township":
                text.draw(surface, self.towns.names[i], rect.center, "font_town", "text", True, "center")
            elif kind == "zone":
                text.draw(surface, self.t.name(self.scenario.zones[i]), rect.center, "font_map", "text", anchor="center")
            else:
                text.draw(surface, self.scenario.shelters[i].id, rect.center, "font_map", "text_dim", anchor="center")

    def _draw_leader(self, surface, i, rect):
        """A thin line from a township's label, when it had to move off the township's centre,
        to that centre, so the room sees which ground it sums."""
        import pygame

        x, y = (round(v) for v in self.proj.xy(*self.towns.centre[i]))
        if rect.inflate(-4, -4).collidepoint(x, y):
            return
        edge = (min(max(x, rect.left), rect.right - 1), min(max(y, rect.top), rect.bottom - 1))
        colour = self.theme.colour["text_dim"]
        pygame.draw.line(surface, colour, edge, (x, y), 1)
        pygame.draw.circle(surface, colour, (x, y), 3)

    def _draw_gauge(self, surface, i, rect, s):
        """Township *i*'s gauge in *rect*: name, occupancy bar with its count, closures and stock-outs."""
        import pygame

        c, text, lh = self.theme.colour, self.text, self.text.line_height("font_map")
        back = pygame.Surface(rect.inflate(8, 4).size, pygame.SRCALPHA)
        back.fill(c["gauge_bg"])
        surface.blit(back, rect.inflate(8, 4))
        text.draw(surface, self.towns.names[i], (rect.left, rect.top), "font_map", "text", True)
        bar = pygame.Rect(rect.left, rect.top + lh + (lh - GAUGE_BAR_PX) // 2, self._gauge_bar_px(), GAUGE_BAR_PX)
        pygame.draw.rect(surface, c["bar_bg"], bar)
        share = min(s.occupancy / s.capacity, 1.0) if s.capacity else 0.0
        if share > 0:
            pygame.draw.rect(surface, c["bar_full" if share >= 1 else "bar_fill"], (bar.left, bar.top, max(1, round(bar.width * share)), bar.height))
        text.draw(surface, self.t("{occupancy}/{capacity}", occupancy=people(s.occupancy), capacity=people(s.capacity)),
                  (bar.right + 4, rect.top + lh), "font_map", "text_dim")
        problems = ([self.t("{n} roads shut", n=s.closed)] if s.closed else []) + \
                   ([self.t("{n} out", n=len(s.out))] if s.out else [])
        if problems:
            text.draw(surface, " · ".join(problems), (rect.left, rect.top + 2 * lh), "font_map", "text_bad", True)

    def marker_px(self):
        """Half the side of a shelter's square (px): the theme's size, smaller when shelters crowd."""
        crowd = self._spacing(self.shelter_xy) * 0.3
        return int(min(self.theme.size("shelter_px"), max(MIN_MARKER_PX, crowd)))

    def _spacing(self, xy):
        """Typical distance (px) between neighbouring markers at this zoom."""
        key = id(xy)
        if key not in self._gaps:
            self._gaps[key] = float(np.median(cKDTree(xy).query(xy, k=2)[0][:, 1])) if len(xy) >= 2 else math.inf
        return self._gaps[key] * self.proj.k

    def _legend(self):
        """The legend for the layers shown (made once per layer choice)."""
        return self.legend.surface(self.layers, self.grouped())

    def legend_rect(self):
        """Where the legend goes: the corner of the map where it hides the fewest zones,
        shelters and depots, then the least of the zones' ground; chosen once per view."""
        import pygame

        w, h = self.legend.size(self.layers, self.grouped())
        key = (self.proj.version, self.rect.size, w, h)
        if self._legend_at is not None and self._legend_at[0] == key:
            return self._legend_at[1]
        r = self.rect
        corners = [pygame.Rect(r.left + 8, r.bottom - 8 - h, w, h), pygame.Rect(r.right - 8 - w, r.bottom - 8 - h, w, h),
                   pygame.Rect(r.left + 8, r.top + 8, w, h), pygame.Rect(r.right - 8 - w, r.top + 8, w, h)]
        points = np.vstack([self.zone_xy, self.shelter_xy, self.depot_xy])
        px, py = self.proj.xy(points[:, 0], points[:, 1])
        _, _, label, _, _ = self._static_layers()
        land = label >= 0  # grid cells (GRID_PX) covered by some zone's territory, indexed [x, y]

        def cost(c):  # markers hidden weigh most, then the zones' ground covered
            marks = np.count_nonzero((px >= c.left - 10) & (px <= c.right + 10) & (py >= c.top - 10) & (py <= c.bottom + 10))
            x0, y0 = (c.left - r.left) // GRID_PX, (c.top - r.top) // GRID_PX
            return 1000 * int(marks) + int(land[x0:x0 + c.width // GRID_PX, y0:y0 + c.height // GRID_PX].sum())

        costs = [cost(c) for c in corners]
        best = corners[costs.index(min(costs))]
        self._legend_at = (key, best)
        return best

    # -- hover ------------------------------------------------------------------------------
    def pick(self, pos):
        """What is under pixel *pos*: ("shelter" | "depot" | "zone", index), or None."""
        if not self.rect.collidepoint(pos):
            return None
        for i, rect in self._gauges:
            if rect.collidepoint(pos):
                return "township", i
        for kind, xy in (("shelter", self.shelter_xy), ("depot", self.depot_xy), ("zone", self.zone_xy)):
            if not len(xy):
                continue
            px, py = self.proj.xy(xy[:, 0], xy[:, 1])
            d = np.hypot(px - pos[0], py - pos[1])
            i = int(np.argmin(d))
            if d[i] <= HOVER_PX:
                return kind, i
        x, y = self.proj.km(*pos)
        dist, i = self.tree.query((x, y), distance_upper_bound=self.reach_km)
        return ("zone", int(i)) if math.isfinite(dist) else None

    def hover_lines(self, snap, picked):
        """The details of *picked* as lines of text."""
        kind, i = picked
        t = self.t
        if kind == "township":
            s = self.towns.summary(snap, self.theme.number("stock_low_h"), self.theme.number("stock_ok_h"))[i]
            lines = [t("{name} — {n} shelters, {occupancy}/{capacity} inside, {queued} queuing", name=self.towns.names[i], n=len(self.towns.shelters[i]), occupancy=people(s.occupancy),
                       capacity=people(s.capacity), queued=people(s.queued)),
                     t("{closed} roads closed · {out} shelters out of stock", closed=s.closed, out=len(s.out))]
            if s.out:
                names = [t.name(self.scenario.shelters[j]) for j in s.out[:3]] + (["…"] if len(s.out) > 3 else [])
                lines.append(t("out: {names}", names=t.join(names)))
            return lines
        if kind == "zone":
            spec, z = self.scenario.zones[i], snap.zones[i]
            return [t("{name} — {population:,} people, {home:,} at home, {warned:,} warned", name=t.name(spec),
                      population=z.population, home=z.at_home, warned=z.warned),
                    t("depth {depth:.2f} m · wind {wind:.0f} m/s · rain {rain:.0f} mm/h", depth=z.depth_m,
                      wind=z.wind_ms, rain=z.rain_mm_h)]
        if kind == "shelter":
            spec, s = self.scenario.shelters[i], snap.shelters[i]
            lines = [t("{name} — grade {grade}, {state}", name=t.name(spec), grade=spec.grade,
                       state=word(t, SHELTER_STATES, shelter_label(s))),
                     t("{occupancy:,} / {capacity:,} inside, {queued:,} queuing, {secured:,.0f} secured",
                       occupancy=s.occupancy, capacity=s.capacity, queued=s.queued, secured=s.secured)]
            if self.facilitator and (spec.contact or spec.phone):
                lines.append(t("In charge: {contact}, {phone}", contact=spec.contact or "—",
                               phone=spec.phone or "—"))
            if getattr(spec, "note", ""):  # the registry's remarks (备注), as the office wrote them
                lines.append("※ " + spec.note)
            return lines + [cover_text(t, item, units, hours) for (item, units), (_, hours) in zip(s.stock, s.cover_h)]
        spec, d = self.scenario.depots[i], snap.depots[i]
        return [t("{name} — depot", name=t.name(spec))] + [
            t("{item}: {units:,.0f}", item=words.item(t, item), units=units) for item, units in d.stock]

    def _draw_hover(self, surface, snap):
        import pygame

        if self.hover is None:
            return
        picked = self.pick(self.hover)
        if picked is None:
            return
        lines = self.hover_lines(snap, picked)
        text, lh = self.text, self.text.line_height("font_small")
        width = max(text.render(line, "font_small").get_width() for line in lines) + 16
        box = pygame.Rect(self.hover[0] + 16, self.hover[1] + 16, width, lh * len(lines) + 10)
        box.clamp_ip(self.rect)
        panel = pygame.Surface(box.size, pygame.SRCALPHA)
        panel.fill(self.theme.colour["hover_bg"])
        surface.blit(panel, box)
        for j, line in enumerate(lines):
            text.draw(surface, line, (box.left + 8, box.top + 5 + j * lh), "font_small", "text")


def warning_state(zone):
    """Palette name of a zone's warning state: most have left, most warned, some warned, none."""
    pop = max(zone.population, 1)
    if 1 - zone.at_home / pop >= 0.5:
        return "warn_left"
    warned = zone.warned / pop
    return "warn_all" if warned >= 0.5 else "warn_some" if warned > 0 else "warn_none"


def _midpoint(points):
    """The pixel point halfway along a polyline (by vertex count: good enough for a mark)."""
    if len(points) == 2:
        (x0, y0), (x1, y1) = points
        return (x0 + x1) / 2, (y0 + y1) / 2
    return points[len(points) // 2]


def _fast(surface, alpha=False):
    """*surface* in the display's pixel format, so that blitting it needs no conversion."""
    import pygame

    if pygame.display.get_surface() is None:
        return surface
    return surface.convert_alpha() if alpha else surface.convert()


def _territory_radius(zone_xy, points):
    """How far (km) a zone's shading reaches from its centre."""
    if len(zone_xy) >= 2:
        d, _ = cKDTree(zone_xy).query(zone_xy, k=2)
        return float(np.median(d[:, 1])) * 0.9
    span = np.ptp(points, axis=0).max() if len(points) > 1 else 1.0
    return max(span * 0.4, 0.5)
