"""Errors that point at a place in a source file."""

from __future__ import annotations

from pathlib import Path


class SourceError(Exception):
    """A malformed source, located by file and line."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        super().__init__(f"{self.path}:{line}: {message}")
