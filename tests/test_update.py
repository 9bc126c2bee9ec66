"""update rewrites only what follows '->', atomically; drift lists rows that print differently."""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import panel, write_sheet
from jax_cheatsheet.check.runner import Runner
from jax_cheatsheet.check.service import check
from jax_cheatsheet.cli import default_sheet, main
from jax_cheatsheet.drift import drift, table
from jax_cheatsheet.files import stale_temporaries
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.parse.outputs import parse_expectation
from jax_cheatsheet.record import Record, RowResult, read_record
from jax_cheatsheet.update import _rewrite, apply, plan


def copy_sheet(tmp_path: Path) -> Path:
    return Path(shutil.copytree(default_sheet(), tmp_path / "cheatsheet"))


def edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text


def test_update_restores_a_changed_output_and_nothing_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = copy_sheet(tmp_path)
    grad, random = sheet / "03-grad.md", sheet / "06-random.md"
    grad_before = edit(grad, "slope of x**3 at 2 -> 12.0", "slope of x**3 at 2 -> 13.0")
    random_before = edit(
        random, "new numbers -> [1.00 -0.91 -0.75]", "new numbers -> [1.00 -0.91 -0.76]"
    )

    assert main(["update", str(sheet), "--check"]) == 1
    out = capsys.readouterr().out
    changed = [
        line for line in out.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]

    def line(text: str, needle: str) -> str:
        return next(ln for ln in text.splitlines() if needle in ln)

    grad_line = line(grad_before, "slope of x**3 at 2 ->")
    random_line = line(random_before, "new numbers ->")
    assert changed == [
        "-" + grad_line.replace("-> 12.0", "-> 13.0"),
        "+" + grad_line,
        "-" + random_line.replace("-0.75]", "-0.76]"),
        "+" + random_line,
    ]
    assert "13.0" in grad.read_text(encoding="utf-8")  # --check writes nothing

    assert main(["update", str(sheet)]) == 0
    assert grad.read_text(encoding="utf-8") == grad_before
    assert random.read_text(encoding="utf-8") == random_before
    assert main(["update", str(sheet), "--check"]) == 0
    assert not list(sheet.rglob("*.tmp"))


def test_update_on_a_malformed_source_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_sheet(tmp_path, {"a.md": panel("1 + 1   # -> 3\nx = = 2")})
    before = {p: p.read_bytes() for p in root.iterdir()}
    assert main(["update", str(root)]) == 2
    assert capsys.readouterr().err == (
        f"error: {root / 'a.md'}:14:5: row is not valid Python: invalid syntax\n"
        "error: update changes nothing while a source does not parse\n"
    )
    assert {p: p.read_bytes() for p in root.iterdir()} == before


#: `jax-cheatsheet update SHEET` with a pause before each rename, so the test can kill it there.
PAUSED_UPDATE = """
import os, sys, time
rename = os.replace
def slow(source, target):
    time.sleep(60)
    rename(source, target)
os.replace = slow
from jax_cheatsheet.cli import main
sys.exit(main(["update", sys.argv[1]]))
"""


def test_killing_update_mid_write_leaves_every_source_intact(tmp_path: Path) -> None:
    sheet = copy_sheet(tmp_path)
    grad = sheet / "03-grad.md"
    edit(grad, "second derivative, 6x -> 12.0", "second derivative, 6x -> 11.0")
    broken = grad.read_text(encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-c", PAUSED_UPDATE, str(sheet)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not stale_temporaries(grad):
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        (temporary,) = stale_temporaries(grad)
        while "6x -> 12.0" not in temporary.read_text(encoding="utf-8"):
            time.sleep(0.05)  # the temporary copy is complete; the rename has not happened
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL
    assert grad.read_text(encoding="utf-8") == broken
    shutil.rmtree(sheet)  # the stray temporary file goes with the copy


def rewrite(written: str, values: tuple[str, ...], raised: str = "") -> str:
    """What update writes after '->' for a row documented as ``written``."""
    expectation = parse_expectation(written, Path("a.md"), 1)
    ran = RowResult("u:1", "u", "panel", "a.md", 1, "x", written, "", "fail", "", values, raised)
    return _rewrite(expectation, ran)


def test_rewrite_keeps_the_precision_written() -> None:
    new = rewrite("[1.62 2.03 -0.43]", ("[ 1.7226422  2.0252647 -0.43359444]",))
    assert new == "[1.72 2.03 -0.43]"  # the written spacing kept, the changed number rounded
    assert rewrite("[3 3 3 3]", ("[3. 3. 3. 3.]",)) == "[3. 3. 3. 3.]"
    assert rewrite("6; [0 1 3 5]", ("6", "[0 1 3 6]")) == "6; [0 1 3 6]"
    assert rewrite("2.0", (), raised="TypeError") == "raises TypeError"
    assert rewrite("~2.0", ("1.5",)) == "~1.5"
    assert rewrite("", ("[[1 2]\n [3 4]]",)) == "[[1 2] [3 4]]"  # an empty '->' is filled


def result(code: str, actual: str, verdict: str = "pass", line: int = 1) -> RowResult:
    return RowResult(f"u:{line}", "u", "panel", "u.md", line, code, actual, actual, verdict)


def test_drift_lists_exactly_the_rows_that_print_differently() -> None:
    env = {"jax": "0.4.38", "jaxlib": "0.4.38", "backend": "cpu"}
    old = Record(env, "T", (result("a", "[1 2]"), result("b", "[0.5  1.]"), result("gone", "1")))
    new = Record(
        {**env, "jax": "0.10.2"},
        "T",
        (result("a", "[1  2]"), result("b", "[0.7 1.]", "fail"), result("new", "3")),
    )
    changes = drift(old, new)
    assert [(c.code, c.before is not None, c.after is not None) for c in changes] == [
        ("b", True, True),
        ("new", False, True),
        ("gone", True, False),
    ]
    text = table(old, new, changes)
    assert (
        text.splitlines()[0]
        == "3 of 3 rows print differently (jax 0.4.38 on cpu -> jax 0.10.2 on cpu):"
    )
    assert "| u.md:1 | `b` | `[0.5 1.]` | `[0.7 1.]` **fail** |" in text
    same = drift(new, dataclasses.replace(new, environment={**env, "backend": "gpu"}))
    assert same == []
    twice = Record(env, "T", (result("d", "1", line=1), result("d", "1", line=2)))
    again = Record(env, "T", (result("d", "1", line=1), result("d", "2", line=2)))
    assert [c.where for c in drift(twice, again)] == ["u.md:2"]  # repeated rows kept apart


def test_drift_from_jax_0_4_38_lists_the_rows_that_changed(checker: Runner) -> None:
    old = read_record(Path(__file__).resolve().parents[1] / "docs/records/jax-0.4.38-cpu.json")
    new = check(load_sheet(default_sheet()), runner=checker)
    changes = drift(old, new)
    # Checked by hand: the default PRNG changed in jax 0.5.0, so every draw differs; three
    # float32 results differ in their last printed digit, within the documented precision.
    draws = [
        ("06-random.md", "jax.random.normal(key, (3,))"),
        ("06-random.md", "jax.random.normal(key, (3,))"),
        ("06-random.md", "jax.random.normal(k1, (3,))"),
        ("06-random.md", "jax.random.uniform(key, (3,))"),
        ("06-random.md", "jax.random.randint(key, (3,), 0, 10)"),
        ("samples/04_random.py", "print(a)"),
        ("samples/04_random.py", "print(b)"),
        ("samples/04_random.py", "print(jax.random.normal(key, (3,)))"),
        ("samples/04_random.py", "print(jax.random.normal(key, (3,)))"),
    ]
    last_digit = [
        ("02-numpy.md", "jnp.exp(x); x * 2 + 1"),
        ("samples/01_transforms.py", "print(gw, gb)"),
        ("samples/03_gradient_descent.py", "print(jax.tree.map(float, params))"),
    ]
    found = sorted((c.where.split(":")[0], c.code) for c in changes)
    assert found == sorted(draws + last_digit)
    failing_then = sorted(
        (c.where.split(":")[0], c.code) for c in changes if c.before and c.before.verdict == "fail"
    )
    assert failing_then == sorted(draws)


def test_update_rewrites_the_override_of_the_backend_it_ran_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    override = "```{override} gpu\njax.default_backend()   # -> 'gpu'\n```"
    root = write_sheet(
        tmp_path, {"a.md": panel("jax.default_backend()   # -> 'cpu'", extra=override)}
    )
    before = (root / "a.md").read_text(encoding="utf-8")
    runner = Runner()
    try:
        faked = {**runner.describe(), "backend": "gpu"}  # a faked backend name
        monkeypatch.setattr(runner, "describe", lambda: faked)
        record = check(load_sheet(root), runner=runner)
    finally:
        runner.close()
    changed = apply(plan(load_sheet(root), record))
    old, new = changed[root / "a.md"]
    assert old == before
    old_lines, new_lines = old.splitlines(), new.splitlines()
    changed_lines = [
        (n, a, b) for n, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b
    ]
    # On "gpu" JAX printed 'cpu' (this machine): the gpu override changes, the default stays.
    ((index, was, now),) = changed_lines
    assert old_lines[index - 1] == "```{override} gpu"
    assert (was, now) == (
        "jax.default_backend()   # -> 'gpu'",
        "jax.default_backend()   # -> 'cpu'",
    )


NEW_ROW = "jnp.arange(3) - 1   # a new row ->"


def add_row(sheet: Path) -> int:
    """Add NEW_ROW at the end of the grad panel's snippet; return its line."""
    grad = sheet / "03-grad.md"
    text = grad.read_text(encoding="utf-8")
    anchor = "jax.hessian(g)(x)"
    line = next(ln for ln in text.splitlines() if ln.startswith(anchor))
    grad.write_text(text.replace(line, f"{line}\n{NEW_ROW}"), encoding="utf-8")
    return text.splitlines().index(line) + 2


def test_a_new_row_fails_then_fills_itself(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = copy_sheet(tmp_path)
    line = add_row(sheet)
    record = tmp_path / "r.json"
    assert main(["doctest", str(sheet), "--record", str(record)]) == 1
    out = capsys.readouterr().out
    assert f"{sheet / '03-grad.md'}:{line}: FAIL in grad: jnp.arange(3) - 1" in out
    assert "no documented output yet" in out
    assert main(["update", str(sheet)]) == 0
    filled = (sheet / "03-grad.md").read_text(encoding="utf-8").splitlines()[line - 1]
    assert filled == "jnp.arange(3) - 1   # a new row -> [-1  0  1]"
    assert main(["doctest", str(sheet), "--record", str(record)]) == 0


def test_pytest_update_sheet_fills_a_new_row(tmp_path: Path, pytester: pytest.Pytester) -> None:
    sheet = copy_sheet(tmp_path)
    line = add_row(sheet)
    panel_file = sheet / "03-grad.md"
    before = panel_file.read_text(encoding="utf-8")
    failed = pytester.runpytest("-p", "no:cacheprovider", str(panel_file))
    assert failed.ret == pytest.ExitCode.TESTS_FAILED
    assert panel_file.read_text(encoding="utf-8") == before  # nothing written without the flag
    updating = pytester.runpytest("-p", "no:cacheprovider", str(panel_file), "--update-sheet")
    updating.stdout.fnmatch_lines([f"--update-sheet: updated 1 file(s) of {sheet}"])
    filled = panel_file.read_text(encoding="utf-8").splitlines()[line - 1]
    assert filled == "jnp.arange(3) - 1   # a new row -> [-1  0  1]"
    passed = pytester.runpytest("-p", "no:cacheprovider", str(panel_file))
    assert passed.ret == pytest.ExitCode.OK


def test_update_keeps_crlf_and_a_bom_and_touches_only_the_value(tmp_path: Path) -> None:
    root = write_sheet(tmp_path, {"a.md": panel("jnp.arange(3) * 2   # doubled -> [0 2 5]")})
    source = root / "a.md"
    original = source.read_bytes().replace(b"\n", b"\r\n")
    source.write_bytes(b"\xef\xbb\xbf" + original)
    assert main(["update", str(root)]) == 0
    assert source.read_bytes() == b"\xef\xbb\xbf" + original.replace(b"[0 2 5]", b"[0 2 4]")


def test_update_removes_what_a_killed_write_left(tmp_path: Path) -> None:
    root = write_sheet(tmp_path, {"a.md": panel("1 + 1   # -> 2")})
    (root / ".a.md.k2j3h4.jcs-tmp").write_text("half a file", encoding="utf-8")
    assert stale_temporaries(root / "a.md")
    assert main(["update", str(root)]) == 0
    assert stale_temporaries(root / "a.md") == []


def test_update_refuses_a_value_that_changes_between_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = "object()   # an address ->\n1 + 1      # -> 3"
    root = write_sheet(tmp_path, {"a.md": panel(rows)})
    before = (root / "a.md").read_text(encoding="utf-8")
    assert main(["update", str(root)]) == 1
    out = capsys.readouterr().out
    assert f"{root / 'a.md'}:13:27: not updated: it printed '<object object at 0x" in out
    assert "cannot be its documented output" in out
    after = (root / "a.md").read_text(encoding="utf-8")
    assert after == before.replace("# -> 3", "# -> 2")  # the steady row is still updated


def test_update_fills_in_the_form_the_sheet_chose_and_escapes_separators(
    tmp_path: Path,
) -> None:
    rows = "jnp.arange(3)   # ->\nprint('a; b')   # ->"
    root = write_sheet(tmp_path, {"a.md": panel(rows)})
    text = (root / "sheet.yaml").read_text(encoding="utf-8")
    (root / "sheet.yaml").write_text("output: repr\n" + text, encoding="utf-8")
    assert main(["update", str(root)]) == 0
    lines = (root / "a.md").read_text(encoding="utf-8").splitlines()
    assert lines[12:14] == [
        "jnp.arange(3)   # -> Array([0, 1, 2], dtype=int32)",
        "print('a; b')   # -> a\\; b",
    ]
    assert main(["doctest", str(root), "--record", str(tmp_path / "r.json")]) == 0
