"""Planners' tools on top of sim: the shelter-stock stress test and the district-reserve check.

    import sim, planning
    answer = planning.stock_test(sim.load_scenario(path), confidence=0.95, replications=40)
    answer.needs           # per shelter and item: current, required, purchase units to add
    answer.verification    # fresh-seed check: .p and .interval
    planning.reserve_check(scenario)

A library under the ``stormdrill`` command line: it never imports the CLI, viz or pygame.
It may draw plots (matplotlib); sim never does.
"""
from .purchase import PurchaseUnit, purchase_unit, purchase_units
from .reserve import ReserveCheck, reserve_check
from .stock import Need, StockAnswer, Verification, stock_test
from .why import Cause

__all__ = ["Cause", "Need", "PurchaseUnit", "ReserveCheck", "StockAnswer", "Verification", "purchase_unit",
           "purchase_units", "reserve_check", "stock_test"]
