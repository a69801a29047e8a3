"""Which font file draws the labels, and the fallback when it cannot be used.

Chinese needs a font with CJK glyphs: pygame's default font has none and ``SysFont``
silently draws boxes. pygame-gui ships Noto Sans SC in its package data, so ``zh`` uses
that unless ``--font PATH`` names another. A font that cannot be loaded (or has no
Chinese glyphs for ``zh``) is reported once, in plain words, and the labels fall back to
English in the bundled Noto Sans.
"""
import os
from dataclasses import dataclass
from pathlib import Path

from messages import N_, texts

PROBE = (N_("Shelters"), N_("Warned"))
"""Labels a font must draw, in the language asked for, to be used for it (in Chinese: 避灾点, 已预警)."""
FALLBACK = "en"
"""The language the labels fall back to when the font cannot draw the one asked for."""


def bundled(name):
    """Path of a font file shipped in pygame-gui's package data."""
    import pygame_gui

    return Path(pygame_gui.__file__).parent / "data" / name


BUNDLED = {
    "zh": ("NotoSansSC-Regular.otf", "NotoSansSC-Bold.otf"),
    "en": ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
}


@dataclass(frozen=True)
class FontChoice:
    """The language actually shown, the regular and bold font files, and why it fell back."""

    lang: str
    regular: str
    bold: str
    message: str = ""


def choose_font(lang, path=None):
    """The font for *lang* (``zh`` / ``en``), or *path* if given; fall back to English."""
    if path is not None:
        problem = _problem(path, lang)
        if problem is None:
            return FontChoice(lang, str(path), str(path))
        return _english(path, problem)
    regular, bold = (str(bundled(n)) for n in BUNDLED[lang])
    problem = _problem(regular, lang)
    if problem is None:
        return FontChoice(lang, regular, bold if os.path.exists(bold) else regular)
    return _english(regular, problem)


def _english(path, reason):
    """The bundled font of FALLBACK, and why: said in FALLBACK too, the one language left to draw."""
    regular, bold = (str(bundled(n)) for n in BUNDLED[FALLBACK])
    _ = texts(FALLBACK)
    message = _("font {path} could not be used ({reason}); labels fall back to English", path=path, reason=_(reason))
    return FontChoice(FALLBACK, regular, bold, message)


def _problem(path, lang):
    """Why the font at *path* cannot draw *lang*, or None."""
    import pygame

    if not os.path.isfile(path):
        return N_("no such file")
    try:
        font = pygame.font.Font(str(path), 16)
        drawn = font.render("Ag", True, (0, 0, 0))
    except (OSError, pygame.error) as exc:
        return f"not a font pygame can read: {exc}"
    if drawn.get_bounding_rect().width == 0:
        return N_("it draws nothing")
    probe = "".join(texts(lang)(label) for label in PROBE).replace(" ", "")
    if any(_missing(font, ch) for ch in probe):
        return N_("it cannot draw the labels in this language")
    return None


def _missing(font, ch):
    """True if *font* draws *ch* as its missing-glyph box (the same picture as U+E000)."""
    import pygame

    def picture(c):
        return pygame.image.tobytes(font.render(c, False, (255, 255, 255), (0, 0, 0)), "RGB")

    return picture(ch) == picture("\ue000")
