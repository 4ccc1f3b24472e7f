# Hipflex: `make run` serves the app on SQLite, `make test` runs the whole suite.
VENV := .venv
PY := $(VENV)/bin/python
PYTHON_CANDIDATES := python3.12 python3.13 python3.14 python3 python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format chromium clean bench

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

$(VENV)/.runtime: $(PY) requirements.txt
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

run: $(VENV)/.runtime
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --no-input
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver $(HOST):$(PORT)

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

test: $(VENV)/.dev chromium
	$(VENV)/bin/pytest $(PYTEST_ARGS)

$(VENV)/.bench: $(VENV)/.runtime bench/requirements.txt
	$(PY) -m pip install --quiet -r bench/requirements.txt
	@touch $@

# Load benchmark on this machine's PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379).
# Writes bench/results.json and bench/RESULTS.md; BENCH_ARGS="--users 500 --drop" to change it.
bench: $(VENV)/.bench
	$(PY) bench/run.py $(BENCH_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles
