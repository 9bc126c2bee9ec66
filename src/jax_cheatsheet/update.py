"""Rewrite documented outputs from what JAX printed: only the text after ``->`` changes.

Numbers keep the precision they were written with where the printed value has the same
shape; comments, alignment and every other character of the file stay as they were.
Files are replaced atomically (a temporary file, then a rename).
"""

from __future__ import annotations

import difflib
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from jax_cheatsheet.check.compare import tokens
from jax_cheatsheet.model import Expected, Sheet
from jax_cheatsheet.parse.rows import MARKER, split_values
from jax_cheatsheet.record import FAIL, Record

#: Set (in seconds) only by the tests: a pause between writing the temporary file and the
#: rename, so a test can kill the process at that moment.
PAUSE_VARIABLE = "JAX_CHEATSHEET_TEST_PAUSE_BEFORE_RENAME"


@dataclass(frozen=True)
class Edit:
    """One documented output to rewrite, located in its file."""

    path: Path
    line: int
    old: str
    new: str


def plan(sheet: Sheet, record: Record) -> list[Edit]:
    """The edits that make every failing row's documented output what JAX printed."""
    backend = record.environment["backend"]
    failing = {r.id: r for r in record.results if r.verdict == FAIL and r.actual}
    edits = []
    for unit in sheet.units:
        for row in unit.rows:
            result = failing.get(row.id)
            expectation = row.expectation_for(backend)
            if result is None or expectation is None:
                continue
            new = _rewrite(expectation.source, expectation.values, result.actual)
            if new != expectation.source:
                edits.append(Edit(row.location.path, expectation.line, expectation.source, new))
    return edits


def _rewrite(source: str, expected: tuple[Expected, ...], actual: str) -> str:
    """The new text after the marker: one value per documented value, precision kept."""
    printed = [" ".join(p.split()) for p in split_values(actual)]
    if len(printed) != len(expected):
        return " ".join(actual.split())
    out: list[str] = []
    for value, new in zip(expected, printed, strict=True):
        if new.startswith("raises "):
            out.append(new)
        else:
            text = _keep_precision(value.text, new)
            out.append(f"~{text}" if value.approx else text)
    return "; ".join(out)


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
    """New text per file: (old text, new text). Nothing is written."""
    changed: dict[Path, tuple[str, str]] = {}
    for edit in edits:
        old_text, new_text = changed.get(edit.path, (None, None)) or (None, None)
        if old_text is None:
            old_text = new_text = edit.path.read_text(encoding="utf-8")
        assert new_text is not None
        lines = new_text.splitlines(keepends=True)
        line = lines[edit.line - 1]
        found = MARKER.search(line, line.find("#"))
        if found is None:
            raise ValueError(f"{edit.path}:{edit.line}: no '->' to rewrite")
        ending = line[len(line.rstrip("\r\n")) :]
        lines[edit.line - 1] = line[: found.end()] + edit.new + ending
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
    """Replace each file atomically: a full temporary copy beside it, then one rename."""
    for path, (_, new) in changed.items():
        temporary = path.with_name(f".{path.name}.update-{os.getpid()}.tmp")
        with open(temporary, "w", encoding="utf-8", newline="") as stream:
            stream.write(new)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, path.stat().st_mode & 0o7777)
        pause = float(os.environ.get(PAUSE_VARIABLE, "0") or 0)
        if pause:
            time.sleep(pause)
        os.replace(temporary, path)
