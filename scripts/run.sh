#!/usr/bin/env bash
# Set up (first run only does real work), then start the console chat.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
exec .venv/bin/fwbot console "$@"
