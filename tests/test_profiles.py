"""The hypothesis profile the suite runs under (tests/conftest.py): fixed in CI, random locally."""
import pytest
from hypothesis import settings

from hypothesis_profiles import chosen_profile


@pytest.mark.parametrize("environ, profile", [
    ({}, "dev"),
    ({"CI": "true"}, "ci"),
    ({"STORMDRILL_TEST_PROFILE": "ci"}, "ci"),
    ({"CI": "1", "STORMDRILL_TEST_PROFILE": "dev"}, "dev"),
])
def test_the_environment_picks_the_profile(environ, profile):
    assert chosen_profile(environ) == profile


def test_an_unknown_profile_is_refused_by_name():
    with pytest.raises(ValueError, match="'nightly': the profiles are ci, dev"):
        chosen_profile({"STORMDRILL_TEST_PROFILE": "nightly"})


def test_the_ci_profile_is_derandomized_without_a_shared_database():
    ci = settings.get_profile("ci")
    assert ci.derandomize and ci.database is None and ci.deadline is None
    assert not settings.get_profile("dev").derandomize
