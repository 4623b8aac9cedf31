# The two commands: `make run` and `make test`. Everything else is a step of theirs.
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := twincity.settings

.PHONY: run test setup system venv assets migrate messages static demo lint pytest serve format makemessages clean bench

run: setup demo serve

test: setup lint pytest

setup: system venv assets migrate messages static

system:
	@bash scripts/setup-system.sh

venv: $(BIN)/.installed

$(BIN)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

assets: static/vendor/.copied

static/vendor/.copied: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	bash scripts/vendor.sh
	@touch $@

migrate: venv
	@mkdir -p var
	$(BIN)/twincity migrate --noinput -v 0 && $(BIN)/twincity createcachetable

static: assets venv
	$(BIN)/twincity collectstatic --noinput -v 0

messages: venv
	$(BIN)/twincity compilemessages -v 0 -i .venv -i node_modules -i var

demo: migrate
	$(BIN)/twincity demo

serve:
	@echo "twincity: http://127.0.0.1:$(PORT)/  (demo accounts: see README, password demo-pass-2025)"
	DEBUG=$${DEBUG:-1} $(BIN)/twincity runserver 127.0.0.1:$(PORT)

lint: venv
	$(BIN)/ruff check twincity tests
	$(BIN)/ruff format --check twincity tests
	$(BIN)/mypy twincity
	$(BIN)/twincity check
	$(BIN)/twincity makemigrations --check --dry-run -v 0

pytest: venv
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

format: venv
	$(BIN)/ruff check --fix twincity tests
	$(BIN)/ruff format twincity tests

makemessages: venv
	$(BIN)/twincity makemessages -l zh_Hans -l en --no-obsolete -i .venv -i node_modules \
	  -i 'static/vendor/*' -i var -i 'twincity/*/migrations/*'

# Measures pages, SQL floors, the import and 50 users under gunicorn; fails on a missed budget
# (docs/performance.md). BENCH_SIZES=S BENCH_LOAD_SECONDS=10 make bench for a quick run.
bench: setup
	$(BIN)/python -m bench.run

clean:
	rm -rf var static/vendor node_modules
