#!/usr/bin/env bash
# Update uv.lock with the uv that scripts/setup.sh pins, then reinstall .venv from it.
#   scripts/lock.sh                              after editing pyproject.toml's dependencies
#   scripts/lock.sh --upgrade                    every package to its newest allowed version
#   scripts/lock.sh --upgrade-package aiohttp    one package
set -euo pipefail
cd "$(dirname "$0")/.."
UV="${UV:-$(./scripts/setup.sh --print-uv)}"
"$UV" lock "$@"
./scripts/setup.sh test
