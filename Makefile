# jipiao — one command to run, one to test. Both set everything up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 0.0.0.0
PORT   ?= 8000

.PHONY: run test setup system lint bench clean

## make run: set up, migrate, seed the demo election and serve on http://localhost:$(PORT)/
run: setup
	$(BIN)/alembic upgrade head
	PORT=$(PORT) $(BIN)/python -m app.demo
	$(BIN)/uvicorn app.main:app --host $(HOST) --port $(PORT)

## make test: set up and run every check (lint, types, import contracts, tests on SQLite and PostgreSQL)
test: setup
	bash scripts/test.sh

setup: system $(STAMP)

system:
	bash scripts/install-system.sh

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: setup
	for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
