# Two commands on a fresh machine: `make run` and `make test`.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8000
export PORT

.PHONY: install run test test-postgres bench lint format lock clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

## Set up everything and serve the demo group on http://127.0.0.1:$(PORT)
run: install
	MASTHEAD_DEMO=1 $(BIN)/masthead migrate --no-input
	MASTHEAD_DEMO=1 $(BIN)/masthead collectstatic --no-input --verbosity 0
	MASTHEAD_DEMO=1 $(BIN)/masthead demo
	MASTHEAD_DEMO=1 $(BIN)/masthead serve --with-worker

## The whole test suite (SQLite; set MASTHEAD_TEST_DATABASE_URL / MASTHEAD_TEST_REDIS_URL for PostgreSQL and Redis)
test: install
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install
	MASTHEAD_TEST_DATABASE_URL=$${MASTHEAD_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} \
	MASTHEAD_TEST_REDIS_URL=$${MASTHEAD_TEST_REDIS_URL:-redis://127.0.0.1:6379/15} \
	$(BIN)/pytest $(PYTEST_ARGS)

## Benchmarks, each printing its figures (see bench/README.md)
bench: install
	$(BIN)/python -m bench $(BENCH)

lint: install
	$(BIN)/ruff check masthead tests bench
	$(BIN)/ruff format --check masthead tests bench

format: install
	$(BIN)/ruff format masthead tests bench
	$(BIN)/ruff check --fix masthead tests bench

## Re-resolve the pinned versions from requirements.in and requirements-dev.in
lock:
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/pip install --quiet -r requirements.in -r requirements-dev.in
	(echo "# Exact versions, produced by 'make lock' from requirements.in and requirements-dev.in."; .lockenv/bin/pip freeze) > requirements.lock
	rm -rf .lockenv

clean:
	rm -rf $(VENV) var/static
