# The few verbs people type. `make run` and `make test` set everything up first.
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

# Newsroom needs Python 3.12+. Use the first one found on PATH, then pyenv's installs;
# override with `make run PYTHON=/path/to/python3.12`.
PYTHON ?= $(shell \
	for candidate in python3.13 python3.12 python3; do \
		$$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$candidate; exit 0; }; \
	done; \
	for candidate in $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3; do \
		[ -x "$$candidate" ] && { echo "$$candidate"; exit 0; }; \
	done)

.PHONY: install run test faults bench bench-smoke lint audit format fixture clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
		echo "Newsroom needs Python 3.12 or newer and none was found."; \
		echo "Install one (e.g. 'pyenv install 3.12') or run: make $(MAKECMDGOALS) PYTHON=/path/to/python3.12"; \
		exit 1; \
	fi
	@echo "Setting up $(VENV) with $(PYTHON)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[dev]"
	@touch $@

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_seed
	$(MANAGE) create_admin_user
	@echo "Newsroom: http://127.0.0.1:$(PORT)/  ·  admin: http://127.0.0.1:$(PORT)/admin/"
	@# The tasks worker runs scheduled go-live work and notifications; both stop together.
	@trap 'kill 0' INT TERM EXIT; \
	$(MANAGE) db_worker --interval 1 & \
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install node_modules/.installed
	$(BIN)/pytest $(PYTEST_ARGS)

# The HTML checker (vnu.jar) and axe-core, for tests/browser. Without npm those tests skip
# locally and fail in CI. No install scripts: vnu-jar's would try to download a Java.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: the HTML and accessibility checks will be skipped (CI fails them)."; \
	fi

# The load and fault runs at full length: 64 clients for 60 seconds, Redis and PostgreSQL
# cut and restored, webhook receivers that hang, refuse or fail (make test runs them short).
faults: install
	NEWSROOM_LOAD_SECONDS=60 $(BIN)/pytest -q -s tests/faults

# Benchmarks: the production server over N generated articles, driven by wrk (bench/run.py),
# then the tables and chart of bench/RESULTS.md. Example:
#   make bench ARTICLES=100000 CORPUS=../shared/corpus/bbc-news
ARTICLES ?= 1000
BENCH_SECONDS ?= 10
bench: install $(VENV)/.bench-installed
	$(BIN)/python bench/run.py --articles $(ARTICLES) --duration $(BENCH_SECONDS) $(if $(CORPUS),--corpus $(CORPUS))
	$(BIN)/python bench/report.py

# CI's smoke run: every endpoint for two seconds over 1,000 articles, so the benchmark never
# rots. It fails on any failed request and asserts no timings; its results stay in var/.
bench-smoke: install
	$(BIN)/python bench/run.py --articles 1000 --duration 2 --output var/bench/smoke.json

$(VENV)/.bench-installed: pyproject.toml
	$(BIN)/python -m pip install --quiet ".[bench]"
	@touch $@

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) build_seed_fixture --check

# Security checks of the code (bandit) and of the installed dependencies (pip-audit).
audit: install
	$(BIN)/bandit -q -c pyproject.toml -r .
	$(BIN)/python .ci/audit_dependencies.py

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

fixture: install
	$(MANAGE) build_seed_fixture

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache node_modules
