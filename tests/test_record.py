"""The verification record: deterministic JSON that reads back the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jax_cheatsheet.record import Record, RowResult, read_record

ENV = {
    "jax": "0.10.2",
    "jaxlib": "0.10.2",
    "python": "3.11.7",
    "backend": "cpu",
    "device_kind": "cpu",
    "device_count": "1",
}


def make() -> Record:
    rows = (
        RowResult("a:1", "a", "panel", "01-a.md", 12, "grad(f)(2.0)", "12.0", "12.0", "pass"),
        RowResult("a:2", "a", "panel", "01-a.md", 13, "x", None, "", "ran"),
        RowResult("a:3", "a", "panel", "01-a.md", 14, "y", "1", "2", "fail", "2 is not 1"),
    )
    return Record(environment=ENV, sheet="T", results=rows)


def test_round_trip_and_determinism(tmp_path: Path) -> None:
    record = make()
    record.write(tmp_path / "r.json")
    again = read_record(tmp_path / "r.json")
    assert again == record
    assert again.to_json() == record.to_json()
    summary = json.loads(record.to_json())["summary"]
    assert summary == {
        "rows": 3,
        "checked": 2,
        "pass": 1,
        "fail": 1,
        "error": 0,
        "timeout": 0,
        "ran": 1,
    }
    assert not record.ok and [r.id for r in record.failures] == ["a:3"]


def test_unreadable_records_are_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.json: not a readable verification record"):
        read_record(bad)
    bad.write_text('{"format": 99}', encoding="utf-8")
    with pytest.raises(ValueError, match="record format 99, expected 1"):
        read_record(bad)


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("[1, 2]", "record format None"),
        (
            '{"format": 1, "sheet": "S", "environment": {"jax": "0.5.3"}, "results": []}',
            "environment",
        ),
        (
            '{"format": 1, "sheet": "S", "environment": {"jax": "0.5.3", "backend": "cpu"}}',
            "results",
        ),
        (
            '{"format": 1, "sheet": "S", "environment": {"jax": "0.5.3", "backend": "cpu"}, '
            '"results": [{"id": "a:1"}]}',
            "malformed",
        ),
    ],
)
def test_a_malformed_record_is_a_located_error(tmp_path: Path, text: str, what: str) -> None:
    """Hand-made or truncated records in a records folder: a ValueError naming the file."""
    bad = tmp_path / "odd.json"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=rf"odd\.json: .*{what}"):
        read_record(bad)
