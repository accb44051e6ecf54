# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
# pytest workers (pytest-xdist); tests sharing the generated cases run on one worker (--dist loadgroup)
WORKERS ?= 2
# `make serve`: app processes behind nginx (default one per core)
N      ?= $(shell nproc 2>/dev/null || echo 1)

.PHONY: run serve test test-fast lint validate bench bench-load bench-polls screenshots clean

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime  ## start the app on the bundled content
	@$(PY) -m pathway check-settings  # DATABASE_URL and the data folder: one line naming what is wrong
	$(PY) -m pathway validate content
	$(PY) deploy/launch.py app.py --server.port $(PORT)

serve: $(VENV)/.runtime  ## N app processes behind nginx on PORT (sticky sessions, one shared database)
	@$(PY) -m pathway check-settings
	$(PY) -m pathway validate content
	$(PY) deploy/serve.py --processes $(N) --port $(PORT)

test: lint  ## lint and types, then the whole suite: unit, property, AppTest, server and browser tests
	$(PY) -m pytest -n $(WORKERS) --dist loadgroup --durations=25

test-fast: $(VENV)/.dev  ## no browser, no server: unit, property and AppTest (about 2 minutes)
	$(PY) -m pytest -n $(WORKERS) --dist loadgroup -m "not e2e and not server"

lint: $(VENV)/.dev  ## ruff (lint and format) and mypy: strict on pathway/, the default on the rest
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

validate: $(VENV)/.runtime
	$(PY) -m pathway validate content

bench: $(VENV)/.dev
	$(PY) bench/run.py

bench-load: $(VENV)/.dev  ## websocket load: explorer vs a one-slider page at 1, 50 and 300 sessions
	$(PY) bench/load.py

bench-polls: $(VENV)/.runtime  ## 300 students voting in one poll, on SQLite (and PostgreSQL with DATABASE_URL)
	$(PY) bench/poll_storage.py

screenshots: $(VENV)/.dev
	$(PY) tools/screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
