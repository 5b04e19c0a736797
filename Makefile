# The two commands of the README: `make run` starts the dashboard, `make test` runs every test.
# Both set up what they need on a fresh Debian machine with Python 3.11.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8501

.PHONY: run test bench cluster lint format db system-deps clean

$(BIN)/python:
	@PYTHON=$(PYTHON) bash scripts/install_system_deps.sh --venv
	$(PYTHON) -m venv $(VENV)

$(VENV)/.app-installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@ $(VENV)/.app-installed

system-deps:
	@bash scripts/install_system_deps.sh

db: $(VENV)/.app-installed
	$(BIN)/python -m cppcc build-db --if-missing

run: db
	$(BIN)/streamlit run serve.py --server.address $(HOST) --server.port $(PORT)

# several servers on one machine, to try it: a throwaway PostgreSQL, two app servers and
# nginx on http://127.0.0.1:$(CLUSTER_PORT); Ctrl-C stops everything and removes its data
CLUSTER_PORT ?= 8080
cluster: $(VENV)/.app-installed
	@bash scripts/install_system_deps.sh --cluster
	$(BIN)/python -m cppcc cluster --port $(CLUSTER_PORT)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: $(VENV)/.dev-installed system-deps lint
	$(BIN)/python -m pytest -n 2 --dist loadfile

# timings live here, never in tests: writes bench/results/latest.json and prints a table
# (BENCH_ARGS=--smoke: every section once at its smallest sizes, as CI runs it)
bench: $(VENV)/.dev-installed system-deps
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) data/ningxia.duckdb data/ningxia.duckdb.wal tests/artifacts
