"""The built-in JAX sheet: complete, mostly checked, and true where the seed was not."""

from __future__ import annotations

from helpers import SAMPLES
from jax_cheatsheet.check.runner import Runner
from jax_cheatsheet.check.service import check
from jax_cheatsheet.cli import default_sheet
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.record import ERROR, FAIL, PASS

PANELS = ["arrays", "numpy", "grad", "jit", "vmap", "random", "control-flow", "pytrees"]


def test_the_sheet_has_every_part() -> None:
    sheet = load_sheet(default_sheet())
    assert [p.id for p in sheet.panels] == PANELS
    assert len(sheet.tables) == 3 and all(t.rows for t in sheet.tables)
    assert len(sheet.samples) == 7
    assert "James Balamuta" in sheet.credit
    for panel in sheet.panels:
        assert panel.prose and panel.tagline and panel.caption and panel.api
        assert panel.see.url.startswith("https://docs.jax.dev/")


def test_at_least_80_percent_of_panel_rows_document_an_output() -> None:
    sheet = load_sheet(default_sheet())
    code_rows = [r for p in sheet.panels for r in p.rows if r.code and not r.is_import]
    checked = [r for r in code_rows if r.expectation is not None]
    assert len(checked) / len(code_rows) >= 0.8, f"{len(checked)}/{len(code_rows)}"
    for sample in sheet.samples:
        assert any(r.expectation for r in sample.rows), sample.id


def test_the_seeds_wrong_outputs_are_caught(checker: Runner) -> None:
    record = check(load_sheet(SAMPLES / "seed_claims"), runner=checker)
    found = [(r.verdict, r.actual.splitlines()[0]) for r in record.results]
    details = [r.detail.split(" (at")[0] for r in record.results]
    assert found == [
        (FAIL, "[3. 3. 3. 3.]"),
        (ERROR, "raises ConcretizationTypeError"),
        (FAIL, "(Array(6, dtype=int32), Array([0, 1, 3, 6], dtype=int32))"),
        (PASS, "[ 1.6226422   2.0252647  -0.43359444]"),
    ]
    # JAX's error text past its first words varies between releases: only its start is checked.
    error_start = "ConcretizationTypeError: Abstract tracer value encountered"
    assert [details[0], details[1][: len(error_start)], *details[2:]] == [
        "documented 3 is integer, printed 3. is float (item 2)",
        error_start,
        "documented '6', printed 'Array' (item 2)",
        "",
    ]
