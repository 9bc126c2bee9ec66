"""A panel's rows as spans: highlighted code, then its comment, marker and checked value."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from jax_cheatsheet.model import Panel, Row
from jax_cheatsheet.poster.highlight import highlight

#: The role of a failing row's mark: Pygments' error token, which both high-contrast themes
#: colour at 7:1 or better against the panel, in greyscale too (tests/test_posters.py).
MARK = "err"


@dataclass(frozen=True)
class Span:
    """A run of text in one role: a Pygments class (``k``, ``mi``...) or a poster role."""

    text: str
    role: str
    bold: bool = False


@dataclass(frozen=True)
class PanelContent:
    """A panel's lines before placement: (gap before, code spans, comment spans, row)."""

    panel: Panel
    rows: tuple[tuple[bool, tuple[Span, ...], tuple[Span, ...], Row], ...]


def content(panel: Panel, marks: Mapping[str, str] | None = None) -> PanelContent:
    """The panel's row lines as spans: code, then its comment, marker and documented output.

    ``marks``: row id -> a short text drawn after the row's comment in the ``err`` role (a
    row that failed its check); inside the comment, so the row stays code that runs.
    """
    marks = marks or {}
    lines: list[tuple[bool, tuple[Span, ...], tuple[Span, ...], Row]] = []
    for row in panel.rows:
        if row.is_note:
            lines.append((row.gap_before, (Span(f"# {row.comment}", "comment"),), (), row))
            continue
        code_lines = highlight(row.code)
        for n, parts in enumerate(code_lines):
            spans = tuple(Span(text, cls) for text, cls in parts)
            last = n == len(code_lines) - 1
            comment = tuple(comment_spans(row)) if last and (row.comment or row.expectation) else ()
            if last and row.id in marks:
                mark = Span(f"{'  ' if comment else ' '}{marks[row.id]}", MARK, bold=True)
                comment = (*(comment or (Span("#", "comment"),)), mark)
            lines.append((row.gap_before and n == 0, spans, comment, row))
    return PanelContent(panel, tuple(lines))


def comment_spans(row: Row) -> list[Span]:
    """``# words -> output``: the comment, the marker and the checked value."""
    words = f"# {row.comment}" if row.comment else "#"
    spans = [Span(words, "comment")]
    if row.expectation is not None:
        spans += [Span(" -> ", "marker"), Span(row.expectation.source, "output", bold=True)]
    return spans


def line_text(spans: Sequence[Span]) -> str:
    """The characters of a line."""
    return "".join(s.text for s in spans)
