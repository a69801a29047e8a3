"""Import a planner's shelter registry (避灾点台账) into a stormdrill scenario.

    imported = import_registry("shelters.csv", zones_path="zones.geojson")
    write_scenario(imported.data, "scenario.yaml", sources=["shelters.csv", "zones.geojson"])

Modules, one job each: ``columns`` (accepted headers and units), ``values`` (reading a cell),
``table`` (CSV in UTF-8 or GBK), ``geojson`` (features, centroids, lines), ``projection``
(degrees to km), ``shelters`` and ``zones`` (rows to records), ``roads`` (the network),
``hazard`` and ``plan`` (the placeholders), ``build`` (the steps), ``write`` (the file).
Every bad row is reported as ``file:row: column: reason``, all at once (RegistryError).
"""
from .build import Imported, Options, import_registry
from .problems import RegistryError, RowProblem
from .write import write_scenario

__all__ = ["Imported", "Options", "RegistryError", "RowProblem", "import_registry", "write_scenario"]
