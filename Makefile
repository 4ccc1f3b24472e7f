# Hipflex: `make run` serves the app on SQLite, `make test` runs the whole suite.
VENV := .venv
PY := $(VENV)/bin/python
PYTHON_CANDIDATES := python3.12 python3.13 python3.14 python3 python
HOST ?= 127.0.0.1
PORT ?= 8000

# uv installs exactly uv.lock. It comes from PyPI's `uv` wheel into .venv, so a fresh machine
# needs only Python; the Dockerfile installs the same version.
UV_VERSION := 0.13.9
UV := $(VENV)/uv-$(UV_VERSION)/bin/uv
# uv works with the Python that made .venv and never downloads one of its own.
export UV_PYTHON_DOWNLOADS := never
UV_SYNC := $(UV) sync --locked --python $(PY) --quiet

# Development settings that manage.py reads (hipflex/env_file.py): written on first use, never
# committed, and the environment wins over them.
HIPFLEX_ENV_FILE ?= .env
# The command `make manage` runs: make manage CMD="createtrainer you@example.com"
CMD ?= help

.PHONY: run manage test test-dates lint format chromium clean bench lock upgrade

$(PY):
	@for candidate in $(PYTHON_CANDIDATES); do \
	  if command -v $$candidate >/dev/null 2>&1 && \
	     $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	    echo "Creating $(VENV) with $$($$candidate --version)"; \
	    $$candidate -m venv $(VENV) || exit 1; \
	    exit 0; \
	  fi; \
	done; \
	echo "Hipflex needs Python 3.12 or newer and none was found on PATH." >&2; \
	echo "Install it from https://www.python.org/downloads/, your package manager" >&2; \
	echo "(for example: apt-get install python3.12), or pyenv (pyenv install 3.12), then run make again." >&2; \
	exit 1

$(UV): | $(PY)
	rm -rf $(VENV)/uv-*
	$(PY) -m pip install --quiet --disable-pip-version-check --target $(VENV)/uv-$(UV_VERSION) \
	  uv==$(UV_VERSION)

# Exactly uv.lock, hashes checked: the runtime packages for `make run`, the dev group as well
# for the tests. Each set-up is redone when uv.lock changes.
$(VENV)/.runtime: $(UV) pyproject.toml uv.lock
	$(UV_SYNC) --no-dev
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(UV_SYNC)
	@touch $@

# After editing the dependencies in pyproject.toml: pin them, and what they need, in uv.lock.
lock: $(UV)
	$(UV) lock --python $(PY)

# Every package to the newest version pyproject.toml allows; then `make test` and commit uv.lock.
upgrade: $(UV)
	$(UV) lock --upgrade --python $(PY)

$(HIPFLEX_ENV_FILE): | $(PY)
	@echo "Writing $@ for development: DEBUG on and a SECRET_KEY of its own"
	@umask 077 && printf '%s\n' \
	  '# Development settings for manage.py, written by make (see hipflex/env_file.py).' \
	  '# Never used in production; a variable set in the environment wins over these.' \
	  'DEBUG=true' \
	  "SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@

run: $(VENV)/.runtime $(HIPFLEX_ENV_FILE)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py runserver $(HOST):$(PORT)

# Any manage.py command with the development settings (the dev group too: simulate needs it).
manage: $(VENV)/.dev $(HIPFLEX_ENV_FILE)
	$(PY) manage.py $(CMD)

# Browser tests drive Debian's Chromium; Playwright's own browser download is never used.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Chromium from Debian for the browser tests"; \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 || \
	     (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)) || exit 1; \
	  else \
	    echo "Browser tests need Chromium at /usr/bin/chromium: sudo apt-get install -y chromium" >&2; \
	    exit 1; \
	  fi; \
	fi

# Two processes (pytest-xdist): each has its own test database and cache keys.
PYTEST_WORKERS ?= 2

# The browser tests keep a screenshot of each step of the journey here, for a design review.
SCREENSHOT_DIR ?= test-artifacts/screenshots

test: $(VENV)/.dev chromium
	SCREENSHOT_DIR=$(SCREENSHOT_DIR) $(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The suite but the browser tests, at instants where dates go wrong, each as
# "instant,time zone of the people the tests make": London's clocks going forward (01:30 GMT
# is 02:30 BST) and back (the first 01:30), New Year's Eve and Day, a leap day, and Sunday
# night in Auckland (Sunday 10:30 in UTC).
TEST_DATES := \
	2026-03-29T01:30:00+00:00,Europe/London \
	2026-10-25T01:30:00+01:00,Europe/London \
	2026-12-31T23:55:00+00:00,UTC \
	2027-01-01T00:05:00+00:00,UTC \
	2028-02-29T12:00:00+00:00,UTC \
	2026-12-06T23:30:00+13:00,Pacific/Auckland

test-dates: $(VENV)/.dev
	@failed=""; \
	for pair in $(TEST_DATES); do \
	  now=$${pair%,*}; zone=$${pair#*,}; \
	  echo "== tests at $$now for people in $$zone"; \
	  HIPFLEX_TEST_NOW=$$now HIPFLEX_TEST_TIME_ZONE=$$zone \
	    $(VENV)/bin/pytest -q -n $(PYTEST_WORKERS) -m "not browser" $(PYTEST_ARGS) \
	    || failed="$$failed $$now($$zone)"; \
	done; \
	if [ -n "$$failed" ]; then echo "Failed at:$$failed" >&2; exit 1; fi

# Load benchmark on this machine's PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379, db 2),
# with wrk (Debian's package). Seeds hipflex_bench once (2,000 people x 180 days, about a
# minute; later runs reuse it), then takes about 4 minutes. Writes bench/results.json,
# bench/RESULTS.md and README.md's tables; exits 1 when a target is missed. BENCH_ARGS="--help"
# for the options; BENCH_ARGS="--users 60 --days 30 --database hipflex_bench_small" is quick.
bench: $(VENV)/.runtime
	@command -v wrk >/dev/null 2>&1 || \
	  (echo "Installing wrk from Debian for the bench"; \
	   apt-get install -y wrk || (apt-get update && apt-get install -y wrk))
	$(PY) bench/run.py $(BENCH_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles
