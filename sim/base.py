"""Base classes shared by every part of the scenario format.

A scenario is read once, validated, and then never changes: every model here is
frozen and refuses fields it does not know, so a typo in a YAML file is an error
and not a silently ignored setting. Numbers must be finite (``.nan`` or ``.inf`` as
an onset, a length or a position would run to nonsense).
"""
from pydantic import BaseModel, ConfigDict


class Spec(BaseModel):
    """An immutable, strictly validated piece of a scenario."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False)
