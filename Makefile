# Two commands set everything up on a fresh machine with Python 3.11+ and make:
#   make demo   - the whole loop on the embedded tracker (parse, sync twice, overdue report,
#                 close one issue, report again)
#   make test   - the full test suite
#   make dist   - build the sdist and wheel into dist/ and check them as PyPI would
#   make lock   - recompute requirements/action.txt (the hash-checked lock the action installs)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# setuptools warns on every editable install about same-named folders; it is noise here.
PIP := PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip
DEMO_DIR := .actiontrack/demo
EXAMPLE := examples/postmortems/2023-02-05-shopping-cart-outage.md

LOCK := requirements/action.txt

.PHONY: demo test lint install install-test bench soak soak-sync soak-faults soak-jira dist lock clean

$(BIN)/python:
	@echo "== setting up $(VENV) (first run only; takes a minute)"
	$(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	@echo "== installing actiontrack into $(VENV)"
	@$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml $(LOCK) tests/plugin_example/pyproject.toml
	@echo "== installing actiontrack with its test extra into $(VENV)"
	@# the exact versions the action installs (tests/github_actions/test_lock.py checks them)
	@$(PIP) install --quiet --require-hashes -r $(LOCK)
	@$(PIP) install --quiet -e ".[test]"
	@# the example third-party backend the plugin tests discover by entry point
	@$(PIP) install --quiet -e tests/plugin_example
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: $(VENV)/.installed
	@rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR)
	@echo "== actiontrack parse $(EXAMPLE)"
	@$(BIN)/actiontrack parse $(EXAMPLE)
	@echo
	@echo "== actiontrack sync (first run: creates one issue per task)"
	@ACTIONTRACK_DB=$(DEMO_DIR)/tracker.db $(BIN)/actiontrack sync $(EXAMPLE)
	@echo
	@echo "== actiontrack sync (second run: nothing to write)"
	@ACTIONTRACK_DB=$(DEMO_DIR)/tracker.db $(BIN)/actiontrack sync $(EXAMPLE)
	@echo
	@echo "== actiontrack report --overdue --as-of 2023-06-01 (the incident was on 2023-02-05)"
	@ACTIONTRACK_DB=$(DEMO_DIR)/tracker.db $(BIN)/actiontrack report --overdue --as-of 2023-06-01
	@echo
	@echo "== actiontrack issues close 2 (done, by hand)"
	@ACTIONTRACK_DB=$(DEMO_DIR)/tracker.db $(BIN)/actiontrack issues close 2
	@echo
	@echo "== actiontrack report --overdue (as of today: three left)"
	@ACTIONTRACK_DB=$(DEMO_DIR)/tracker.db $(BIN)/actiontrack report --overdue
	@echo
	@echo "The demo tracker is $(DEMO_DIR)/tracker.db; look around with:"
	@echo "  ACTIONTRACK_DB=$(DEMO_DIR)/tracker.db $(BIN)/actiontrack issues list"

# The gates first (lint, types, import contracts), then the tests.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check actiontrack tests benchmarks
	$(BIN)/mypy actiontrack
	$(BIN)/lint-imports

test: lint
	$(BIN)/python -m pytest -n 2 -q

# The model-based sync test at length: SOAK_STEPS random steps per tracker (local, fake
# GitHub, fake Jira); it prints the figure the README quotes.
SOAK_STEPS ?= 10000
soak: soak-sync

soak-sync: $(VENV)/.installed-test
	ACTIONTRACK_SOAK_STEPS=$(SOAK_STEPS) ACTIONTRACK_NO_SHRINK=1 $(BIN)/python -m pytest -q -s \
		-p no:cacheprovider tests/sync/test_model.py

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run_all.py

# The release artefacts, checked as PyPI checks them (needs PyPI only: build, twine and the
# build backend come from there).
dist: $(BIN)/python
	@$(PIP) install --quiet build twine
	@rm -rf dist
	$(BIN)/python -m build --outdir dist .
	$(BIN)/python -m twine check --strict dist/*

# After changing a dependency in pyproject.toml (dependabot does this for version bumps).
lock: $(BIN)/python
	@$(PIP) install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --extra redmine \
	  --no-emit-index-url --no-emit-find-links -o $(LOCK) pyproject.toml requirements/action.in

# The fault suite's long run: 200 trials of every case (README, "Exit codes and errors").
soak-faults: $(VENV)/.installed-test
	$(BIN)/python -m tests.faults.soak --trials 200 --jobs 8

# The fault suite's Jira cases alone (Cloud and Data Center), 200 trials each.
soak-jira: $(VENV)/.installed-test
	$(BIN)/python -m tests.faults.soak --trials 200 --jobs 8 --case Jira

clean:
	rm -rf $(VENV) .actiontrack .pytest_cache .mypy_cache .ruff_cache build dist *.egg-info
