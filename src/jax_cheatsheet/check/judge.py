"""Stage 2b: turn what a row produced into a verdict against what it documents."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jax_cheatsheet.check.compare import mismatch
from jax_cheatsheet.check.messages import OUTPUT_LIMIT, Outcome
from jax_cheatsheet.check.runner import Interruption
from jax_cheatsheet.model import Expectation, Panel, Row, Sample, Sheet
from jax_cheatsheet.record import ERROR, FAIL, PASS, RAN, RowResult

#: The detail of a row whose ``->`` has nothing after it yet.
UNDOCUMENTED = "no documented output yet (`jax-cheatsheet update` fills in what JAX printed)"


@dataclass(frozen=True)
class Verdict:
    """A row's verdict (``pass``, ``fail``, ``error``, ``ran``) and why, in a phrase."""

    kind: str
    detail: str = ""


def actual_text(outcome: Outcome) -> str:
    """What the row printed, ``;``-separated, ending with the exception if one was raised."""
    parts = list(outcome.values)
    if outcome.error:
        parts.append(f"raises {outcome.error}")
    return "; ".join(parts)


def judge(
    outcome: Outcome, expectation: Expectation | None, *, strict_warnings: bool = False
) -> Verdict:
    """The verdict on one row that ran (a warning fails it when ``strict_warnings``)."""
    verdict = _compare(outcome, expectation)
    if strict_warnings and outcome.warnings and verdict.kind in (PASS, RAN):
        verdict = Verdict(FAIL, f"it warned (warnings are errors here): {outcome.warnings[0]}")
    if outcome.cut:
        note = f"its output was cut at {OUTPUT_LIMIT // 1024} kB"
        verdict = Verdict(verdict.kind, f"{verdict.detail}; {note}" if verdict.detail else note)
    return verdict


def _compare(outcome: Outcome, expectation: Expectation | None) -> Verdict:
    if expectation is None:
        return Verdict(ERROR, outcome.message) if outcome.error else Verdict(RAN)
    if expectation.pending:
        return Verdict(FAIL, UNDOCUMENTED)
    produced = len(outcome.values) + (1 if outcome.error else 0)
    for position, expected in enumerate(expectation.values):
        if position >= produced:
            return Verdict(FAIL, f"value {position + 1} was never produced")
        if position == len(outcome.values):  # this expression raised
            if expected.raises is None:
                return Verdict(ERROR, outcome.message)
            if expected.raises.rsplit(".", 1)[-1] not in outcome.error_bases:
                return Verdict(FAIL, f"raised {outcome.error}, documented {expected.raises}")
            continue
        if expected.raises:
            return Verdict(FAIL, f"value {position + 1} did not raise {expected.raises}")
        problem = mismatch(expected, outcome.values[position])
        if problem:
            prefix = f"value {position + 1}: " if len(expectation.values) > 1 else ""
            return Verdict(FAIL, prefix + problem)
    if outcome.error and len(outcome.values) >= len(expectation.values):
        return Verdict(ERROR, outcome.message)
    if len(outcome.values) > len(expectation.values):
        shown, documented = len(outcome.values), len(expectation.values)
        return Verdict(FAIL, f"the row shows {shown} values, {documented} documented")
    return Verdict(PASS)


def row_result(
    sheet: Sheet,
    unit: Panel | Sample,
    row: Row,
    ran: Outcome | Interruption,
    backend: str,
    strict_warnings: bool = False,
) -> RowResult:
    """The record's entry for one row: what it documents on ``backend`` and what it did."""
    expectation = row.expectation_for(backend)
    if isinstance(ran, Interruption):
        verdict, outcome = Verdict(ran.verdict, ran.reason), Outcome(values=())
    else:
        verdict, outcome = judge(ran, expectation, strict_warnings=strict_warnings), ran
    return RowResult(
        id=row.id,
        unit=unit.id,
        kind="panel" if isinstance(unit, Panel) else "sample",
        file=relative(row.location.path, sheet.root),
        line=row.end_line,
        code=row.code,
        expected=str(expectation) if expectation else None,
        actual=actual_text(outcome),
        verdict=verdict.kind,
        detail=verdict.detail,
        values=outcome.values,
        raised=outcome.error or "",
        stdout=outcome.stdout,
        warnings=outcome.warnings,
    )


def relative(path: Path, root: Path) -> str:
    """``path`` relative to the sheet folder (as records name files), else as given."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return path.as_posix()
