#!/usr/bin/env bash
# Install .venv exactly as uv.lock says: `setup.sh runtime` (what the bot needs to run),
# `setup.sh test` (the default: plus pytest, ruff, mypy...) or `setup.sh all` (plus the
# `deploy` extra: the Kubernetes schema validator, 108 MB; CI installs it).
#
# Real work happens only when pyproject.toml, uv.lock, this script or the Python changed since
# the last install (a stamp in .venv records them); otherwise it returns at once.
# The pinned uv is used from PATH if it is that version, else installed once per machine
# into ~/.cache/fwbot/ with pip. Set UV=/path/to/uv to use another.
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.9 # keep in step with pyproject.toml's [tool.uv] and deploy/Dockerfile
PYTHON="${PYTHON:-python3}"

find_uv() {
  if [ -n "${UV:-}" ]; then
    echo "$UV"
    return
  fi
  if command -v uv >/dev/null 2>&1 && [ "$(uv --version | cut -d' ' -f2)" = "$UV_VERSION" ]; then
    command -v uv
    return
  fi
  local tools="${XDG_CACHE_HOME:-$HOME/.cache}/fwbot/uv-$UV_VERSION"
  if [ ! -x "$tools/bin/uv" ]; then
    echo "setup: installing uv $UV_VERSION into $tools" >&2
    rm -rf "$tools.partial" "$tools.venv"
    # pip --target needs no venv; where the system pip is missing or refuses, a throwaway
    # venv has one.
    if ! PIP_ROOT_USER_ACTION=ignore "$PYTHON" -m pip install -qq --disable-pip-version-check \
      --target "$tools.partial" "uv==$UV_VERSION" 2>/dev/null; then
      rm -rf "$tools.partial"
      "$PYTHON" -m venv "$tools.venv"
      "$tools.venv/bin/python" -m pip install -qq --disable-pip-version-check \
        --target "$tools.partial" "uv==$UV_VERSION"
      rm -rf "$tools.venv"
    fi
    rm -rf "$tools"
    mv "$tools.partial" "$tools"
  fi
  echo "$tools/bin/uv"
}

PROFILE="${1:-test}"
case "$PROFILE" in
  runtime) extras=() ;;
  test) extras=(--extra test) ;;
  all) extras=(--all-extras) ;;
  --print-uv) # the pinned uv's path, for scripts/lock.sh
    find_uv
    exit 0
    ;;
  *)
    echo "usage: $0 [runtime|test|all|--print-uv]" >&2
    exit 2
    ;;
esac

# What the install depends on, on one line: the files' digest, uv's and Python's versions.
key="$("$PYTHON" -c '
import hashlib, sys
digest = hashlib.sha256()
for name in ("pyproject.toml", "uv.lock", "scripts/setup.sh"):
    with open(name, "rb") as file:
        digest.update(file.read())
print(digest.hexdigest()[:16], "uv", sys.argv[1], "python", sys.version.split()[0], sys.executable)
' "$UV_VERSION")"
stamp=.venv/.fwbot-setup
rank() { case "$1" in runtime) echo 1 ;; test) echo 2 ;; all) echo 3 ;; *) echo 0 ;; esac; }
if [ -x .venv/bin/python ] && [ -f "$stamp" ]; then
  read -r installed_profile installed_key <"$stamp" || true
  if [ "$installed_key" = "$key" ] &&
    [ "$(rank "$installed_profile")" -ge "$(rank "$PROFILE")" ]; then
    exit 0 # up to date (each profile has everything the ones before it have)
  fi
fi

uv="$(find_uv)"

# --locked: stop if uv.lock no longer matches pyproject.toml (scripts/lock.sh updates it).
# The sync is exact: whatever the lock does not list for this profile leaves .venv.
# --compile-bytecode, as pip does: where PYTHONDONTWRITEBYTECODE is set, nothing else would
# write the .pyc files, and every process (each test's server) would compile its imports.
rm -f "$stamp"
if ! UV_PYTHON_DOWNLOADS=never "$uv" sync --quiet --locked --compile-bytecode --python "$PYTHON" \
  ${extras[@]+"${extras[@]}"}; then
  if ! "$uv" lock --check --quiet 2>/dev/null; then
    echo "setup: uv.lock does not match pyproject.toml: run scripts/lock.sh and commit uv.lock" >&2
  fi
  exit 1
fi
echo "$PROFILE $key" >"$stamp"
