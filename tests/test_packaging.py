"""A non-editable install ships the YAML data and answers from any directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_installed_copy_answers_from_its_own_package_data(tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(target), str(ROOT)], check=True, timeout=300,
                   capture_output=True)  # fmt: skip
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
