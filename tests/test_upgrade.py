"""Moving the pin: constraints.txt and the releases list are rewritten, nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from jax_cheatsheet.upgrade import declared_bound, listed_releases, moved_pins, with_release

PYPROJECT = """[project]
dependencies = [
    "jaxlib>=0.5.3,<1",  # a comment
    "jax[cpu] >= 0.5.3, <1",
]

[tool.jax-cheatsheet]
# kept
releases = ["0.5.3", "0.10.2"]
"""


def test_a_new_release_is_appended_and_the_rest_kept() -> None:
    text = with_release(PYPROJECT, "0.11.0")
    assert text == PYPROJECT.replace('"0.10.2"]', '"0.10.2", "0.11.0"]')
    assert with_release(text, "0.11.0") == text  # already there


def test_an_older_release_is_refused() -> None:
    with pytest.raises(ValueError, match="not newer than the pin, jax 0.10.2"):
        with_release(PYPROJECT, "0.9.0")


def test_pins_move_only_where_installed_differs_and_line_endings_stay() -> None:
    text = "# head\r\njax==0.10.2\r\njaxlib==0.10.2\r\nml_dtypes==0.6.0\r\nsphinx==8.2.3\r\n"
    installed = {"jax": "0.11.0", "jaxlib": "0.11.0", "ml_dtypes": "0.6.0", "sphinx": "9.0"}
    moved = moved_pins(text, installed.get, {"jax", "jaxlib", "ml-dtypes"})
    assert moved == text.replace("0.10.2", "0.11.0")  # sphinx is not JAX's: kept


def test_bounds_and_releases_are_read_from_pyproject(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(PYPROJECT, encoding="utf-8")
    assert declared_bound(path, "jax") == "0.5.3"
    assert declared_bound(path, "jaxlib") == "0.5.3"
    assert listed_releases(path) == ["0.5.3", "0.10.2"]
    with pytest.raises(ValueError, match="no `numpy>=`"):
        declared_bound(path, "numpy")
