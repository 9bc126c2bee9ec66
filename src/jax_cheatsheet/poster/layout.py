"""Lay the sheet out on printable pages, measured with the real font.

A page is the area A4 and US Letter share in landscape (279.4 x 210 mm), in points. Panels
flow down balanced columns and never split. The largest code size from 9 pt down to 6 pt
at which every row fits its column and every column fits the page wins; comments wrap
under their code before the code goes below 7 pt. A short sheet is not stretched: one
column is as wide as its widest panel, centred, and columns are evened up only where that
costs a panel a few lines of white space. Nothing fits: a LayoutError names the panel and
row that overflow and the ways out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from jax_cheatsheet.model import Panel
from jax_cheatsheet.poster.content import PanelContent, Span, content, line_text
from jax_cheatsheet.poster.measure import (
    LINE,
    Arrangement,
    Fitted,
    Measured,
    Metrics,
    fit_panel,
    panel_height,
    panel_width,
    see_text,
    stacked,
    title_size,
    too_wide,
)
from jax_cheatsheet.poster.measure import PAD as PAD  # re-exported: callers import it from here

PAGE_WIDTH = 792.0  # 279.4 mm
PAGE_HEIGHT = 595.28  # 210 mm
MARGIN = 14.0  # ~5 mm, inside most printers' unprintable border
GAP = 8.0
MIN_SIZE = 6.0  # the smallest code size that stays legible in print
PLAIN_SIZE = 7.0  # above it, a smaller size is preferred to a comment wrapped under its code
MAX_SIZE = 9.0  # a short sheet gets white space, not poster-size letters
SIZE_STEP = 0.25
MAX_COLUMNS = 4
HEADER = 30.0
FOOTER = 14.0
FILL = 0.95  # a page this full is filled exactly: the panels end on the footer line
STRETCH = 3.0  # lines of white space a panel may gain so that its column ends with the others


class LayoutError(ValueError):
    """The sheet does not fit the page; names the panel and row at fault."""


@dataclass(frozen=True)
class TextLine:
    """One line of text at a baseline."""

    x: float
    y: float
    size: float
    spans: tuple[Span, ...]
    href: str | None = None


def right_aligned(
    right: float,
    y: float,
    size: float,
    spans: tuple[Span, ...],
    metrics: Metrics,
    href: str | None = None,
) -> TextLine:
    """A line ending at ``right`` (measured here: cairosvg mis-places text-anchor="end")."""
    return TextLine(right - metrics.advance(line_text(spans), size), y, size, spans, href)


@dataclass(frozen=True)
class PanelBox:
    """A panel's rectangle and its text lines, in page coordinates."""

    panel_id: str
    title: str
    x: float
    y: float
    width: float
    height: float
    lines: tuple[TextLine, ...]
    href: str = ""  # the panel's page on the site: the whole panel links there


@dataclass(frozen=True)
class Page:
    """A laid-out page: its size, the code size chosen, panel boxes and free text."""

    width: float
    height: float
    size: float
    columns: int
    boxes: tuple[PanelBox, ...]
    texts: tuple[TextLine, ...]


def layout_pages(
    panels: Sequence[Panel],
    metrics: Metrics,
    *,
    pages: int = 1,
    links: Mapping[str, str] | None = None,
    marks: Mapping[str, str] | None = None,
) -> tuple[Page, ...]:
    """Choose one code size, and each page's columns, so every panel fits; place the panels.

    ``marks``: row id -> a mark drawn after that row (a failing row). The pages carry no
    header or footer text: the caller adds its own.
    """
    if not panels or not 1 <= pages <= len(panels):
        raise LayoutError(
            f"a poster of {pages} page(s) needs at least one panel on each; the sheet has "
            f"{len(panels)} panel(s)"
        )
    contents = [content(p, marks) for p in panels]
    for wrap, size in _schedule():
        measured = _measured(contents, size, wrap, metrics)
        split = measured.split(pages, body_height())
        if split is not None:
            return tuple(_place(measured, page, links or {}) for page in split)
    raise _explain(contents, metrics, pages)


def layout_page(
    panels: Sequence[Panel],
    metrics: Metrics,
    header: Sequence[TextLine] = (),
    links: Mapping[str, str] | None = None,
    marks: Mapping[str, str] | None = None,
) -> Page:
    """The sheet on one page, with ``header`` (and footer) text."""
    (page,) = layout_pages(panels, metrics, links=links, marks=marks)
    return replace(page, texts=tuple(header))


def _measured(
    contents: Sequence[PanelContent], size: float, wrap: bool, metrics: Metrics
) -> Measured:
    room = lambda columns: column_width(columns) - 2 * PAD  # noqa: E731
    return Measured(contents, size, wrap, metrics, room, GAP, MAX_COLUMNS)


def _schedule() -> list[tuple[bool, float]]:
    """(wrap comments?, code size) in order of preference."""
    steps = round((MAX_SIZE - MIN_SIZE) / SIZE_STEP)
    sizes = [MAX_SIZE - n * SIZE_STEP for n in range(steps + 1)]
    plain = [s for s in sizes if s >= PLAIN_SIZE]
    small = [s for s in sizes if s < PLAIN_SIZE]
    return [(wrap, s) for group in (plain, small) for wrap in (False, True) for s in group]


def layout_panel(
    panel: Panel,
    size: float,
    width: float,
    metrics: Metrics,
    href: str,
    marks: Mapping[str, str] | None = None,
) -> Page:
    """One panel on its own page, at the poster's code size and column width."""
    item = content(panel, marks)
    fitted = fit_panel(item, size, width - 2 * PAD, metrics, wrap=True)
    if fitted is None:
        raise LayoutError(f"panel {panel.id!r} does not fit {width:.0f} pt at {size:g} pt")
    height = panel_height(fitted, size)
    box = _box(item, fitted, PAD, PAD, width, height, size, href, metrics)
    return Page(width + 2 * PAD, height + 2 * PAD, size, 1, (box,), ())


def column_width(columns: int) -> float:
    """Width of one column when the page has ``columns``."""
    return (PAGE_WIDTH - 2 * MARGIN - GAP * (columns - 1)) / columns


def body_height() -> float:
    """Height left for panels between header and footer."""
    return PAGE_HEIGHT - 2 * MARGIN - HEADER - FOOTER


def _place(measured: Measured, page: Arrangement, links: Mapping[str, str]) -> Page:
    size, metrics, items = measured.size, measured.metrics, measured.contents
    fitted = measured.fitted(page.columns)
    found = {i: each for group in page.groups for i in group if (each := fitted[i]) is not None}
    heights = {i: panel_height(each, size) for i, each in found.items()}
    width, left = column_width(page.columns), MARGIN
    if page.columns == 1:  # as wide as its widest panel, centred: a short sheet is not stretched
        width = max(panel_width(items[i], found[i], size, metrics) for i in found)
        left = (PAGE_WIDTH - width) / 2
    bottom = body_height() if page.tallest >= FILL * body_height() else page.tallest
    boxes = []
    for column, group in enumerate(page.groups):
        x = left + column * (width + GAP)
        # Even up the columns by growing each panel of a short column alike, if only a little.
        spare = (bottom - stacked([heights[i] for i in group], GAP)) / len(group)
        spare = spare if spare <= STRETCH * size * LINE else 0.0
        y = MARGIN + HEADER
        for i in group:
            href = links.get(items[i].panel.id, "")
            boxes.append(
                _box(items[i], found[i], x, y, width, heights[i] + spare, size, href, metrics)
            )
            y += heights[i] + spare + GAP
    return Page(PAGE_WIDTH, PAGE_HEIGHT, size, page.columns, tuple(boxes), ())


def _box(
    item: PanelContent,
    fitted: Fitted,
    x: float,
    y: float,
    width: float,
    height: float,
    size: float,
    href: str,
    metrics: Metrics,
) -> PanelBox:
    panel = item.panel
    heading = title_size(size)
    # Down the panel in the steps measure.head_height and baselines count (summed in this
    # order, so that the positions of a sheet that did not change stay the same to the bit).
    baseline = y + PAD + heading
    title = TextLine(x + PAD, baseline, heading, (Span(panel.title, "title", True),))
    if fitted.link_below:
        baseline += size * LINE
    link = (Span(see_text(panel), "link"),)
    texts = [
        title,
        right_aligned(x + width - PAD, baseline, size * 0.9, link, metrics, panel.see.url),
    ]
    baseline += heading * 0.3
    for tagline in fitted.tagline:
        baseline += size * LINE
        texts.append(TextLine(x + PAD, baseline, size * 0.95, (Span(tagline, "muted"),)))
    baseline += size * 0.6
    for line in fitted.lines:
        baseline += size * LINE * (1.5 if line.gap else 1.0)
        left = x + PAD
        if line.flush_right:
            left = x + width - PAD - metrics.advance(line_text(line.spans), size)
        texts.append(TextLine(left, baseline, size, line.spans))
    return PanelBox(panel.id, panel.title, x, y, width, height, tuple(texts), href)


def _explain(contents: Sequence[PanelContent], metrics: Metrics, pages: int) -> LayoutError:
    """Why nothing fits at the smallest size: the widest row, or the row that runs off."""
    wide = too_wide(contents, MIN_SIZE, column_width(1) - 2 * PAD, metrics)
    if wide:
        return LayoutError(f"{wide}: shorten it")
    measured = _measured(contents, MIN_SIZE, True, metrics)
    split = measured.split(pages, math.inf)
    assert split is not None  # every panel fits one column: too_wide says so
    page = max(split, key=lambda each: each.tallest)
    row = measured.overflow(page, body_height())
    panel = next(item.panel for item in contents if row in item.panel.rows)
    columns = f"{page.columns} column{'s' if page.columns > 1 else ''}"
    more = page.columns + 1
    if more <= min(MAX_COLUMNS, len(contents)):
        wider = too_wide(contents, MIN_SIZE, column_width(more) - 2 * PAD, metrics)
        columns += f"; {more} columns: {wider}" if wider else ""
    ways = "shorten or remove rows, or split the sheet"
    if pages < len(contents):
        ways = f"shorten or remove rows, split the sheet, or draw a {pages + 1}-page poster"
        ways += f" with `--pages {pages + 1}`"
    where = "one page" if pages == 1 else f"{pages} pages"
    return LayoutError(
        f"panel {panel.id!r}, row {row.id} ({row.location}) runs off the page: the sheet does not "
        f"fit {where} at {MIN_SIZE:g} pt (at best a column needs {page.tallest:.0f} pt and the "
        f"page has {body_height():.0f} pt, in {columns}); ways out: {ways}"
    )
