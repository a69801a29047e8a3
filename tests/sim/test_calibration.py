"""A small check of bench/calibration.py: each published transfer, a few seeds, its median in
its band; and the script says so, with a non-zero exit, when a figure leaves its band. The
100-seed table is docs/calibration.md's (the script itself, run by hand)."""
import dataclasses
import statistics
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import calibration  # noqa: E402

SEEDS = range(5)


@pytest.mark.parametrize("case_id", sorted(calibration.CASES))
def test_each_published_transfer_is_reproduced_within_its_band(case_id):
    case = calibration.CASES[case_id][0]
    median = statistics.median(calibration.figures(case_id, SEEDS))
    assert case.band[0] <= median <= case.band[1], (case.event, case.figure, median, case.band)
    assert case.band[0] <= case.published <= case.band[1]  # a band that holds the published figure


def test_the_script_exits_non_zero_naming_a_figure_outside_its_band(monkeypatch, capsys):
    case, build, measure = calibration.CASES["yuhuan"]
    monkeypatch.setitem(calibration.CASES, "yuhuan", (dataclasses.replace(case, band=(0.5, 0.6)), build, measure))
    assert calibration.main(["--only", "yuhuan", "--seeds", "3", "--workers", "1"]) == 1
    out, err = capsys.readouterr()
    assert "OUTSIDE" in out and "outside the band: yuhuan" in err
    monkeypatch.setitem(calibration.CASES, "yuhuan", (case, build, measure))
    assert calibration.main(["--only", "yuhuan", "--seeds", "3", "--workers", "1", "--markdown"]) == 0
    assert "| Chan-hom 2015 (灿鸿), Yuhuan harbour |" in capsys.readouterr().out
