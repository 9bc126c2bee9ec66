"""The release matrix: rows x records, "holds since", the measured lower bound, stale records.

The tests on the committed records (docs/records) are what keeps ``pyproject.toml``'s
``jax>=`` bound and the records honest; the others build small records by hand, including
deliberately wrong inputs for each check.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from jax_cheatsheet.matrix import (
    RECORD_NAME,
    Matrix,
    bound_problems,
    build_matrix,
    read_records,
    stale_rows,
    version,
)
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.record import FAIL, PASS, RAN, Record, RowResult
from jax_cheatsheet.upgrade import declared_bound, listed_releases

ROOT = Path(__file__).parent.parent
RECORDS = ROOT / "docs" / "records"
REFRESH = "refresh it with `nox -s releases` (CPU releases; see docs/releasing.md)"


def _row(n: int, verdict: str, code: str | None = None) -> RowResult:
    code = code or f"f({n})"
    return RowResult(f"p:{n}", "p", "panel", "p.md", 10 + n, code, "1", "1", verdict)


def _record(jax: str, verdicts: list[str], backend: str = "cpu") -> Record:
    results = tuple(_row(n, v) for n, v in enumerate(verdicts, 1))
    return Record({"jax": jax, "backend": backend}, "S", results)


@pytest.fixture
def matrix() -> Matrix:
    """Row 1 holds everywhere, row 2 from 0.5.3 on, row 3 broke on 0.5.3 and came back."""
    old = _record("0.4.30", [PASS, FAIL, PASS])
    mid = _record("0.5.3", [PASS, PASS, FAIL])
    pin = _record("0.6.2", [RAN, PASS, PASS])
    gpu = _record("0.7.0", [PASS, PASS, FAIL], backend="gpu")
    return build_matrix(pin, [gpu, mid, old])


def test_columns_are_cpu_releases_oldest_first_then_other_lanes(matrix: Matrix) -> None:
    assert [c.label for c in matrix.columns] == [
        "jax 0.4.30 cpu",
        "jax 0.5.3 cpu",
        "jax 0.6.2 cpu",
        "jax 0.7.0 gpu",
    ]
    assert matrix.releases == ("0.4.30", "0.5.3", "0.6.2")


def test_since_is_the_first_release_from_which_a_row_holds_through_the_pin(
    matrix: Matrix,
) -> None:
    assert [row.since for row in matrix.rows] == ["0.4.30", "0.5.3", "0.6.2"]
    assert [row.result.id for row in matrix.exceptions()] == ["p:2", "p:3"]
    assert matrix.bound == "0.6.2"
    assert not matrix.rows[2].everywhere  # the GPU lane fails it


def test_a_row_failing_at_the_pin_holds_since_no_release() -> None:
    m = build_matrix(_record("0.6.2", [PASS, FAIL]), [_record("0.5.3", [PASS, PASS])])
    assert [row.since for row in m.rows] == ["0.5.3", None]
    assert m.bound is None


def test_rows_are_matched_by_code_not_line() -> None:
    """A row that moved (another line, another id) is the same row in an older record."""
    old = Record({"jax": "0.5.3", "backend": "cpu"}, "S", (_row(7, FAIL, code="f(1)"),))
    m = build_matrix(_record("0.6.2", [PASS]), [old])
    assert [c.verdict if c else None for c in m.rows[0].cells] == [FAIL, PASS]


def test_the_bound_must_be_where_every_row_holds_from(matrix: Matrix) -> None:
    assert bound_problems("0.6.2", matrix) == []
    wrong = bound_problems("0.5.3", matrix)  # row 3 fails on 0.5.3
    assert wrong == ["jax>=0.5.3 claims jax 0.5.3, where row p:3 (p.md:13) does not hold"]
    assert "no CPU record" in bound_problems("0.5.0", matrix)[0]
    narrow = build_matrix(_record("0.6.2", [PASS]), [_record("0.5.3", [PASS])])
    assert bound_problems("0.6.2", narrow) == [
        "jax>=0.6.2 is narrower than measured: every row holds from jax 0.5.3"
    ]


def test_a_record_of_another_sheet_or_unreadable_is_left_out_with_a_reason(
    tmp_path: Path,
) -> None:
    _record("0.5.3", [PASS]).write(tmp_path / "a.json")
    replace(_record("0.6.2", [PASS]), sheet="Other").write(tmp_path / "b.json")
    (tmp_path / "c.json").write_text("{", encoding="utf-8")
    records, warnings = read_records(tmp_path, "S")
    assert [r.environment["jax"] for r in records] == ["0.5.3"]
    assert "b.json: a record of 'Other'" in warnings[0]
    assert "c.json: not a readable verification record" in warnings[1]


def test_a_stale_record_names_what_changed(tmp_path: Path) -> None:
    sheet = load_sheet(ROOT / "cheatsheet")
    record = _committed()[listed_releases(ROOT / "pyproject.toml")[-1]]
    assert stale_rows(sheet, record) == []
    first, second, *rest = record.results
    edited = replace(second, expected="something else")
    problems = stale_rows(sheet, replace(record, results=(edited, *rest)))
    assert problems == [
        f"arrays: row added: {first.code!r}",
        f"arrays: documented output of {second.code!r} is now {second.expected!r}, "
        "the record checked 'something else'",
    ]
    renamed = replace(first, code="import jax as j")
    assert stale_rows(sheet, replace(record, results=(renamed, second, *rest))) == [
        "arrays: row added: 'import jax'",
        "arrays: row removed or edited: 'import jax as j'",
    ]


def _committed() -> dict[str, Record]:
    """The committed CPU records of the built-in sheet, by JAX release."""
    records, warnings = read_records(RECORDS, load_sheet(ROOT / "cheatsheet").title)
    assert warnings == []
    return {r.environment["jax"]: r for r in records if r.environment["backend"] == "cpu"}


def test_every_committed_record_matches_the_sheet() -> None:
    """A row added, removed or edited makes every record stale until it is made anew."""
    sheet = load_sheet(ROOT / "cheatsheet")
    records, _ = read_records(RECORDS, sheet.title)
    stale = {}
    for record in records:
        env = record.environment
        problems = stale_rows(sheet, record)
        if problems:
            name = RECORD_NAME.format(jax=env["jax"], backend=env["backend"])
            stale[name] = problems[:3]
    assert not stale, (
        f"stale records in docs/records: {stale}; {REFRESH}, and the GPU lane's "
        "(CHEATSHEET_USE_INSTALLED_JAX=1 nox -s doctest_gpu) on a GPU machine"
    )


def test_every_listed_release_has_a_committed_record_and_the_last_is_the_pin() -> None:
    listed = listed_releases(ROOT / "pyproject.toml")
    assert listed == sorted(listed, key=version)
    assert len(listed) >= 7
    committed = _committed()
    assert [v for v in listed if v not in committed] == [], REFRESH
    pins = (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    assert f"jax=={listed[-1]}" in pins and f"jaxlib=={listed[-1]}" in pins


def test_the_declared_lower_bound_is_the_measured_one() -> None:
    """``jax>=`` in pyproject.toml: every committed record at or above it holds every row,
    and the release before it does not."""
    committed = _committed()
    pin = listed_releases(ROOT / "pyproject.toml")[-1]
    matrix = build_matrix(committed[pin], [r for v, r in committed.items() if v != pin])
    for package in ("jax", "jaxlib"):
        claimed = declared_bound(ROOT / "pyproject.toml", package)
        assert bound_problems(claimed, matrix) == [], "fix the bound in pyproject.toml"
