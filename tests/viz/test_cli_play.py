"""``stormdrill play``: the screenshot path, and the user's mistakes it reports."""
import numpy as np
import pygame

from stormdrill.cli import main
from viz_helpers import ROOT, VILLAGE

COASTAL = ROOT / "scenarios" / "coastal_street_typhoon" / "scenario.yaml"


def test_screenshot_writes_a_png_of_the_window(tmp_path, capsys):
    out = tmp_path / "shot.png"
    path = COASTAL if COASTAL.exists() else VILLAGE
    assert main(["play", str(path), "--lang", "en", "--screenshot", str(out), "--at", "31h", "--size", "1440x900"]) == 0
    image = pygame.image.load(str(out))
    assert image.get_size() == (1440, 900)
    pixels = pygame.surfarray.array3d(image).reshape(-1, 3)
    assert len(np.unique(pixels[::37], axis=0)) > 50  # a picture, not one colour
    assert "wrote" in capsys.readouterr().out


def test_screenshot_does_not_overwrite_without_force(tmp_path, capsys):
    out = tmp_path / "shot.png"
    out.write_bytes(b"mine")
    assert main(["play", str(VILLAGE), "--screenshot", str(out), "--at", "2h"]) == 2
    assert out.read_bytes() == b"mine"
    assert "--force" in capsys.readouterr().err


def test_at_outside_the_run_is_refused(tmp_path, capsys):
    assert main(["play", str(VILLAGE), "--screenshot", str(tmp_path / "x.png"), "--at", "99h"]) == 2
    assert "--at: 99 h is not between 0 and 60 h" in capsys.readouterr().err
    assert main(["play", str(VILLAGE), "--screenshot", str(tmp_path / "x.png"), "--at", "soon"]) == 2
    assert "cannot read duration" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


def test_resume_needs_an_exercise(capsys):
    assert main(["play", str(VILLAGE), "--resume", "3"]) == 2
    assert "--resume goes on with a recorded exercise; give an exercise file" in capsys.readouterr().err
    assert main(["play", str(VILLAGE), "--session", "3"]) == 2  # its name before --resume, still understood
    assert "--resume goes on with a recorded exercise" in capsys.readouterr().err


def test_a_bad_scenario_is_reported_with_its_place(tmp_path, capsys):
    bad = tmp_path / "scenario.yaml"
    bad.write_text(VILLAGE.read_text(encoding="utf-8").replace("capacity: 450", "capacity: -5"), encoding="utf-8")
    (tmp_path / "plan.yaml").write_text((VILLAGE.parent / "plan.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["play", str(bad), "--screenshot", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err
    assert "scenario.yaml:" in err and "capacity" in err


def test_a_machine_without_sound_prints_nothing_but_the_result(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("SDL_", "PYGAME_"))}
    env["SDL_VIDEODRIVER"] = "dummy"  # headless, as on CI; the audio driver is left for the viewer to set
    out = tmp_path / "quiet.png"
    done = subprocess.run([sys.executable, "-m", "stormdrill.cli", "play", str(VILLAGE), "--screenshot", str(out),
                           "--at", "20h"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no ALSA / audio complaints, no pygame banner
    assert done.stdout.strip() == f"wrote {out} (1280x800, T+20 h)"
