# cohen-analysis: `make help` lists every target. Make is the scheduler: each report depends on its
# notebook, its parameter file, the processed datasets it reads and the package source, so
# unchanged reports are not rebuilt and `make -j2 reports` runs independent notebooks in parallel.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
CA := $(BIN)/cohen-analysis
ENV_STAMP := $(VENV)/.installed
DATA_STAMP := data/processed/.built
INPUTS_HASH := build/data-inputs.sha256
SHA256 := $(shell command -v sha256sum >/dev/null 2>&1 && echo sha256sum || echo 'shasum -a 256')
KERNEL := cohen-analysis
TIMEOUT ?= 600
PYTEST_ARGS ?=

PKG_SRC := $(shell find src/cohen_analysis -name '*.py' -o -name '*.mplstyle' -o -name '*.csv' -o -name '*.j2' -o -name '*.css' -o -name '*.yaml' -o -name 'conf.json' | sort)
RAW_FILES := $(shell find data/raw -type f -not -name '.*' | sort)
# one report per parameter file of a notebook's folder (params/<notebook>/<set>.yaml); files
# elsewhere are drafts, run by hand (`cohen-analysis run`), never built or listed here
PARAM_FILES := $(sort $(foreach f,$(wildcard params/*/*.yaml),$(if $(wildcard notebooks/$(word 2,$(subst /, ,$(f))).ipynb),$(f))))
REPORTS := $(patsubst params/%.yaml,reports/%/metrics.json,$(PARAM_FILES))
# the list of parameter files, rewritten only when it changes: a deleted file rebuilds the index,
# which then drops that report
PARAM_LIST := build/param-files.txt

# Dependency rules are generated (datasets from the registry, reports from what each run read);
# they are only needed, and only made, for the targets that build data or reports.
ifneq ($(filter reports data data/% reports/% bench,$(MAKECMDGOALS)),)
-include build/datasets.mk
-include $(wildcard reports/*/*/deps.mk)
ifneq ($(file <$(PARAM_LIST)),$(PARAM_FILES))
$(shell mkdir -p build)
$(file >$(PARAM_LIST),$(PARAM_FILES))
endif
endif

.PHONY: help venv data reports test lab bench clean clean-reports check docs notebook-outputs FORCE

help: ## Show this help
	@echo "cohen-analysis: sourced data and reports on Roberta Cohen's 2010 essay (38 North)."
	@echo
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'
	@echo
	@echo "Variables: PYTHON=$(PYTHON) (used to create $(VENV)), TIMEOUT=$(TIMEOUT) s per cell, PYTEST_ARGS"

venv: $(ENV_STAMP) ## Create the virtual environment in .venv and register the Jupyter kernel

$(ENV_STAMP): pyproject.toml
	@echo "Setting up $(VENV) (first run takes a few minutes)..."
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip 2>&1 | { grep -v '^WARNING: Location' || true; }
	@$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]' 2>&1 | { grep -v '^WARNING: Location' || true; }
	@$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (cohen-analysis)" >/dev/null
	@touch $@
	@echo "Environment ready: $(VENV), kernel '$(KERNEL)'."

build/datasets.mk: $(PKG_SRC) | $(ENV_STAMP)
	@mkdir -p build
	@$(CA) make-deps > $@.tmp && mv $@.tmp $@

data: $(DATA_STAMP) ## Build the processed datasets (CSV + Parquet + data dictionary)

# One process builds every stale dataset (the registry knows which); a dataset whose file it did
# not rewrite keeps its time stamp, so only the reports that read a rebuilt dataset run again.
# (`make -n` cannot know which files that process will rewrite, so it lists more than a real run does.)
# Staleness follows content, not file times: INPUTS_HASH is rewritten only when the content of an
# input changed (or an input became a symbolic link), so an edit that leaves an old time (cp -p,
# tar x) rebuilds and a touch does not.
$(INPUTS_HASH): FORCE
	@mkdir -p $(@D); { $(SHA256) $(DATA_INPUTS) 2>&1 || true; find $(DATA_INPUTS) -maxdepth 0 -type l 2>/dev/null || true; } > $@.tmp; \
	if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(DATA_STAMP): $(INPUTS_HASH) | $(ENV_STAMP)
	@$(CA) data
	@touch $@

data/processed/%.parquet: $(DATA_STAMP)
	@test -f $@ || $(CA) data --only $*

# the datasets are outputs in their own right: make must never delete them as intermediate files
.SECONDARY: $(DATASETS)

# the site's own pages, each rebuilt from what it is made of (see `cohen-analysis index --help`)
SITE_PAGES := reports/index.html reports/sources.html reports/data.html

# `make reports` lets Make decide which reports are stale, then hands that list to one
# `cohen-analysis reports`, whose workers stay alive across reports (one per `-j` job: papermill
# and the checks load once per worker, not once per report; every report still gets a fresh
# kernel). With the goal `reports`, a stale report's recipe only adds its parameter file to
# REPORT_QUEUE; REPORTS_RAN's recipe, which comes after all of them, runs that list and is touched
# only when it ran something, so the index page follows. `make reports/<notebook>/<set>/metrics.json`
# runs that one report at once.
REPORT_QUEUE := build/stale-reports.txt
REPORTS_RAN := build/reports-ran
ifneq ($(filter reports,$(MAKECMDGOALS)),)
QUEUE_REPORTS := 1
$(shell mkdir -p build && rm -f $(REPORT_QUEUE))
endif
# the number of -j jobs Make was given (a bare -j: one per core)
MAKE_JOBS = $(if $(filter -j,$(MAKEFLAGS)),0,$(or $(patsubst -j%,%,$(filter -j%,$(MAKEFLAGS))),1))

reports: $(REPORTS) $(REPORTS_RAN) $(SITE_PAGES) ## Build every report: run each notebook for each parameter set, then the site

.SECONDEXPANSION:
reports/%/metrics.json: params/%.yaml notebooks/$$(firstword $$(subst /, ,$$*)).ipynb $(PKG_SRC) | $(ENV_STAMP) $(DATASETS)
	@$(if $(QUEUE_REPORTS),echo $< >> $(REPORT_QUEUE),$(CA) run notebooks/$(firstword $(subst /, ,$*)).ipynb $< --timeout $(TIMEOUT) --no-progress --no-data --no-index)

$(REPORTS_RAN): $(REPORTS) FORCE | $(ENV_STAMP)
	@if test -s $(REPORT_QUEUE); then \
	  $(CA) reports --jobs $(MAKE_JOBS) --timeout $(TIMEOUT) --no-data --no-index $$(cat $(REPORT_QUEUE)) && rm -f $(REPORT_QUEUE) && touch $@; \
	elif test ! -e $@; then mkdir -p $(@D) && touch $@; fi

$(PARAM_LIST):
	@mkdir -p build
	$(file >$@,$(PARAM_FILES))

reports/index.html: $(REPORTS) $(REPORTS_RAN) $(PKG_SRC) $(PARAM_LIST) | $(ENV_STAMP)
	@$(CA) index --page index

reports/sources.html: $(RAW_FILES) $(PKG_SRC) | $(ENV_STAMP)
	@$(CA) index --page sources

reports/data.html: $(DATASETS) $(RAW_FILES) $(PKG_SRC) | $(ENV_STAMP)
	@$(CA) index --page data

check: $(ENV_STAMP) ## Validate the origin metadata and checksums of every raw file
	@$(CA) check

test: $(ENV_STAMP) ## Run the tests: unit, data, notebooks (nbval), report build and site
	$(PY) -m pytest $(PYTEST_ARGS)

lab: $(ENV_STAMP) ## Open JupyterLab on the notebooks with the project's kernel
	$(BIN)/jupyter lab --notebook-dir=notebooks

bench: $(ENV_STAMP) ## Measure build times (full, no-op, papermill vs nbconvert vs plain Python)
	$(PY) benchmarks/bench_build.py

docs: $(ENV_STAMP) ## Regenerate the README's dataset and notebook sections (and its figures, if built)
	$(PY) tools/readme_sections.py
	@for f in treaties_vs_un_admission then_and_now; do \
	  test -f reports/figures/essay_figures/default/$$f.png && cp reports/figures/essay_figures/default/$$f.png docs/figures/ || true; done

notebook-outputs: $(ENV_STAMP) ## Re-execute notebooks and keep only the outputs nbval checks
	$(PY) tools/notebook_outputs.py

clean-reports: ## Remove the built reports
	rm -rf reports

clean: clean-reports ## Remove built data and reports (keeps the virtual environment)
	rm -rf build $(DATA_STAMP) data/processed/*.csv data/processed/*.parquet data/processed/data_dictionary.json data/processed/DATA_DICTIONARY.md
