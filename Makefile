# Job Console: the one-word runner. `make run` and `make test` are the two commands the
# README opens with; everything else is a step of theirs or a convenience.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO ?= cargo
NPM ?= npm
LISTEN ?= 127.0.0.1:8080
KUBECTL ?= kubectl
PYTHON ?= python3
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: run test frontend-deps frontend-build frontend-check rust-check rust-test e2e \
        sandbox-clients api-acceptance kubeconfig-tests openapi release sandbox bench clean

## Build the SPA and the server (release) and start the console on $(LISTEN).
run: frontend-build
	$(CARGO) build --release -p jobconsole
	$(TARGET_DIR)/release/jobconsole serve --listen $(LISTEN)

## Every test: formatting, lints, Rust tests, front-end checks, browser smoke test.
test: frontend-check frontend-build rust-check rust-test e2e sandbox-clients api-acceptance kubeconfig-tests
	@echo "make test: all checks passed"

frontend/node_modules/.package-lock.json: frontend/package-lock.json frontend/package.json
	cd frontend && $(NPM) ci --no-audit --no-fund
	@touch $@

frontend-deps: frontend/node_modules/.package-lock.json

frontend-build: frontend-deps
	cd frontend && $(NPM) run build

## API types drift, typecheck, lint and unit tests of the SPA.
frontend-check: frontend-deps
	cd frontend && $(NPM) run check:api && $(NPM) run typecheck && $(NPM) run lint && $(NPM) test

rust-check:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

rust-test:
	$(CARGO) test --workspace --locked

## Browser smoke test in Debian's Chromium against the debug binary run alone.
e2e: frontend-deps
	$(CARGO) build -p jobconsole --locked
	scripts/e2e.sh $(TARGET_DIR)/debug/jobconsole

## Real Kubernetes clients against `jobconsole sandbox`: kubectl and the official Python client.
sandbox-clients:
	$(CARGO) build -p jobconsole --locked
	SANDBOX_CMD="$(TARGET_DIR)/debug/jobconsole sandbox" KUBECTL=$(KUBECTL) backend/sandbox/tests/kubectl.sh
	SANDBOX_CMD="$(TARGET_DIR)/debug/jobconsole sandbox" $(PYTHON) backend/sandbox/tests/python_client.py
	JOBCONSOLE_BIN=$(TARGET_DIR)/debug/jobconsole KUBECTL=$(KUBECTL) backend/sandbox/tests/kubectl-jobs.sh

## Issue 6's REST acceptance flow with curl (as project-regular) against the debug binary.
api-acceptance:
	$(CARGO) build -p jobconsole --locked
	scripts/api-acceptance.sh $(TARGET_DIR)/debug/jobconsole

## The Jobs API integration tests through a kubeconfig over HTTPS, as against a real cluster.
kubeconfig-tests:
	$(CARGO) build -p jobconsole --locked
	scripts/kubeconfig-tests.sh $(TARGET_DIR)/debug/jobconsole

## Run the sandbox cluster alone for kubectl (kubeconfig written to sandbox.kubeconfig).
sandbox:
	$(CARGO) build -p jobconsole
	$(TARGET_DIR)/debug/jobconsole sandbox --listen 127.0.0.1:6443 --write-kubeconfig sandbox.kubeconfig

## Regenerate openapi/openapi.json and the front end's API types from the code.
openapi: frontend-deps
	$(CARGO) run -q -p jobconsole -- openapi > openapi/openapi.json
	cd frontend && $(NPM) run gen:api

release: frontend-build
	$(CARGO) build --release -p jobconsole

clean:
	$(CARGO) clean
	rm -rf frontend/node_modules frontend/dist
