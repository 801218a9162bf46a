#!/usr/bin/env bash
# Mutation testing with mutmut (configured in pyproject.toml, [tool.mutmut]) of the modules
# that carry the bot's guarantees. Slow (about an hour for everything on 2 cores), so not in
# CI. A run starts from fresh mutants (unless MUTATION_KEEP=1), so its figures can be
# compared with the README's.
#
#   scripts/mutation.sh                      # every configured module
#   scripts/mutation.sh "bot.store.*"        # only mutants whose names match (mutmut's globs)
#   MUTATION_JOBS=1 scripts/mutation.sh ...  # parallel mutants (default 2)
#   MUTATION_KEEP=1 scripts/mutation.sh "intents.entities.*"
#                                            # re-run these, keeping the other results
#
# Prints the kill rate and writes the survivors to mutants/survivors.txt; `mutmut show NAME`
# shows one. Equivalent mutants (no test can tell them apart) are listed in the README.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
[ "${MUTATION_KEEP:-0}" = 1 ] || rm -rf mutants
# The Redis tests run when redis-server is installed, as in CI; mutants they cover count.
.venv/bin/mutmut run --max-children "${MUTATION_JOBS:-2}" "$@" >mutants.log 2>&1 || {
  tail -n 40 mutants.log >&2
  exit 1
}
mv mutants.log mutants/run.log
# The kill rate below counts every mutant with a result, from this run or a kept one.
.venv/bin/mutmut results --all true >mutants/results.txt
.venv/bin/python - <<'EOF'
"""Kill rate of the mutants with a result (a name filter leaves the rest unchecked)."""
import collections
from pathlib import Path

status: dict[str, str] = {}
for line in Path("mutants/results.txt").read_text().splitlines():
    name, sep, state = line.strip().rpartition(": ")
    if sep:
        status[name] = state
checked = {n: s for n, s in status.items() if s != "not checked"}
counts = collections.Counter(checked.values())
CAUGHT = ("killed", "timeout", "segfault", "caught by type check")
caught = sum(counts[state] for state in CAUGHT)
by_module: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
for name, state in checked.items():
    module = name.split(".x_")[0].split(".xǁ")[0]
    by_module[module]["caught" if state in CAUGHT else "missed"] += 1
for module, c in sorted(by_module.items()):
    total = c["caught"] + c["missed"]
    print(f"{module:32} {c['caught']:5}/{total:<5} {100 * c['caught'] / total:5.1f} %")
total = sum(counts.values())
print(f"{'all':32} {caught:5}/{total:<5} {100 * caught / max(total, 1):5.1f} %  {dict(counts)}")
survivors = sorted(n for n, s in checked.items() if s not in CAUGHT)
Path("mutants/survivors.txt").write_text("".join(f"{n}: {checked[n]}\n" for n in survivors))
EOF
