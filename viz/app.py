"""The viewer's window: pygame set-up, the state stack and the frame loop.

    app = App(ViewerOptions(file="scenarios/tutorial_village/scenario.yaml", lang="zh"))
    app.run()                              # until the window is closed
    app.screenshot("out.png", at_h=12.0)   # or one frame, headless, to a PNG

Each frame: events go to pygame-gui and to the top state; the top state updates (the
play state steps the model to the display clock's target); every state draws, bottom
first; pygame-gui draws its widgets on top.
"""
import os
import sys
from dataclasses import dataclass

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")  # no sound: a machine without audio prints nothing

import pygame  # noqa: E402
import pygame_gui  # noqa: E402

from messages import choose, texts  # noqa: E402

from .fonts import choose_font  # noqa: E402
from .source import start_time, wall_clock  # noqa: E402
from .play import PlayState  # noqa: E402
from .states import BriefingState, CardState, DebriefState  # noqa: E402
from .panels import Layout  # noqa: E402
from .text import TextRenderer, wrap  # noqa: E402
from .theme import Theme, ui_scale  # noqa: E402

FPS = 60
WRAP_MARGIN_PX = 52
"""Room a text box keeps for its padding and scroll bar (px)."""
DEFAULT_SIZE = (1280, 800)
MIN_SIZE = (1024, 640)
"""The smallest window the layout is made for (px)."""
ROLES = ("facilitator", "player")


@dataclass
class ViewerOptions:
    """How the viewer was asked to run (the ``stormdrill play`` options)."""

    lang: str | None = None  # zh or en; None: the one rule (messages.choose)
    role: str = "facilitator"
    font: str | None = None
    fullscreen: bool = False
    size: tuple = DEFAULT_SIZE
    briefing: bool = True
    report_dir: str = "."
    seat: str = "viewer"  # the name an exercise remembers this viewer's chosen role under


class App:
    """The window, the widgets' manager, the theme and labels, and the stack of screens."""

    def __init__(self, source, options=None, err=None):
        options = options or ViewerOptions()
        if options.role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}, not {options.role!r}")
        self.options, self.source = options, source
        self.err = err if err is not None else sys.stderr
        pygame.display.init()
        pygame.font.init()
        self.font = choose_font(choose(options.lang), options.font)
        self.notice = self.font.message
        if self.notice:
            print(f"stormdrill: {self.notice}", file=self.err)
        if options.fullscreen:
            self.window = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        else:
            self.window = pygame.display.set_mode(options.size, pygame.RESIZABLE)
        size = self.window.get_size()
        self.theme = Theme(self.font, ui_scale(size))
        self.manager = pygame_gui.UIManager(size, self.theme.gui, starting_language=self.font.lang)
        self.t = texts(self.font.lang)
        if hasattr(source, "lang"):
            source.lang, source.t = self.font.lang, self.t  # injects, prompts and the card in the language shown
        self.text = TextRenderer(self.theme)
        self.facilitator = options.role == "facilitator"
        self.report_dir = options.report_dir
        self.start = start_time(source.scenario)
        name = self.t.pick({"zh": source.title_zh, "en": source.title})
        self.title = name
        pygame.display.set_caption(self.t("stormdrill — {name}", name=name))
        if hasattr(source, "sit_at"):
            source.sit_at(options.seat)
        self.layout = Layout(size, self.theme.scale, self.facilitator, picker=hasattr(source, "roles"))
        self._wrap_fonts = {}
        self.stack = []
        self.running = True
        self.play = PlayState(self, source)
        self.push(self.play)
        if options.briefing:
            self.push(BriefingState(self, source))
        self.clock = pygame.time.Clock()

    def wrapped(self, text, width):
        """*text* as text-box HTML, broken into lines that fit *width* px (so that Chinese is
        never hyphenated by the text box)."""
        size = int(self.theme.gui["text_box"]["font"]["size"])
        font = self._wrap_fonts.get(size) or self._wrap_fonts.setdefault(size, pygame.font.Font(self.font.regular, size))
        lines = wrap(str(text), font, width - WRAP_MARGIN_PX)
        return "<br>".join(line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for line in lines)

    def wall_clock(self, t_h):
        """The scenario's wall-clock time at *t_h* (a datetime), or None."""
        return wall_clock(self.start, t_h)

    # -- the stack ------------------------------------------------------------------------
    @property
    def top(self):
        return self.stack[-1]

    def push(self, state):
        self.stack.append(state)
        state.enter()

    def pop(self, state=None):
        """Remove the top state (or *state*, if it is on top)."""
        if state is not None and (not self.stack or self.stack[-1] is not state):
            return
        self.stack.pop().exit()

    # -- frames ---------------------------------------------------------------------------
    def frame(self, dt):
        """One frame of *dt* real seconds: events, update, draw, flip."""
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                self.running = False
            elif event.type == pygame.VIDEORESIZE and not self.options.fullscreen:
                self.resize(event.size)
            self.manager.process_events(event)
            self.top.process_event(event)
        self.top.update(dt)
        self.manager.update(dt)
        for state in self.stack:
            state.draw(self.window)
        self.manager.draw_ui(self.window)
        pygame.display.flip()

    def resize(self, size):
        """The window was resized to *size*: lay everything out again (fonts keep their size)."""
        size = (max(size[0], MIN_SIZE[0]), max(size[1], MIN_SIZE[1]))
        self.window = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.manager.set_window_resolution(size)
        self.layout = Layout(size, self.theme.scale, self.facilitator, picker=hasattr(self.source, "roles"))
        self.play.relayout(self.layout)
        for state in self.stack[1:]:
            state.recentre()

    def run(self):
        """Frames until the window is closed or Quit is pressed."""
        while self.running:
            dt = self.clock.tick(FPS) / 1000.0
            self.frame(dt)
        self.close()

    def run_frames(self, n, dt=1 / FPS):
        """*n* frames of *dt* seconds each, as fast as they go (tests, benchmarks, screenshots)."""
        for _ in range(n):
            if not self.running:
                break
            self.frame(dt)

    def screenshot(self, path, at_h=None, moment=None):
        """Draw one frame (the clock standing still) and save it as a PNG at *path*.

        *at_h*: show the model at that hour, every card passed over. *moment*: play up to
        an inject or decision point of the exercise ("I7", "D1") and show its card over
        the map, or to the end ("end") and show the score card. Returns the hour shown.
        """
        while len(self.stack) > 1:
            self.pop()
        play, source = self.play, self.play.source
        if moment is None:
            at_h = min(at_h, source.horizon)
            while source.now < at_h - 1e-9 and not source.finished:
                source.advance(at_h)
                while source.pending is not None:  # a picture, not a session: cards are passed over
                    source.resolve(source.pending, None)
        card = self._play_to(moment) if moment is not None else None
        play.clock.show(source.now)
        play.refresh()
        if moment is not None:
            play.ended = card is None
            self.push(CardState(self, play, card) if card is not None else DebriefState(self, play))
        self.run_frames(2, dt=0.0)
        from sim.outfile import replacing

        with replacing(path, binary=True) as fh:  # all at once, never through a planted link
            pygame.image.save(self.window, fh, os.path.basename(path))
        return source.now

    def _play_to(self, moment):
        """Play on, closing every card without a choice, until the card *moment* is up (it is
        returned) or, for "end", until the exercise is over (None)."""
        source = self.play.source
        while True:
            pending = source.pending
            if pending is not None and pending.title == moment:
                return pending
            if pending is not None:
                source.resolve(pending, None)
            elif source.finished:
                if moment == "end":
                    return None
                raise ValueError(f"{moment} did not come up before the end of the exercise")
            else:
                source.advance(source.horizon)

    def close(self):
        pygame.display.quit()
