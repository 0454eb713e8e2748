# masthead: `make demo` runs the site with demo content; `make test` runs the whole suite.
# Both create the virtualenv in .venv and install the pinned dependencies on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: install demo serve test test-sqlite screenshots bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstalls only when the pins change; `make demo` a second time starts in seconds.
$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/masthead demo

serve: install
	$(BIN)/masthead serve

# The suite on SQLite, then again on PostgreSQL + Redis when they answer (required in CI).
test: install
	scripts/run-tests

test-sqlite: install
	$(BIN)/pytest

screenshots: install
	$(BIN)/python scripts/screenshots.py

bench: install
	bench/pages.sh

clean:
	rm -rf $(VENV) var
