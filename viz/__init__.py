"""The pygame viewer: draws snapshots of the model and forwards trainees' actions to it.

    stormdrill play scenarios/tutorial_village/scenario.yaml --lang zh

Built on pygame (the pygame-ce distribution) with pygame-gui widgets; colours and fonts
live in ``theme.json`` and every label in the message catalogue (``messages/``). Nothing
here runs at import time and nothing below ``viz`` imports pygame. docs/viewer.md is the
user's guide.
"""
