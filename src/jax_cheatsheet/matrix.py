"""The release matrix: every row's verdict on every JAX release (and backend) on record.

Records of one sheet are lined up by row, matched by (unit, code, occurrence) as ``drift``
does, so a row keeps its place when lines shift. A row *holds* on a record when it ran and
its documented output matched there; it holds *since* a release when it holds on every CPU
release from that one through the pin (the newest release not above this build's JAX).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jax_cheatsheet.drift import keyed
from jax_cheatsheet.model import Sheet
from jax_cheatsheet.record import PASS, RAN, Record, RowResult, read_record

#: What the committed records folder's files are called.
RECORD_NAME = "jax-{jax}-{backend}.json"


def version(text: str) -> tuple[int, ...]:
    """``"0.4.30"`` -> ``(0, 4, 30)`` (pre-release tags are ignored)."""
    return tuple(int(part) for part in re.findall(r"\d+", text.split("+")[0])[:3])


def holds(result: RowResult | None) -> bool:
    """Whether a row ran clean and, where documented, printed its documented output."""
    return result is not None and result.verdict in (PASS, RAN)


@dataclass(frozen=True)
class Column:
    """One record: a JAX release on a backend."""

    jax: str
    backend: str
    release: bool  # a CPU release at or below the pin: counted for "since"

    @property
    def label(self) -> str:
        """``jax 0.5.3 cpu``."""
        return f"jax {self.jax} {self.backend}"


@dataclass(frozen=True)
class MatrixRow:
    """One row of the sheet across the columns (``None``: that record lacks the row)."""

    result: RowResult  # this build's result: id, file, line, code, expected
    cells: tuple[RowResult | None, ...]
    since: str | None  # first release from which it holds through the pin; None: not at pin

    @property
    def everywhere(self) -> bool:
        """Whether the row holds on every column."""
        return all(holds(cell) for cell in self.cells)


@dataclass(frozen=True)
class Matrix:
    """Rows x records, and the release range they span."""

    columns: tuple[Column, ...]
    rows: tuple[MatrixRow, ...]

    @property
    def releases(self) -> tuple[str, ...]:
        """The CPU releases counted for "since", oldest first."""
        return tuple(c.jax for c in self.columns if c.release)

    @property
    def bound(self) -> str | None:
        """The oldest release from which every row holds through the pin (None: not even
        the pin: some row fails there)."""
        sinces = [row.since for row in self.rows]
        if not sinces or None in sinces:
            return None
        return max((s for s in sinces if s is not None), key=version)

    def exceptions(self) -> list[MatrixRow]:
        """The rows that do not hold on every release counted."""
        first = self.releases[0] if self.releases else None
        return [row for row in self.rows if row.since != first]

    def by_id(self) -> dict[str, MatrixRow]:
        """Rows by their id in this build's record."""
        return {row.result.id: row for row in self.rows}


def build_matrix(record: Record, others: Sequence[Record]) -> Matrix:
    """The matrix of ``record`` (this build's) and ``others`` (records of the same sheet).

    A record of the same JAX and backend as this build's is replaced by this build's.
    Columns: CPU releases oldest first, then the other backends and newer releases.
    """
    pin = version(record.environment["jax"])
    found = {_key(r): r for r in others}
    found[_key(record)] = record
    ordered = sorted(found.values(), key=lambda r: _order(r, pin))
    columns = tuple(
        Column(r.environment["jax"], r.environment["backend"], _is_release(r, pin, record))
        for r in ordered
    )
    tables = [keyed(r) for r in ordered]
    rows = []
    for key, result in keyed(record).items():
        cells = tuple(table.get(key) for table in tables)
        rows.append(MatrixRow(result, cells, _since(columns, cells)))
    return Matrix(columns, tuple(rows))


def _key(record: Record) -> tuple[str, str]:
    return record.environment["jax"], record.environment["backend"]


def _is_release(record: Record, pin: tuple[int, ...], build: Record) -> bool:
    backend = build.environment["backend"]
    return record.environment["backend"] == backend and version(record.environment["jax"]) <= pin


def _order(record: Record, pin: tuple[int, ...]) -> tuple[int, tuple[int, ...], str]:
    above = version(record.environment["jax"]) > pin
    other = record.environment["backend"] != "cpu"
    return (
        int(above) + 2 * int(other),
        version(record.environment["jax"]),
        record.environment["backend"],
    )


def _since(columns: tuple[Column, ...], cells: tuple[RowResult | None, ...]) -> str | None:
    since = None
    for column, cell in zip(columns, cells, strict=True):
        if not column.release:
            continue
        since = (since or column.jax) if holds(cell) else None
    return since


def stale_rows(sheet: Sheet, record: Record) -> list[str]:
    """How ``record`` differs from ``sheet``'s rows: rows added, removed or edited since it
    was made (empty when it is a record of exactly these rows and documented outputs)."""
    backend = record.environment["backend"]
    want: dict[tuple[str, str, int], str | None] = {}
    seen: dict[tuple[str, str], int] = {}
    for part in sheet.units:
        for row in part.rows:
            if row.is_note:
                continue
            n = seen[part.id, row.code] = seen.get((part.id, row.code), 0) + 1
            expectation = row.expectation_for(backend)
            want[part.id, row.code, n] = str(expectation) if expectation else None
    have = keyed(record)
    problems = [
        f"{unit}: row added: {code!r}" for (unit, code, n) in want if (unit, code, n) not in have
    ]
    for (unit, code, n), result in have.items():
        if (unit, code, n) not in want:
            problems.append(f"{unit}: row removed or edited: {code!r}")
        elif want[unit, code, n] != result.expected:
            problems.append(
                f"{unit}: documented output of {code!r} is now {want[unit, code, n]!r}, "
                f"the record checked {result.expected!r}"
            )
    return problems


def read_records(folder: Path, sheet_title: str) -> tuple[list[Record], list[str]]:
    """The records in ``folder`` that are of the sheet titled ``sheet_title``, and a warning
    for each file left out (unreadable, or of another sheet)."""
    records, warnings = [], []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            record = read_record(path)
        except ValueError as error:
            warnings.append(str(error))
            continue
        if record.sheet != sheet_title:
            warnings.append(f"{path}: a record of {record.sheet!r}, not of this sheet; left out")
            continue
        records.append(record)
    return records, warnings


def bound_problems(claimed: str, matrix: Matrix) -> list[str]:
    """Why ``jax>=claimed`` is not the measured lower bound of ``matrix`` (empty: it is).

    The bound must be a release on record, every row must hold on it and on every release
    after it, and the release before it (if any is on record) must have a row that fails.
    """
    releases = matrix.releases
    if claimed not in releases:
        return [
            f"jax>={claimed} names a release with no CPU record (on record: {', '.join(releases)})"
        ]
    problems = []
    at = releases.index(claimed)
    columns = [i for i, c in enumerate(matrix.columns) if c.release]
    for index in columns[at:]:
        column = matrix.columns[index]
        for row in matrix.rows:
            if not holds(row.cells[index]):
                problems.append(
                    f"jax>={claimed} claims jax {column.jax}, where row {row.result.id} "
                    f"({row.result.file}:{row.result.line}) does not hold"
                )
    if not problems and matrix.bound is not None and version(matrix.bound) < version(claimed):
        problems.append(
            f"jax>={claimed} is narrower than measured: every row holds from jax {matrix.bound}"
        )
    return problems


def release_pages(folder: Path, title: str, jax: str, backend: str = "cpu") -> list[str]:
    """The comparison pages a build on ``jax`` gets from the records in ``folder``: the matrix
    where any record of the sheet is there, and the drift page where two releases of
    ``backend`` are (counting the build's own)."""
    others, _ = read_records(folder, title)
    if not others:
        return []
    return ["matrix", "drift"] if len(release_steps(others, jax, backend)) > 1 else ["matrix"]


def release_steps(others: Sequence[Record], jax: str, backend: str) -> list[str]:
    """The releases on record for ``backend``, with the build's own ``jax``, oldest first:
    the drift page's steps."""
    found = {r.environment["jax"] for r in others if r.environment["backend"] == backend}
    return sorted(found | {jax}, key=version)


def matrix_from(folder: Path, record: Record) -> tuple[Matrix | None, list[str]]:
    """The matrix of ``record`` and the records of its sheet kept in ``folder`` (None: no
    other record there), and a warning for each file left out."""
    others, warnings = read_records(folder, record.sheet)
    return (build_matrix(record, others) if others else None), warnings
