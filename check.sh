#!/usr/bin/env bash
# The whole check: set up if needed, then tests, ruff and mypy. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh --no-build
# Two workers (the machines have two cores), one test file per worker at a time: module
# fixtures are built once, and the suite takes about 10 minutes instead of 13.
.venv/bin/python -m pytest -n 2 --dist loadfile
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
