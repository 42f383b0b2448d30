# The two Quick start commands live here so README, CI and developers run the same thing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install run test lint

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

install: $(BIN)/.installed

# Start the registry on the embedded defaults (SQLite + files under ./registry-data).
run: install
	$(BIN)/registry serve

# The whole test suite, real clients included (pip, uv, twine, build and git come from the venv).
test: install
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
