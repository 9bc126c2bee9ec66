"""Parsing sources into the model: rows, markers, overrides, and located errors."""

from __future__ import annotations

import shutil
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


#: What each bad sample's error column points at (the start of that text on the line).
POINTED_AT = {
    "bad_front_matter.md": "[unclosed",
    "unclosed_front_matter.md": "---",
    "unterminated_block.md": "```{snippet}",
    "invalid_python.md": "jnp.linspace(0, 1, 3)",
    "unknown_backend.md": "cuda",
    "override_without_row.md": "jax.device_count()",
    "too_many_values.md": "2; 3",
    "output_on_assignment.md": "-> 1",
    "arrow_in_prose.md": "-> device",
    "unknown_directive.md": "```{unknown}",
    "bad_see.md": "nowhere",
    "no_snippet.md": "",
    "sample_no_title.py": "import jax",
    "sample_arrow_inside.py": "-> 0",
}


@pytest.mark.parametrize(
    ("sample", "line", "column", "message"),
    [
        ("bad_front_matter.md", 3, 8, "invalid YAML: while parsing a flow sequence opened here"),
        ("unclosed_front_matter.md", 1, 1, "front matter opened with '---' is never closed"),
        ("unterminated_block.md", 12, 1, "unterminated {snippet} block"),
        ("invalid_python.md", 11, 16, "row is not valid Python"),
        ("unknown_backend.md", 14, 15, "unknown backend 'cuda'"),
        ("override_without_row.md", 15, 1, "override matches no row of the snippet"),
        ("too_many_values.md", 11, 14, "row has 1 expression(s) but 2 documented values"),
        ("output_on_assignment.md", 11, 11, "'->' on a row with no expression to check"),
        ("arrow_in_prose.md", 11, 20, "'->' with no code before it"),
        ("unknown_directive.md", 10, 1, "unknown block {unknown}"),
        ("bad_see.md", 7, 6, "'see' must be a non-empty dict"),
        ("no_snippet.md", 9, 1, "a panel needs exactly one {snippet} block, found 0"),
        ("sample_no_title.py", 1, 1, "a sample starts with a docstring"),
        ("sample_arrow_inside.py", 6, 17, "'->' inside a statement"),
    ],
)
def test_bad_input_is_located(sample: str, line: int, column: int, message: str) -> None:
    path = SAMPLES / sample
    parse = parse_panel if path.suffix == ".md" else parse_sample
    with pytest.raises(SourceError) as caught:
        parse(path)
    assert (caught.value.path, caught.value.line, caught.value.column) == (path, line, column)
    assert message in caught.value.message
    where = f"{path}:{line}:{column}" if column else f"{path}:{line}"
    assert str(caught.value).startswith(f"{where}: ")
    text = path.read_text(encoding="utf-8").splitlines()[line - 1]
    assert text[column - 1 :].startswith(POINTED_AT[sample]), "the column points at the cause"


def test_an_empty_output_is_a_row_to_fill_in() -> None:
    path = SAMPLES / "undocumented_row.md"
    (row,) = parse_panel(path).rows
    assert row.expectation is not None and row.expectation.pending
    text = path.read_text(encoding="utf-8").splitlines()[row.end_line - 1]
    # The output's span is just past the marker, where update will write the value.
    assert text[: row.expectation.column].endswith("# gradient ->")
    assert row.expectation.column == row.expectation.end_column


def test_sheet_errors_are_located(tmp_path: Path) -> None:
    root = write_sheet(tmp_path / "s", {"a.md": panel("1 + 1   # -> 2", id="a")})
    (root / "sheet.yaml").write_text("title: T\npanels: [a.md, missing.md]\n", encoding="utf-8")
    sheet = load_sheet(root)
    assert [p.id for p in sheet.panels] == ["a"]  # the panel that parses is kept
    (missing,) = sheet.problems
    assert str(missing) == f"{root / 'sheet.yaml'}:2:16: panel file 'missing.md' not found"
    twice = {"a.md": panel("1", id="same"), "b.md": panel("2", id="same")}
    (again,) = load_sheet(write_sheet(tmp_path / "t", twice)).problems
    assert str(again).startswith(f"{tmp_path / 't' / 'b.md'}:2:5: panel id 'same' already used")
    with pytest.raises(SourceError, match=r"nowhere: no such folder: give a sheet folder"):
        load_sheet(tmp_path / "nowhere")


def test_a_bad_quick_reference_row_points_at_itself(tmp_path: Path) -> None:
    root = write_sheet(tmp_path / "s", {"a.md": panel("1 + 1   # -> 2", id="a")})
    shutil.copy(SAMPLES / "quickref_bad_row" / "quickref.yaml", root / "quickref.yaml")
    (problem,) = load_sheet(root).problems
    assert (problem.line, problem.column) == (6, 9)  # the row's own '['
    assert "row ['jax.jit(f)', 'compile', 'one cell too many'] must have 2 cells" in str(problem)


def test_yaml_positions_come_from_the_parser(tmp_path: Path) -> None:
    root = write_sheet(tmp_path / "s", {"a.md": panel("1 + 1   # -> 2", id="a")})
    text = (root / "sheet.yaml").read_text(encoding="utf-8")
    # A nested key of the same name earlier on must not fool the locator (it searched text).
    decoy = "references:\n  - text: Docs\n    url: https://docs.jax.dev/\n    site_url: decoy\n"
    (root / "sheet.yaml").write_text(
        decoy + text + "site_url: http://insecure/\n", encoding="utf-8"
    )
    with pytest.raises(SourceError) as caught:
        load_sheet(root)
    last = len((root / "sheet.yaml").read_text(encoding="utf-8").splitlines())
    assert (caught.value.line, caught.value.column) == (last, 11)
    sheet = load_sheet(write_sheet(tmp_path / "t", {"a.md": panel("1", id="a")}))
    prelude = (sheet.root / "sheet.yaml").read_text(encoding="utf-8").splitlines()
    assert prelude[sheet.prelude.location.line - 1].strip() == sheet.prelude.code.splitlines()[0]


def test_a_bom_and_crlf_line_endings_are_accepted() -> None:
    panel_read = parse_panel(SAMPLES / "bom_crlf.md")
    assert panel_read.title == "BOM and CRLF"
    (row,) = panel_read.rows
    assert (row.code, row.expectation is not None and row.expectation.source) == (
        "jnp.ones(2)",
        "[1. 1.]",
    )


def test_an_empty_snippet_is_located() -> None:
    with pytest.raises(SourceError) as caught:
        parse_panel(SAMPLES / "empty_snippet.md")
    assert (caught.value.line, caught.value.column) == (12, 1)
    assert caught.value.message == "the {snippet} block has no rows to run"


def test_a_row_option_sets_its_timeout_and_a_bad_one_is_located() -> None:
    rows = parse_rows("x = 1\n#| timeout: 5\ny = 2\n", Path("a.md"), 10, "p", notes=True)
    assert [(r.code, r.timeout) for r in rows] == [("x = 1", None), ("y = 2", 5.0)]
    with pytest.raises(SourceError, match=r"a.md:10:13: timeout must be seconds"):
        parse_rows("#| timeout: x\ny = 1\n", Path("a.md"), 10, "p", notes=True)
    with pytest.raises(SourceError, match=r"a.md:10:1: a '#\|' line sets a row option"):
        parse_rows("#| retries: 3\ny = 1\n", Path("a.md"), 10, "p", notes=True)


def test_a_wildcard_alone_checks_nothing_and_is_refused() -> None:
    with pytest.raises(SourceError, match=r"a.md:3:20: '...' alone matches anything"):
        parse_rows("jnp.ones(3)   # -> ...\n", Path("a.md"), 3, "p", notes=True)
    (row,) = parse_rows("f()   # -> [1 ... 3]\n", Path("a.md"), 3, "p", notes=True)
    assert row.expectation is not None and row.expectation.source == "[1 ... 3]"


def test_one_line_blocks_carry_an_output_and_longer_ones_do_not() -> None:
    (row,) = parse_rows(
        "for i in range(2): print(i)   # -> 0 1\n", Path("a.md"), 1, "p", notes=True
    )
    assert row.n_values == 1 and row.expectation is not None
    with pytest.raises(SourceError, match=r"a.md:2:17: '->' inside a statement"):
        parse_rows("for i in range(2):\n    print(i)  # -> 0\n", Path("a.md"), 1, "p", notes=True)
    with pytest.raises(SourceError, match=r"a.md:1:24: '->' inside a statement"):
        parse_rows("def f(x): return x   # -> 1\n", Path("a.md"), 1, "p", notes=True)


def test_an_escaped_separator_is_part_of_one_value() -> None:
    (row,) = parse_rows("print('a; b')   # -> a\\; b\n", Path("a.md"), 1, "p", notes=True)
    assert row.expectation is not None
    assert [v.text for v in row.expectation.values] == ["a; b"]


def test_a_sheet_and_a_panel_choose_the_output_form(tmp_path: Path) -> None:
    sheet = load_sheet(SAMPLES / "repl_rows")
    assert sheet.form == "repr"
    assert [sheet.form_of(p) for p in sheet.panels] == ["repr", "print"]
    root = write_sheet(tmp_path, {"a.md": panel("1", id="a")})
    text = (root / "sheet.yaml").read_text(encoding="utf-8")
    (root / "sheet.yaml").write_text("output: str\n" + text, encoding="utf-8")
    with pytest.raises(SourceError, match=r"sheet.yaml:1:9: 'output' is one of print, repr"):
        load_sheet(root)
