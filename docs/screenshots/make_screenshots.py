"""Draw the screenshots in this folder: the four shipped scenarios at three moments, in
Chinese and English, at 1280×800 and 1920×1080, plus the district zoomed in on one township,
and the coastal exercise in progress (an inject card, a decision point, the score card).

    .venv/bin/python docs/screenshots/make_screenshots.py

The moments are the scenario's own: 6 h before the onset (warnings and evacuation), 2 h
after it, and the 10-hour relief deadline. Frames are drawn headless exactly as
``stormdrill play --screenshot`` draws them, then stored as 256-colour PNGs to keep the
files small. Overwrites the PNGs it writes (they are generated).
"""
import os
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

import sim  # noqa: E402
from viz.app import App, ViewerOptions  # noqa: E402
from viz.source import FreeRun  # noqa: E402

SCENARIOS = ("tutorial_village", "coastal_street_typhoon", "urban_rainstorm_631", "river_district_flood")
SIZES = ((1280, 800), (1920, 1080))
LANGS = ("zh", "en")
EXERCISE_MOMENTS = ("I7", "D1", "end")


def moments(scenario):
    """(name, t in h) of the three moments shown."""
    engine = sim.Engine(scenario, seed=0)
    onset = engine.snapshot().onset_h
    return (("before", max(onset - 6.0, 0.0)), ("onset", onset + 2.0), ("deadline", onset + scenario.relief.target))


def save(app, path):
    """The window as a 256-colour PNG at *path*: every colour of the theme's palette kept
    exactly (a legend's swatches must match the map), the rest for text edges and blends."""
    import pygame

    tmp = path.with_suffix(".raw.png")
    pygame.image.save(app.window, str(tmp))
    image = Image.open(tmp).convert("RGB")
    tmp.unlink()
    exact = sorted({tuple(c)[:3] for c in app.theme.colour.values()})
    rest = image.quantize(colors=256 - len(exact), method=Image.Quantize.MEDIANCUT).getpalette()[:3 * (256 - len(exact))]
    palette = Image.new("P", (1, 1))
    palette.putpalette(rest + [v for c in exact for v in c])
    image.quantize(palette=palette, dither=Image.Dither.NONE).save(path, optimize=True)


def shoot(name, lang, size):
    scenario = sim.load_scenario(ROOT / "scenarios" / name / "scenario.yaml")
    app = App(FreeRun(scenario), ViewerOptions(lang=lang, size=size, briefing=False))
    out = []
    for moment, at_h in moments(scenario):
        app.screenshot(HERE / "frame.png", at_h)
        path = HERE / f"{name}-{moment}-{lang}-{size[0]}x{size[1]}.png"
        save(app, path)
        out.append(path)
    if name == "river_district_flood" and size == SIZES[0]:  # zoomed in: markers, ids and names
        mapview = app.play.map
        hekou = mapview.towns.index["T04"]
        x, y = mapview.proj.xy(*mapview.towns.centre[hekou])
        mapview.proj.zoom(5.0, (x, y))
        app.run_frames(2, dt=0.0)
        path = HERE / f"{name}-zoom-{lang}-{size[0]}x{size[1]}.png"
        save(app, path)
        out.append(path)
    (HERE / "frame.png").unlink(missing_ok=True)
    app.close()
    return out


def shoot_exercise(lang, moments=EXERCISE_MOMENTS):
    """The coastal street exercise at an inject, a decision point and its end, as
    ``stormdrill play EXERCISE --screenshot PNG --at I7`` draws them."""
    from viz.exercise import open_exercise

    out = []
    for moment in moments:
        app = App(open_exercise(ROOT / "scenarios" / "coastal_street_typhoon" / "exercise.yaml", record=False),
                  ViewerOptions(lang=lang, size=SIZES[0], briefing=False))
        app.screenshot(HERE / "frame.png", moment=moment)
        path = HERE / f"exercise-{moment}-{lang}-{SIZES[0][0]}x{SIZES[0][1]}.png"
        save(app, path)
        out.append(path)
        app.close()
    (HERE / "frame.png").unlink(missing_ok=True)
    return out


def main():
    for lang in LANGS:
        for path in shoot_exercise(lang):
            print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} kB")
    for name in SCENARIOS:
        for lang in LANGS:
            for size in SIZES:
                for path in shoot(name, lang, size):
                    print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} kB")


if __name__ == "__main__":
    main()
