"""The map a room reads: townships summed at district scale, labels that cover no marker,
roads along their shape, depth and warning as separate layers, a feed that merges repeats."""
import numpy as np
import pygame
import pytest

import sim
from viz.feed import EventFeed, Names
from viz.legend import DEPTH
from messages import texts
from viz.source import NOTABLE

from viz_helpers import ROOT, SCENARIOS

DISTRICT = ROOT / "scenarios" / "river_district_flood" / "scenario.yaml"
COASTAL = ROOT / "scenarios" / "coastal_street_typhoon" / "scenario.yaml"


@pytest.fixture(scope="module")
def district_events():
    return sim.run(sim.load_scenario(DISTRICT), seed=0).events


def marker_rects(mapview):
    return mapview._obstacles(mapview.grouped())


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_a_district_seen_whole_is_summed_per_township(make_app, size):
    app = make_app(DISTRICT, lang="zh", size=size)
    app.screenshot(app.report_dir + "/d.png", 36.0)
    mapview, snap = app.play.map, app.play.snap
    assert mapview.grouped()
    placed = [i for kind, i, _ in mapview.labels() if kind == "township"]
    assert len(placed) == 11  # every township has its gauge
    summary = mapview.towns.summary(snap, 6, 12)
    assert sum(s.occupancy for s in summary) == sum(s.occupancy for s in snap.shelters)
    assert sum(s.closed for s in summary) == len(snap.closed_roads) > 0
    hekou = mapview.towns.index["T04"]
    lines = mapview.hover_lines(snap, ("township", hekou))
    assert lines[0].startswith("河口镇") and "避灾点" in lines[0]


def test_zoomed_in_every_shelter_is_a_marker_and_labels_cover_none(make_app):
    app = make_app(DISTRICT, lang="en")
    mapview = app.play.map
    centre = mapview.proj.xy(*mapview.towns.centre[mapview.towns.index["T04"]])
    mapview.proj.zoom(6.0, centre)
    app.screenshot(app.report_dir + "/z.png", 36.0)
    assert not mapview.grouped()
    labels = mapview.labels()
    kinds = {kind for kind, _, _ in labels}
    assert {"zone", "shelter"} <= kinds
    rects = [rect for _, _, rect in labels]
    obstacles = marker_rects(mapview)
    for i, rect in enumerate(rects):
        assert rect.collidelist(obstacles) < 0
        assert rect.collidelist(rects[i + 1:]) < 0
        assert mapview.rect.contains(rect)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.parent.name)
def test_labels_never_cover_a_marker_at_the_whole_view(make_app, path):
    app = make_app(path, lang="zh")
    app.run_frames(2, 0.0)
    mapview = app.play.map
    rects = [rect for _, _, rect in mapview.labels()]
    obstacles = marker_rects(mapview)
    assert rects, "some label is shown"
    assert all(rect.collidelist(obstacles) < 0 for rect in rects)
    assert all(rect.collidelist(rects[i + 1:]) < 0 for i, rect in enumerate(rects))


def test_roads_are_drawn_along_their_shape(make_app):
    app = make_app(DISTRICT, lang="zh", size=(1920, 1080))
    app.run_frames(2, 0.0)
    mapview = app.play.map
    mapview.show_legend = False
    bent = next(i for i, e in enumerate(mapview.scenario.edges) if e.via)
    (vx, vy) = mapview.scenario.edges[bent].via[0]
    x, y = mapview.proj.xy(vx, vy)
    (ax, ay), (bx, by) = mapview.edge_lines[bent][0], mapview.edge_lines[bent][-1]
    # the bend is off the straight line between the road's ends, and the road is drawn through it
    assert abs((bx - ax) * (vy - ay) - (by - ay) * (vx - ax)) / np.hypot(bx - ax, by - ay) > 0.5
    _, _, _, _, roads = mapview._static_layers()
    local = (round(x) - mapview.rect.left, round(y) - mapview.rect.top)
    near = [roads.get_at((local[0] + dx, local[1] + dy)) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
    assert any(c.a > 0 and tuple(c)[:3] == tuple(app.theme.colour["road"])[:3] for c in near)


def test_depth_and_warning_are_separate_layers(make_app):
    app = make_app(COASTAL, lang="zh")
    app.screenshot(app.report_dir + "/c.png", 44.0)
    mapview, snap = app.play.map, app.play.snap
    wet = [z for z in snap.zones if z.depth_m >= 0.05]
    dry = [z for z in snap.zones if z.depth_m < 0.05]
    assert wet and dry
    colours = {mapview._zone_colour_key(z) for z in snap.zones}
    assert colours <= set(DEPTH) | {"warn_none", "warn_some", "warn_all", "warn_left"}  # no blends
    assert {mapview._zone_colour_key(z) for z in wet} <= set(DEPTH)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_d, mod=0, unicode="d", scancode=0))
    app.run_frames(1, 0.0)
    assert not mapview.layers["depth"]
    assert not {mapview._zone_colour_key(z) for z in snap.zones} & set(DEPTH)
    assert any("已隐藏" in title for title, _ in mapview.legend.rows(mapview.layers, False) if title)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_w, mod=0, unicode="w", scancode=0))
    app.run_frames(1, 0.0)
    assert {mapview._zone_colour_key(z) for z in snap.zones} == {"zone_plain"}


def test_every_colour_a_zone_can_take_is_in_the_legend(make_app):
    app = make_app(COASTAL, lang="en")
    rows = app.play.map.legend.rows({"depth": True, "warning": True}, False)
    shown = {colour for _, entries in rows for _, colour, _ in entries}
    assert set(DEPTH) | {"warn_none", "warn_some", "warn_all", "warn_left"} <= shown
    assert {"shelter_closed", "shelter_opening", "shelter_open", "shelter_unusable", "depot", "people", "truck",
            "road", "road_closed"} <= shown


def test_the_feed_merges_repeats_per_township(district_events):
    scenario = sim.load_scenario(DISTRICT)
    t = texts("zh")
    feed = EventFeed(t, Names(scenario, t), NOTABLE)
    feed.update(district_events)
    closures = sum(1 for e in district_events if e["kind"] == "road_closed")
    lines = [text for _, text, _ in feed.lines if "条道路中断" in text or text.startswith("道路中断")]
    assert closures > 20 and len(lines) < closures / 2
    merged = [text for text in lines if "条道路中断（积水）" in text]
    assert merged and all(text.split("：")[0] in {tw.name_zh for tw in scenario.townships} for text in merged)
    counted = sum(int(text.split("：")[1].split("条")[0]) for text in merged)
    singles = len(lines) - len(merged)
    assert counted + singles == closures  # nothing lost, nothing counted twice


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", [(1024, 640), (1280, 800)])
def test_the_top_bar_never_cuts_the_relief_countdown(make_app, lang, size, tmp_path):
    app = make_app(COASTAL, lang=lang, size=size)
    panels, t = app.play.panels, app.t
    for at_h in (20.0, 40.0, 50.0):  # before the onset, inside the relief window, after the deadline
        app.text.recording = drawn = set()
        app.screenshot(tmp_path / "top.png", at_h)
        full, short, _ = panels._relief_labels(app.play.snap)
        assert full in drawn or short in drawn, (at_h, sorted(s for s in drawn if "…" in s))
    app.text.recording = None
