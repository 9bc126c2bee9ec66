"""Running units in the worker: isolation, config restore, timeouts, failures that don't stop."""

from __future__ import annotations

import itertools
import re
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from helpers import SAMPLES, panel, write_sheet
from jax_cheatsheet.check.runner import Runner
from jax_cheatsheet.check.service import CheckOptions, check
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.record import ERROR, FAIL, PASS, RAN, TIMEOUT


def verdicts(root: Path, checker: Runner) -> dict[str, tuple[str, str]]:
    record = check(load_sheet(root), runner=checker)
    return {r.code: (r.verdict, r.actual) for r in record.results}


def test_a_hanging_row_times_out_and_later_rows_still_run(tmp_path: Path) -> None:
    root = write_sheet(
        tmp_path,
        {
            "a.md": panel(
                """
                import time
                y = x + 1                 # defined before the hang
                #| timeout: 3
                time.sleep(600)           # hangs
                y * 10                    # -> [10 20 30]
                """,
                setup="x = jnp.arange(3)",
                id="a",
            ),
            "b.md": panel("2 + 2   # -> 4", id="b"),
        },
    )
    runner = Runner()
    try:
        record = check(load_sheet(root), runner=runner)
    finally:
        runner.close()
    found = {r.code: (r.verdict, r.actual) for r in record.results}
    assert found["time.sleep(600)"] == (TIMEOUT, "")
    (hung,) = [r for r in record.results if r.verdict == TIMEOUT]
    assert hung.detail == "timed out after 3 s"  # the row's own limit, not the default
    assert found["y * 10"] == (PASS, "[10 20 30]")  # earlier rows were replayed in a new worker
    assert found["2 + 2"] == (PASS, "4")


def test_x64_enabled_in_one_panel_does_not_leak(tmp_path: Path, checker: Runner) -> None:
    root = write_sheet(
        tmp_path,
        {
            "a.md": panel(
                'jax.config.update("jax_enable_x64", True); jnp.array(1.0).dtype  # -> float64',
                id="a",
            ),
            "b.md": panel("jnp.array(1.0).dtype   # -> float32", id="b"),
        },
    )
    found = verdicts(root, checker)
    assert found['jax.config.update("jax_enable_x64", True); jnp.array(1.0).dtype'][0] == PASS
    assert found["jnp.array(1.0).dtype"] == (PASS, "float32")


def test_each_panel_starts_from_a_fresh_namespace(tmp_path: Path, checker: Runner) -> None:
    root = write_sheet(
        tmp_path,
        {"a.md": panel("leak = 1", id="a"), "b.md": panel("leak   # -> 1", id="b")},
    )
    verdict, actual = verdicts(root, checker)["leak"]
    assert (verdict, actual) == (ERROR, "raises NameError")


def test_one_failure_does_not_stop_the_others(tmp_path: Path, checker: Runner) -> None:
    root = write_sheet(
        tmp_path,
        {
            "a.md": panel(
                """
                1 / 0                          # blows up
                grad(lambda x: x ** 3)(2.0)    # -> 13.0
                jit(lambda v: v.item())(jnp.ones(1))   # -> raises ConcretizationTypeError
                jit(lambda v: v.item())(jnp.ones(1))   # -> raises TypeError
                jnp.ones(2)                    # -> raises ValueError
                print("hi")                    # prints -> hi
                x = 3
                """,
                id="a",
            )
        },
    )
    record = check(load_sheet(root), runner=checker)
    by_line = [(r.verdict, r.expected, r.actual) for r in record.results]
    assert by_line == [
        (ERROR, None, "raises ZeroDivisionError"),
        (FAIL, "13.0", "12.0"),
        (PASS, "raises ConcretizationTypeError", "raises ConcretizationTypeError"),
        (PASS, "raises TypeError", "raises ConcretizationTypeError"),  # a base class
        (FAIL, "raises ValueError", "[1. 1.]"),
        (PASS, "hi", "hi"),
        (RAN, None, ""),
    ]
    assert "ZeroDivisionError: division by zero" in record.results[0].detail
    assert record.results[1].detail == "12.0 does not round to 13.0 (item 1)"


def test_setup_failure_marks_every_row(tmp_path: Path, checker: Runner) -> None:
    root = write_sheet(tmp_path, {"a.md": panel("1 + 1   # -> 2\n2", setup="import nowhere_x")})
    record = check(load_sheet(root), runner=checker)
    assert [r.verdict for r in record.results] == [ERROR, ERROR]
    assert all("setup failed: ModuleNotFoundError" in r.detail for r in record.results)


def test_samples_are_checked_like_rows(tmp_path: Path, checker: Runner) -> None:
    sample = '''
        """
        A sample
        ========

        Prose.
        """
        import jax.numpy as jnp

        x = jnp.arange(3)
        for _ in range(2):
            x = x + 1
        print(x)   # -> [2 3 4]
        print(x.sum())   # -> 10
    '''
    root = write_sheet(tmp_path, {"a.md": panel("1")}, samples={"01_a.py": sample})
    record = check(load_sheet(root), runner=checker)
    sample_rows = [r for r in record.results if r.kind == "sample"]
    assert [(r.code, r.verdict) for r in sample_rows][-2:] == [
        ("print(x)", PASS),
        ("print(x.sum())", FAIL),
    ]
    assert sample_rows[-1].line == 13 and sample_rows[-1].actual == "9"


FENCED = SAMPLES / "fenced_rows"
LEAKS = '"CHEATSHEET_LEAK" in os.environ; "/nowhere" in sys.path; "leaky_module" in sys.modules'


def test_rows_cannot_escape_their_panel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = {p: p.read_bytes() for p in FENCED.rglob("*") if p.is_file()}
    monkeypatch.chdir(tmp_path)  # where the command was started
    start = time.monotonic()
    runner = Runner()
    try:
        record = check(load_sheet(FENCED), runner=runner)
    finally:
        runner.close()
    took = time.monotonic() - start
    found = {r.code: r for r in record.results}

    # sys.exit is the row's exception; the panel goes on.
    assert found["sys.exit(3)"].verdict == PASS
    assert found["sys.exit(3)"].actual == "raises SystemExit"
    assert (found["1 + 1"].verdict, found["2 + 2"].verdict) == (PASS, PASS)
    # os._exit kills the worker: reported with its status and the real time; the next row runs.
    died = found["os._exit(7)"]
    assert died.verdict == ERROR
    assert re.fullmatch(r"worker process died with exit status 7 after (\d+\.\d) s", died.detail)
    assert float(died.detail.split()[-2]) < took
    assert found["3 * 3"].verdict == PASS
    # Files, folders, environment, sys.path and modules stay inside the panel that made them.
    after = [r for r in record.results if r.unit == "after"]
    assert [(r.code.split("  ")[0], r.verdict) for r in after] == [
        ('os.getcwd() == "/"', PASS),
        ('os.path.basename(os.getcwd()).startswith("jax-cheatsheet-after")', PASS),
        ('sorted(os.listdir("."))', PASS),
        (LEAKS, PASS),
    ]
    assert list(tmp_path.iterdir()) == []  # nothing written where the command started
    assert not list(Path(tempfile.gettempdir()).glob("jax-cheatsheet-moves-*"))  # scratch removed
    # Output is cut at 64 kB, and the verdict says so; a warning is kept with its row.
    noisy = found['print("x" * 10_000_000)']
    assert (noisy.verdict, len(noisy.stdout)) == (RAN, 64 * 1024)
    assert "cut at 64 kB" in noisy.detail
    warned = found["jnp.array(1.0, dtype=jnp.float64)"]
    assert warned.verdict == PASS
    assert len(warned.warnings) == 1 and warned.warnings[0].startswith("UserWarning: Explicitly")
    assert len(record.to_json()) < 4 * 64 * 1024  # not 20 MB: value, actual and stdout, cut
    assert {p: p.read_bytes() for p in FENCED.rglob("*") if p.is_file()} == before


def test_strict_warnings_fail_a_row_that_warns(tmp_path: Path, checker: Runner) -> None:
    root = write_sheet(tmp_path, {"a.md": panel("jnp.array(1.0, dtype=jnp.float64)   # -> 1.0")})
    sheet = load_sheet(root)
    (lenient,) = check(sheet, runner=checker).results
    (strict,) = check(sheet, CheckOptions(strict_warnings=True), runner=checker).results
    assert lenient.verdict == PASS
    assert strict.verdict == FAIL
    assert strict.detail.startswith("it warned (warnings are errors here): UserWarning: Explicitly")


REPL = SAMPLES / "repl_rows"


def test_rows_as_the_repl_shows_them(checker: Runner) -> None:
    record = check(load_sheet(REPL), runner=checker)
    assert [(r.unit, r.code.split("  ")[0], r.verdict) for r in record.results if r.expected] == [
        ("repl", "jnp.absolute(x1)", PASS),
        ("repl", "jnp.linspace(0, 1, 3).dtype", PASS),
        ("repl", "jnp.sqrt(jnp.array([2.0, 3.0]))", PASS),
        ("repl", "jnp.arange(5)", PASS),
        ("repl", "_.shape", PASS),
        ("repl", "print('a; b')", PASS),
        ("repl", "with jnp.printoptions(precision=2): jnp.sqrt(jnp.array([2.0]))", PASS),
        ("printed", "with jnp.printoptions(precision=3, suppress=True): print(jnp.sin(x))", PASS),
        ("printed", 'for i in range(3): print(i, end=" ")', PASS),
        ("printed", "jnp.arange(3)", PASS),
    ]
    shown = {r.code: r.actual for r in record.results}
    assert shown["jnp.absolute(x1)"] == "Array([ 5,  2,  0, 12], dtype=int32)"  # repr, as written
    assert shown["jnp.arange(3)"] == "[0 1 2]"  # the panel chose the print form


def test_the_repl_form_keeps_the_comparison_rules(tmp_path: Path, checker: Runner) -> None:
    rows = (
        "jnp.array([1., 2.])   # -> Array([1, 2], dtype=float32)\n"
        "jnp.array([1.5])      # -> Array([1.6], dtype=float32)\n"
        "jnp.arange(3)         # -> Array([0, ..., 3], dtype=int32)\n"
        "jnp.arange(3)         # -> [0 1 2]"
    )
    root = write_sheet(tmp_path, {"a.md": panel(rows)})
    text = (root / "sheet.yaml").read_text(encoding="utf-8")
    (root / "sheet.yaml").write_text("output: repr\n" + text, encoding="utf-8")
    details = [r.detail for r in check(load_sheet(root), runner=checker).results]
    assert details == [
        "documented 1 is integer, printed 1. is float (item 4)",
        "1.5 does not round to 1.6 (item 4)",
        "documented '3' (item 8) matches nothing printed after what came before it",
        "documented '[', printed 'Array' (item 1)",
    ]


LEAKY = SAMPLES / "leaky_panels"


def test_no_panel_sees_what_another_changed(tmp_path: Path, checker: Runner) -> None:
    """Each panel alone and in every order gives the same results (print options, x64,
    NumPy and Python random state, warnings filters, logging)."""

    def results(order: tuple[str, ...]) -> dict[str, list[tuple[str, str, str, tuple[str, ...]]]]:
        root = tmp_path / "-".join(order)
        shutil.copytree(LEAKY, root)
        text = (root / "sheet.yaml").read_text(encoding="utf-8")
        listed = text.replace("panels: [setter.md, reader.md]", f"panels: [{', '.join(order)}]")
        (root / "sheet.yaml").write_text(listed, encoding="utf-8")
        record = check(load_sheet(root), runner=checker)
        found: dict[str, list[tuple[str, str, str, tuple[str, ...]]]] = {}
        for r in record.results:
            found.setdefault(r.unit, []).append((r.code, r.actual, r.verdict, r.warnings))
        return found

    alone = {name: results((f"{name}.md",))[name] for name in ("setter", "reader")}
    for order in itertools.permutations(("setter.md", "reader.md")):
        assert results(order) == alone, order
    assert all(verdict in (PASS, RAN) for _, _, verdict, _ in alone["reader"])
