"""Planners' tools on top of sim: the shelter-stock stress test and the district-reserve check.

    import sim, planning
    report = planning.stock_test(sim.load_scenario(path), confidence=0.95, replications=40)
    report.findings        # per shelter and item: current, recommended, shortfall
    planning.reserve_check(scenario)

This package may draw plots (matplotlib); sim never does.
"""
from .reserve import ReserveCheck, reserve_check
from .stock_search import Finding, StockReport, stock_test

__all__ = ["Finding", "ReserveCheck", "StockReport", "reserve_check", "stock_test"]
