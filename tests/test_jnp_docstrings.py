"""jax.numpy's docstring examples, as a REPL-form sheet, pass where doctest passes them."""

from __future__ import annotations

from pathlib import Path

from jax_cheatsheet.check.runner import Runner
from jnp_docstrings import agreement, compare, report

FUNCTIONS = 50  # enough examples to mean something (~280), few enough to run in ~20 s


def test_the_engine_passes_the_docstring_examples_doctest_passes(
    tmp_path: Path, checker: Runner
) -> None:
    cases = compare(tmp_path / "sheet", FUNCTIONS, runner=checker)
    assert len({case.function for case in cases}) >= 50
    assert sum(case.doctest_verdict == "pass" for case in cases) >= 200
    assert agreement(cases) >= 0.95, report(cases)
