"""YAML documents and front matter, with errors located in the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from jax_cheatsheet.errors import SourceError


def load_yaml(text: str, path: Path, first_line: int = 1) -> dict[str, Any]:
    """Parse a YAML mapping; syntax errors name the file line."""
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = err.problem or err.context or "invalid YAML"
        raise SourceError(path, line, f"invalid YAML: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourceError(path, first_line, "expected a YAML mapping of keys to values")
    return data


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], int]:
    """Return (front matter, 1-based line where the body starts)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise SourceError(path, 1, "a panel must start with '---' front matter")
    for n, line in enumerate(lines[1:], 2):
        if line.strip() == "---":
            data = load_yaml("\n".join(lines[1 : n - 1]), path, first_line=2)
            return data, n + 1
    raise SourceError(path, 1, "front matter opened with '---' is never closed")


def key_line(text: str, key: str, default: int) -> int:
    """The line on which ``key:`` first appears (for locating a bad value)."""
    for n, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith(f"{key}:"):
            return n
    return default


def require(data: dict[str, Any], key: str, kind: type, path: Path, text: str, where: int) -> Any:
    """``data[key]``, checked to be a non-empty ``kind``; else a located error."""
    if key not in data:
        raise SourceError(path, where, f"missing key {key!r}")
    value = data[key]
    if not isinstance(value, kind) or (isinstance(value, str | list) and not value):
        line = key_line(text, key, where)
        raise SourceError(path, line, f"{key!r} must be a non-empty {kind.__name__}")
    return value
