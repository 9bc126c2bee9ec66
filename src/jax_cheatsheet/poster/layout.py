"""Lay the sheet out on a printable page, measured with the real font.

The page is the area A4 and US Letter share in landscape (279.4 x 210 mm), in points. Panels
flow down balanced columns; the largest code size (never below 7 pt) at which every row fits
its column and every column fits the page wins. Nothing fits: a LayoutError names the panel
and row to shorten.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jax_cheatsheet.model import Panel, Row
from jax_cheatsheet.poster.content import PanelContent, Span, content, line_text
from jax_cheatsheet.poster.measure import (
    LINE,
    Line,
    Metrics,
    break_lines,
    head_width,
    panel_height,
    see_text,
    title_size,
)
from jax_cheatsheet.poster.measure import PAD as PAD  # re-exported: callers import it from here

PAGE_WIDTH = 792.0  # 279.4 mm
PAGE_HEIGHT = 595.28  # 210 mm
MARGIN = 14.0  # ~5 mm, inside most printers' unprintable border
GAP = 8.0
MIN_SIZE = 7.0
MAX_SIZE = 9.0
SIZE_STEP = 0.25
HEADER = 30.0
FOOTER = 14.0


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


@dataclass(frozen=True)
class Page:
    """A laid-out page: its size, the code size chosen, panel boxes and free text."""

    width: float
    height: float
    size: float
    columns: int
    boxes: tuple[PanelBox, ...]
    texts: tuple[TextLine, ...]


def layout_page(
    panels: Sequence[Panel],
    metrics: Metrics,
    header: Sequence[TextLine] = (),
    links: dict[str, str] | None = None,
) -> Page:
    """Choose code size and columns so every panel fits the page; place the panels."""
    contents = [content(p) for p in panels]
    _check_glyphs(contents, metrics)
    for wrap in (False, True):  # prefer a smaller size to wrapped comments
        size = MAX_SIZE
        while size >= MIN_SIZE - 1e-9:
            options = []
            for columns in range(1, min(4, len(contents)) + 1):
                fitted = _fit(contents, size, columns, metrics, wrap)
                if fitted is not None:
                    options.append((fitted[0], columns, fitted[1]))
            if options:
                _, columns, lines = min(options, key=lambda o: (o[0], o[1]))
                boxes = _place(contents, lines, size, columns, metrics, links or {})
                return Page(PAGE_WIDTH, PAGE_HEIGHT, size, columns, tuple(boxes), tuple(header))
            size -= SIZE_STEP
    raise _explain(contents, metrics)


def _fit(
    contents: Sequence[PanelContent], size: float, columns: int, metrics: Metrics, wrap: bool
) -> tuple[float, list[list[Line]]] | None:
    """(tallest column, each panel's lines) if the panels fit ``columns`` at ``size``."""
    room = column_width(columns) - 2 * PAD
    lines = []
    for item in contents:
        broken = break_lines(item, size, room, metrics, wrap)
        if broken is None or head_width(item.panel, size, metrics) > room:
            return None
        lines.append(broken)
    heights = [panel_height(panel_lines, size) for panel_lines in lines]
    groups = balanced(heights, columns)
    tallest = max(sum(heights[i] for i in g) + GAP * (len(g) - 1) for g in groups)
    return (tallest, lines) if tallest <= body_height() else None


def layout_panel(panel: Panel, size: float, width: float, metrics: Metrics, href: str) -> Page:
    """One panel on its own page, at the poster's code size and column width."""
    item = content(panel)
    lines = break_lines(item, size, width - 2 * PAD, metrics, wrap=True)
    if lines is None:
        raise LayoutError(f"panel {panel.id!r} does not fit {width:.0f} pt at {size:g} pt")
    height = panel_height(lines, size)
    box = _box(item, lines, PAD, PAD, width, height, size, href, metrics)
    return Page(width + 2 * PAD, height + 2 * PAD, size, 1, (box,), ())


def column_width(columns: int) -> float:
    """Width of one column when the page has ``columns``."""
    return (PAGE_WIDTH - 2 * MARGIN - GAP * (columns - 1)) / columns


def body_height() -> float:
    """Height left for panels between header and footer."""
    return PAGE_HEIGHT - 2 * MARGIN - HEADER - FOOTER


def balanced(heights: Sequence[float], columns: int) -> list[list[int]]:
    """Split panels, in order, into ``columns`` runs whose tallest run is as short as can be."""
    n = len(heights)
    best: tuple[float, list[list[int]]] | None = None

    def split(start: int, left: int, groups: list[list[int]]) -> None:
        nonlocal best
        if left == 1:
            candidate = [*groups, list(range(start, n))]
            tallest = max(sum(heights[i] for i in g) for g in candidate)
            if best is None or tallest < best[0]:
                best = (tallest, candidate)
            return
        for end in range(start + 1, n - left + 2):
            split(end, left - 1, [*groups, list(range(start, end))])

    split(0, columns, [])
    assert best is not None
    return best[1]


def _place(
    contents: Sequence[PanelContent],
    lines: list[list[Line]],
    size: float,
    columns: int,
    metrics: Metrics,
    links: dict[str, str],
) -> list[PanelBox]:
    width = column_width(columns)
    heights = [panel_height(panel_lines, size) for panel_lines in lines]
    placed: dict[int, PanelBox] = {}
    for column, group in enumerate(balanced(heights, columns)):
        x = MARGIN + column * (width + GAP)
        # Stretch the panels of a column equally so every column ends on the same line.
        used = sum(heights[i] for i in group) + GAP * (len(group) - 1)
        spare = (body_height() - used) / len(group)
        y = MARGIN + HEADER
        for i in group:
            href = links.get(contents[i].panel.id, "")
            height = heights[i] + spare
            placed[i] = _box(contents[i], lines[i], x, y, width, height, size, href, metrics)
            y += height + GAP
    return [placed[i] for i in range(len(contents))]


def _box(
    item: PanelContent,
    lines: Sequence[Line],
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
    baseline = y + PAD + heading
    texts = [
        TextLine(x + PAD, baseline, heading, (Span(panel.title, "title", True),), href=href),
        right_aligned(
            x + width - PAD,
            baseline,
            size * 0.9,
            (Span(see_text(panel), "link"),),
            metrics,
            href=panel.see.url,
        ),
    ]
    baseline += heading * 0.3 + size * LINE
    texts.append(TextLine(x + PAD, baseline, size * 0.95, (Span(panel.tagline, "muted"),)))
    baseline += size * 0.6
    for gap, spans, flush_right in lines:
        baseline += size * LINE * (1.5 if gap else 1.0)
        left = x + PAD
        if flush_right:
            left = x + width - PAD - metrics.advance(line_text(spans), size)
        texts.append(TextLine(left, baseline, size, spans))
    return PanelBox(panel.id, panel.title, x, y, width, height, tuple(texts))


def _check_glyphs(contents: Sequence[PanelContent], metrics: Metrics) -> None:
    for item in contents:
        texts: list[tuple[str, Row | None]] = [(line_text(c + m), r) for _, c, m, r in item.rows]
        texts += [
            (item.panel.title, None),
            (item.panel.tagline, None),
            (see_text(item.panel), None),
        ]
        for text, row in texts:
            missing = metrics.missing(text)
            if missing:
                where = f"row {row.id} ({row.location})" if row else "its title or tagline"
                raise LayoutError(
                    f"panel {item.panel.id!r}, {where}: the bundled font has no glyph for "
                    f"{missing!r}"
                )


def _explain(contents: Sequence[PanelContent], metrics: Metrics) -> LayoutError:
    """Why nothing fits at the smallest size: the widest row, or the total height."""
    room = column_width(1) - 2 * PAD
    for item in contents:
        for _, code, comment, row in item.rows:
            for part in (code, comment):
                need = metrics.advance(line_text(part), MIN_SIZE)
                if need > room:
                    return LayoutError(
                        f"panel {item.panel.id!r}, row {row.id} ({row.location}) is {need:.0f} pt "
                        f"wide at {MIN_SIZE:g} pt but a panel has at most {room:.0f} pt: shorten it"
                    )
    return LayoutError(
        f"the {len(contents)} panels do not fit the page at {MIN_SIZE:g} pt in any of 1 to 4 "
        "columns; remove or shorten rows, or split the sheet"
    )
