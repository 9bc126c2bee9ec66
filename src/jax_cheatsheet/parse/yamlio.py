"""YAML documents and front matter, every value located in its file by the YAML parser's marks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from jax_cheatsheet.errors import SourceError
from jax_cheatsheet.model import FORMS

#: A value's place in a document: mapping keys and sequence indices from the top.
KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Document:
    """A parsed YAML mapping and the file position (line, 1-based column) of every value."""

    data: dict[str, Any]
    path: Path
    marks: dict[KeyPath, tuple[int, int]]
    block_scalars: frozenset[KeyPath]  # values written as ``|`` or ``>`` blocks

    def where(self, *keys: str | int) -> tuple[int, int]:
        """Where the value at ``keys`` is written (its nearest written ancestor if absent)."""
        for end in range(len(keys), -1, -1):
            if keys[:end] in self.marks:
                return self.marks[keys[:end]]
        return 1, 0

    def text_line(self, *keys: str | int) -> int:
        """The first line of a string value's text (the line after a ``|`` indicator)."""
        line = self.where(*keys)[0]
        return line + 1 if keys in self.block_scalars else line

    def error(self, keys: KeyPath, message: str) -> SourceError:
        """A :class:`SourceError` located at the value at ``keys``."""
        line, column = self.where(*keys)
        return SourceError(self.path, line, message, column)

    def require(self, key: str, kind: type) -> Any:
        """``data[key]``, checked to be a non-empty ``kind``; else a located error."""
        if key not in self.data:
            raise self.error((), f"missing key {key!r}")
        value = self.data[key]
        if not isinstance(value, kind) or (isinstance(value, str | list) and not value):
            raise self.error((key,), f"{key!r} must be a non-empty {kind.__name__}")
        return value


def output_form(meta: Document, default: str | None) -> str | None:
    """The ``output`` key: how documented outputs are written (``print`` or ``repr``)."""
    value = meta.data.get("output", default)
    if value is not None and value not in FORMS:
        raise meta.error(("output",), f"'output' is one of {', '.join(FORMS)}, not {value!r}")
    return value


def load_yaml(text: str, path: Path, first_line: int = 1) -> Document:
    """Parse a YAML mapping written from file line ``first_line``; errors name line and column."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as err:
        raise _located(err, path, first_line) from None
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourceError(path, first_line, "expected a YAML mapping of keys to values")
    marks: dict[KeyPath, tuple[int, int]] = {}
    blocks: set[KeyPath] = set()
    if node is not None:
        _walk(node, (), first_line, marks, blocks)
    return Document(data, path, marks, frozenset(blocks))


def _located(err: yaml.MarkedYAMLError, path: Path, first_line: int) -> SourceError:
    """The error at the place the broken construct opened (a quote, a bracket), if known.

    YAML notices an unclosed quote or bracket only where the text runs out, often lines
    later; the context mark is where the reader has to look.
    """

    def at(mark: yaml.Mark) -> tuple[int, int]:
        return first_line + mark.line, mark.column + 1

    problem = err.problem or "invalid YAML"
    if err.context_mark is not None and err.context:
        line, column = at(err.context_mark)
        if err.problem_mark is not None:
            found = "{}:{}".format(*at(err.problem_mark))
            problem = f"{err.context} opened here: {problem} at line {found}"
        return SourceError(path, line, f"invalid YAML: {problem}", column)
    if err.problem_mark is None:
        return SourceError(path, first_line, f"invalid YAML: {problem}")
    line, column = at(err.problem_mark)
    return SourceError(path, line, f"invalid YAML: {problem}", column)


def _walk(
    node: yaml.Node,
    keys: KeyPath,
    first_line: int,
    marks: dict[KeyPath, tuple[int, int]],
    blocks: set[KeyPath],
) -> None:
    marks[keys] = (first_line + node.start_mark.line, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        blocks.add(keys)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                _walk(value, (*keys, key.value), first_line, marks, blocks)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*keys, index), first_line, marks, blocks)


def split_front_matter(text: str, path: Path) -> tuple[Document, int]:
    """Return (front matter, 1-based line where the body starts)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise SourceError(path, 1, "a panel must start with '---' front matter", 1)
    for n, line in enumerate(lines[1:], 2):
        if line.strip() == "---":
            return load_yaml("\n".join(lines[1 : n - 1]), path, first_line=2), n + 1
    raise SourceError(path, 1, "front matter opened with '---' is never closed", 1)
