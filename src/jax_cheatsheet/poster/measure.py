"""Measure panels with the real font: break their rows into lines that fit, size them, and
find the arrangements in columns and pages that those sizes allow."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from jax_cheatsheet.model import Panel, Row
from jax_cheatsheet.poster.content import PanelContent, Span, line_text

PAD = 6.0  # inside a panel's border
LINE = 1.3  # line height, in code sizes


class Line(NamedTuple):
    """One line of a panel: a blank line before it?, its spans, set flush right?, its row."""

    gap: bool
    spans: tuple[Span, ...]
    flush_right: bool
    row: Row


class Metrics(Protocol):
    """What layout needs from the font."""

    def advance(self, text: str, size: float, weight: int = 400) -> float: ...

    def missing(self, text: str) -> str: ...

    def __hash__(self) -> int: ...  # drawn lines are cached per font chain


def break_lines(
    item: PanelContent, size: float, room: float, metrics: Metrics, wrap: bool
) -> list[Line] | None:
    """The panel's lines at ``size``; None if a line cannot fit ``room``.

    Comments line up in one column where they fit; a row whose comment would not fit at
    that column keeps it two spaces after its code; with ``wrap``, a comment that does not
    fit beside its code at all moves to a line of its own, set flush right under it.
    """

    def width(spans: tuple[Span, ...]) -> float:
        return metrics.advance(line_text(spans), size)

    space = metrics.advance(" ", size)
    column = max(
        (
            width(code) + 2 * space
            for _, code, comment, _ in item.rows
            if comment and width(code) + 2 * space + width(comment) <= room
        ),
        default=0.0,
    )
    lines: list[Line] = []
    for gap, code, comment, row in item.rows:
        if width(code) > room:
            return None
        if not comment:
            lines.append(Line(gap, code, False, row))
        elif width(code) + 2 * space <= column and column + width(comment) <= room:
            pad = Span(" " * round((column - width(code)) / space), "text")
            lines.append(Line(gap, (*code, pad, *comment), False, row))
        elif width(code) + 2 * space + width(comment) <= room:
            lines.append(Line(gap, (*code, Span("  ", "text"), *comment), False, row))
        elif wrap and width(comment) <= room:
            lines += [Line(gap, code, False, row), Line(False, comment, True, row)]
        else:
            return None
    return lines


class Fitted(NamedTuple):
    """A panel set in a column: its lines; whether its docs link has a line of its own under
    the title (where the two do not fit one line); its tagline, broken into lines that fit."""

    lines: list[Line]
    link_below: bool
    tagline: tuple[str, ...]


def fit_panel(
    item: PanelContent, size: float, room: float, metrics: Metrics, wrap: bool
) -> Fitted | None:
    """The panel set in ``room`` at ``size``; None if its heading or a line cannot fit."""
    title, link = head_widths(item.panel, size, metrics)
    tagline = words(item.panel.tagline, size * 0.95, room, metrics)
    if max(title, link) > room or tagline is None:
        return None
    lines = break_lines(item, size, room, metrics, wrap)
    return None if lines is None else Fitted(lines, title + link + 2 * size > room, tagline)


def words(text: str, size: float, room: float, metrics: Metrics) -> tuple[str, ...] | None:
    """``text`` broken at spaces into lines at most ``room`` wide; None if a word is wider."""
    lines: list[str] = []
    for word in text.split(" "):
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and metrics.advance(joined, size) <= room:
            lines[-1] = joined
        elif metrics.advance(word, size) <= room:
            lines.append(word)
        else:
            return None
    return tuple(lines)


def title_size(size: float) -> float:
    """A panel title's size for code at ``size``."""
    return size * 1.35


def head_height(size: float, panel: Fitted) -> float:
    """Height of a panel's title, link and tagline, from its top padding to its first line."""
    below = int(panel.link_below) + len(panel.tagline)
    return title_size(size) * 1.3 + size * LINE * below + size * 0.6


def baselines(panel: Fitted, size: float) -> list[float]:
    """Each line's baseline, measured from the panel's top edge."""
    found, y = [], PAD + head_height(size, panel)
    for line in panel.lines:
        y += size * LINE * (1.5 if line.gap else 1.0)
        found.append(y)
    return found


def panel_height(panel: Fitted, size: float) -> float:
    """Natural height of a panel: padding, title, tagline and lines."""
    gaps = sum(1 for line in panel.lines if line.gap)
    lines = len(panel.lines) + 0.5 * gaps
    return PAD + head_height(size, panel) + size * LINE * lines + PAD


def panel_width(item: PanelContent, panel: Fitted, size: float, metrics: Metrics) -> float:
    """Natural width of a panel: its widest line or heading, plus padding."""
    widths = [metrics.advance(line_text(line.spans), size) for line in panel.lines]
    widths += [metrics.advance(line, size * 0.95) for line in panel.tagline]
    title, link = head_widths(item.panel, size, metrics)
    head = max(title, link) if panel.link_below else title + link + 2 * size
    return max([*widths, head]) + 2 * PAD


def head_widths(panel: Panel, size: float, metrics: Metrics) -> tuple[float, float]:
    """Widths of the panel's title and docs link."""
    return (
        metrics.advance(panel.title, title_size(size), 700),
        metrics.advance(see_text(panel), size * 0.9),
    )


def see_text(panel: Panel) -> str:
    """The docs link's text, shown right of the title."""
    return f"docs: {panel.see.text}"


def too_wide(contents: Sequence[PanelContent], size: float, room: float, metrics: Metrics) -> str:
    """The first row or heading wider than ``room`` at ``size``, located; "" if none is."""
    for item in contents:
        for _, code, comment, row in item.rows:
            for part in (code, comment):
                need = metrics.advance(line_text(part), size)
                if need > room:
                    return (
                        f"panel {item.panel.id!r}, row {row.id} ({row.location}) is {need:.0f} pt "
                        f"wide at {size:g} pt but a panel has at most {room:.0f} pt"
                    )
        tagline = [metrics.advance(w, size * 0.95) for w in item.panel.tagline.split(" ")]
        need = max([*head_widths(item.panel, size, metrics), *tagline])
        if need > room:
            return (
                f"panel {item.panel.id!r}: its title, docs link or a word of its tagline is "
                f"{need:.0f} pt wide at {size:g} pt but a panel has at most {room:.0f} pt"
            )
    return ""


def balanced(heights: Sequence[float], columns: int, gap: float) -> list[list[int]]:
    """Split panels, in order, into ``columns`` runs whose tallest run is as short as can be
    (and, of those, whose shortest run is as tall as can be)."""
    n = len(heights)
    best: tuple[tuple[float, float], list[list[int]]] | None = None

    def split(start: int, left: int, groups: list[list[int]]) -> None:
        nonlocal best
        if left == 1:
            candidate = [*groups, list(range(start, n))]
            runs = [stacked([heights[i] for i in g], gap) for g in candidate]
            key = (round(max(runs), 6), -round(min(runs), 6))  # equal panels tie exactly
            if best is None or key < best[0]:
                best = (key, candidate)
            return
        for end in range(start + 1, n - left + 2):
            split(end, left - 1, [*groups, list(range(start, end))])

    split(0, columns, [])
    assert best is not None
    return best[1]


def stacked(heights: Sequence[float], gap: float) -> float:
    """Height of boxes stacked with ``gap`` between them."""
    return sum(heights) + gap * (len(heights) - 1)


@dataclass(frozen=True)
class Arrangement:
    """Some panels on one page: columns of panel indices, and the tallest column's height."""

    columns: int
    groups: tuple[tuple[int, ...], ...]
    tallest: float


class Measured:
    """The panels' lines at one code size, per column count, each measured once; and the
    arrangements of the panels on pages that these lines allow.

    ``room``: the width inside a panel in a page of that many columns.
    """

    def __init__(
        self,
        contents: Sequence[PanelContent],
        size: float,
        wrap: bool,
        metrics: Metrics,
        room: Callable[[int], float],
        gap: float,
        max_columns: int,
    ) -> None:
        self.contents, self.size, self.wrap, self.metrics = contents, size, wrap, metrics
        self.room, self.gap, self.max_columns = room, gap, max_columns
        self._fitted: dict[int, list[Fitted | None]] = {}

    def fitted(self, columns: int) -> list[Fitted | None]:
        """Each panel set in a column of a ``columns``-column page; None: too wide."""
        if columns not in self._fitted:
            room = self.room(columns)
            self._fitted[columns] = [
                fit_panel(item, self.size, room, self.metrics, self.wrap) for item in self.contents
            ]
        return self._fitted[columns]

    def arrange(self, start: int, end: int, limit: float) -> Arrangement | None:
        """Panels ``start:end`` on one page in the columns that leave the shortest tallest
        column (fewer columns on a tie), if it is at most ``limit``."""
        options = []
        for columns in range(1, min(self.max_columns, end - start) + 1):
            fitted = self.fitted(columns)[start:end]
            heights = [panel_height(each, self.size) for each in fitted if each is not None]
            if len(heights) < len(fitted):
                continue
            groups = balanced(heights, columns, self.gap)
            tallest = max(stacked([heights[i] for i in g], self.gap) for g in groups)
            if tallest <= limit:
                spans = tuple(tuple(start + i for i in g) for g in groups)
                options.append(Arrangement(columns, spans, tallest))
        return min(options, key=lambda a: (a.tallest, a.columns), default=None)

    def split(self, pages: int, limit: float) -> list[Arrangement] | None:
        """The panels cut, in order, into ``pages`` pages whose fullest page is least full."""
        best: tuple[float, list[Arrangement]] | None = None
        for cuts in itertools.combinations(range(1, len(self.contents)), pages - 1):
            arranged = []
            for start, end in itertools.pairwise((0, *cuts, len(self.contents))):
                page = self.arrange(start, end, limit)
                if page is None:
                    break
                arranged.append(page)
            else:
                fullest = max(page.tallest for page in arranged)
                if best is None or fullest < best[0]:
                    best = (fullest, arranged)
        return best[1] if best else None

    def overflow(self, page: Arrangement, limit: float) -> Row:
        """The row whose line is the first of the tallest column of ``page`` to fall below
        ``limit`` (the column's last row, if only the padding under it does)."""
        fitted = self.fitted(page.columns)
        columns = [[each for i in g if (each := fitted[i]) is not None] for g in page.groups]
        size, gap = self.size, self.gap
        tallest = max(columns, key=lambda c: stacked([panel_height(p, size) for p in c], gap))
        top = 0.0
        for panel in tallest:
            for line, base in zip(panel.lines, baselines(panel, size), strict=True):
                if top + base > limit:
                    return line.row
            top += panel_height(panel, size) + gap
        return tallest[-1].lines[-1].row
