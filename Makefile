# Two commands for newcomers: `make run` and `make test`. Each works on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DIST_STAMP := $(VENV)/.installed-dist

.PHONY: run test check bench dist clean

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

bench: $(STAMP)
	@sh scripts/system-packages.sh test
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run.py

# The app as a folder people run without Python: dist/journal/journal (packaging/README.md).
dist: $(DIST_STAMP)
	@sh scripts/system-packages.sh dist
	$(BIN)/pyinstaller --noconfirm --log-level ERROR --distpath dist --workpath build/pyinstaller \
		packaging/pyinstaller/journal.spec
	@du -sh dist/journal

$(DIST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dist]"
	@touch $(DIST_STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,dev]"
	@touch $(STAMP)

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
