"""Rows whose printed output differs between two verification records.

Two records from two JAX versions, or from two backends: rows are matched by unit and code
(row numbers may shift between sheet versions), and outputs compared with whitespace
collapsed, so only real differences are listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from jax_cheatsheet.record import Record, RowResult
from jax_cheatsheet.text import fold


@dataclass(frozen=True)
class Change:
    """One row that printed differently (``None``: the row is absent from that record)."""

    unit: str
    code: str
    where: str  # file:line in the newer record (else the older)
    before: RowResult | None
    after: RowResult | None


def label(record: Record) -> str:
    """``jax 0.10.2 on cpu``."""
    return f"jax {record.environment['jax']} on {record.environment['backend']}"


def drift(before: Record, after: Record) -> list[Change]:
    """Every row added, removed, or printing something else in ``after`` than in ``before``."""
    old, new = keyed(before), keyed(after)
    changes = []
    for key in [*new, *(k for k in old if k not in new)]:
        a, b = old.get(key), new.get(key)
        if a is not None and b is not None and _same(a, b):
            continue
        shown = b or a
        assert shown is not None
        changes.append(Change(key[0], key[1], f"{shown.file}:{shown.line}", a, b))
    return changes


def keyed(record: Record) -> dict[tuple[str, str, int], RowResult]:
    """Rows by (unit, code, occurrence): a unit may repeat a row on purpose."""
    seen: dict[tuple[str, str], int] = {}
    keyed = {}
    for result in record.results:
        n = seen[result.unit, result.code] = seen.get((result.unit, result.code), 0) + 1
        keyed[result.unit, result.code, n] = result
    return keyed


def _same(a: RowResult, b: RowResult) -> bool:
    return fold(a.actual) == fold(b.actual) and a.verdict == b.verdict


def table(before: Record, after: Record, changes: list[Change]) -> str:
    """A Markdown table of the changes (readable in a terminal and on the site)."""
    a, b = label(before), label(after)
    if not changes:
        return f"No row prints differently: {a} and {b} agree on all {len(after.results)} rows.\n"
    lines = [
        f"{len(changes)} of {len(after.results)} rows print differently ({a} -> {b}):",
        "",
        f"| row | code | {a} | {b} |",
        "|---|---|---|---|",
    ]
    for change in changes:
        lines.append(
            f"| {change.where} | `{_cell(change.code)}` | {_shown(change.before)} | "
            f"{_shown(change.after)} |"
        )
    return "\n".join(lines) + "\n"


def _shown(result: RowResult | None) -> str:
    if result is None:
        return "(absent)"
    text = fold(result.actual) or "(no output)"
    mark = "" if result.verdict in ("pass", "ran") else f" **{result.verdict}**"
    return f"`{_cell(text)}`{mark}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
