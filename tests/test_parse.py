"""Parsing sources into the model: rows, markers, overrides, and located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import SAMPLES, panel, write_sheet
from jax_cheatsheet.errors import SourceError
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.parse.panel import parse_panel
from jax_cheatsheet.parse.rows import parse_rows
from jax_cheatsheet.parse.sample import parse_sample


def rows(text: str):  # type: ignore[no-untyped-def]
    return parse_rows(text, Path("x.md"), 10, "p", notes=True)


def test_rows_group_statements_by_line() -> None:
    parsed = rows(
        "import jax\n"
        "\n"
        "jax.devices(); jax.default_backend()   # list devices -> [CpuDevice(id=0)]; 'cpu'\n"
        "@jit\n"
        "def g(x): return x * 2                 # compile it\n"
        "# a note\n"
        "k = 1; k + 1                            # -> 2\n"
    )
    assert [r.code for r in parsed] == [
        "import jax",
        "jax.devices(); jax.default_backend()",
        "@jit\ndef g(x): return x * 2",
        "",
        "k = 1; k + 1",
    ]
    imports, devices, decorated, note, assign = parsed
    assert imports.is_import and not devices.is_import
    assert devices.gap_before and not decorated.gap_before
    assert devices.comment == "list devices"
    assert [v.text for v in devices.expectation.values] == ["[CpuDevice(id=0)]", "'cpu'"]
    assert devices.n_values == 2
    assert (decorated.location.line, decorated.end_line) == (13, 14)
    assert note.is_note and note.comment == "a note"
    assert assign.n_values == 1 and assign.expectation.values[0].text == "2"


def test_raises_and_approximate_forms() -> None:
    raised, approx = rows(
        "jit(f)(x)   # -> raises ConcretizationTypeError\nw   # converges -> ~2.0\n"
    )
    assert raised.expectation.values[0].raises == "ConcretizationTypeError"
    assert approx.expectation.values[0].approx and approx.expectation.values[0].text == "2.0"


def test_arrows_inside_code_are_not_markers() -> None:
    (row,) = rows("def f(x) -> int: return 1   # annotated, no output\n")
    assert row.expectation is None and row.comment == "annotated, no output"
    (row,) = rows("'a -> b'   # text -> 'a -> b'\n")
    assert row.expectation.values[0].text == "'a -> b'"


def test_override_attaches_to_its_row() -> None:
    text = panel(
        "jax.devices()   # -> [CpuDevice(id=0)]",
        extra="```{override} gpu\njax.devices()   # -> [CudaDevice(id=0)]\n```",
    )
    path = Path("p.md")
    parsed = parse_panel(_write(path, text))
    (row,) = parsed.rows
    assert str(row.expectation_for("cpu")) == "[CpuDevice(id=0)]"
    assert str(row.expectation_for("gpu")) == "[CudaDevice(id=0)]"
    assert str(row.expectation_for("tpu")) == "[CpuDevice(id=0)]"


def _write(path: Path, text: str) -> Path:
    import tempfile

    target = Path(tempfile.mkdtemp()) / path
    target.write_text(text, encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("sample", "line", "message"),
    [
        ("bad_front_matter.md", 4, "invalid YAML"),
        ("unclosed_front_matter.md", 1, "front matter opened with '---' is never closed"),
        ("unterminated_block.md", 12, "unterminated {snippet} block"),
        ("empty_output.md", 11, "nothing after '->'"),
        ("invalid_python.md", 11, "row is not valid Python"),
        ("unknown_backend.md", 14, "unknown backend 'cuda'"),
        ("override_without_row.md", 15, "override matches no row of the snippet"),
        ("too_many_values.md", 11, "row has 1 expression(s) but 2 documented values"),
        ("output_on_assignment.md", 11, "'->' on a row with no expression to check"),
        ("arrow_in_prose.md", 11, "'->' with no code before it"),
        ("unknown_directive.md", 10, "unknown block {unknown}"),
        ("bad_see.md", 7, "'see' must be a non-empty dict"),
        ("no_snippet.md", 9, "a panel needs exactly one {snippet} block, found 0"),
        ("sample_no_title.py", 1, "a sample starts with a docstring"),
        ("sample_arrow_inside.py", 6, "'->' inside a statement"),
    ],
)
def test_bad_input_is_located(sample: str, line: int, message: str) -> None:
    path = SAMPLES / sample
    parse = parse_panel if path.suffix == ".md" else parse_sample
    with pytest.raises(SourceError) as caught:
        parse(path)
    assert (caught.value.path, caught.value.line) == (path, line)
    assert message in caught.value.message
    assert str(caught.value).startswith(f"{path}:{line}: ")


def test_sheet_errors_are_located(tmp_path: Path) -> None:
    root = write_sheet(tmp_path / "s", {"a.md": panel("1 + 1   # -> 2", id="a")})
    (root / "sheet.yaml").write_text("title: T\npanels: [a.md, missing.md]\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"sheet.yaml:2: panel file 'missing.md' not found"):
        load_sheet(root)
    twice = {"a.md": panel("1", id="same"), "b.md": panel("2", id="same")}
    with pytest.raises(SourceError, match=r"b.md:1: panel id 'same' already used"):
        load_sheet(write_sheet(tmp_path / "t", twice))
    with pytest.raises(SourceError, match=r"sheet.yaml:1: no sheet.yaml"):
        load_sheet(tmp_path / "nowhere")
