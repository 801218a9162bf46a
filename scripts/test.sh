#!/usr/bin/env bash
# Set up (only when pyproject.toml or uv.lock changed), then lint, type-check and run the
# tests, printing why any test was skipped. Any failure fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh test
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/fwbot kb check
# mypy (a few seconds, one core) type-checks while the tests run; its report follows theirs.
mypy_log="$(mktemp)"
mypy_pid=""
trap '[ -z "$mypy_pid" ] || kill "$mypy_pid" 2>/dev/null; rm -f "$mypy_log"' EXIT
.venv/bin/mypy . >"$mypy_log" 2>&1 &
mypy_pid=$!
status=0
# -rs: each skip with its reason (tests/conftest.py turns skips into failures in CI).
# -n: tests in parallel processes (pytest-xdist), one per CPU by default; most of a test's
# time is spent waiting on servers it started. FWBOT_TEST_WORKERS=0 runs them in this
# process; so does `-n 0` among the arguments, which come last and win.
.venv/bin/python -m pytest -rs -n "${FWBOT_TEST_WORKERS:-auto}" --dist worksteal "$@" ||
  status=$?
# pytest exits 5 when it collected no tests; that is not a failure of the code under test.
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests" >&2
  status=0
fi
mypy_status=0
wait "$mypy_pid" || mypy_status=$?
mypy_pid=""
cat "$mypy_log"
[ "$mypy_status" -eq 0 ] || status=1
exit "$status"
