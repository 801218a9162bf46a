#!/usr/bin/env bash
# Set up, then lint, type-check and run the tests. Any failure fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy .
.venv/bin/fwbot kb check
status=0
.venv/bin/python -m pytest "$@" || status=$?
# pytest exits 5 when it collected no tests; that is not a failure of the code under test.
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests" >&2
  status=0
fi
exit "$status"
