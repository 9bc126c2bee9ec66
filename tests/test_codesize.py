"""The engine stays readable: no module over 300 lines, no function over 60 (STYLE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "jax_cheatsheet"
MODULE_LINES = 300
FUNCTION_LINES = 60


def oversized(text: str, name: str) -> list[str]:
    """What in one module breaks the limits, as readable lines."""
    found = []
    if len(text.splitlines()) > MODULE_LINES:
        found.append(f"{name}: {len(text.splitlines())} lines")
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            length = (node.end_lineno or node.lineno) - start + 1
            if length > FUNCTION_LINES:
                found.append(f"{name}:{node.lineno} {node.name}(): {length} lines")
    return found


def test_no_module_or_function_is_too_long() -> None:
    found = [
        problem
        for path in sorted(SOURCE.rglob("*.py"))
        for problem in oversized(path.read_text(encoding="utf-8"), str(path.relative_to(SOURCE)))
    ]
    assert found == []


def test_the_limits_are_measured() -> None:
    long_function = "def f():\n" + "    x = 1\n" * 60
    assert oversized(long_function, "m.py") == ["m.py:1 f(): 61 lines"]
    assert oversized("x = 1\n" * 301, "m.py") == ["m.py: 301 lines"]
    assert oversized("def f():\n    return 1\n", "m.py") == []
