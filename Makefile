# Two commands set everything up on a fresh machine with Python 3.11+ and make:
#   make demo   - the whole loop on the embedded tracker (parse, sync twice, overdue report)
#   make test   - the full test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DIR := .actiontrack/demo
EXAMPLE := examples/postmortems/2023-02-05-shopping-cart-outage.md

.PHONY: demo test install install-test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml tests/plugin_example/pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[test]"
	# the example third-party backend the plugin tests discover by entry point
	$(BIN)/python -m pip install --quiet -e tests/plugin_example
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: $(VENV)/.installed
	@rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR)
	@echo "== actiontrack parse $(EXAMPLE)"
	@$(BIN)/actiontrack parse $(EXAMPLE)
	@echo
	@echo "== actiontrack sync --dry-run (nothing is written)"
	@ACTIONTRACK_DB=$(DEMO_DIR)/tracker.db $(BIN)/actiontrack sync $(EXAMPLE) --dry-run
	@echo
	@echo "== actiontrack sync (first run: creates one issue per task)"
	@ACTIONTRACK_DB=$(DEMO_DIR)/tracker.db $(BIN)/actiontrack sync $(EXAMPLE)
	@echo
	@echo "== actiontrack sync (second run: nothing to write)"
	@ACTIONTRACK_DB=$(DEMO_DIR)/tracker.db $(BIN)/actiontrack sync $(EXAMPLE)
	@echo
	@echo "== actiontrack report --overdue --as-of 2023-06-01"
	@ACTIONTRACK_DB=$(DEMO_DIR)/tracker.db $(BIN)/actiontrack report --overdue --as-of 2023-06-01
	@echo
	@echo "Tracker: $(DEMO_DIR)/tracker.db - try: ACTIONTRACK_DB=$(DEMO_DIR)/tracker.db $(BIN)/actiontrack issues list"

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n 2 -q

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .actiontrack .pytest_cache build *.egg-info
