"""Suite-wide setup: the hypothesis profile (tests/hypothesis_profiles.py says which and why)."""
from hypothesis import settings

from hypothesis_profiles import chosen_profile

settings.load_profile(chosen_profile())
