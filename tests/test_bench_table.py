"""The benchmark table's verdicts and ``bench/run.py --check``, on made-up figures."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import run  # noqa: E402
from table import Line, missed, render  # noqa: E402

LINES = [
    Line("fast", 0.9, "x", target=1.0),
    Line("exact", 1.0, "x", target=1.0),  # a figure at its target meets it
    Line("slow", 1.2, "x", target=1.0),
    Line("big", 200.0, "kB", target=150.0),
    Line("count", 7.0, ""),  # no target: never missed
]


def test_met_decides_the_table_and_the_check() -> None:
    assert [line.met for line in LINES] == [True, True, False, False, None]
    assert [line.name for line in missed(LINES)] == ["slow", "big"]
    verdicts = [row.split()[-1] for row in render(LINES).splitlines()[2:]]
    assert verdicts == ["ok", "ok", "MISSED", "MISSED", "7"]


def test_check_fails_when_a_target_is_missed(capsys: pytest.CaptureFixture[str]) -> None:
    assert run.exit_status(LINES, check=True) == 1
    assert capsys.readouterr().err == "bench --check: 2 target(s) missed: slow, big\n"


def test_without_check_or_a_miss_the_status_is_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert run.exit_status(LINES, check=False) == 0
    assert run.exit_status(LINES[:2] + LINES[4:], check=True) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(("argv", "status"), [(["--check"], 1), ([], 0)])
def test_main_prints_the_table_then_exits(
    argv: list[str],
    status: int,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(run, "measure", lambda: LINES)  # the real benchmarks take minutes
    assert run.main(argv) == status
    out = capsys.readouterr()
    assert out.out == render(LINES) + "\n"
    assert ("slow, big" in out.err) == (status == 1)
