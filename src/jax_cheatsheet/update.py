"""Rewrite documented outputs from what JAX printed: only the text after ``->`` changes.

Rows whose output no longer holds, and rows whose ``->`` has nothing after it yet, get
the value JAX printed. Numbers keep the precision they were written with where the printed
value has the same shape. Each edit replaces exactly the output's span (line and columns
from the parser), so comments, alignment and line endings stay as they were. A value is
written only if the checker accepts it for the outcome it came from.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from pathlib import Path

from jax_cheatsheet.check.compare import tokens
from jax_cheatsheet.check.judge import judge
from jax_cheatsheet.check.messages import Outcome
from jax_cheatsheet.check.service import CheckOptions, check
from jax_cheatsheet.errors import SourceError
from jax_cheatsheet.files import stale_temporaries, write_atomic
from jax_cheatsheet.model import Expectation, Sheet
from jax_cheatsheet.parse.outputs import escape_value, parse_expectation
from jax_cheatsheet.record import FAIL, PASS, Record, RowResult


@dataclass(frozen=True)
class Edit:
    """One documented output to rewrite: its span in the file, the old and new text."""

    path: Path
    line: int
    column: int  # 0-based start of the old output (just past '->' when there was none)
    end_column: int
    old: str
    new: str
    row: str  # the row's id


def plan(sheet: Sheet, record: Record) -> list[Edit]:
    """The edits that make every failing or unfilled output what JAX printed.

    Raises :class:`SourceError` (located) for a value the checker would not accept as
    written, rather than writing it.
    """
    backend = record.environment["backend"]
    failing = {r.id: r for r in record.results if r.verdict == FAIL and (r.values or r.raised)}
    edits = []
    for unit in sheet.units:
        for row in unit.rows:
            result = failing.get(row.id)
            expectation = row.expectation_for(backend)
            if result is None or expectation is None:
                continue
            new = _rewrite(expectation, result)
            _verify(new, result, row.location.path, expectation)
            if new != expectation.source:
                where = (expectation.line, expectation.column, expectation.end_column)
                edits.append(Edit(row.location.path, *where, expectation.source, new, row.id))
    return edits


def steady(
    sheet: Sheet, record: Record, edits: list[Edit], options: CheckOptions
) -> tuple[list[Edit], list[str]]:
    """The edits whose row prints the same again in a fresh worker; why the others are refused.

    An address, an id or a timing differs from run to run: writing it would document a
    value that the next check fails.
    """
    ids = {edit.row for edit in edits}
    units = [u for u in sheet.units if any(r.id in ids for r in u.rows)]
    if not units:
        return edits, []
    again = {r.id: r for r in check(sheet, replace(options, reuse=None), units=units).results}
    first = {r.id: r for r in record.results}
    kept, refused = [], []
    for edit in edits:
        a, b = first[edit.row], again.get(edit.row)
        if b is not None and (a.values, a.raised) == (b.values, b.raised):
            kept.append(edit)
            continue
        second = b.actual if b is not None else "nothing"
        refused.append(
            f"{edit.path}:{edit.line}:{edit.column + 1}: not updated: it printed {a.actual!r}, "
            f"then {second!r} in a second run; a value that changes from run to run "
            "(an address, an id, a timing) cannot be its documented output"
        )
    return kept, refused


def clean_temporaries(sheet: Sheet) -> list[Path]:
    """Remove what an interrupted write left beside the sheet's sources; return those paths."""
    sources = {u.location.path for u in sheet.units} | {sheet.prelude.location.path}
    stale = [t for path in sorted(sources) for t in stale_temporaries(path)]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def _rewrite(expectation: Expectation, result: RowResult) -> str:
    """The new text after the marker: one value per documented value, precision kept."""
    printed = [_one_line(value) for value in result.values]
    if result.raised:
        printed.append(f"raises {result.raised}")
    if len(printed) != len(expectation.values):
        return "; ".join(escape_value(p) for p in printed)
    out: list[str] = []
    for value, new in zip(expectation.values, printed, strict=True):
        if new.startswith("raises ") and len(out) == len(result.values):
            out.append(new)
        else:
            text = escape_value(_keep_precision(value.text, new))
            out.append(f"~{text}" if value.approx else text)
    return "; ".join(out)


def _one_line(value: str) -> str:
    """A printed value as it can stand after ``->``: its lines joined by one space."""
    return " ".join(line.strip() for line in value.splitlines()) if "\n" in value else value


def _verify(new: str, result: RowResult, path: Path, old: Expectation) -> None:
    """Refuse a value that a fresh check would not accept for the outcome it came from."""
    outcome = Outcome(
        values=result.values, error=result.raised or None, error_bases=(result.raised,)
    )
    verdict = judge(outcome, parse_expectation(new, path, old.line))
    if verdict.kind != PASS:
        raise SourceError(
            path,
            old.line,
            f"cannot write {new!r} as the documented output: it would not hold "
            f"({verdict.detail}); write this row's output by hand",
            old.column + 1,
        )


def _keep_precision(old: str, new: str) -> str:
    """``old`` with each token replaced by the printed one, floats rounded as written.

    Only when both have the same shape (the same kinds of tokens in the same order), so the
    written spacing survives and only values that changed differ; otherwise ``new``.
    """
    old_tokens, new_tokens = tokens(old), tokens(new)
    if [t.kind for t in old_tokens] != [t.kind for t in new_tokens]:
        return new
    pieces, position = [], 0
    for written, printed in zip(old_tokens, new_tokens, strict=True):
        start = old.index(written.text, position)
        pieces.append(old[position:start])
        replacement = printed.text
        if printed.kind == "number":
            rounded = _round_like(written.text, printed.text)
            replacement = rounded if rounded is not None else printed.text
        pieces.append(replacement)
        position = start + len(written.text)
    pieces.append(old[position:])
    return "".join(pieces)


def _round_like(written: str, printed: str) -> str | None:
    """``printed`` at the decimals ``written`` has; None where that does not apply."""
    plain = re.compile(r"[+-]?\d+\.\d*")
    if not (plain.fullmatch(written) and plain.fullmatch(printed)):
        return None
    decimals = len(written.partition(".")[2])
    if decimals >= len(printed.partition(".")[2]):
        return None
    return f"{float(printed):.{decimals}f}" if decimals else f"{round(float(printed))}."


def apply(edits: list[Edit]) -> dict[Path, tuple[str, str]]:
    """New text per file: (old text, new text). Nothing is written.

    Edits on one line are applied right to left, so earlier columns stay valid.
    """
    changed: dict[Path, tuple[str, str]] = {}
    for edit in sorted(edits, key=lambda e: (str(e.path), e.line, -e.column)):
        old_text, new_text = changed.get(edit.path) or (None, None)
        if old_text is None or new_text is None:
            with open(edit.path, encoding="utf-8", newline="") as stream:
                old_text = new_text = stream.read()
        lines = new_text.splitlines(keepends=True)
        line = lines[edit.line - 1]
        if edit.line == 1 and line.startswith("\ufeff"):  # the parser read past a BOM
            edit = replace(edit, column=edit.column + 1, end_column=edit.end_column + 1)
        if line[edit.column : edit.end_column] != edit.old:
            raise SourceError(
                edit.path, edit.line, "changed since it was read; run update again", edit.column + 1
            )
        lead = " " if not edit.old and not line[: edit.column].endswith(" ") else ""
        lines[edit.line - 1] = line[: edit.column] + lead + edit.new + line[edit.end_column :]
        changed[edit.path] = (old_text, "".join(lines))
    return changed


def diff(changed: dict[Path, tuple[str, str]]) -> str:
    """A unified diff of the planned changes."""
    out: list[str] = []
    for path, (old, new) in changed.items():
        out += difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), str(path), str(path)
        )
    return "".join(out)


def write(changed: dict[Path, tuple[str, str]]) -> None:
    """Replace each file atomically (its permissions and line endings kept)."""
    for path, (_, new) in changed.items():
        write_atomic(path, new)
