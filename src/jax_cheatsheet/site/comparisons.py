"""Pages that compare this build's record with others of the same sheet: other backends and
releases (the matrix) and what changed between releases (drift)."""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.util import logging

from jax_cheatsheet.drift import drift, table
from jax_cheatsheet.model import Sheet
from jax_cheatsheet.record import Record, read_record
from jax_cheatsheet.site.reports import drift_page, matrix

logger = logging.getLogger(__name__)


def comparisons(folder: Path, sheet: Sheet, record: Record) -> dict[str, str]:
    """The rows-by-record matrix and the drift page, from records of this same sheet only."""
    others = []
    for path in sorted(folder.glob("*.json")):
        other = _same_sheet(path, sheet)
        if other is not None:
            others.append(other)
    pages = {"matrix.md": matrix(record, others)} if others else {}
    backend, version = record.environment["backend"], _version(record)
    older = [r for r in others if r.environment["backend"] == backend and _version(r) < version]
    if older:  # the drift page: from the oldest release on record to this build
        old = min(older, key=_version)
        pages["drift.md"] = drift_page(old, record, table(old, record, drift(old, record)))
    return pages


def _version(record: Record) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", record.environment["jax"]))


def _same_sheet(path: Path, sheet: Sheet) -> Record | None:
    """The record at ``path`` if it is one of ``sheet`` (a warning says why one is not)."""
    try:
        record = read_record(path)
    except ValueError as error:
        logger.warning(str(error))
        return None
    if record.sheet != sheet.title:
        logger.warning(f"{path}: a record of {record.sheet!r}, not of this sheet; left out")
        return None
    return record
