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

.PHONY: install bytecode browser run serve test lint typecheck checks pytest test-fast test-server test-browser test-backends backends-in-process backends-server bench bench-analysis bench-realtime bench-soak bench-pages bench-discussion bench-scale clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Bytecode is compiled once here: where PYTHONDONTWRITEBYTECODE is set (as on CI), Python
# would otherwise compile Django, Wagtail, SciPy and scikit-learn from source in every
# process it starts (each test worker, server and command), seconds each time.
UV_INSTALL := $(BIN)/uv pip install -q --compile-bytecode -p $(BIN)/python

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --disable-pip-version-check uv
	$(UV_INSTALL) -e '.[dev]'
	touch $@

$(BENCH_STAMP): $(STAMP)
	$(UV_INSTALL) -e '.[dev,bench]'
	touch $@

# Hearth's own modules, for the same reason; only those changed since are compiled again.
SOURCES := accounts analysis benchmarks cms common config deliberation harness opinion_core proposals tests manage.py
bytecode: install
	@$(BIN)/python -m compileall -q -j0 $(SOURCES) >/dev/null

install: $(STAMP)

# The browser tests drive Debian's Chromium, never a browser a test tool downloads. Installed
# here when missing and this user may install system packages; otherwise one line says how.
CHROMIUM := /usr/bin/chromium
browser: $(CHROMIUM)
$(CHROMIUM):
	@if [ "$$(id -u)" -eq 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; \
	else echo "Chromium is missing: run 'sudo apt-get install chromium chromium-driver', then make test again." >&2; exit 1; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
	  echo "Chromium is missing: install Chromium at /usr/bin/chromium (Debian: apt-get install chromium chromium-driver)." >&2; exit 1; fi; \
	echo "Installing Debian's chromium and chromium-driver for the browser tests (about a minute)"; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null

run: bytecode
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) collectstatic --noinput -v 0
	$(BIN)/uvicorn config.asgi:application --host $(HOST) --port $(PORT)

# The static checks and the live tiers' database template are independent: run together.
test: install browser
	$(MAKE) --no-print-directory -j3 -Otarget lint typecheck checks bytecode $(TEST_DB_TEMPLATE)
	$(MAKE) --no-print-directory pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy .

checks: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	SECRET_KEY=check-deploy-only-$$(date +%s)-a-long-random-looking-value-for-the-deploy-check \
	  ALLOWED_HOSTS=hearth.example DJANGO_SETTINGS_MODULE=config.settings.production \
	  $(MANAGE) check --deploy --fail-level WARNING

# The suite's three tiers, each its own pytest run (tests/conftest.py says which test is
# in which). pytest exits 5 when it collects nothing; that is a failure here like any other.
# WORKERS: pytest-xdist processes for the in-process and browser tiers (one per core).
WORKERS ?= auto
# pytest caches each test module as its assertions rewrote it, but not where
# PYTHONDONTWRITEBYTECODE is set (as on CI): then every worker rewrites and compiles all
# 200 test modules again, about 5 s each. (xdist's work stealing was tried: it runs a
# module's tests out of their order, after a test that empties the database, and 20 tests
# of tests/cms and tests/accounts then found no site tree.)
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -q $(PYTEST_ARGS)
# xdist hands each worker tests in chunks and never takes back what a worker has queued:
# by default the last chunks held 40 s of the in-process tier's slow security tests while
# the other worker sat idle. Small chunks keep both busy to the end (README, Tests).
XDIST := -n $(WORKERS) --maxschedchunk 8
XDIST_BROWSER := -n $(WORKERS) --maxschedchunk 1
LIVE := DJANGO_SETTINGS_MODULE=config.settings.test_live

# The server tier mostly waits (on sockets, timeouts and its own servers), so it runs beside
# the in-process tier; the browser tier keeps both cores busy on its own.
pytest:
	$(MAKE) --no-print-directory -j2 -Otarget test-fast test-server
	$(MAKE) --no-print-directory test-browser

# Every tier's SQLite test databases start as copies of this migrated file (see
# harness/sqlite_template), made again when a migration changes.
TEST_DB_TEMPLATE := .test-db-template.sqlite3
$(TEST_DB_TEMPLATE): $(STAMP) $(wildcard */migrations/*.py)
	rm -f $@
	$(LIVE) DATABASE_URL=sqlite:///$(CURDIR)/$@ $(MANAGE) migrate --noinput -v 0

# The inner loop: SQLite in memory, no server, no browser. Each worker copies the migrated
# template rather than migrating (20 s each on 2 cores), and the later tiers reuse it.
test-fast: bytecode $(TEST_DB_TEMPLATE)
	HEARTH_TEST_DB_TEMPLATE=$(TEST_DB_TEMPLATE) $(PYTEST) $(XDIST)

# A real uvicorn per process on a SQLite file (or DATABASE_URL), started once.
test-server: bytecode $(TEST_DB_TEMPLATE)
	rm -f .test-db-live*.sqlite3*
	$(LIVE) HEARTH_TEST_DB_TEMPLATE=$(TEST_DB_TEMPLATE) $(PYTEST) \
	  -m "(server or concurrent) and not browser" -p no:playwright

# CI's second pass, with DATABASE_URL and REDIS_URL set: the in-process and server tiers
# again on PostgreSQL and Redis (README, Tests, says why not the browser tier).
test-backends: bytecode
	@test -n "$$DATABASE_URL" && test -n "$$REDIS_URL" || \
	  { echo "test-backends needs DATABASE_URL and REDIS_URL (PostgreSQL and Redis), see README" >&2; exit 2; }
	$(MAKE) --no-print-directory -j2 -Otarget backends-in-process backends-server

# Side by side, as in `make pytest`: their databases differ (pytest-django names one per
# xdist worker, test_<name>_gw0..., and the server tier's is test_<name>).
backends-in-process:
	$(PYTEST) $(XDIST)

backends-server:
	$(LIVE) $(PYTEST) -m "(server or concurrent) and not browser" -p no:playwright

# Chromium and axe. Playwright's sync API runs an event loop in the test thread, so only
# this tier's processes let Django's ORM be called there.
test-browser: bytecode browser $(TEST_DB_TEMPLATE)
	rm -f .test-db-live*.sqlite3*
	$(LIVE) HEARTH_TEST_DB_TEMPLATE=$(TEST_DB_TEMPLATE) DJANGO_ALLOW_ASYNC_UNSAFE=true \
	  $(PYTEST) -m browser $(XDIST_BROWSER)

bench: bench-analysis bench-realtime bench-soak bench-pages bench-discussion

# Hearth and red-dwarf 0.4.0 on every Pol.is conversation (whole processes and compute
# only), then the national scale as bench-scale runs it: needs PostgreSQL on 127.0.0.1:5432
# (drops and recreates hearth_import_bench) and the redis-server binary. 13 min on 2 cores.
# Quicker: make bench-analysis ANALYSIS_ARGS=--no-scale. red-dwarf on 100k (6 min and
# 12 GiB each): ANALYSIS_ARGS=--reddwarf-at-scale.
ANALYSIS_ARGS ?=
bench-analysis: $(BENCH_STAMP) bytecode
	$(BIN)/python -m benchmarks.analysis --data $(POLIS_DATA) $(ANALYSIS_ARGS)

# Needs PostgreSQL on 127.0.0.1:5432 and Redis (REDIS_URL); drops and recreates hearth_bench.
REALTIME_ARGS ?=
bench-realtime: bytecode
	$(BIN)/python -m benchmarks.realtime $(REALTIME_ARGS)

# Needs PostgreSQL on 127.0.0.1:5432 (drops and recreates hearth_soak) and the redis-server
# binary: it runs a redis-server of its own to kill. Shorter: make bench-soak SOAK_SECONDS=60
SOAK_SECONDS ?= 300
SOAK_CLIENTS ?= 500
STORM_CLIENTS ?= 2000
bench-soak: bytecode
	$(BIN)/python -m benchmarks.soak --seconds $(SOAK_SECONDS) --clients $(SOAK_CLIENTS) \
	  --storm-clients $(STORM_CLIENTS) $(SOAK_ARGS)

# Needs PostgreSQL on 127.0.0.1:5432 (drops and recreates hearth_pages) and the redis-server
# binary (a Redis of its own, flushed for the uncached runs).
bench-pages: bytecode
	$(BIN)/python -m benchmarks.pages $(PAGES_ARGS)

# Needs PostgreSQL on 127.0.0.1:5432 (drops and recreates hearth_discussion).
bench-discussion: bytecode
	$(BIN)/python -m benchmarks.discussion_pages --data $(POLIS_DATA)/american-assembly.bowling-green

# The command line, import_polis and run_analysis on 100,000 x 2,000 (about 10 million
# votes), each a whole process, and the report page against the home page. Needs PostgreSQL
# (drops and recreates hearth_import_bench) and the redis-server binary (a Redis of its own,
# emptied before each GET). bench-analysis runs the same.
bench-scale: bytecode
	$(BIN)/python -m benchmarks.analysis_scale $(SCALE_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 .test-db-*.sqlite3* staticfiles media
