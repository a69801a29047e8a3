"""The look: pygame-gui's theme plus the map's palette, read from ``theme.json``.

Colours and font sizes live in the theme file, never in drawing code. The palette is
the theme's ``#palette`` block (``colours`` by name, sizes under ``misc``); everything
else is a pygame-gui theme. Font sizes are scaled with the window (1280×800 is 1.0)
and every ``viewer`` font is pointed at the chosen font files.
"""
import copy
import json
from pathlib import Path

THEME_FILE = Path(__file__).with_name("theme.json")
BASE_SIZE = (1280, 800)
"""The window size the theme's pixel sizes are written for."""


def ui_scale(size):
    """How much bigger than 1280×800 the window is (the smaller of the two ratios, at least 0.75)."""
    return max(0.75, min(size[0] / BASE_SIZE[0], size[1] / BASE_SIZE[1]))


class Theme:
    """The palette (pygame Colors by name), scaled sizes, and the pygame-gui theme as a dict."""

    def __init__(self, font, scale=1.0, path=THEME_FILE):
        import pygame

        data = json.loads(Path(path).read_text(encoding="utf-8"))
        palette = data["#palette"]
        self.colour = {name: pygame.Color(value) for name, value in palette["colours"].items()}
        self.scale = scale
        self._misc = {name: float(value) for name, value in palette["misc"].items()}
        self.font = font
        self.gui = _gui_theme(data, font, scale)

    def size(self, name):
        """A pixel size from the palette, scaled to the window."""
        return max(1, round(self._misc[name] * self.scale))

    def number(self, name):
        """A number from the palette, not scaled (hours, shares)."""
        return self._misc[name]


def _gui_theme(data, font, scale):
    out = copy.deepcopy({k: v for k, v in data.items() if k != "#palette"})
    for block in out.values():
        misc = block.get("misc", {})
        if "list_item_height" in misc:  # a list's rows grow with the window, as its font does
            misc["list_item_height"] = str(max(20, round(float(misc["list_item_height"]) * scale)))
        spec = block.get("font")
        if spec is None or spec.get("name") != "viewer":
            continue
        spec["name"] = "viewer_" + "".join(c if c.isalnum() else "_" for c in Path(font.regular).stem.lower())
        spec["regular_path"] = font.regular
        spec["bold_path"] = font.bold
        spec["italic_path"] = font.regular
        spec["bold_italic_path"] = font.bold
        spec["size"] = str(max(8, round(float(spec["size"]) * scale)))
    return out
