# Newsroom – developer entry points. `make help` lists the targets.
#
#   make run    local server with demo content: the first portal on http://127.0.0.1:$(PORT)/, the second on
#               http://localhost:$(PORT)/ (PORT=8123 make run; docs/mehrere-portale.md), queue worker beside it
#   make serve  the same demo served as in production: gunicorn, DEBUG off, whitenoise (docs/betrieb.md), and worker
#   make test   everything CI checks: lint, migrations, pytest on SQLite and on PostgreSQL 15

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
# Prerequisites of `test` are steps in order, even under `make -j`.
.NOTPARALLEL:
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP_INSTALL := $(PY) -m pip install --disable-pip-version-check --no-input --quiet --progress-bar off
RUFF := $(VENV)/bin/ruff
MANAGE := $(PY) manage.py
PORT ?= 8000

# Stamps: pip runs again only when a requirements file is newer than its stamp.
RUNTIME_STAMP := $(VENV)/.requirements.stamp
DEV_STAMP := $(VENV)/.requirements-dev.stamp
AXE_JS := node_modules/axe-core/axe.min.js

SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
APT_GET := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=300
# Debian packages the tests need: headless browser for Playwright, pdftotext/pdftoppm for PDF checks,
# a Java runtime for the Nu Html Checker (npm vnu-jar); redis-server for the shared-cache tests.
SYSTEM_PACKAGES := chromium poppler-utils default-jre-headless redis-server postgresql-15 postgresql-15-rum

# `make run`: always the embedded SQLite database (db.sqlite3), debug mode, mail printed to the console, every
# absolute address (print view, PDF, link mail, newsletter mails, feeds, sitemaps) on the server's own port; the
# second demo portal follows it (localhost:PORT).
# The demo's database, for `make run` and `make serve` alike (a test points it elsewhere: tests/site/test_make_demo.py).
DEMO_DATABASE ?= $(CURDIR)/db.sqlite3
RUN_ENV := DATABASE_URL=sqlite:///$(DEMO_DATABASE) DEBUG=true EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend \
	SITE_URL=http://127.0.0.1:$(PORT)
# `make serve`: production settings for this machine (docs/betrieb.md): DEBUG off, plain HTTP on 127.0.0.1 (so
# check --deploy's HTTPS warnings do not stop it, its errors do), uploads served by Django, a SECRET_KEY kept in
# var/secret-key unless the environment brings one.
SERVE_ENV := DEBUG=false DATABASE_URL=sqlite:///$(DEMO_DATABASE) ALLOWED_HOSTS=127.0.0.1,localhost \
	SITE_URL=http://127.0.0.1:$(PORT) PORT=$(PORT) SERVE_MEDIA=true SERVE_CHECK_FAIL_LEVEL=ERROR \
	EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend
SECRET_KEY_FILE := var/secret-key
# Tests: DEBUG=true only provides the development SECRET_KEY (pytest-django runs tests with DEBUG off);
# sync Playwright next to live_server needs DJANGO_ALLOW_ASYNC_UNSAFE.
TEST_ENV := DEBUG=true DJANGO_ALLOW_ASYNC_UNSAFE=true
# Extra pytest arguments for both runs, e.g. make test PYTEST_ARGS="-k feed -x".
PYTEST_ARGS ?=

# Hook: make targets that `make test` runs last, after both pytest runs.
TEST_FINAL_CHECKS := check-deploy
# A production-like environment for `check-deploy` (docs/sicherheit.md): DEBUG off, HTTPS on, a fresh
# random SECRET_KEY on every run.
DEPLOY_CHECK_ENV := DEBUG=false DATABASE_URL= ALLOWED_HOSTS=news.example SITE_URL=https://news.example \
	SECURE_SSL_REDIRECT=true SECURE_HSTS_SECONDS=31536000 SECURE_HSTS_INCLUDE_SUBDOMAINS=true \
	SECURE_HSTS_PRELOAD=true SESSION_COOKIE_SECURE=true CSRF_COOKIE_SECURE=true

.PHONY: help run serve test lint format bench deps test-deps system-deps check-migrations check-deploy test-sqlite test-postgres test-databases clean

help: ## List the targets
	@grep -E '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-17s %s\n", $$1, $$2}'

# --- environment -------------------------------------------------------------------------------

$(PY):
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): requirements.txt | $(PY)
	$(PIP_INSTALL) -r requirements.txt
	touch $@

$(DEV_STAMP): requirements-dev.txt requirements.txt | $(PY)
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $@

$(AXE_JS): package.json package-lock.json
	@command -v npm >/dev/null || { \
		echo "npm missing: installing Debian's nodejs and npm"; \
		$(APT_GET) update && $(APT_GET) install --no-install-recommends nodejs npm </dev/null; }
	npm ci --include=dev --no-audit --no-fund
	touch $@

deps: $(RUNTIME_STAMP) ## Create .venv and install requirements.txt

system-deps: ## Install the Debian packages the tests need (apt-get, only when missing)
	@missing=(); \
	for pkg in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' "$$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$$pkg"); \
	done; \
	if (( $${#missing[@]} )); then \
		echo "Installing Debian packages: $${missing[*]}"; \
		$(APT_GET) update && $(APT_GET) install --no-install-recommends "$${missing[@]}" </dev/null; \
	fi

test-deps: $(DEV_STAMP) system-deps $(AXE_JS) ## Install everything the tests need (pip, apt, npm)

# --- running -----------------------------------------------------------------------------------

run: $(RUNTIME_STAMP) ## Local server with demo data: two portals, 127.0.0.1:PORT and localhost:PORT (default 8000)
	$(RUN_ENV) $(MANAGE) migrate --noinput
	$(RUN_ENV) $(MANAGE) seed_demo
	$(RUN_ENV) $(MANAGE) ensure_local_editor --login-url http://127.0.0.1:$(PORT)/admin/
	$(RUN_ENV) scripts/with-worker $(MANAGE) runserver 127.0.0.1:$(PORT)

serve: $(RUNTIME_STAMP) ## The demo as in production on 127.0.0.1:PORT: gunicorn, DEBUG off, collected static files
	@test -n "$${SECRET_KEY:-}" || test -s $(SECRET_KEY_FILE) || { mkdir -p var && umask 077 && \
		$(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $(SECRET_KEY_FILE); }
	export SECRET_KEY="$${SECRET_KEY:-$$(cat $(SECRET_KEY_FILE))}" $(SERVE_ENV); \
	$(MANAGE) migrate --noinput && $(MANAGE) seed_demo && \
	$(MANAGE) ensure_local_editor --login-url http://127.0.0.1:$(PORT)/admin/ && \
	$(MANAGE) collectstatic --noinput --verbosity 0 && \
	exec scripts/with-worker scripts/serve

bench: $(DEV_STAMP) ## Run every bench/*.py script (bench/_*.py are shared helpers)
	@shopt -s nullglob; scripts=(bench/[!_]*.py); \
	if (( ! $${#scripts[@]} )); then echo "bench/: no benchmark scripts yet"; exit 0; fi; \
	for script in "$${scripts[@]}"; do \
		echo "== $$script"; \
		DEBUG=true DJANGO_SETTINGS_MODULE=newsroom.settings PYTHONPATH="$(CURDIR)" $(PY) "$$script"; \
	done

# --- checks ------------------------------------------------------------------------------------

lint: $(DEV_STAMP) ## ruff check and ruff format --check
	@status=0; \
	$(RUFF) check . || status=1; \
	$(RUFF) format --check . || status=1; \
	exit $$status

format: $(DEV_STAMP) ## ruff format and ruff check --fix
	$(RUFF) format .
	@status=0; $(RUFF) check --fix . || status=$$?; $(RUFF) format --quiet .; exit $$status

check-migrations: $(DEV_STAMP) ## Fail if models have changes without a migration
	DATABASE_URL= $(TEST_ENV) $(MANAGE) makemigrations --check --dry-run

check-deploy: $(RUNTIME_STAMP) ## manage.py check --deploy with production-like settings; warnings fail
	$(DEPLOY_CHECK_ENV) SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		$(MANAGE) check --deploy --fail-level WARNING

PYTEST_SQLITE := DATABASE_URL= $(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)
PYTEST_POSTGRES := $(TEST_ENV) scripts/with-postgres $(PY) -m pytest $(PYTEST_ARGS)

test-sqlite: test-deps ## pytest on SQLite
	$(PYTEST_SQLITE)

test-postgres: test-deps ## pytest on a throwaway PostgreSQL 15 server (scripts/with-postgres)
	$(PYTEST_POSTGRES)

# Both passes at once, output lines prefixed [sqlite] and [postgres] (scripts/side-by-side, docs/tests.md).
test-databases: test-deps ## pytest on SQLite and on PostgreSQL side by side
	scripts/side-by-side sqlite '$(PYTEST_SQLITE)' postgres '$(PYTEST_POSTGRES)'

test: test-deps lint check-migrations test-databases $(TEST_FINAL_CHECKS) ## All checks CI runs
	@echo "make test: all steps passed"

clean: ## Remove .venv, node_modules and caches (keeps db.sqlite3 and media/)
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache .hypothesis
