"""Label placement that keeps labels off markers and off each other.

Labels are placed greedily in priority order: each tries a few positions around its
anchor (below, above, right, left, then further out) and takes the first that overlaps
no marker, no label already placed and stays inside the map; a label with no free place
is left out (hovering still names the thing). pygame's ``Rect.collidelist`` does the
overlap tests in C, so a few hundred labels are placed in a few milliseconds, once per view.
"""
import pygame

GAP = 3
"""Pixels between a label and its anchor's marker."""


def candidates(anchor, size, clear):
    """Rectangles of *size* around *anchor* (x, y), *clear* px away from its centre, best first;
    *clear* None: centred on the anchor first (a label that names an area, not a marker)."""
    x, y = anchor
    w, h = size
    out = []
    area = clear is None
    if area:
        out.append(pygame.Rect(x - w // 2, y - h // 2, w, h))
        clear = h // 2
    for step in range(6 if area else 3):
        d = clear + GAP + step * (h // 2 + GAP)
        out += [pygame.Rect(x - w // 2, y + d, w, h), pygame.Rect(x - w // 2, y - d - h, w, h),
                pygame.Rect(x + d, y - h // 2, w, h), pygame.Rect(x - d - w, y - h // 2, w, h)]
        if area:  # an area's label may also sit off a corner
            out += [pygame.Rect(x + d // 2, y + d, w, h), pygame.Rect(x - d // 2 - w, y + d, w, h),
                    pygame.Rect(x + d // 2, y - d - h, w, h), pygame.Rect(x - d // 2 - w, y - d - h, w, h)]
    return out


def place(labels, obstacles, bounds):
    """Place *labels* [(anchor, size, clear)] in order; return a list of Rects (None if left out).
    *obstacles* are Rects labels must not cover (markers, the legend); *bounds* the map's Rect."""
    taken = list(obstacles)
    out = []
    for anchor, size, clear in labels:
        chosen = None
        for rect in candidates(anchor, size, clear):
            if bounds.contains(rect) and rect.collidelist(taken) < 0:
                chosen = rect
                break
        if chosen is not None:
            taken.append(chosen)
        out.append(chosen)
    return out


def place_areas(labels, obstacles, bounds):
    """Place area labels [(anchor, size, None)] as :func:`place` does, trying a few orders
    (as given, reversed, west to east, east to west, north to south, south to north) and
    keeping the one that leaves fewest labels out, then moves them least from their anchors;
    return the Rects (None if left out) in the order given."""
    n = len(labels)
    orders = [list(range(n)), list(range(n))[::-1]]
    for axis in (0, 1):
        by = sorted(range(n), key=lambda i: labels[i][0][axis])
        orders += [by, by[::-1]]
    best, best_cost = None, None
    for order in orders:
        rects = place([labels[i] for i in order], obstacles, bounds)
        out = [None] * n
        for i, rect in zip(order, rects):
            out[i] = rect
        cost = (sum(r is None for r in out),
                sum(abs(r.centerx - a[0]) + abs(r.centery - a[1]) for r, (a, _, _) in zip(out, labels) if r is not None))
        if best_cost is None or cost < best_cost:
            best, best_cost = out, cost
    return best
