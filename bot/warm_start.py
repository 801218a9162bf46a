"""A built brain kept on disk between runs, so the console and `fwbot ask` start quickly.

Building the brain (parse and validate the knowledge base, index every fact, phrase and
name) takes about 0.3 s, most of a cold start; loading the pickled result takes about
0.04 s. The file is named by a digest of everything the brain is built from: the knowledge
base directory, the code and data of the `bot`, `intents` and `knowledge` packages, and the
Python version. Any change to any of them gives a new name, so a stale brain is never
loaded; older files are removed when a new one is written.

The cache is an optimisation only: a directory that cannot be read or written, or a file
that does not load, means the brain is built as if there were no cache.

`FWBOT_CACHE_DIR` chooses the directory (default `$XDG_CACHE_HOME/framework-advisor`, else
`~/.cache/framework-advisor`); `FWBOT_CACHE_DIR=off` turns the cache off. Files are created
readable by their owner only: a pickle runs code when loaded, so the directory must be one
only the bot's own user can write to, as a home cache directory is.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.brain import Brain

log = logging.getLogger("fwbot.warm_start")

CACHE_DIR_SETTING = "FWBOT_CACHE_DIR"
_OFF = "off"
_PREFIX = "brain-"
_SUFFIX = ".pickle"
# The packages whose code and data a brain is built from.
_PACKAGES = ("bot", "intents", "knowledge")
_BUILT_FROM = (".py", ".yaml", ".yml")


def default_cache_dir() -> Path | None:
    """Where built brains are kept, from `FWBOT_CACHE_DIR` or the XDG default; None: off."""
    chosen = os.environ.get(CACHE_DIR_SETTING, "").strip()
    if chosen.casefold() == _OFF:
        return None
    if chosen:
        return Path(chosen).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "framework-advisor"


def _package_dirs() -> list[Path]:
    here = Path(__file__).resolve().parent
    return [here.parent / name for name in _PACKAGES]


def _files(root: Path) -> Iterable[Path]:
    if root.is_file():
        yield root
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in _BUILT_FROM and "__pycache__" not in path.parts:
            yield path


def fingerprint(kb_path: Path) -> str:
    """A digest of every file the brain is built from, with their names and the Python."""
    digest = hashlib.sha256(sys.version.encode())
    for root in (*_package_dirs(), kb_path.resolve()):
        for path in _files(root):
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()[:32]


@dataclass(frozen=True)
class BrainCache:
    """The built brain for one knowledge base directory, in one cache directory."""

    directory: Path
    kb_path: Path
    # The fingerprint of the files as a run found them at its start, worked out once for
    # both its load and its save; None: worked out afresh each time the file is named.
    digest: str | None = None

    @classmethod
    def from_environment(cls, kb_path: Path) -> BrainCache | None:
        directory = default_cache_dir()
        return None if directory is None else cls(directory, kb_path, fingerprint(kb_path))

    @property
    def file(self) -> Path:
        digest = self.digest or fingerprint(self.kb_path)
        return self.directory / f"{_PREFIX}{digest}{_SUFFIX}"

    def load(self) -> Brain | None:
        """The brain built earlier from exactly these files, or None."""
        from bot.brain import Brain  # noqa: PLC0415  (only a cache user needs the brain)

        try:
            with self.file.open("rb") as stream:
                brain = pickle.load(stream)
        except FileNotFoundError:
            return None
        except Exception as error:  # any file that does not load means: build afresh
            log.info("built brain %s not loaded (%s); building it", self.file, error)
            return None
        return brain if isinstance(brain, Brain) else None

    def save(self, brain: Brain) -> None:
        """Keep `brain` for the next start; replace the files of older builds."""
        target = self.file
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            # mkstemp creates the file readable by its owner only; the rename is atomic, so
            # a process starting meanwhile reads the old file or the new one, never half.
            handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        except OSError as error:
            log.info("built brain not kept in %s (%s)", self.directory, error)
            return
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(brain, stream, protocol=pickle.HIGHEST_PROTOCOL)
            Path(temporary).replace(target)
        except (OSError, pickle.PicklingError, TypeError, AttributeError) as error:
            log.info("built brain not kept in %s (%s)", self.directory, error)
            Path(temporary).unlink(missing_ok=True)
            return
        for old in self.directory.glob(f"{_PREFIX}*{_SUFFIX}"):
            if old != target:
                old.unlink(missing_ok=True)
