"""Poster layout: measured with the real font, 6 to 9 pt, balanced columns, 1 to 12 panels on a
page, located overflow, two-page posters."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from helpers import SAMPLES, panel, write_sheet
from jax_cheatsheet.model import Sheet
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.poster import fonts
from jax_cheatsheet.poster.content import line_text
from jax_cheatsheet.poster.layout import (
    GAP,
    HEADER,
    MARGIN,
    MAX_SIZE,
    MIN_SIZE,
    PAD,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    LayoutError,
    Page,
    PanelBox,
    layout_page,
    layout_pages,
)

CACHE = Path(__file__).resolve().parents[1] / "build" / "cache"
POSTERS = SAMPLES / "posters"


def metrics() -> fonts.Metrics:
    return fonts.metrics(CACHE)


def small_sheet(tmp_path: Path, snippets: list[str]) -> Sheet:
    panels = {f"{n:02d}.md": panel(s, id=f"p{n}") for n, s in enumerate(snippets)}
    return load_sheet(write_sheet(tmp_path, panels))


def lay_out(tmp_path: Path, snippets: list[str]) -> Page:
    return layout_page(small_sheet(tmp_path, snippets).panels, metrics())


def sample_sheet(root: Path, count: int, *, long: bool = False) -> Sheet:
    """The first ``count`` panels of tests/samples/posters as a sheet; ``long``: each panel's
    rows twice over."""
    names = sorted(path.name for path in POSTERS.glob("*.md"))[:count]
    texts = {name: (POSTERS / name).read_text(encoding="utf-8") for name in names}
    if long:
        for name, text in texts.items():
            head, rest = text.split("```{snippet}\n", 1)
            rows, tail = rest.split("\n```", 1)
            texts[name] = f"{head}```{{snippet}}\n{rows}\n\n{rows}\n```{tail}"
    sheet = load_sheet(write_sheet(root, texts))
    assert not sheet.problems and len(sheet.panels) == count
    return sheet


def assert_inside_page_and_apart(page: Page) -> None:
    font = metrics()
    for box in page.boxes:
        assert box.x >= MARGIN - 0.01 and box.x + box.width <= PAGE_WIDTH - MARGIN + 0.01
        assert box.y >= MARGIN + HEADER - 0.01
        assert box.y + box.height <= PAGE_HEIGHT - MARGIN + 0.01
        for line in box.lines:
            width = font.advance(line_text(line.spans), line.size)
            assert box.x + PAD - 0.01 <= line.x
            assert line.x + width <= box.x + box.width - PAD + 0.01, line_text(line.spans)
            assert box.y < line.y <= box.y + box.height
    for a, b in itertools.combinations(page.boxes, 2):
        apart = (
            a.x + a.width <= b.x
            or b.x + b.width <= a.x
            or a.y + a.height <= b.y
            or b.y + b.height <= a.y
        )
        assert apart, (a.panel_id, b.panel_id)


def natural(box: PanelBox) -> float:
    """A box's height without the white space that evens up its column: to its last line."""
    return box.lines[-1].y - box.y + PAD


def assert_balanced(page: Page) -> None:
    """Balanced columns: panels run down the columns in order; the tallest column is as short
    as any order-keeping split into this many columns makes it; and no column falls short
    of the tallest by more than the tallest panel on the page (and the gap above it)."""
    columns: list[list[PanelBox]] = []
    for box in page.boxes:  # reading order: down a column, then the next
        if columns and box.x == columns[-1][0].x:
            assert box.y > columns[-1][-1].y
            columns[-1].append(box)
        else:
            assert not columns or box.x > columns[-1][0].x
            columns.append([box])
    assert len(columns) == page.columns

    def height(boxes: list[float]) -> float:
        return sum(boxes) + GAP * (len(boxes) - 1)

    heights = [natural(box) for box in page.boxes]
    tallest = max(height([natural(box) for box in column]) for column in columns)
    shortest = min(height([natural(box) for box in column]) for column in columns)
    best = min(
        max(height(heights[a:b]) for a, b in itertools.pairwise((0, *cuts, len(heights))))
        for cuts in itertools.combinations(range(1, len(heights)), page.columns - 1)
    )
    assert tallest <= best + 0.01
    assert tallest - shortest <= max(heights) + GAP + 0.01


ROWS = "jnp.arange(3) * 2          # doubled -> [0 2 4]\njnp.ones(2)   # ones -> [1. 1.]"


@pytest.mark.parametrize("count", [1, 3, 8, 12])
def test_sheets_of_1_to_12_panels_fit_one_page_in_balanced_columns(
    tmp_path: Path, count: int
) -> None:
    sheet = sample_sheet(tmp_path, count)
    page = layout_page(sheet.panels, metrics())
    assert [box.panel_id for box in page.boxes] == [p.id for p in sheet.panels]
    assert MIN_SIZE <= page.size <= MAX_SIZE
    assert_inside_page_and_apart(page)
    assert_balanced(page)


def test_the_sizes_and_columns_chosen_for_the_samples(tmp_path: Path) -> None:
    chosen = [
        (page.size, page.columns)
        for count in (1, 3, 8, 12)
        for page in [layout_page(sample_sheet(tmp_path / f"{count}", count).panels, metrics())]
    ]
    assert chosen == [(9, 1), (9, 1), (7, 2), (6, 3)]


def test_a_short_sheet_is_centred_not_stretched(tmp_path: Path) -> None:
    page = layout_page(sample_sheet(tmp_path, 1).panels, metrics())
    (box,) = page.boxes
    assert page.size == MAX_SIZE
    assert box.x + box.width / 2 == pytest.approx(PAGE_WIDTH / 2)
    assert box.width < 0.8 * (PAGE_WIDTH - 2 * MARGIN)
    assert box.height == pytest.approx(natural(box))  # as tall as its lines, no taller
    assert box.y + box.height < PAGE_HEIGHT / 2


def test_a_narrow_column_moves_the_docs_link_and_wraps_the_tagline(tmp_path: Path) -> None:
    page = layout_page(sample_sheet(tmp_path, 12).panels, metrics())
    assert page.columns == 3
    boxes = {box.panel_id: box for box in page.boxes}
    title, link, *rest = boxes["numpy"].lines
    assert line_text(link.spans).startswith("docs: ") and link.y > title.y  # a line of its own
    tagline = [line_text(line.spans) for line in boxes["arrays"].lines[2:4]]
    assert (
        " ".join(tagline)
        == "Build arrays, find your hardware, and put data where the work happens."
    )


@pytest.mark.parametrize("count", [1, 3, 8, 10])
def test_any_number_of_panels_lays_out(tmp_path: Path, count: int) -> None:
    page = lay_out(tmp_path, [ROWS] * count)
    assert len(page.boxes) == count
    assert page.size >= MIN_SIZE
    assert_inside_page_and_apart(page)
    assert_balanced(page)


def test_the_grid_adapts_to_the_panel_count(tmp_path: Path) -> None:
    few = lay_out(tmp_path / "few", [ROWS] * 2)
    many = lay_out(tmp_path / "many", ["\n".join([ROWS] * 2)] * 10)
    assert few.size > many.size or few.columns < many.columns
    assert many.columns >= 2


def test_a_long_row_shrinks_the_code_but_never_below_6_pt(tmp_path: Path) -> None:
    short = lay_out(tmp_path / "short", [ROWS] * 8)
    long_row = "jnp.arange(3) * 2 + jnp.arange(3)   # twice plus once, elementwise -> [0 3 6]"
    longer = lay_out(tmp_path / "long", [ROWS + "\n" + long_row] + [ROWS] * 7)
    assert longer.size < short.size
    assert longer.size >= MIN_SIZE == 6
    assert_inside_page_and_apart(longer)


def test_a_row_that_cannot_fit_is_an_error_naming_panel_and_row(tmp_path: Path) -> None:
    too_long = "jnp.arange(3) + " + " + ".join(["jnp.arange(3)"] * 50)
    with pytest.raises(LayoutError) as caught:
        lay_out(tmp_path, [ROWS, too_long + "   # -> [0 51 102]"])
    message = str(caught.value)
    assert message.startswith("panel 'p1', row p1:1 (")
    assert "01.md:13:1) is" in message and "wide at 6 pt" in message and "shorten it" in message


def test_a_comment_that_cannot_fit_beside_its_code_wraps_flush_right(tmp_path: Path) -> None:
    code = "jnp.arange(3) * 2 + jnp.arange(3) * 3 + jnp.arange(3) * 4 + jnp.arange(3)"
    row = f"{code}   # the sum of four ranges, each scaled by a different factor -> [ 0 10 20]"
    page = lay_out(tmp_path, ["\n".join([ROWS] * 3 + [row])] * 8)
    box = page.boxes[0]
    texts = [line_text(line.spans) for line in box.lines]
    assert texts[-2] == code
    assert texts[-1].startswith("# the sum of four ranges") and texts[-1].endswith("-> [ 0 10 20]")
    last = box.lines[-1]
    right = last.x + metrics().advance(texts[-1], last.size)
    assert right == pytest.approx(box.x + box.width - PAD)


def test_a_glyph_no_font_has_is_laid_out_as_a_box_of_its_width(tmp_path: Path) -> None:
    # Whether such a sheet may be drawn is the posters' decision (missing_glyphs), not layout's.
    page = lay_out(tmp_path, ["grad(lambda x: x)(1.)   # 中 of identity -> 1.0"])
    assert len(page.boxes) == 1


def test_13_long_panels_name_the_panel_and_row_that_run_off_and_the_ways_out(
    tmp_path: Path,
) -> None:
    sheet = sample_sheet(tmp_path, 13, long=True)
    with pytest.raises(LayoutError) as caught:
        layout_pages(sheet.panels, metrics())
    message = str(caught.value)
    assert message.startswith("panel 'grad', row grad:5 (")
    assert f"{tmp_path / '03-grad.md'}:40:1) runs off the page" in message
    row = next(r for p in sheet.panels for r in p.rows if r.id == "grad:5")
    assert row.location.line == 40
    assert "does not fit one page at 6 pt" in message
    assert "in 3 columns; 4 columns: panel 'numpy', row numpy:1" in message  # why not 4
    assert message.endswith(
        "ways out: shorten or remove rows, split the sheet, "
        "or draw a 2-page poster with `--pages 2`"
    )


def test_13_long_panels_fit_a_two_page_poster(tmp_path: Path) -> None:
    sheet = sample_sheet(tmp_path, 13, long=True)
    pages = layout_pages(sheet.panels, metrics(), pages=2)
    assert len(pages) == 2
    assert [b.panel_id for page in pages for b in page.boxes] == [p.id for p in sheet.panels]
    assert pages[0].size == pages[1].size >= MIN_SIZE  # one type size on both pages
    for page in pages:
        assert_inside_page_and_apart(page)
        assert_balanced(page)


def test_too_many_rows_even_for_two_pages_suggests_three(tmp_path: Path) -> None:
    with pytest.raises(LayoutError) as caught:
        layout_pages(small_sheet(tmp_path, ["\n".join([ROWS] * 60)] * 4).panels, metrics(), pages=2)
    message = str(caught.value)
    assert message.startswith("panel 'p")
    assert "runs off the page: the sheet does not fit 2 pages at 6 pt" in message
    assert message.endswith("or draw a 3-page poster with `--pages 3`")


@pytest.mark.parametrize(("panels", "pages"), [(2, 0), (2, 3), (0, 1)])
def test_a_page_without_a_panel_is_an_error(tmp_path: Path, panels: int, pages: int) -> None:
    sheet = small_sheet(tmp_path, [ROWS] * 2)
    with pytest.raises(LayoutError) as caught:
        layout_pages(sheet.panels[:panels], metrics(), pages=pages)
    assert str(caught.value) == (
        f"a poster of {pages} page(s) needs at least one panel on each; "
        f"the sheet has {panels} panel(s)"
    )
