"""Suite-wide setup: the hypothesis profile (tests/hypothesis_profiles.py says which and why), and
the language the suite reads.

The suite reads stormdrill's English: STORMDRILL_LANG=en unless a test chooses otherwise
(tests/language/ checks the Chinese, and the rule itself, with the variable set or removed by
monkeypatch). Without it, the one language rule (messages.choose) would pick Chinese on a
machine whose locale is C or zh_CN, and the suite's English assertions would read Chinese."""
import pytest
from hypothesis import settings

from hypothesis_profiles import chosen_profile

settings.load_profile(chosen_profile())


@pytest.fixture(autouse=True, scope="session")
def english_unless_chosen():
    """For the whole session, module fixtures included (tests/test_docs.py runs the docs' blocks in
    one), so that every command the suite starts speaks English unless a test says otherwise."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STORMDRILL_LANG", "en")
        yield
