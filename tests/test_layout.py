"""Poster layout: measured with the real font, never below 7 pt, any number of panels."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import panel, write_sheet
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.poster import fonts
from jax_cheatsheet.poster.content import line_text
from jax_cheatsheet.poster.layout import (
    MIN_SIZE,
    PAD,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    LayoutError,
    Page,
    layout_page,
)

CACHE = Path(__file__).resolve().parents[1] / "build" / "cache"


def lay_out(tmp_path: Path, snippets: list[str]) -> Page:
    panels = {f"{n:02d}.md": panel(s, id=f"p{n}") for n, s in enumerate(snippets)}
    sheet = load_sheet(write_sheet(tmp_path, panels))
    return layout_page(sheet.panels, fonts.metrics(CACHE))


def assert_inside_page_and_apart(page: Page) -> None:
    metrics = fonts.metrics(CACHE)
    for box in page.boxes:
        assert box.x >= 0 and box.x + box.width <= PAGE_WIDTH
        assert box.y >= 0 and box.y + box.height <= PAGE_HEIGHT
        for line in box.lines:
            width = metrics.advance(line_text(line.spans), line.size)
            assert box.x + PAD - 0.01 <= line.x
            assert line.x + width <= box.x + box.width - PAD + 0.01, line_text(line.spans)
            assert box.y < line.y <= box.y + box.height
    for a in page.boxes:
        for b in page.boxes:
            if a is not b:
                apart = (
                    a.x + a.width <= b.x
                    or b.x + b.width <= a.x
                    or a.y + a.height <= b.y
                    or b.y + b.height <= a.y
                )
                assert apart, (a.panel_id, b.panel_id)


ROWS = "jnp.arange(3) * 2          # doubled -> [0 2 4]\njnp.ones(2)   # ones -> [1. 1.]"


@pytest.mark.parametrize("count", [1, 3, 8, 10])
def test_any_number_of_panels_lays_out(tmp_path: Path, count: int) -> None:
    page = lay_out(tmp_path, [ROWS] * count)
    assert len(page.boxes) == count
    assert page.size >= MIN_SIZE
    assert_inside_page_and_apart(page)


def test_the_grid_adapts_to_the_panel_count(tmp_path: Path) -> None:
    few = lay_out(tmp_path / "few", [ROWS] * 2)
    many = lay_out(tmp_path / "many", ["\n".join([ROWS] * 2)] * 10)
    assert few.size > many.size or few.columns < many.columns
    assert many.columns >= 2


def test_a_long_row_shrinks_the_code_but_never_below_7_pt(tmp_path: Path) -> None:
    short = lay_out(tmp_path / "short", [ROWS] * 8)
    long_row = "jnp.arange(3) * 2 + jnp.arange(3)   # twice plus once, elementwise -> [0 3 6]"
    longer = lay_out(tmp_path / "long", [ROWS + "\n" + long_row] + [ROWS] * 7)
    assert longer.size < short.size
    assert longer.size >= MIN_SIZE
    assert_inside_page_and_apart(longer)


def test_a_row_that_cannot_fit_is_an_error_naming_panel_and_row(tmp_path: Path) -> None:
    too_long = "jnp.arange(3) + " + " + ".join(["jnp.arange(3)"] * 40)
    with pytest.raises(LayoutError) as caught:
        lay_out(tmp_path, [ROWS, too_long + "   # -> [0 41 82]"])
    message = str(caught.value)
    assert message.startswith("panel 'p1', row p1:1 (")
    assert "01.md:13:1) is" in message and "wide at 7 pt" in message and "shorten it" in message


def test_a_comment_that_cannot_fit_beside_its_code_wraps_flush_right(tmp_path: Path) -> None:
    code = "jnp.arange(3) * 2 + jnp.arange(3) * 3 + jnp.arange(3) * 4 + jnp.arange(3)"
    row = f"{code}   # the sum of four ranges, each scaled by a different factor -> [ 0 10 20]"
    page = lay_out(tmp_path, ["\n".join([ROWS] * 3 + [row])] * 8)
    box = page.boxes[0]
    texts = [line_text(line.spans) for line in box.lines]
    assert texts[-2] == code
    assert texts[-1].startswith("# the sum of four ranges") and texts[-1].endswith("-> [ 0 10 20]")
    metrics = fonts.metrics(CACHE)
    last = box.lines[-1]
    right = last.x + metrics.advance(texts[-1], last.size)
    assert right == pytest.approx(box.x + box.width - PAD)


def test_a_glyph_the_font_lacks_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(LayoutError, match=r"panel 'p0', row p0:1 .* no glyph for '∇'"):
        lay_out(tmp_path, ["grad(lambda x: x)(1.)   # ∇ of identity -> 1.0"])


def test_too_many_rows_for_the_page_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(LayoutError, match="do not fit the page at 7 pt"):
        lay_out(tmp_path, ["\n".join([ROWS] * 40)] * 8)
