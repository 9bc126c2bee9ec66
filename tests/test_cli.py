"""The doctest front door on the built-in sheet and on edited copies of it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import panel, write_sheet
from jax_cheatsheet.cli import default_sheet, main


def test_a_wrong_documented_output_is_named_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = shutil.copytree(default_sheet(), tmp_path / "cheatsheet")
    source = sheet / "03-grad.md"
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(n for n, text in enumerate(lines, 1) if text.rstrip().endswith("-> 12.0"))
    lines[line - 1] = lines[line - 1].replace("-> 12.0", "-> 13.0")
    source.write_text("".join(lines), encoding="utf-8")

    code = main(["doctest", str(sheet), "--record", str(tmp_path / "record.json")])

    out = capsys.readouterr().out
    assert code == 1
    assert f"{source}:{line}: FAIL in grad:" in out
    assert "expected: 13.0" in out and "actual:   12.0" in out
    record = json.loads((tmp_path / "record.json").read_text(encoding="utf-8"))
    failed = [r for r in record["results"] if r["verdict"] != "pass" and r["verdict"] != "ran"]
    assert [(r["file"], r["line"], r["expected"], r["actual"]) for r in failed] == [
        ("03-grad.md", line, "13.0", "12.0")
    ]


def test_a_malformed_source_exits_2_with_its_location(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_sheet(tmp_path, {"a.md": panel("x = 1   # -> 1")})
    assert main(["doctest", str(root)]) == 2
    assert (
        capsys.readouterr().err
        == f"error: {root / 'a.md'}:13:11: '->' on a row with no expression to check\n"
    )


def test_a_missing_backend_is_refused_not_passed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_sheet(tmp_path, {"a.md": panel("1 + 1   # -> 2")})
    assert main(["doctest", str(root), "--backend", "gpu"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("error: JAX could not start with JAX_PLATFORMS=cuda: ")
