"""The provenance stamp, read from the verification record, and the record's freshness."""

from __future__ import annotations

from collections.abc import Sequence

from jax_cheatsheet.model import Panel
from jax_cheatsheet.record import PASS, Record, settings


class RecordError(ValueError):
    """The record is missing, for another backend, or older than the sources."""


def check_fresh(panels: Sequence[Panel], record: Record) -> None:
    """Raise RecordError unless ``record`` checked exactly these rows with these outputs."""
    backend = record.environment["backend"]
    checked = {r.id: r for r in record.results}
    for panel in panels:
        for row in panel.rows:
            if row.is_note:
                continue
            expectation = row.expectation_for(backend)
            expected = str(expectation) if expectation else None
            result = checked.get(row.id)
            if result is None or (result.code, result.expected) != (row.code, expected):
                raise RecordError(
                    f"the verification record is stale: row {row.id} ({row.location}) changed "
                    "since it was checked; run `jax-cheatsheet doctest` again"
                )


def stamp(panels: Sequence[Panel], record: Record) -> str:
    """``verified with jax X.Y.Z on cpu: N/N outputs`` (or how many failed) for these panels."""
    ids = {row.id for panel in panels for row in panel.rows}
    results = [r for r in record.results if r.id in ids]
    checked = [r for r in results if r.expected is not None]
    passed = sum(r.verdict == PASS for r in checked)
    failed = sum(r.failed for r in results)
    env = record.environment
    changed = settings(env)
    where = f"{env['backend']} ({', '.join(changed)})" if changed else env["backend"]
    text = f"verified with jax {env['jax']} on {where}: {passed}/{len(checked)} outputs"
    if failed:
        text += f", {failed} row{'s' if failed != 1 else ''} FAILED"
    return text
