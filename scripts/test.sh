#!/usr/bin/env bash
# Set up (only when pyproject.toml or uv.lock changed), then lint, type-check and run the
# tests, printing why any test was skipped. Any failure fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh test
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy .
.venv/bin/fwbot kb check
status=0
# -rs: each skip with its reason (tests/conftest.py turns skips into failures in CI).
.venv/bin/python -m pytest -rs "$@" || status=$?
# pytest exits 5 when it collected no tests; that is not a failure of the code under test.
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests" >&2
  status=0
fi
exit "$status"
