# The one list of verbs. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Use uv from PATH, or bootstrap a private copy into .tools/ from PyPI.
UV := $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.tools/bin/uv)
PY := $(UV) run --frozen
PROTO_FILES := $(shell find protos/codingintel -name '*.proto' | sort)
STUB_DIR := libs/codingintel/src

.PHONY: help setup proto proto-check lint fmt typecheck test test-unit test-e2e migrate run demo bench clean eval chaos alerts-test images chart-check capacity bench-smoke

help: ## list the verbs
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(CURDIR)/.tools/bin/uv:
	python3 -m venv $(CURDIR)/.tools
	$(CURDIR)/.tools/bin/pip install --quiet uv

setup: $(UV) ## install every package and dev tool into .venv from uv.lock
	$(UV) sync --frozen --all-packages

proto: setup ## regenerate the Python stubs from protos/
	$(PY) python -m grpc_tools.protoc -Iprotos --python_out=$(STUB_DIR) --pyi_out=$(STUB_DIR) \
		--grpc_python_out=$(STUB_DIR) $(PROTO_FILES)

proto-check: proto ## fail when the committed stubs are stale
	@git diff --exit-code --stat -- $(STUB_DIR) || (echo "stubs are stale: run make proto and commit" >&2; exit 1)
	@test -z "$$(git status --porcelain -- $(STUB_DIR))" || (git status --porcelain -- $(STUB_DIR); echo "untracked stubs: run make proto and commit" >&2; exit 1)

lint: setup ## ruff, ruff format --check, mypy, buf lint
	$(PY) ruff check .
	$(PY) ruff format --check .
	$(PY) mypy libs/codingintel/src services/*/src tests bench
	cd protos && $(PY) buf lint

fmt: setup ## format and fix what ruff can
	$(PY) ruff format .
	$(PY) ruff check --fix .

test: setup ## the whole test suite (needs Postgres and Redis; see README)
	$(PY) pytest

migrate: setup ## apply the database migrations to DATABASE_URL
	$(PY) python -m codingintel.store.migrate

clean: ## remove the virtualenv, caches and local data
	rm -rf .venv .tools .pytest_cache .mypy_cache .ruff_cache .data

run: setup ## start everything locally (embedded Postgres/Redis unless DATABASE_URL/REDIS_URL are set)
	$(PY) python -m codingintel.devstack

demo: setup ## start everything, submit the examples with live progress, print the reports, stop
	$(PY) python -m codingintel.demo

bench: setup ## every benchmark with its baseline in one run (real processes, Postgres, Redis); writes bench/results/
	$(PY) python bench/run.py

bench-smoke: setup ## the benchmarks at a tiny size so they never rot (no figure is checked)
	$(PY) python bench/run.py --smoke

eval: setup ## run the embedded de-identification and coding over the labelled corpus; print the figures
	$(PY) python tests/eval/generate.py --check
	$(PY) python tests/eval/run.py

chaos: setup ## the long fault run: 200 reports, 50 kill -9s, Redis and Postgres restarts; prints a table
	$(PY) python bench/chaos.py

alerts-test: ## promtool check and unit-test the alert rules in deploy/observability/
	deploy/observability/check-alerts.sh

DOCKER ?= docker
IMAGE_TAG ?= $(shell sed -n 's/^appVersion: *"\(.*\)"/\1/p' charts/codingintel/Chart.yaml)
SERVICES := gateway orchestrator phi coding analysis

images: ## build the five service images, codingintel-<service>:<appVersion> (needs a Docker engine)
	@for service in $(SERVICES); do \
		$(DOCKER) build -f services/$$service/Dockerfile -t codingintel-$$service:$(IMAGE_TAG) . || exit 1; \
	done

chart-check: setup ## hadolint the Dockerfiles; render, lint and validate the Helm chart for every values file; checkov over both
	$(PY) hadolint services/*/Dockerfile
	$(PY) pytest tests/deploy/test_chart.py -q
	$(PY) python tests/deploy/checkov.py

capacity: setup ## replay a 10,000-report burst and a daily curve through the workers' autoscaling
	$(PY) python bench/capacity.py
	$(PY) python bench/capacity.py --curve daily
