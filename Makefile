# The two front doors: `make demo` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-latest check fuzz bench bench-prose lock clean

# Exactly the versions in requirements.lock, each checked against its hash; then prepctl itself,
# built with the locked hatchling (no build environment fetched from the network).
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/prepctl --version
	$(BIN)/prepctl lint framework
	$(BIN)/prepctl coverage framework | tail -n 1
	$(BIN)/prepctl diff tests/fixtures/frameworks/openai-pf-beta-2023 \
	  tests/fixtures/frameworks/openai-pf-v2-2025 --fail-on none | tail -n 1
	# Two fictional Meridian launches; Beacon 1 shipped with owed safeguards missing (exit 1).
	$(BIN)/prepctl assess || true
	sh scripts/demo.sh $(BIN)/prepctl
	mkdir -p build
	$(BIN)/prepctl render framework -o build/framework.html
	@echo "rendered build/framework.html"

check: $(STAMP)
	$(BIN)/ruff check prepctl tests benchmarks
	$(BIN)/ruff format --check prepctl tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

test: check
	$(BIN)/pytest

# The long fuzzing run (figures in benchmarks/RESULTS.md); `make test` runs a short one.
fuzz: $(STAMP)
	PREPCTL_FUZZ_PROFILE=long $(BIN)/pytest -q --durations=0 tests/test_fuzz.py

# Timings against reference tools, recorded with the machine in benchmarks/RESULTS.md.
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --record

# The prose judge against human coders on real revisions (figures in benchmarks/RESULTS.md).
bench-prose: $(STAMP)
	$(BIN)/python benchmarks/prose.py

# The suite against the newest versions pyproject.toml's ranges allow, in a venv of its own, so
# that an upgrade breaks here before it breaks a user.
test-latest:
	rm -rf .venv-latest
	$(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[dev]'
	.venv-latest/bin/python -m pip list --format freeze | grep -iv '^prepctl=' > .venv-latest/versions.txt
	.venv-latest/bin/pytest -q -p no:cacheprovider

# Renew requirements.lock from pyproject.toml: one universal resolution for Python 3.10 and
# newer, every file's hash, newest versions the ranges allow.
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --generate-hashes \
	  --python-version 3.10 --upgrade --quiet -o requirements.lock

clean:
	rm -rf $(VENV) .venv-latest build dist .pytest_cache .mypy_cache .ruff_cache
