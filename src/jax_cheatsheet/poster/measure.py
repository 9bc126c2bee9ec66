"""Measure a panel with the real font: break its rows into lines that fit, and size it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeAlias

from jax_cheatsheet.model import Panel
from jax_cheatsheet.poster.content import PanelContent, Span, line_text

PAD = 6.0  # inside a panel's border
LINE = 1.3  # line height, in code sizes

#: One line of a panel: (gap before, spans, right-aligned).
Line: TypeAlias = tuple[bool, tuple[Span, ...], bool]


class Metrics(Protocol):
    """What layout needs from the font."""

    def advance(self, text: str, size: float, weight: int = 400) -> float: ...

    def missing(self, text: str) -> str: ...


def break_lines(
    item: PanelContent, size: float, room: float, metrics: Metrics, wrap: bool
) -> list[Line] | None:
    """Lines as (gap before, spans, right-aligned); None if a line cannot fit ``room``.

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
    for gap, code, comment, _ in item.rows:
        if width(code) > room:
            return None
        if not comment:
            lines.append((gap, code, False))
        elif width(code) + 2 * space <= column and column + width(comment) <= room:
            pad = Span(" " * round((column - width(code)) / space), "text")
            lines.append((gap, (*code, pad, *comment), False))
        elif width(code) + 2 * space + width(comment) <= room:
            lines.append((gap, (*code, Span("  ", "text"), *comment), False))
        elif wrap and width(comment) <= room:
            lines += [(gap, code, False), (False, comment, True)]
        else:
            return None
    return lines


def title_size(size: float) -> float:
    """A panel title's size for code at ``size``."""
    return size * 1.35


def panel_height(lines: Sequence[Line], size: float) -> float:
    """Natural height of a panel of ``lines``: padding, title, tagline and code."""
    gaps = sum(1 for gap, _, _ in lines if gap)
    head = title_size(size) * 1.3 + size * LINE + size * 0.6
    return PAD + head + size * LINE * (len(lines) + 0.5 * gaps) + PAD


def head_width(panel: Panel, size: float, metrics: Metrics) -> float:
    """Width the panel's heading needs: title plus docs link, or the tagline."""
    title = metrics.advance(panel.title, title_size(size), 700)
    return max(
        metrics.advance(panel.tagline, size * 0.95),
        title + metrics.advance(see_text(panel), size * 0.9) + 2 * size,
    )


def see_text(panel: Panel) -> str:
    """The docs link's text, shown right of the title."""
    return f"docs: {panel.see.text}"
