# Two commands for a fresh machine: `make demo` runs the platform with demo data,
# `make test` passes the whole suite. Both run `make setup` first.
.PHONY: setup demo test lint bench services browser

setup:
	@scripts/setup.sh

demo: setup
	.venv/bin/commonground demo

test: setup
	@scripts/test.sh

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

services:
	@scripts/services.sh

browser:
	@scripts/ensure-chromium.sh

bench: setup
	.venv/bin/python benchmarks/run_all.py
