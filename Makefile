# Two entry points, both safe on a fresh machine:
#   make run   - set up .venv and run the built-in default scenario in plan mode
#   make test  - set up .venv and run the test suite (hypothesis derandomized: tests/conftest.py); first
#                says in one line if the browser tests will be skipped (no Chromium here) and how to
#                install one (tests/browser.py)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/stormdrill run --builtin --out out/default --force
	@echo "stormdrill is installed in $(BIN)/, not on your PATH: in each new shell, run  . $(BIN)/activate  (README.md)"

test: $(STAMP)
	@$(BIN)/python tests/browser.py
	STORMDRILL_TEST_PROFILE=ci $(BIN)/python -m pytest -n 2 --dist loadfile

bench: $(STAMP)
	$(BIN)/python bench/engine.py
	$(BIN)/python bench/scenarios.py
	$(BIN)/python bench/sweep.py
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python bench/viewer.py

clean:
	rm -rf $(VENV) out .pytest_cache .hypothesis
