"""The built posters: fresh, deterministic, small, stamped from the record, inked, printable;
failing rows refused or marked; two-page posters."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pygments.token import Token

from jax_cheatsheet.check.runner import Runner
from jax_cheatsheet.check.service import check
from jax_cheatsheet.cli import default_sheet, main
from jax_cheatsheet.matrix import matrix_from
from jax_cheatsheet.model import Row, Sheet
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.poster import fonts
from jax_cheatsheet.poster.build import export_posters, render_posters, write_posters
from jax_cheatsheet.poster.export import export
from jax_cheatsheet.poster.glyphs import GlyphError
from jax_cheatsheet.poster.layout import MARGIN, PAGE_HEIGHT, PAGE_WIDTH, layout_page
from jax_cheatsheet.poster.stamp import RecordError, release_range, stamp
from jax_cheatsheet.poster.theme import THEMES, contrast, greyscale
from jax_cheatsheet.record import ERROR, FAIL, PASS, RAN, Record, RowResult
from test_layout import sample_sheet

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "svg"
RECORDS = ROOT / "docs" / "records"
CACHE = ROOT / "build" / "cache"
NS = {"s": "http://www.w3.org/2000/svg"}


@pytest.fixture(scope="module")
def sheet() -> Sheet:
    return load_sheet(default_sheet())


@pytest.fixture(scope="module")
def record(sheet: Sheet, checker: Runner) -> Record:
    return check(sheet, runner=checker)


@pytest.fixture(scope="module")
def files(sheet: Sheet, record: Record) -> dict[str, str]:
    """The posters as ./dev build draws them: the stamp names the committed records' range."""
    return render_posters(sheet, record, CACHE, matrix=matrix_from(RECORDS, record)[0])


def test_committed_svgs_equal_a_fresh_render(files: dict[str, str]) -> None:
    committed = {
        p.relative_to(SVG).as_posix(): p.read_text("utf-8") for p in SVG.rglob("*") if p.is_file()
    }
    assert sorted(committed) == sorted(files), "svg/ is stale: run ./dev build"
    stale = [name for name, text in files.items() if committed[name] != text]
    assert stale == [], "svg/ is stale: run ./dev build"


def test_every_poster_file_exists_per_theme(sheet: Sheet, files: dict[str, str]) -> None:
    for theme in THEMES:
        assert f"cheatsheet-{theme.name}.svg" in files
        for panel in sheet.panels:
            assert f"panels/{panel.id}-{theme.name}.svg" in files
    assert len(files) == 2 * (1 + len(sheet.panels)) + 1
    assert "SIL OPEN FONT LICENSE" in files["JetBrainsMono-OFL.txt"].upper()


def test_rendering_is_byte_identical_even_with_a_fresh_font_cache(
    sheet: Sheet, record: Record, files: dict[str, str], tmp_path: Path
) -> None:
    again = render_posters(
        sheet, record, tmp_path / "cache", matrix=matrix_from(RECORDS, record)[0]
    )
    assert again == files


def test_whole_sheets_are_small(files: dict[str, str]) -> None:
    for theme in THEMES:
        assert len(files[f"cheatsheet-{theme.name}.svg"].encode()) <= 150_000


def test_every_file_parses_and_is_accessible(sheet: Sheet, files: dict[str, str]) -> None:
    for name, text in files.items():
        if not name.endswith(".svg"):
            continue
        root = ET.fromstring(text.encode("utf-8"))
        assert root.get("role") == "img", name
        desc = root.findtext("s:desc", namespaces=NS) or ""
        panels = (
            sheet.panels
            if name.startswith("cheatsheet-")
            else [p for p in sheet.panels if name.startswith(f"panels/{p.id}-")]
        )
        for panel in panels:
            assert panel.title in desc
            for row in panel.rows:
                assert row.code.splitlines()[-1] in desc
        links = {a.get("href") for a in root.iter("{http://www.w3.org/2000/svg}a")}
        for panel in panels:
            assert f"{sheet.site_url}panels/{panel.id}.html" in links
            assert panel.see.url in links
        # Nothing is fetched: fonts are embedded, and only link targets are URLs.
        style = root.findtext("s:style", namespaces=NS) or ""
        assert "http" not in style and "url(data:font/woff2;base64," in style


def test_the_page_prints_on_a4_and_letter(files: dict[str, str], sheet: Sheet) -> None:
    root = ET.fromstring(files["cheatsheet-light.svg"].encode())
    assert (root.get("width"), root.get("height")) == ("279.4mm", "210mm")
    assert root.get("viewBox") == "0 0 792 595.28"
    page = layout_page(sheet.panels, fonts.metrics(CACHE))
    assert page.size >= 7
    for box in page.boxes:
        assert box.x >= MARGIN and box.x + box.width <= PAGE_WIDTH - MARGIN + 0.01
        assert box.y >= MARGIN and box.y + box.height <= PAGE_HEIGHT - MARGIN + 0.01


def test_the_stamp_comes_from_the_record(sheet: Sheet, record: Record) -> None:
    checked = [r for r in record.results if r.kind == "panel" and r.expected is not None]
    text = stamp(sheet.panels, record)
    jax = record.environment["jax"]
    assert text == f"verified with jax {jax} on cpu: {len(checked)}/{len(checked)} outputs"
    failing = [
        dataclasses.replace(r, verdict=FAIL) if r is checked[0] else r for r in record.results
    ]
    bad = dataclasses.replace(record, results=tuple(failing))
    assert stamp(sheet.panels, bad).endswith(
        f"{len(checked) - 1}/{len(checked)} outputs, 1 row FAILED"
    )


def test_the_stamp_names_the_release_range_of_the_committed_records(
    sheet: Sheet, record: Record, files: dict[str, str]
) -> None:
    """The panels' random draws changed in jax 0.5: the committed records show it, and the
    poster says which range of releases its rows hold on."""
    matrix = matrix_from(RECORDS, record)[0]
    assert matrix is not None
    late = [row for row in matrix.exceptions() if row.result.kind == "panel"]
    assert late and {row.result.unit for row in late} == {"random"}
    first, bound = matrix.releases[0], matrix.bound
    releases = f"({len(matrix.releases)} releases)"
    span = f"holds on jax {first}-{record.environment['jax']} {releases} except {len(late)} rows; "
    assert release_range(sheet.panels, matrix) == f"{span}all rows from {bound}"
    assert f"{stamp(sheet.panels, record)} · {span}all rows from {bound}" in files[
        "cheatsheet-light.svg"
    ].replace("&#183;", "·")
    arrays = [p for p in sheet.panels if p.id == "arrays"]
    assert release_range(arrays, matrix) == (
        f"every row holds on jax {first}-{matrix.releases[-1]} {releases}"
    )
    assert release_range(sheet.panels, None) == ""


def test_a_stale_record_is_refused(sheet: Sheet, record: Record) -> None:
    first = sheet.panels[0].checked_rows[0]
    changed = [
        dataclasses.replace(r, expected="something else") if r.id == first.id else r
        for r in record.results
    ]
    with pytest.raises(
        RecordError, match=rf"stale: row {first.id} \(.*01-arrays.md:\d+:\d+\) changed"
    ):
        render_posters(sheet, dataclasses.replace(record, results=tuple(changed)), CACHE)


def test_a_missing_record_is_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["posters", "--record", str(tmp_path / "none.json"), "--out", str(tmp_path / "svg")]
    )
    assert code == 2
    missing = tmp_path / "none.json"
    assert capsys.readouterr().err == (
        f"error: no verification record at {missing}: run `jax-cheatsheet doctest` first\n"
    )
    assert not (tmp_path / "svg").exists()


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_the_png_shows_ink_inside_every_panel_box(
    theme: object, sheet: Sheet, tmp_path: Path
) -> None:
    name = f"cheatsheet-{theme.name}"  # type: ignore[attr-defined]
    png = tmp_path / f"{name}.png"
    export(SVG / f"{name}.svg", png, tmp_path / f"{name}.pdf", CACHE, dpi=72)
    assert (tmp_path / f"{name}.pdf").read_bytes().startswith(b"%PDF")
    image = Image.open(png).convert("RGB")
    assert image.size == (792, 595)
    panel_colour = tuple(int(theme.panel[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[attr-defined]
    page = layout_page(sheet.panels, fonts.metrics(CACHE))
    for box in page.boxes:
        inside = (box.x + 3, box.y + 3, box.x + box.width - 3, box.y + box.height - 3)
        pixels = np.asarray(image.crop(tuple(int(v) for v in inside)), dtype=int)
        inked = (np.abs(pixels - np.array(panel_colour)).sum(axis=2) > 120).mean()
        assert inked > 0.02, (box.panel_id, inked)


def passing_record(sheet: Sheet) -> Record:
    """A record in which every row of ``sheet`` held (as a CPU run would have written it)."""
    results = []
    for panel in sheet.panels:
        for row in panel.rows:
            if row.is_note:
                continue
            expected = row.expectation_for("cpu")
            text = str(expected) if expected else None
            verdict = PASS if expected else RAN
            where = (row.location.path.name, row.location.line)
            results.append(
                RowResult(row.id, panel.id, "panel", *where, row.code, text, "", verdict)
            )
    environment = {"backend": "cpu", "jax": "0.10.2", "jaxlib": "0.10.2"}
    return Record(environment, str(sheet.root), tuple(results))


def failing(record: Record, **rows: tuple[str, str, str]) -> Record:
    """``record`` with rows (id with ``_`` for ``:``) given (verdict, actual, raised)."""
    changed = {key.replace("_", ":", 1): value for key, value in rows.items()}
    results = []
    for result in record.results:
        if result.id in changed:
            verdict, actual, raised = changed[result.id]
            result = dataclasses.replace(result, verdict=verdict, actual=actual, raised=raised)
        results.append(result)
    return dataclasses.replace(record, results=tuple(results))


def two_failures(sheet: Sheet, record: Record) -> tuple[Row, Row, Record]:
    """A checked row that printed something else and an unchecked row that raised."""
    checked = sheet.panels[1].checked_rows[0]
    unchecked = next(r for p in sheet.panels for r in p.rows if r.expectation is None and r.code)
    bad = failing(
        record,
        **{
            checked.id.replace(":", "_"): (FAIL, "[ 7  7 ]", ""),
            unchecked.id.replace(":", "_"): (ERROR, "", "TypeError"),
        },
    )
    return checked, unchecked, bad


def test_a_failing_record_is_refused_listing_each_failing_row(sheet: Sheet, record: Record) -> None:
    checked, unchecked, bad = two_failures(sheet, record)
    with pytest.raises(RecordError) as caught:
        render_posters(sheet, bad, CACHE)
    order = [row.id for panel in sheet.panels for row in panel.rows]
    first, second = sorted([checked, unchecked], key=lambda row: order.index(row.id))
    assert str(caught.value).splitlines() == [
        "2 rows failed in the verification record, and a poster would show them as true:",
        *(
            f"  {row.location}: row {row.id} fail: expected {str(row.expectation)!r}, "
            "JAX printed '[ 7 7 ]'"
            if row is checked
            else f"  {row.location}: row {row.id} error: raised TypeError"
            for row in (first, second)
        ),
        "fix the sheet (`jax-cheatsheet update` writes what JAX printed) and run "
        "`jax-cheatsheet doctest` again, or draw the failing rows marked: --allow-failures",
    ]


def test_allowed_failures_are_drawn_marked_and_counted(sheet: Sheet, record: Record) -> None:
    checked, unchecked, bad = two_failures(sheet, record)
    files = render_posters(sheet, bad, CACHE, allow_failures=True)
    panel = next(p for p in sheet.panels if checked in p.rows)
    for name in ("cheatsheet-light.svg", "cheatsheet-dark.svg", f"panels/{panel.id}-light.svg"):
        root = ET.fromstring(files[name].encode())
        rows = ["".join(text.itertext()) for text in root.iter("{http://www.w3.org/2000/svg}text")]
        marked = [row for row in rows if "FAILED" in row]
        # Beside its code, or wrapped under it: the comment, then the mark.
        comment = f"# {checked.comment} -> {checked.expectation.source}"  # type: ignore[union-attr]
        (printed,) = [m for m in marked if "printed" in m]
        assert printed.endswith(f"{comment}  \u26a0 FAILED: JAX printed [ 7 7 ]")
    light = files["cheatsheet-light.svg"]
    mark = "\u26a0 FAILED: raised TypeError"
    space = "  " if unchecked.comment else " "  # after its comment, or after a "#" of its own
    marks = [
        "".join(span.itertext())
        for span in ET.fromstring(light.encode()).iter("{http://www.w3.org/2000/svg}tspan")
        if span.get("class") == "t-err" and span.get("font-weight") == "700"
    ]
    assert f"{space}{mark}" in marks
    total = sum(1 for r in record.results if r.kind == "panel" and r.expected is not None)
    assert f"{total - 1}/{total} outputs, 2 rows FAILED" in light  # the stamp counts them


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_the_failure_mark_reads_in_colour_and_in_greyscale(theme: object) -> None:
    colour = theme.token_colour(Token.Error)  # type: ignore[attr-defined]
    panel = theme.panel  # type: ignore[attr-defined]
    assert contrast(colour, panel) >= 7
    assert contrast(greyscale(colour), greyscale(panel)) >= 7


def test_posters_from_a_failing_record_exit_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = sample_sheet(tmp_path / "sheet", 3)
    failing(passing_record(sheet), arrays_4=(FAIL, "float64", "")).write(tmp_path / "cpu.json")
    out = tmp_path / "svg"
    args = [str(sheet.root), "--record", str(tmp_path / "cpu.json"), "--out", str(out)]
    assert main(["posters", *args, "--no-export"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: 1 row failed in the verification record")
    assert (
        "01-arrays.md:30:1: row arrays:4 fail: expected 'float32', JAX printed 'float64'" in error
    )
    assert not out.exists()


def test_a_two_page_poster_has_a_file_per_page_and_theme(tmp_path: Path) -> None:
    sheet = sample_sheet(tmp_path / "sheet", 13, long=True)
    record = passing_record(sheet)
    with pytest.raises(ValueError, match=r"runs off the page: .* `--pages 2`"):
        render_posters(sheet, record, CACHE)
    out = tmp_path / "svg"
    write_posters(sheet, record, out, CACHE, pages=2)
    whole = sorted(p.name for p in out.glob("cheatsheet-*.svg"))
    assert whole == [
        "cheatsheet-dark-2.svg",
        "cheatsheet-dark.svg",
        "cheatsheet-light-2.svg",
        "cheatsheet-light.svg",
    ]
    assert len(list((out / "panels").glob("*.svg"))) == 2 * 13
    first, second = (ET.parse(out / name).getroot() for name in whole[2:][::-1])
    for n, root in enumerate((first, second), 1):
        title = root.findtext("s:title", namespaces=NS) or ""
        assert title.endswith(f"(light): 13 panels, page {n} of 2")
        assert (root.get("width"), root.get("height")) == ("279.4mm", "210mm")
    drawn = [
        {g.get("id") for g in root.iter("{http://www.w3.org/2000/svg}g")}
        for root in (first, second)
    ]
    assert drawn[0] | drawn[1] == {f"panel-{p.id}" for p in sheet.panels}
    assert not drawn[0] & drawn[1]
    # Back to one page (fewer panels): the second page's SVGs and exports go.
    exports = tmp_path / "png"
    assert len(export_posters(out, exports, CACHE)) == 8
    short = sample_sheet(tmp_path / "short", 3)
    write_posters(short, passing_record(short), out, CACHE)
    assert sorted(p.name for p in out.glob("cheatsheet-*.svg")) == whole[1::2]
    export_posters(out, exports, CACHE)
    assert sorted(p.name for p in exports.glob("cheatsheet-*")) == [
        "cheatsheet-dark.pdf",
        "cheatsheet-dark.png",
        "cheatsheet-light.pdf",
        "cheatsheet-light.png",
    ]


def test_a_character_no_font_draws_is_refused_located_unless_the_sheet_allows_it(
    tmp_path: Path,
) -> None:
    root = tmp_path / "s"
    assert main(["new", str(root)]) == 0
    source = root / "01-first.md"
    text = source.read_text(encoding="utf-8").replace("# four integers", "# 四 integers")
    source.write_text(text, encoding="utf-8")
    sheet = load_sheet(root)
    with pytest.raises(GlyphError) as caught:
        render_posters(sheet, passing_record(sheet), CACHE)
    assert f"{source}:15:30: panel 'first', row first:1: no glyph for '四'" in str(caught.value)
    allowed = dataclasses.replace(sheet, glyphs_required=False)
    assert "cheatsheet-light.svg" in render_posters(allowed, passing_record(allowed), CACHE)
