# make run   - start the dashboard (source: $SOURCE or $DASHBOARD_SOURCE, default auto)
# make test  - run every test, browser tests included
# make check - under a minute: lint (ruff), import contracts (import-linter), unit tests
# make bench - measure page speed and memory; prints and writes bench/results.json
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SOURCE ?= $(or $(DASHBOARD_SOURCE),auto)
CHROMIUM ?= /usr/bin/chromium
# Test processes: the suite is mostly AppTest and browser runs, one core each.
TEST_WORKERS ?= 2

.PHONY: run test check lint bench caddy clean

# The stamp files are rebuilt when a requirements file changes, so a new pin installs itself.
$(VENV)/.runtime-stamp: requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is required (found $$($(PYTHON) --version))"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	@touch $@

$(VENV)/.dev-stamp: requirements-dev.lock $(VENV)/.runtime-stamp
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	@touch $@

run: $(VENV)/.runtime-stamp
	$(PY) -m streamlit run app.py -- --source "$(SOURCE)"

lint: $(VENV)/.dev-stamp
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache

check: lint
	$(PY) -m pytest -q -n $(TEST_WORKERS) tests/unit

test: lint
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadgroup --durations=15

# Caddy (Debian's package) puts the replicas behind deploy/Caddyfile's policy (bench/replicas.py).
caddy:
	@command -v caddy >/dev/null 2>&1 || { echo "installing caddy from apt"; \
		SUDO=; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq caddy >/dev/null; }

bench: $(VENV)/.dev-stamp caddy
	CHROMIUM=$(CHROMIUM) $(PY) -m bench.run

clean:
	rm -rf $(VENV) .pytest_cache
