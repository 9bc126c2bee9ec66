"""The doctest front door on the built-in sheet and on edited copies of it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import SAMPLES, panel, write_sheet
from jax_cheatsheet.cli import default_sheet, main
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.poster.stamp import stamp
from jax_cheatsheet.record import read_record
from jax_cheatsheet.report import verdict_line


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
    assert main(["doctest", str(root), "--record", str(tmp_path / "r.json")]) == 2
    assert capsys.readouterr().err == (
        f"error: {root / 'a.md'}:13:11: '->' on a row with no expression to check\n"
        "error: 1 source file(s) did not parse\n"
    )


def test_a_missing_backend_is_refused_not_passed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_sheet(tmp_path, {"a.md": panel("1 + 1   # -> 2")})
    assert main(["doctest", str(root), "--backend", "gpu"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("error: JAX could not start with JAX_PLATFORMS=cuda: ")


def test_broken_panels_are_reported_together_and_the_good_one_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = SAMPLES / "broken_panels"
    before = {p: p.read_bytes() for p in sheet.iterdir()}
    record = tmp_path / "r.json"
    assert main(["doctest", str(sheet), "--record", str(record)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"error: {sheet / 'latin1.md'}:3:11: not UTF-8 (byte 0xe9)",
        f"error: {sheet / 'assignment.md'}:13:23: '->' on a row with no expression to check",
        f"error: {sheet / 'unclosed-setup.md'}:12:1: unclosed {{setup}} block: the next block "
        "opens at line 15 first",
        "error: 3 source file(s) did not parse",
    ]
    results = json.loads(record.read_text(encoding="utf-8"))["results"]
    assert [(r["unit"], r["verdict"]) for r in results] == [
        ("good", "pass"),
        ("latin1", "error"),
        ("assignment", "error"),
        ("unclosed-setup", "error"),
    ]
    assert "line 3:11: not UTF-8" in results[1]["detail"]
    assert {p: p.read_bytes() for p in sheet.iterdir()} == before


def test_a_symlink_loop_among_samples_is_reported_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_sheet(tmp_path / "s", {"a.md": panel("1 + 1   # -> 2", id="a")})
    samples = root / "samples"
    samples.mkdir()
    (samples / "x.py").symlink_to("y.py")
    (samples / "y.py").symlink_to("x.py")
    assert main(["doctest", str(root), "--record", str(tmp_path / "r.json")]) == 2
    err = capsys.readouterr().err
    assert f"{samples / 'x.py'}:1: cannot read this file: a symlink loop" in err
    assert f"{samples / 'y.py'}:1: cannot read this file: a symlink loop" in err
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["summary"]["pass"] == 1


def test_a_run_with_x64_says_so_in_the_record_and_the_stamp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_sheet(tmp_path / "s", {"a.md": panel("jnp.array(1.0).dtype   # -> float64")})
    monkeypatch.setenv("JAX_ENABLE_X64", "1")
    assert main(["doctest", str(root), "--record", str(tmp_path / "r.json")]) == 0
    assert capsys.readouterr().out.splitlines()[-2].endswith(", x64 on)")  # the verdict line
    record = read_record(tmp_path / "r.json")
    assert record.environment["config.jax_enable_x64"] == "True"
    assert record.environment["env.JAX_ENABLE_X64"] == "1"
    assert verdict_line(record).endswith(", x64 on)")
    jax = record.environment["jax"]
    assert (
        stamp(load_sheet(root).panels, record)
        == f"verified with jax {jax} on cpu (x64 on): 1/1 outputs"
    )


def test_a_missing_folder_is_named_without_a_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["doctest", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err == (
        f"error: {tmp_path / 'nowhere'}: no such folder: give a sheet folder (one with a "
        "sheet.yaml)\n"
    )
    assert main(["doctest", str(tmp_path)]) == 2
    assert (
        capsys.readouterr().err == f"error: {tmp_path}: not a sheet folder: it has no sheet.yaml\n"
    )


def test_help_is_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert "doctest" in text and "``" not in text


def test_new_writes_a_sheet_that_checks_and_draws_as_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "mine"
    assert main(["new", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == ["01-first.md", "sheet.yaml"]
    record = tmp_path / "r.json"
    assert main(["doctest", str(folder), "--record", str(record)]) == 0
    out = tmp_path / "posters"
    assert main(["posters", str(folder), "--record", str(record), "--out", str(out)]) == 0
    assert (out / "cheatsheet-light.svg").is_file() and (out / "cheatsheet-dark.pdf").is_file()
    assert main(["new", str(folder)]) == 2  # never over an existing sheet
    assert "is not empty" in capsys.readouterr().err


def test_characters_no_font_draws_are_located_at_doctest_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "s"
    assert main(["new", str(folder)]) == 0
    source = folder / "01-first.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace("title: A First Panel", "title: 第一 🎉"),
        encoding="utf-8",
    )
    capsys.readouterr()
    record = str(tmp_path / "r.json")
    assert main(["doctest", str(folder), "--record", record]) == 2
    err = capsys.readouterr().err.splitlines()
    assert [line.split(": no glyph")[0] for line in err[:3]] == [
        f"error: {source}:3:8: panel 'first' title",
        f"error: {source}:3:9: panel 'first' title",
        f"error: {source}:3:11: panel 'first' title",
    ]
    sheet_yaml = folder / "sheet.yaml"
    sheet_yaml.write_text(
        sheet_yaml.read_text(encoding="utf-8") + "missing_glyphs: warn\n", encoding="utf-8"
    )
    assert main(["doctest", str(folder), "--record", record]) == 0
    assert capsys.readouterr().err.startswith(f"warning: {source}:3:8: panel 'first' title")
