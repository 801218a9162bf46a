#!/usr/bin/env bash
# Set up the runtime dependencies (only when pyproject.toml or uv.lock changed), then start
# the console chat.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh runtime
exec .venv/bin/fwbot console "$@"
