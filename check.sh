#!/usr/bin/env bash
# The whole check: set up if needed, then tests, ruff and mypy. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh --no-build
.venv/bin/python -m pytest
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
