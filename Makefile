# make run   - venv if missing, dbt manifest, parse samples/ into data/warehouse.duckdb
# make test  - venv with the dev group, dbt manifest, pytest
# make dev   - the Dagster UI on the same definitions (orchestration/definitions.py); its daemon
#              runs inbox_sensor (data/inbox, $GONGKAI_INBOX) and the daily schedule
# make docs  - dbt docs (data dictionary, lineage) of the warehouse: generate, then serve on 127.0.0.1:$(DOCS_PORT)
# make readme - regenerate README.md's asset graph, data dictionary and SQL answers (on samples/)
# make corpus - tests/fixtures/rendered/<kind>/: reports rendered by real tools (LibreOffice, Chromium,
#              poppler, w3m, lynx; apt-installed when missing) from a fixed seed; CORPUS_OUT=DIR
#              CORPUS_COUNT=N writes N documents round-robin over every kind into DIR instead
# make bench - bench/run.py: generated corpora of $(BENCH_SIZES) reports through `gongkai run`, per stage
# make bench-cross-year - bench/cross_year.py: the cross-year identities' SQL alone at 100,000 reports;
#              BENCH_TREES="DIR ..." times other checkouts (each with its .venv) too, alternating
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
# Byte-compile on install: dagster, dbt and GX otherwise recompile from source at every start-up
# where PYTHONDONTWRITEBYTECODE is set.
export UV_COMPILE_BYTECODE := 1

# tests/test_ui_browser.py drives this Chromium through Playwright (never a downloaded browser).
CHROMIUM := /usr/bin/chromium
DOCS_PORT ?= 8580

.PHONY: run test dev docs readme bench bench-cross-year venv venv-dev uv manifest browser corpus corpus-tools libreoffice

run: venv manifest
	$(BIN)/gongkai run --input samples --warehouse "$(GONGKAI_WAREHOUSE)"

BENCH_SIZES ?= 1000 10000 100000
bench: venv manifest
	$(BIN)/python bench/run.py --sizes $(BENCH_SIZES)

BENCH_TREES ?=
bench-cross-year: venv manifest
	$(BIN)/python bench/cross_year.py --reports 100000 --tree . $(foreach t,$(BENCH_TREES),--tree $(t))

test: venv-dev manifest browser libreoffice
	GONGKAI_REQUIRE_BROWSER=1 $(BIN)/python -m pytest

dev: venv manifest
	@mkdir -p "$(DAGSTER_HOME)"
	@[ -f "$(DAGSTER_HOME)/dagster.yaml" ] || cp orchestration/dagster.yaml "$(DAGSTER_HOME)/dagster.yaml"
	@mkdir -p "$${GONGKAI_INBOX:-$${GONGKAI_DATA:-data}/inbox}"  # watched by inbox_sensor
	$(BIN)/dagster dev -w workspace.yaml

# dbt docs of the warehouse (built by `make run` when missing); target/static_index.html works offline.
docs: venv manifest
	@[ -f "$(GONGKAI_WAREHOUSE)" ] || $(MAKE) --no-print-directory run
	cd $(DBT_PROJECT) && ../$(BIN)/dbt docs generate --static --quiet --profiles-dir .
	@echo "dbt docs: $(CURDIR)/$(DBT_PROJECT)/target/static_index.html (offline), serving on http://127.0.0.1:$(DOCS_PORT)"
	cd $(DBT_PROJECT) && ../$(BIN)/dbt docs serve --profiles-dir . --host 127.0.0.1 --port $(DOCS_PORT) --no-browser

# The README's SQL answers come from a warehouse built from samples/ in a scratch folder.
readme: venv manifest
	@scratch=$$(mktemp -d) && \
	GONGKAI_DATA=$$scratch GONGKAI_WAREHOUSE=$$scratch/warehouse.duckdb DAGSTER_HOME=$$scratch/dagster \
	  $(BIN)/gongkai run --input samples >/dev/null && \
	$(BIN)/python docs/readme_gen.py --warehouse $$scratch/warehouse.duckdb && rm -rf $$scratch

# Chromium from apt when missing (CI runs as root on a fresh machine), quietly.
browser:
	@[ -x $(CHROMIUM) ] || { \
	  echo "installing chromium (apt) for tests/test_ui_browser.py" >&2; \
	  sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); log=$$(mktemp); \
	  { $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq chromium; } >$$log 2>&1 \
	    || { tail -n 20 $$log >&2; echo "could not install chromium: install it (apt-get install chromium) and retry" >&2; exit 1; }; \
	  rm -f $$log; }

# The committed fixture set: 15 documents of each text/sheet kind, 10 of each PDF kind (PDFs
# carry their CJK fonts: 130-800 kB each); a different index range so the PDFs get other reports.
FIXTURES_RENDERED := tests/fixtures/rendered
CORPUS_OUT ?= $(FIXTURES_RENDERED)
CORPUS_SEED ?= 13
CORPUS_PDF_KINDS := lo_pdf_ruled lo_pdf_narrow lo_pdf_borderless chromium_pdf_narrow
CORPUS_TEXT_KINDS := pdftotext_layout pdftotext_plain w3m lynx html2text pipes_flattened fixed_columns \
	lo_xlsx lo_ods run_together
RENDER_REAL := nice -n 10 $(BIN)/python -m ingest.generator.render_real
corpus: venv-dev corpus-tools
ifdef CORPUS_COUNT
	$(RENDER_REAL) --out "$(CORPUS_OUT)" --count $(CORPUS_COUNT) --seed $(CORPUS_SEED) --clean
else
	$(RENDER_REAL) --out "$(CORPUS_OUT)" --count 150 --seed $(CORPUS_SEED) --clean --kinds $(CORPUS_TEXT_KINDS)
	$(RENDER_REAL) --out "$(CORPUS_OUT)" --count 40 --start 150 --seed $(CORPUS_SEED) --kinds $(CORPUS_PDF_KINDS)
endif

# The renderers' tools from apt when one is missing (CI and fresh machines run as root).
CORPUS_APT := libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils w3m lynx chromium \
	fonts-noto-cjk fonts-wqy-zenhei fonts-arphic-uming
corpus-tools:
	@missing=; for t in soffice pdftotext w3m lynx chromium; do command -v $$t >/dev/null || missing=1; done; \
	for f in "Noto Sans CJK SC" "WenQuanYi Zen Hei" "AR PL UMing CN"; do fc-list | grep -q "$$f" || missing=1; done; \
	[ -d /usr/lib/libreoffice/program ] && ls /usr/lib/libreoffice/program/libsclo.so >/dev/null 2>&1 || missing=1; \
	[ -z "$$missing" ] || { \
	  echo "installing the corpus tools (apt): $(CORPUS_APT)" >&2; \
	  sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); log=$$(mktemp); \
	  { $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $(CORPUS_APT); } >$$log 2>&1 \
	    || { tail -n 20 $$log >&2; echo "could not install the corpus tools: apt-get install $(CORPUS_APT)" >&2; exit 1; }; \
	  rm -f $$log; }

# LibreOffice and its Python bridge from apt when missing: .doc/.wps/.rtf/.odt/.et/.ods are read through it
# (ingest/readers/_libreoffice.py; tests/test_readers_converted.py).
LIBREOFFICE_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui python3-uno
libreoffice:
	@{ [ -x /usr/lib/libreoffice/program/soffice.bin ] && /usr/bin/python3 -c 'import uno' 2>/dev/null; } || { \
	  echo "installing LibreOffice (apt) for the .doc/.rtf/.odt/.ods readers" >&2; \
	  sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); log=$$(mktemp); \
	  { $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $(LIBREOFFICE_PACKAGES); } >$$log 2>&1 \
	    || { tail -n 20 $$log >&2; echo "could not install LibreOffice: install it (apt-get install $(LIBREOFFICE_PACKAGES)) and retry" >&2; exit 1; }; \
	  rm -f $$log; }

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
