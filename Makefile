# Hearth: `make run` serves the demo, `make test` runs every check. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
BENCH_STAMP := $(VENV)/.installed-bench
POLIS_DATA ?= ../shared/data/polis
HOST ?= 127.0.0.1
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: install run serve test lint typecheck checks pytest bench bench-analysis bench-realtime bench-soak bench-pages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --disable-pip-version-check uv
	$(BIN)/uv pip install -q -p $(BIN)/python -e '.[dev]'
	touch $@

$(BENCH_STAMP): $(STAMP)
	$(BIN)/uv pip install -q -p $(BIN)/python -e '.[dev,bench]'
	touch $@

install: $(STAMP)

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) collectstatic --noinput -v 0
	$(BIN)/uvicorn config.asgi:application --host $(HOST) --port $(PORT)

test: install lint typecheck checks pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy .

checks: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	SECRET_KEY=check-deploy-only-$$(date +%s)-a-long-random-looking-value-for-the-deploy-check \
	  ALLOWED_HOSTS=hearth.example DJANGO_SETTINGS_MODULE=config.settings.production \
	  $(MANAGE) check --deploy --fail-level WARNING

# pytest exits 5 when it collects nothing; that is a failure here like any other.
pytest: install
	$(BIN)/pytest -q $(PYTEST_ARGS)

bench: bench-analysis bench-realtime bench-soak bench-pages

bench-analysis: $(BENCH_STAMP)
	$(BIN)/python -m benchmarks.analysis --data $(POLIS_DATA)

# Needs PostgreSQL on 127.0.0.1:5432 and Redis (REDIS_URL); drops and recreates hearth_bench.
REALTIME_ARGS ?=
bench-realtime: install
	$(BIN)/python -m benchmarks.realtime $(REALTIME_ARGS)

# Needs PostgreSQL on 127.0.0.1:5432 (drops and recreates hearth_soak) and the redis-server
# binary: it runs a redis-server of its own to kill. Shorter: make bench-soak SOAK_SECONDS=60
SOAK_SECONDS ?= 300
SOAK_CLIENTS ?= 500
STORM_CLIENTS ?= 2000
bench-soak: install
	$(BIN)/python -m benchmarks.soak --seconds $(SOAK_SECONDS) --clients $(SOAK_CLIENTS) \
	  --storm-clients $(STORM_CLIENTS) $(SOAK_ARGS)

# Needs PostgreSQL on 127.0.0.1:5432 (drops and recreates hearth_pages) and the redis-server
# binary (a Redis of its own, flushed for the uncached runs).
bench-pages: install
	$(BIN)/python -m benchmarks.pages $(PAGES_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles media
