"""Errors that point at a place in a source file."""

from __future__ import annotations

from pathlib import Path


class SourceError(Exception):
    """A malformed source, located by file, line (0: the file as a whole) and 1-based column."""

    def __init__(self, path: Path | str, line: int, message: str, column: int = 0) -> None:
        self.path = Path(path)
        self.line = line
        self.column = column
        self.message = message
        where = f"{self.path}:{line}:{column}" if column else f"{self.path}:{line}"
        where = where if line else str(self.path)
        super().__init__(f"{where}: {message}")
