# The two commands a newcomer needs: `make run` and `make test`.
# Both create .venv when missing and install what they need into it.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
MANAGE := $(PY) manage.py

# Development settings, set explicitly here and nowhere else.
DEV_ENV := DEBUG=true SECRET_KEY=dev-only-key-make-run-never-use-in-production

.PHONY: run demo test bench load lint format check migrate messages clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed; set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime-installed

run: $(VENV)/.runtime-installed
	$(DEV_ENV) $(MANAGE) migrate --no-input
	$(DEV_ENV) $(MANAGE) load_clinic_setup
	@for doc in education/content/*.txt; do \
		case $$doc in *.es.txt) ;; *) $(DEV_ENV) $(MANAGE) import_qa $$doc || exit 1 ;; esac; \
	done
	@for doc in education/content/*.es.txt; do \
		[ -e "$$doc" ] || continue; $(DEV_ENV) $(MANAGE) import_qa $$doc || exit 1; \
	done
	$(DEV_ENV) $(MANAGE) ensure_local_staff
	$(DEV_ENV) $(MANAGE) runserver 127.0.0.1:8000

# `make run` with a demo clinic (treatment/demo.py): patients with intakes in each status and
# TMS courses; seed_demo prints the logins. Idempotent.
demo: $(VENV)/.runtime-installed
	$(DEV_ENV) $(MANAGE) migrate --no-input
	$(DEV_ENV) $(MANAGE) seed_demo
	$(MAKE) run

test: $(VENV)/.dev-installed
	$(PY) -m pytest $(PYTEST_ARGS)

# Performance figures (bench/run.py: PostgreSQL at DATABASE_URL, default .../portal_bench, and
# wrk; it includes intake.bench_eligibility's evaluations per second); asserts nothing about time.
bench: $(VENV)/.runtime-installed
	$(PY) -m bench.run $(BENCH_ARGS)

# Load test (load/run.py): 200 patients arriving over 60 s, each through the whole intake with
# 1-4 s on each page, against gunicorn and PostgreSQL at DATABASE_URL (default .../portal_load,
# created and migrated); fails on any error, patient who did not get to Send, or lost
# submission. LOAD_USERS, LOAD_ARRIVAL_S, LOAD_THINK, LOAD_RUN_TIME, LOAD_WORKERS change it.
load: $(VENV)/.dev-installed
	$(PY) -m load.run

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: $(VENV)/.dev-installed
	$(DEV_ENV) $(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) .ci/sizes.py
	$(PY) .ci/messages.py

# The Spanish translation (docs/i18n.md; needs gettext): gathers every marked string into
# locale/es/LC_MESSAGES/django.po, then compiles the .mo that is committed beside it.
# `.ci/messages.py` (in `make check` and CI) fails when either is out of date.
messages: $(VENV)/.runtime-installed
	$(DEV_ENV) $(MANAGE) makemessages --locale es $(MESSAGES_ARGS)
	$(DEV_ENV) $(MANAGE) compilemessages --locale es --ignore .venv

migrate: $(VENV)/.runtime-installed
	$(DEV_ENV) $(MANAGE) migrate --no-input
	$(DEV_ENV) $(MANAGE) load_clinic_setup

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
