# Two commands for newcomers: `make run` and `make test`. Each works on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check bench clean

run: $(STAMP)
	@sh scripts/system-packages.sh run
	@$(BIN)/journal

test: $(STAMP)
	@sh scripts/system-packages.sh test
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

check: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

bench: $(STAMP)
	@sh scripts/system-packages.sh test
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run.py

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,dev]"
	@touch $(STAMP)

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
