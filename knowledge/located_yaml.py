"""YAML parsing that remembers where each value came from, for `file:line` problem reports."""

from __future__ import annotations

import functools
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# libyaml's parser when PyYAML was built with it (the wheels are), else the pure-Python one.
FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class LocatedDocument:
    """A parsed YAML document and its text, whose node tree gives line numbers."""

    path: Path
    data: Any
    text: str

    @functools.cached_property
    def root(self) -> yaml.Node | None:
        """The node tree, composed again when a line is asked for: only a problem report
        needs one, and every file's tree kept through a load took megabytes at its peak."""
        loader = FAST_LOADER(self.text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()

    def line_of(self, loc: Sequence[str | int]) -> int:
        """1-based line of the deepest node on `loc` that exists in the document."""
        node = self.root
        if node is None:
            return 1
        line = node.start_mark.line
        for part in loc:
            child = _child(node, part)
            if child is None:
                break
            node, line = child
        return line + 1


class YamlSyntaxError(Exception):
    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


def load_located(path: Path) -> LocatedDocument:
    """Parse one YAML file; raise `YamlSyntaxError` with the line of the first syntax error."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise YamlSyntaxError(path, 1, f"cannot read file: {error}") from error
    try:
        # One parse: compose the node tree (for line numbers), then build the data from it.
        loader = FAST_LOADER(text)
        try:
            root = loader.get_single_node()
            data = _data_of(loader, root) if root is not None else None
        finally:
            loader.dispose()
    except _DuplicateKeyError as error:
        raise YamlSyntaxError(
            path, error.line + 1, f"duplicate key {error.key!r} (only one may be given)"
        ) from error
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = " ".join(p for p in (error.context, error.problem) if p)
        raise YamlSyntaxError(path, line, f"YAML syntax error: {problem}") from error
    except yaml.YAMLError as error:
        raise YamlSyntaxError(path, 1, f"YAML error: {error}") from error
    return LocatedDocument(path=path, data=data, text=text)


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node, int] | None:
    """The child of `node` at key or index `part`, with the line where it starts."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                # A missing or wrong value is best reported on its key's line.
                return value, key.start_mark.line
        return None
    if (
        isinstance(node, yaml.SequenceNode)
        and isinstance(part, int)
        and 0 <= part < len(node.value)
    ):
        item = node.value[part]
        return item, item.start_mark.line
    return None


_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
# Scalars other than strings are built as PyYAML builds them, from the tag its parser
# resolved while composing the tree.
_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp")
)
_SCALAR_BUILDER = yaml.constructor.SafeConstructor()
# Strings up to this long (ids, topic names, words) are kept once however often the files
# give them: "orm" is given 400 times over; each a string of its own took megabytes.
_SHARED_LENGTH = 64
_SCALAR_CONSTRUCTORS = yaml.constructor.SafeConstructor.yaml_constructors


class _UnusualNodeError(Exception):
    """A node the plain builder leaves to PyYAML: a merge key, a custom or other tag."""


class _DuplicateKeyError(Exception):
    """A mapping that gives one key twice: YAML loaders keep the last silently, so a fact
    given `refutes` twice would lose the first list without a word."""

    def __init__(self, key: str, line: int) -> None:
        super().__init__(key)
        self.key = key
        self.line = line


def _data_of(loader: yaml.SafeLoader, root: yaml.Node) -> Any:
    """The document's data: built plainly when it holds only mappings with string keys,
    lists and plain scalars, as these files do; anything else by PyYAML's own constructor,
    which reports what it cannot build (a custom tag) with its line."""
    try:
        return _plain(root)
    except _UnusualNodeError:
        return loader.construct_document(root)


def _plain(node: yaml.Node) -> Any:
    """The data of a node tree of mappings, lists and plain scalars: what PyYAML's safe
    constructor gives for it, without its general machinery (several times faster on the
    knowledge base)."""
    if isinstance(node, yaml.MappingNode) and node.tag == _MAP_TAG:
        data = {}
        for key, value in node.value:
            if not (isinstance(key, yaml.ScalarNode) and key.tag == _STR_TAG):
                raise _UnusualNodeError  # a merge key ("<<"), a number or a mapping as a key
            if key.value in data:
                raise _DuplicateKeyError(key.value, key.start_mark.line)
            data[sys.intern(key.value)] = _plain(value)
        return data
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ_TAG:
        return [_plain(item) for item in node.value]
    if isinstance(node, yaml.ScalarNode) and node.tag == _STR_TAG:
        return sys.intern(node.value) if len(node.value) <= _SHARED_LENGTH else node.value
    if isinstance(node, yaml.ScalarNode) and node.tag in _SCALAR_TAGS:
        return _SCALAR_CONSTRUCTORS[node.tag](_SCALAR_BUILDER, node)
    raise _UnusualNodeError
