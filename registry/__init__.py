"""Import a planner's shelter registry (避灾点台账) into a stormdrill scenario.

    imported = import_registry("shelters.csv", zones_path="zones.geojson")
    write_scenario(imported.data, "scenario.yaml", sources=["shelters.csv", "zones.geojson"])

Modules, one job each: ``columns`` (accepted headers and units), ``values`` (reading a cell),
``packs`` (cases and packs to litres and rations), ``table`` (CSV in UTF-8 or GBK, title
rows, two-row headers, footers), ``workbook`` (.xlsx), ``geojson`` (features, centroids,
lines), ``gcj02`` (GCJ-02 to WGS 84), ``projection`` (degrees to km), ``shelters`` and
``zones`` (rows to records), ``roads`` (the network), ``hazard`` and ``plan`` (the
placeholders), ``build`` (the steps), ``write`` (the files).
Every bad row is reported as ``file:row: column: reason``, all at once (RegistryError).
"""
from .build import Imported, Options, Rejected, import_registry
from .packs import default_packs, read_packs
from .problems import RegistryError, RowProblem
from .write import write_rejected, write_scenario

__all__ = ["Imported", "Options", "RegistryError", "Rejected", "RowProblem", "default_packs", "import_registry",
           "read_packs", "write_rejected", "write_scenario"]
