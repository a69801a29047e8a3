"""The registry tests read the importer's English messages: they run with STORMDRILL_LANG=en
(tests/registry/test_registry_keeps.py checks the Chinese)."""
import pytest


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("STORMDRILL_LANG", "en")
