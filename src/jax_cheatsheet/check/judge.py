"""Stage 2b: turn what a row produced into a verdict against what it documents."""

from __future__ import annotations

from jax_cheatsheet.check.compare import mismatch
from jax_cheatsheet.check.execute import Outcome
from jax_cheatsheet.model import Expectation
from jax_cheatsheet.record import ERROR, FAIL, PASS, RAN


def actual_text(outcome: Outcome) -> str:
    """What the row printed, ``;``-separated, ending with the exception if one was raised."""
    parts = list(outcome.values)
    if outcome.error:
        parts.append(f"raises {outcome.error}")
    return "; ".join(parts)


def judge(outcome: Outcome, expectation: Expectation | None) -> tuple[str, str]:
    """(verdict, detail) for one row."""
    if expectation is None:
        return (ERROR, outcome.message) if outcome.error else (RAN, "")
    produced = len(outcome.values) + (1 if outcome.error else 0)
    for position, expected in enumerate(expectation.values):
        if position >= produced:
            return FAIL, f"value {position + 1} was never produced"
        if position == len(outcome.values):  # this expression raised
            if expected.raises is None:
                return ERROR, outcome.message
            if expected.raises.rsplit(".", 1)[-1] not in outcome.error_bases:
                return FAIL, f"raised {outcome.error}, documented {expected.raises}"
            continue
        if expected.raises:
            return FAIL, f"value {position + 1} did not raise {expected.raises}"
        problem = mismatch(expected, outcome.values[position])
        if problem:
            prefix = f"value {position + 1}: " if len(expectation.values) > 1 else ""
            return FAIL, prefix + problem
    if outcome.error and len(outcome.values) >= len(expectation.values):
        return ERROR, outcome.message
    if len(outcome.values) > len(expectation.values):
        return FAIL, (
            f"the row shows {len(outcome.values)} values, {len(expectation.values)} documented"
        )
    return PASS, ""
