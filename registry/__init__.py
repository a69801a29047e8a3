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

``import registry`` itself loads nothing heavy: each name below is imported from its module the
first time it is used (PEP 562), as in ``sim``, so the command line can build its parser from
the light modules (``hazard``, ``gcj02``, ``projection``) without numpy, scipy or the model.
"""
import importlib

_WHERE = {
    "Imported": "build", "Options": "build", "Rejected": "build", "import_registry": "build",
    "default_packs": "packs", "read_packs": "packs",
    "RegistryError": "problems", "RowProblem": "problems",
    "write_rejected": "write", "write_scenario": "write",
}
"""Public name -> the module of registry that defines it."""

__all__ = sorted(_WHERE)


def __getattr__(name):
    if name not in _WHERE:
        raise AttributeError(f"module 'registry' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value  # the next use is a plain attribute
    return value


def __dir__():
    return sorted(set(globals()) | set(_WHERE))
