# The two front doors: `make demo` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test check fuzz bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/prepctl --version
	$(BIN)/prepctl lint framework
	$(BIN)/prepctl coverage framework | tail -n 1
	$(BIN)/prepctl diff tests/fixtures/frameworks/openai-pf-beta-2023 \
	  tests/fixtures/frameworks/openai-pf-v2-2025 --fail-on none | tail -n 1
	mkdir -p build
	$(BIN)/prepctl render framework -o build/framework.html
	@echo "rendered build/framework.html"

check: $(STAMP)
	$(BIN)/ruff check prepctl tests benchmarks
	$(BIN)/ruff format --check prepctl tests benchmarks
	$(BIN)/mypy

test: check
	$(BIN)/pytest

# The long fuzzing run (figures in benchmarks/RESULTS.md); `make test` runs a short one.
fuzz: $(STAMP)
	PREPCTL_FUZZ_PROFILE=long $(BIN)/pytest -q --durations=0 tests/test_fuzz.py

# Timings against reference tools, recorded with the machine in benchmarks/RESULTS.md.
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --record

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
