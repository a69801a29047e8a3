"""A road drawn with intermediate points (``via``): people on it are placed along its shape,
and the shape changes nothing else (lengths, times, KPIs)."""
from pathlib import Path

import numpy as np

import sim

VILLAGE = Path(__file__).resolve().parents[2] / "scenarios" / "tutorial_village" / "scenario.yaml"


def _with_bend():
    data = sim.load_scenario(VILLAGE).source
    for edge in data["roads"]["edges"]:
        if edge["id"] == "R1":  # Riverside road N1 (0, 0) -> N2 (1.2, 0.6), bent south through (0.9, -0.3)
            edge["via"] = [[0.9, -0.3]]
    return sim.scenario_from_dict(data)


def test_movers_follow_the_drawn_shape():
    engine = sim.Engine(_with_bend(), seed=0)
    net = engine.network
    road = net.edge["R1"]
    forward, back = (a for a in range(len(net.tail)) if net.road[a] == road)
    assert np.allclose(net.along(forward, 0.5), (0.9, -0.3))  # the bend is halfway along the drawn line
    assert np.allclose(net.along(back, 0.5), (0.9, -0.3))
    assert np.allclose(net.along(forward, 0.0), (0.0, 0.0)) and np.allclose(net.along(back, 0.0), (1.2, 0.6))
    assert net.along(forward, 0.25)[1] < 0  # on the bent line, not the straight one


def test_a_shape_changes_no_kpi():
    plain = sim.run(sim.load_scenario(VILLAGE), seed=0).kpis
    bent = sim.run(_with_bend(), seed=0).kpis
    assert plain == bent
