# Mosaic: the short list of things you do. `make run` and `make test` are the README's two commands.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-all lint check audit-deps bench install clean

# Create the virtual environment and install the pinned dependencies (only when they change).
$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Mosaic needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e . --config-settings editable_mode=compat
	@touch $(STAMP)

install: $(STAMP)

## Serve Mosaic on SQLite with the demo loaded: http://127.0.0.1:8000/
run: $(STAMP)
	MOSAIC_DEV=1 $(BIN)/mosaic demo

## The default test suite (SQLite; set DATABASE_URL for PostgreSQL).
test: $(STAMP)
	$(BIN)/pytest

## Everything, including slow suites.
test-all: $(STAMP)
	$(BIN)/pytest -m "slow or not slow"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

check: lint
	MOSAIC_DEV=1 $(BIN)/mypy .
	MOSAIC_DEV=1 $(BIN)/mosaic makemigrations --check --dry-run
	MOSAIC_DEV=1 $(BIN)/mosaic check

## Known vulnerabilities in the pinned dependencies (pip-audit; needs the network).
audit-deps: $(STAMP)
	VENV_BIN=$(BIN) .ci/audit-deps

bench: $(STAMP)
	$(BIN)/python bench/intake_api.py --reports 10000

clean:
	rm -rf $(VENV) var
