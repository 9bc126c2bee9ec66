"""Reusing work safely: stored outcomes keyed by code and JAX, and JAX's compilation cache."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest

from helpers import panel, write_sheet
from jax_cheatsheet.check.cache import check_sheet_cached, unit_key
from jax_cheatsheet.cli import main
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.check.runner import Checker


def test_only_units_whose_code_changed_run_again(tmp_path: Path, checker: Checker) -> None:
    root = write_sheet(
        tmp_path / "s",
        {
            "a.md": panel("jnp.arange(3)   # -> [0 1 2]", id="a"),
            "b.md": panel("2 * 3   # -> 6", id="b"),
        },
    )
    store = tmp_path / "outcomes"
    first, ran = check_sheet_cached(load_sheet(root), store, checker)
    assert ran == ["a", "b"] and first.ok

    again, ran = check_sheet_cached(load_sheet(root), store, checker)
    assert ran == [] and again == first

    # Only a documented output changes: nothing runs, yet the new output is judged.
    (root / "b.md").write_text(panel("2 * 3   # -> 7", id="b"), encoding="utf-8")
    judged, ran = check_sheet_cached(load_sheet(root), store, checker)
    assert ran == []
    assert [(r.id, r.verdict) for r in judged.failures] == [("b:1", "fail")]

    # The code changes: that unit alone runs.
    (root / "a.md").write_text(panel("jnp.arange(4)   # -> [0 1 2 3]", id="a"), encoding="utf-8")
    _, ran = check_sheet_cached(load_sheet(root), store, checker)
    assert ran == ["a"]


def test_the_key_names_code_and_versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_sheet(tmp_path, {"a.md": panel("1 + 1   # -> 2", id="a")})
    sheet = load_sheet(root)
    key = unit_key(sheet, sheet.panels[0])
    monkeypatch.setenv("JAX_PLATFORMS", "tpu")
    assert unit_key(sheet, sheet.panels[0]) != key
    monkeypatch.delenv("JAX_PLATFORMS")
    real = metadata.version
    monkeypatch.setattr(metadata, "version", lambda name: "9.9.9" if name == "jax" else real(name))
    assert unit_key(sheet, sheet.panels[0]) != key


def test_the_compilation_cache_is_kept_per_jax_version(tmp_path: Path) -> None:
    root = write_sheet(
        tmp_path / "s",
        {"a.md": panel("jit(lambda v: v * 2)(jnp.arange(3))   # -> [0 2 4]", id="a")},
    )
    cache = tmp_path / "xla"
    assert (
        main(
            [
                "doctest",
                str(root),
                "--compile-cache",
                str(cache),
                "--record",
                str(tmp_path / "r.json"),
            ]
        )
        == 0
    )
    (folder,) = cache.iterdir()
    assert (
        folder.name == f"jax-{metadata.version('jax')}-jaxlib-{metadata.version('jaxlib')}-cpu-cpu"
    )
    assert any(folder.iterdir()), "the compiled program was stored"
