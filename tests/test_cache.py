"""Reusing work safely: stored outcomes keyed by code and JAX, and JAX's compilation cache."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest

from helpers import panel, write_sheet
from jax_cheatsheet.check.cache import unit_key
from jax_cheatsheet.check.runner import Runner
from jax_cheatsheet.check.service import CheckOptions, check
from jax_cheatsheet.cli import main
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.record import Record, read_record


def ran(sheet_dir: Path, store: Path, runner: Runner) -> tuple[Record, list[str]]:
    """Check with stored outcomes; the record and the units that were executed."""
    sheet = load_sheet(sheet_dir)
    record = check(sheet, CheckOptions(reuse=store), runner=runner)
    return record, [u.id for u in sheet.units if u.id not in record.reused]


def test_only_units_whose_code_changed_run_again(tmp_path: Path, checker: Runner) -> None:
    root = write_sheet(
        tmp_path / "s",
        {
            "a.md": panel("jnp.arange(3)   # -> [0 1 2]", id="a"),
            "b.md": panel("2 * 3   # -> 6", id="b"),
        },
    )
    store = tmp_path / "outcomes"
    first, executed = ran(root, store, checker)
    assert executed == ["a", "b"] and first.ok

    again, executed = ran(root, store, checker)
    assert executed == [] and again == first

    # Only a documented output changes: nothing runs, yet the new output is judged.
    (root / "b.md").write_text(panel("2 * 3   # -> 7", id="b"), encoding="utf-8")
    judged, executed = ran(root, store, checker)
    assert executed == []
    assert [(r.id, r.verdict) for r in judged.failures] == [("b:1", "fail")]

    # The code changes: that unit alone runs.
    (root / "a.md").write_text(panel("jnp.arange(4)   # -> [0 1 2 3]", id="a"), encoding="utf-8")
    _, executed = ran(root, store, checker)
    assert executed == ["a"]


def test_the_key_names_code_and_what_the_worker_reports(tmp_path: Path) -> None:
    root = write_sheet(tmp_path, {"a.md": panel("1 + 1   # -> 2", id="a")})
    sheet = load_sheet(root)
    unit = sheet.panels[0]
    environment = {"jax": "0.10.2", "backend": "cpu", "config.jax_enable_x64": "False"}
    key = unit_key(sheet, unit, environment)
    assert unit_key(sheet, unit, dict(environment)) == key
    for name, other in [("jax", "0.9.2"), ("backend", "gpu"), ("config.jax_enable_x64", "True")]:
        assert unit_key(sheet, unit, {**environment, name: other}) != key, name
    edited = load_sheet(write_sheet(tmp_path / "b", {"a.md": panel("1 + 2   # -> 3", id="a")}))
    assert unit_key(edited, edited.panels[0], environment) != key


def test_a_worker_in_another_configuration_reexecutes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_sheet(tmp_path / "s", {"a.md": panel("jnp.arange(2) / 2   # -> [0.  0.5]")})
    monkeypatch.chdir(tmp_path)  # the command line keeps outcomes under ./build/cache

    def doctest() -> tuple[str, dict[str, str]]:
        assert main(["doctest", str(root), "--reuse", "--record", "r.json"]) == 0
        line = next(n for n in capsys.readouterr().out.splitlines() if "re-executed" in n)
        return line, read_record(tmp_path / "r.json").environment

    assert doctest()[0] == "re-executed 1 of 1 units"
    assert doctest()[0] == "re-executed 0 of 1 units"
    # Same code, same parent environment, but the worker now reports x64 on: run again.
    monkeypatch.setenv("JAX_ENABLE_X64", "1")
    line, environment = doctest()
    assert line == "re-executed 1 of 1 units"
    assert environment["config.jax_enable_x64"] == "True"
    # And a faked backend report: a stored cpu outcome is never used for it.
    store = tmp_path / "build" / "cache" / "outcomes"
    runner = Runner()
    try:
        faked = {**runner.describe(), "backend": "gpu"}
        monkeypatch.setattr(runner, "describe", lambda: faked)
        record, executed = ran(root, store, runner)
    finally:
        runner.close()
    assert executed == ["p"] and record.environment["backend"] == "gpu"


def test_the_compilation_cache_is_kept_per_jax_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_sheet(
        tmp_path / "s",
        {"a.md": panel("jit(lambda v: v * 2)(jnp.arange(3))   # -> [0 2 4]", id="a")},
    )
    monkeypatch.chdir(tmp_path)  # a relative cache folder, as the default build/cache/xla is
    assert main(["doctest", str(root), "--compile-cache", "xla", "--record", "r.json"]) == 0
    (row,) = read_record(tmp_path / "r.json").results
    assert row.warnings == ()  # rows run in scratch folders, yet the cache was written
    (folder,) = (tmp_path / "xla").iterdir()
    assert (
        folder.name == f"jax-{metadata.version('jax')}-jaxlib-{metadata.version('jaxlib')}-cpu-cpu"
    )
    assert any(folder.iterdir()), "the compiled program was stored"
