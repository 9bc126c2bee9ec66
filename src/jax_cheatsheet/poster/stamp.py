"""The provenance stamp, read from the verification record; the record's freshness, and its
failing rows: refused, or marked on the poster."""

from __future__ import annotations

from collections.abc import Sequence

from jax_cheatsheet.matrix import Matrix, version
from jax_cheatsheet.model import Panel, Row
from jax_cheatsheet.record import PASS, TIMEOUT, Record, RowResult, settings


class RecordError(ValueError):
    """The record is missing, for another backend, older than the sources, or has rows that
    failed (where the poster was not asked to draw them marked)."""


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


def stamp_with_range(panels: Sequence[Panel], record: Record, matrix: Matrix | None) -> str:
    """The stamp, then the release range where the matrix has one."""
    span = release_range(panels, matrix)
    return f"{stamp(panels, record)} · {span}" if span else stamp(panels, record)


def release_range(panels: Sequence[Panel], matrix: Matrix | None) -> str:
    """``holds on jax 0.4.30-0.10.2 (8 releases) except 5 rows; all rows from 0.5.3`` for
    these panels: how many releases were checked, not only their range (empty without at
    least two releases on record)."""
    releases = matrix.releases if matrix else ()
    if matrix is None or len(releases) < 2:
        return ""
    ids = {row.id for panel in panels for row in panel.rows}
    rows = [row for row in matrix.rows if row.result.id in ids]
    span = f"jax {releases[0]}-{releases[-1]} ({len(releases)} releases)"
    late = [row for row in rows if row.since != releases[0]]
    if not late:
        return f"every row holds on {span}"
    text = f"holds on {span} except {len(late)} row{'s' if len(late) != 1 else ''}"
    sinces = [row.since for row in late]
    if None not in sinces:
        return f"{text}; all rows from {max((s for s in sinces if s), key=version)}"
    return text


def failing(panels: Sequence[Panel], record: Record) -> list[tuple[Row, RowResult]]:
    """The rows of ``panels`` whose check failed, errored or timed out, in sheet order."""
    results = {r.id: r for r in record.results}
    return [
        (row, result)
        for panel in panels
        for row in panel.rows
        if (result := results.get(row.id)) is not None and result.failed
    ]


def check_passing(panels: Sequence[Panel], record: Record) -> None:
    """Raise RecordError, listing each failing row, unless every row of ``panels`` held."""
    rows = failing(panels, record)
    if rows:
        listed = "".join(f"\n  {failure_line(row, result)}" for row, result in rows)
        raise RecordError(
            f"{len(rows)} row{'s' if len(rows) != 1 else ''} failed in the verification record, "
            f"and a poster would show {'them' if len(rows) != 1 else 'it'} as true:{listed}\n"
            "fix the sheet (`jax-cheatsheet update` writes what JAX printed) and run "
            "`jax-cheatsheet doctest` again, or draw the failing rows marked: --allow-failures"
        )


def failure_line(row: Row, result: RowResult) -> str:
    """``file:line:col: row id fail: expected '...', JAX printed '...'`` on one line."""
    raised = f"raised {result.raised}" if result.raised else ""
    what = _short(result.detail or raised or result.actual or "no output", 60)
    if result.expected is not None:
        what = f"expected {result.expected!r}, JAX printed {_short(result.actual, 60)!r}"
    return f"{row.location}: row {row.id} {result.verdict}: {what}"


def marks(panels: Sequence[Panel], record: Record) -> dict[str, str]:
    """Row id -> the mark a poster draws after a failing row: what went wrong, briefly."""
    found = {}
    for row, result in failing(panels, record):
        what = ""
        if result.verdict == TIMEOUT:
            what = "timed out"
        elif result.raised:
            what = f"raised {result.raised}"
        elif result.actual:
            what = f"JAX printed {result.actual}"
        short = _short(what, 40)
        # Only plain ASCII, so that the poster's font has every glyph of the mark.
        plain = short == " ".join(what.split()) and short.isascii() and short.isprintable()
        found[row.id] = f"⚠ FAILED: {short}" if what and plain else "⚠ FAILED"
    return found


def _short(text: str, limit: int) -> str:
    """``text`` on one line, its runs of white space made one space, cut to ``limit``."""
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 3] + "..."
