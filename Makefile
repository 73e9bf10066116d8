# make run   - venv if missing, dbt manifest, parse samples/ into data/warehouse.duckdb
# make test  - venv with the dev group, dbt manifest, pytest
# make dev   - the Dagster UI on the same definitions (orchestration/definitions.py)
SHELL := /bin/bash
.DEFAULT_GOAL := test

VENV := .venv
BIN := $(VENV)/bin
UV := $(or $(shell command -v uv 2>/dev/null),python3.11 -m uv)
DBT_PROJECT := dbt_project

# The same values for `dbt parse` and the runs (dbt re-parses when they differ).
export GONGKAI_WAREHOUSE ?= $(CURDIR)/data/warehouse.duckdb
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export UV_PYTHON := python3.11

.PHONY: run test dev venv venv-dev uv manifest

run: venv manifest
	$(BIN)/gongkai run --input samples --warehouse "$(GONGKAI_WAREHOUSE)"

test: venv-dev manifest
	$(BIN)/python -m pytest

dev: venv manifest
	@mkdir -p "$(DAGSTER_HOME)"
	@[ -f "$(DAGSTER_HOME)/dagster.yaml" ] || cp orchestration/dagster.yaml "$(DAGSTER_HOME)/dagster.yaml"
	$(BIN)/dagster dev -w workspace.yaml

uv:
	@command -v uv >/dev/null 2>&1 || python3.11 -m uv --version >/dev/null 2>&1 || python3.11 -m pip install -q uv

# Create the venv only when missing (run), or bring it in line with uv.lock incl. dev (test).
venv: uv
	@[ -x $(BIN)/gongkai ] || $(UV) sync --frozen --quiet

venv-dev: uv
	@$(UV) sync --frozen --quiet

# dagster-dbt builds its assets from target/manifest.json.
manifest:
	@$(BIN)/dbt parse --quiet --project-dir $(DBT_PROJECT) --profiles-dir $(DBT_PROJECT)
