# The two commands in README.md are `make serve` and `make test`; both set everything up.
SHELL := /bin/bash
# Any supported interpreter (3.11, 3.12 or 3.13): `make test PYTHON=python3.13 VENV=.venv313`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
# Reproducible output: builds of one commit stamp its date (sitemap, cheat sheets, PDFs).
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)

.PHONY: install serve build test lint bench clean new-question

# One virtual environment, exact versions from requirements.lock; PyTorch as the CPU build.
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=25"
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# Notebooks are not executed while serving (fast reloads); HANDBOOK_NOTEBOOKS=1 make serve runs them.
serve: $(STAMP)
	HANDBOOK_NOTEBOOKS=$${HANDBOOK_NOTEBOOKS:-0} $(PY) -m mkdocs serve --dirty --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(PY) -m mkdocs build --strict --clean

# The same checks as .pre-commit-config.yaml (which runs them on each commit).
lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/codespell
	$(PY) tests/hygiene.py

test: $(STAMP) lint
	$(PY) -m pytest -n 2 --dist loadfile --cov=snippets --cov=handbook --cov-report=term:skip-covered --cov-fail-under=95
	@$(PY) -m coverage report --include='handbook/*' --fail-under=95 >/dev/null \
		|| { $(PY) -m coverage report --include='handbook/*' -m; echo 'handbook/ is under 95 % covered'; exit 1; }

# Start a question: `make new-question CATEGORY=data QUESTION="Why …?" [ID=…] [LEVEL=mid]`.
# Appends a stubbed block to the category page; the build fails until every stub is replaced.
new-question: $(STAMP)
	@test -n "$(CATEGORY)" -a -n "$(QUESTION)" || { echo 'usage: make new-question CATEGORY=<page slug or title> QUESTION="<the question>" [ID=<id>] [LEVEL=junior|mid|senior]'; exit 2; }
	$(PY) -m handbook new --category "$(CATEGORY)" --question "$(QUESTION)" $(if $(ID),--id "$(ID)") $(if $(LEVEL),--difficulty "$(LEVEL)")

bench: $(STAMP)
	$(PY) benchmarks/build.py

clean:
	rm -rf site .pytest_cache .ruff_cache .hypothesis .coverage
