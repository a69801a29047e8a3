"""Text on surfaces, in the chosen font, with rendered labels kept for reuse.

Rendering text is the slowest thing a frame does; most labels (names, headings) do not
change between frames, so each (text, size, colour, bold) is rendered once and kept in
a bounded cache.
"""
from collections import OrderedDict

CACHE_SIZE = 2000
"""Rendered labels kept (surfaces); the oldest are dropped first."""


class TextRenderer:
    """Draws strings in the theme's font at the theme's sizes, each label rendered once and kept."""

    def __init__(self, theme):
        self.theme = theme
        self._fonts = {}
        self._cache = OrderedDict()
        self._fitted = {}
        self.recording = None
        """a set to collect every string drawn into (tests read a screen's words from it), or None"""

    def font(self, size_name, bold=False):
        key = (size_name, bold)
        font = self._fonts.get(key)
        if font is None:
            import pygame

            path = self.theme.font.bold if bold else self.theme.font.regular
            font = pygame.font.Font(path, self.theme.size(size_name))
            self._fonts[key] = font
        return font

    def render(self, text, size_name="font_body", colour="text", bold=False):
        """A surface with *text* drawn in palette colour *colour* (a name)."""
        if self.recording is not None:
            self.recording.add(text)
        key = (text, size_name, colour, bold)
        surface = self._cache.get(key)
        if surface is not None:
            self._cache.move_to_end(key)
            return surface
        surface = self.font(size_name, bold).render(text, True, self.theme.colour[colour])
        self._cache[key] = surface
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return surface

    def draw(self, surface, text, pos, size_name="font_body", colour="text", bold=False, anchor="topleft"):
        """Draw *text* at *pos* (the rect's *anchor* point); return its rect."""
        label = self.render(text, size_name, colour, bold)
        rect = label.get_rect(**{anchor: pos})
        surface.blit(label, rect)
        return rect

    def fit(self, text, width, size_name="font_body", bold=False):
        """*text* shortened with "…" to fit *width* pixels."""
        key = (text, width, size_name, bold)
        fitted = self._fitted.get(key)
        if fitted is None:
            fitted = self._fit(text, width, self.font(size_name, bold))
            if len(self._fitted) > CACHE_SIZE:
                self._fitted.clear()
            self._fitted[key] = fitted
        return fitted

    @staticmethod
    def _fit(text, width, font):
        if font.size(text)[0] <= width:
            return text
        while text and font.size(text + "…")[0] > width:
            text = text[:-1]
        return text + "…"

    def line_height(self, size_name="font_body"):
        return self.font(size_name).get_linesize()


def wrap(text, font, width):
    """*text* broken into lines no wider than *width* px in *font*: at spaces between words,
    and between any two Chinese characters (which have no spaces to break at)."""
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _tokens(paragraph):
            candidate = line + token
            if line and font.size(candidate.rstrip())[0] > width:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line = candidate
        lines.append(line.rstrip())
    return lines


def _tokens(text):
    """Words (with their trailing space) and single wide characters."""
    out, word = [], ""
    for ch in text:
        if ord(ch) >= 0x2E80:  # CJK and full-width punctuation: a break is allowed before it
            if word:
                out.append(word)
                word = ""
            out.append(ch)
        else:
            word += ch
            if ch == " ":
                out.append(word)
                word = ""
    if word:
        out.append(word)
    return out
