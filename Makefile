# The two commands a new user needs: `make run` and `make test`. Everything else is below them.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := PORTAL_ENV=$${PORTAL_ENV:-development} $(BIN)/flask --app app
CLAIMS ?= 300

.PHONY: run test lint format serve worker vendor translations extract-messages bench bench-load drill-pg install install-dev clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/activate
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt $(VENV)/.installed
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed translations
install-dev: $(VENV)/.installed-dev translations

translations: $(VENV)/.installed
	@$(BIN)/pybabel compile --use-fuzzy -d translations >/dev/null 2>&1 || $(BIN)/pybabel compile --use-fuzzy -d translations

extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -o translations/messages.pot --omit-header --no-location --sort-output .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --omit-header --no-fuzzy-matching
	$(BIN)/python scripts/normalise_po.py

instance/secret_key:
	@mkdir -p instance
	@$(PYTHON) -c "import secrets; print(secrets.token_hex(32))" > $@
	@chmod 600 $@

# The key and self-signed certificate that sign decision letters (LETTER_SIGNING_KEY / LETTER_SIGNING_CERT).
instance/letter_signing_key.pem: | $(VENV)/.installed
	@$(BIN)/python scripts/make_letter_signing_pair.py $@ instance/letter_signing_cert.pem

## make run: install, migrate the embedded SQLite database, load the incident and demo data, serve :5000
run: install instance/secret_key instance/letter_signing_key.pem
	$(FLASK) db upgrade
	$(FLASK) seed-demo --claims $(CLAIMS)
	$(FLASK) run --host 127.0.0.1 --port 5000

node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; else echo "npm not found: browser tests will be skipped"; fi

## make test: install what the tests need and run the whole suite (PostgreSQL too when TEST_DATABASE_URL is set)
test: install-dev node_modules/.package-lock.json
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## production-style serving (set SECRET_KEY, PUBLIC_BASE_URL and DATABASE_URL first)
serve: install
	$(BIN)/flask --app app db upgrade
	$(BIN)/gunicorn app:app   # settings in gunicorn.conf.py (WEB_CONCURRENCY, GUNICORN_BIND)

worker: install
	@test -n "$$REDIS_URL" || { echo "REDIS_URL is not set: jobs run inline, no worker needed"; exit 1; }
	$(BIN)/rq worker --url "$$REDIS_URL" -w claims.jobs.AppWorker --with-scheduler claims

## re-vendor KRDS (npm krds-uiux, pinned in package.json) into static/vendor/krds
vendor:
	npm install --no-audit --no-fund --loglevel=error
	bash scripts/vendor_krds.sh

bench: install-dev
	$(BIN)/python bench/rules_bench.py
	$(BIN)/python bench/letters_bench.py
	$(BIN)/python bench/queue_bench.py

$(VENV)/.installed-bench: requirements-bench.txt $(VENV)/.installed-dev
	$(BIN)/pip install -q -r requirements-bench.txt
	touch $@

## load on the production stack: gunicorn + PostgreSQL (database bench_load) + Redis + RQ worker, then SQLite;
## locust drives public, claimant and reviewer journeys, then a submission surge (loopback only, bounded time).
## BENCH_ARGS="--duration 60 --surge-rate 50"
bench-load: $(VENV)/.installed-bench translations
	$(BIN)/python bench/load_bench.py $(BENCH_ARGS)

## fault drill: a private PostgreSQL (port 5499, /tmp) restarted under load; never the machine's own cluster
drill-pg: $(VENV)/.installed-bench translations
	$(BIN)/python bench/pg_restart_drill.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache
