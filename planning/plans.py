"""A scenario with another plan: the plan file read and checked as the scenario's own would be.

``with_plan(scenario_path, plan_path)`` reads the scenario file, puts the plan file in place
of its plan and validates the two together, so a mistake in the plan is reported at its
place in the plan file (``plan_b.yaml:12:5: rules.P3.when: ...``)."""
from pathlib import Path

from sim.errors import ScenarioError
from sim.scenario import validate_documents
from sim.source import read_document


def with_plan(scenario_path, plan_path):
    """The scenario at *scenario_path* with the plan at *plan_path*; ScenarioError if either is wrong."""
    doc = read_document(Path(scenario_path))
    if not isinstance(doc.data, dict):
        raise ScenarioError([doc.problem((), "a scenario file must be a mapping of fields")])
    plan_doc = read_document(Path(plan_path))
    if not isinstance(plan_doc.data, dict):
        raise ScenarioError([plan_doc.problem((), "a plan file must be a mapping of fields")])
    data = dict(doc.data)
    data["plan"] = plan_doc.data
    return validate_documents(data, doc, plan_doc)
