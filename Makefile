# Two commands for newcomers: `make run` and `make test`. Each works on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

LOCK := requirements-lock.txt

.PHONY: run test check bench dist lock hooks clean

run: $(STAMP)
	@sh scripts/system-packages.sh run
	@$(BIN)/journal

test: $(STAMP)
	@sh scripts/system-packages.sh test
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

check: $(STAMP)
	$(BIN)/ruff check src tests bench scripts packaging
	$(BIN)/ruff format --check src tests bench scripts packaging
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo

bench: $(STAMP)
	@sh scripts/system-packages.sh test
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run.py

# The app as a folder people run without Python: dist/journal/journal (packaging/README.md).
dist: $(STAMP)
	@sh scripts/system-packages.sh dist
	$(BIN)/pyinstaller --noconfirm --log-level ERROR --distpath dist --workpath build/pyinstaller \
		packaging/pyinstaller/journal.spec
	@du -sh dist/journal

# Everything installed comes from the lock file, each file checked against its hash; the project
# itself is installed on top, editable, without touching the pinned dependencies.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

# Refresh the lock after changing dependencies in pyproject.toml (needs the registry).
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --all-extras --universal --python-version 3.11 \
		--generate-hashes --quiet --custom-compile-command "make lock" -o $(LOCK)
	@echo "Wrote $(LOCK); run 'make test' to install and test it."

# Run ruff, mypy and the import contracts before every commit (.pre-commit-config.yaml).
hooks: $(STAMP)
	$(BIN)/pre-commit install

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
