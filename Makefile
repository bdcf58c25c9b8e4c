# Two commands do everything: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
# A laptop prepared for a site with no network: `make wheelhouse` (online) leaves every
# package in wheelhouse/, and from then on the install takes them from there, offline.
WHEELHOUSE := wheelhouse
OFFLINE := $(if $(wildcard $(WHEELHOUSE)/*.whl),--no-index --find-links $(WHEELHOUSE),)

.PHONY: run test lint typecheck contracts unit bench soak sample clean wheelhouse

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(if $(OFFLINE),,$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check $(OFFLINE) -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/csmaturity $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy src tests

contracts: $(STAMP)
	$(BIN)/lint-imports

# One worker more than the cores: the reliability tests wait on real processes, and a
# third worker fills that time (4m28s to 4m00s on 2 cores); worksteal evens the tail.
unit: $(STAMP)
	$(BIN)/pytest -n $$(( $$(nproc 2>/dev/null || echo 2) + 1 )) --dist worksteal

test: lint typecheck contracts unit

bench: $(STAMP)
	$(BIN)/python bench/run.py

# The reliability suite's long form: 60 SIGKILLs, 150 concurrent answers per instance,
# 200 rounds of the torture test (the app, every CLI command and SIGKILLs at once).
soak: $(STAMP)
	CSMATURITY_SOAK=1 $(BIN)/pytest tests/reliability

sample: $(STAMP)
	$(BIN)/python sample_db/build.py

wheelhouse: $(STAMP)
	$(BIN)/python -m pip wheel --quiet --disable-pip-version-check -w $(WHEELHOUSE) '.[test]' hatchling editables

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache
