"""Pages that compare this build's record with others of the same sheet: every row on every
release and lane (the matrix), and what changed from each release to the next (drift)."""

from __future__ import annotations

from pathlib import Path

from sphinx.util import logging

from jax_cheatsheet.matrix import Matrix, build_matrix, read_records, release_steps, stale_rows
from jax_cheatsheet.model import Sheet
from jax_cheatsheet.record import Record
from jax_cheatsheet.site.releases import drift_steps, matrix_page

logger = logging.getLogger(__name__)


def comparisons(folder: Path, sheet: Sheet, record: Record) -> tuple[Matrix | None, dict[str, str]]:
    """The release matrix of this build's record and the records of ``sheet`` in ``folder``
    (None: no other record there), with its page, and the drift page where two releases of
    this build's backend are on record. A record made before the sheet's rows last changed
    is still shown; the matrix page names it."""
    others, warnings = read_records(folder, record.sheet)
    for warning in warnings:
        logger.warning(warning)
    if not others:
        return None, {}
    matrix = build_matrix(record, others)
    stale = {
        f"jax {r.environment['jax']} on {r.environment['backend']}": len(problems)
        for r in others
        if (problems := stale_rows(sheet, r))
    }
    pages = {"matrix.md": matrix_page(matrix, stale)}
    backend = record.environment["backend"]
    same = {r.environment["jax"]: r for r in others if r.environment["backend"] == backend}
    same[record.environment["jax"]] = record  # this build's, for its own release
    steps = [same[v] for v in release_steps(others, record.environment["jax"], backend)]
    if len(steps) > 1:
        pages["drift.md"] = drift_steps(steps)
    return matrix, pages
