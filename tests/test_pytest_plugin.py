"""pytest collects each row of a sheet as an item located at its source line."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import panel


def test_rows_are_items_with_their_location(pytester: pytest.Pytester) -> None:
    rows = "jnp.arange(3)   # -> [0 1 2]\njnp.arange(3)   # wrong -> [0 1 3]\n# a note"
    root = write_pytest_sheet(
        pytester,
        "title: T\nprelude: import jax.numpy as jnp\npanels: [a.md]\n",
        {"a.md": panel(rows, id="a"), "README.md": "not a panel\n"},
    )

    result = pytester.runpytest("-p", "no:cacheprovider", "-v", str(root))

    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*a.md::a:1 jnp.arange(3) PASSED*",
            "*a.md::a:2 jnp.arange(3) FAILED*",
            f"{root / 'a.md'}:14: FAIL in a: jnp.arange(3)",
            "    expected: [0 1 3]",
            "    actual:   [0 1 2]",
        ]
    )


def write_pytest_sheet(pytester: pytest.Pytester, yaml: str, panels: dict[str, str]) -> Path:
    """A sheet folder ``sheet/`` under pytester's folder: ``sheet.yaml`` and the panel files."""
    root = pytester.path / "sheet"
    root.mkdir()
    (root / "sheet.yaml").write_text(yaml)
    for name, text in panels.items():
        (root / name).write_text(text)
    return root


def test_a_malformed_panel_fails_with_its_location(pytester: pytest.Pytester) -> None:
    root = write_pytest_sheet(
        pytester, "title: T\npanels: [a.md]\n", {"a.md": panel("x = 1   # -> 1", id="a")}
    )
    result = pytester.runpytest("-p", "no:cacheprovider", str(root))
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        ["*a: does not parse*", f"{root / 'a.md'}:13:11: '->' on a row with no expression*"]
    )


def test_a_malformed_sheet_yaml_is_a_located_collection_error(pytester: pytest.Pytester) -> None:
    root = write_pytest_sheet(
        pytester, "title: [T\npanels: [a.md]\n", {"a.md": panel("1 + 1   # -> 2", id="a")}
    )
    result = pytester.runpytest("-p", "no:cacheprovider", str(root))
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(
        ["*ERROR collecting*a.md*", f"{root / 'sheet.yaml'}:1:8: invalid YAML*"]
    )


def test_a_symlink_loop_collects_each_row_once(pytester: pytest.Pytester) -> None:
    root = write_pytest_sheet(
        pytester,
        "title: T\npanels: [a.md]\n",
        {"a.md": panel("1 + 1   # -> 2\n2 + 2   # -> 4", id="a")},
    )
    (root / "loop").symlink_to(".")
    result = pytester.runpytest("-p", "no:cacheprovider", "--collect-only", "-q", str(root))
    collected = [line for line in result.outlines if "::" in line]
    assert collected == ["sheet/a.md::a:1 1 + 1", "sheet/a.md::a:2 2 + 2"]


def test_a_broken_panel_fails_alone_at_collection(pytester: pytest.Pytester) -> None:
    root = write_pytest_sheet(
        pytester,
        "title: T\npanels: [a.md, b.md]\n",
        {"a.md": panel("x = 1   # -> 1", id="a"), "b.md": panel("2 + 2   # -> 4", id="b")},
    )
    result = pytester.runpytest("-p", "no:cacheprovider", str(root))
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([f"{root / 'a.md'}:13:11: '->' on a row with no expression*"])
