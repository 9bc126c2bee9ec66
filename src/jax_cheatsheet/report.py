"""Console report of a verification record: a summary table and located failures."""

from __future__ import annotations

from pathlib import Path

from jax_cheatsheet.record import FAILING, PASS, RAN, Record, RowResult, settings


def environment_line(record: Record) -> str:
    """``jax 0.10.2 (jaxlib 0.10.2) on cpu [cpu]``."""
    env = record.environment
    changed = "".join(f", {s}" for s in settings(env))
    return (
        f"jax {env['jax']} (jaxlib {env['jaxlib']}) on {env['backend']} "
        f"[{env['device_kind']}], python {env['python']}{changed}"
    )


def failure_text(result: RowResult, root: Path) -> str:
    """One failure, located: file:line, unit, row, expected and actual."""
    lines = [
        f"{root / result.file}:{result.line}: {result.verdict.upper()} in {result.unit}: "
        f"{result.code.splitlines()[0] if result.code else ''}",
    ]
    if result.expected is not None:
        lines.append(
            f"    expected: {result.expected or '(nothing yet: the row ends in an empty ->)'}"
        )
    lines.append(f"    actual:   {result.actual or '(nothing: the row did not finish)'}")
    lines += [f"    warned:   {warning}" for warning in result.warnings]
    if result.detail:
        lines.append(f"    why:      {result.detail}")
    return "\n".join(lines)


def summary_table(record: Record) -> str:
    """Per unit: rows, checked outputs, passed, failed; then the totals."""
    units: dict[str, list[RowResult]] = {}
    for result in record.results:
        units.setdefault(result.unit, []).append(result)
    header = ("unit", "kind", "rows", "checked", "passed", "ran", "failed")
    table: list[tuple[str, ...]] = [header]
    for unit, results in units.items():
        table.append(_counts(unit, results[0].kind, results))
    table.append(_counts("total", "", list(record.results)))
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    out = []
    for n, row in enumerate(table):
        if n == len(table) - 1:
            out.append("  ".join("-" * w for w in widths))
        out.append(
            "  ".join(
                c.ljust(w) if i < 2 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    return "\n".join(out)


def verdict_line(record: Record) -> str:
    """The one line a reader needs."""
    failures = len(record.failures)
    warned = sum(bool(r.warnings) for r in record.results)
    if warned:
        return _plain_verdict(record, failures) + f"; {warned} row(s) raised warnings"
    return _plain_verdict(record, failures)


def _plain_verdict(record: Record, failures: int) -> str:
    if failures:
        total = len(record.results)
        return f"FAILED: {failures} of {total} rows are not true ({environment_line(record)})"
    return (
        f"OK: {record.counts[PASS]}/{record.checked} documented outputs hold, "
        f"{record.counts[RAN]} more rows ran clean ({environment_line(record)})"
    )


def _counts(name: str, kind: str, results: list[RowResult]) -> tuple[str, ...]:
    return (
        name,
        kind,
        str(len(results)),
        str(sum(r.expected is not None for r in results)),
        str(sum(r.verdict == PASS for r in results)),
        str(sum(r.verdict == RAN for r in results)),
        str(sum(r.verdict in FAILING for r in results)),
    )
