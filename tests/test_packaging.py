"""A non-editable install ships the YAML data and answers from any directory; every package
the code imports is declared."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_installed_copy_answers_from_its_own_package_data(tmp_path: Path) -> None:
    target = tmp_path / "site"
    # --no-build-isolation: the build uses the locked setuptools in this venv, so the test
    # downloads nothing.
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-build-isolation", "--no-index", "--target", str(target), str(ROOT)],
                   check=True, timeout=300, capture_output=True)  # fmt: skip
    assert list((target / "knowledge" / "data" / "frameworks").glob("*.yaml"))
    assert list((target / "intents" / "phrases").glob("*.yaml"))
    code = (
        "import knowledge, sys; "
        f"assert knowledge.__file__.startswith({str(target)!r}), knowledge.__file__; "
        "from bot.cli import main; sys.exit(main(['ask', '--json', 'what is django?']))"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, text=True,
                            capture_output=True, timeout=120, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    assert reply["intent"] == "describe" and reply["sources"]


def _declared(requirements: list[str]) -> set[str]:
    names = (re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0] for requirement in requirements)
    return {re.sub(r"[-_.]+", "-", name).lower() for name in names}


def test_every_package_the_code_imports_is_declared() -> None:
    """A dependency used only through another (slack_sdk through slack_bolt) can be dropped by
    that other's next release; what the code imports must be in [project.dependencies]."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = _declared(project["dependencies"])
    first_party = {"bot", "intents", "knowledge"}
    distributions = importlib.metadata.packages_distributions()
    missing: set[str] = set()
    for package in first_party:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module]
                else:
                    continue
                for module in modules:
                    top = module.split(".")[0]
                    if top in sys.stdlib_module_names or top in first_party:
                        continue
                    names = _declared(distributions.get(top, [top]))
                    if not names & declared:
                        missing.add(f"{top} ({path.relative_to(ROOT)})")
    assert not missing, f"imported but not declared in pyproject.toml: {sorted(missing)}"
