"""The documented output of a row: where the marker and its value sit, and what the value says."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jax_cheatsheet.errors import SourceError
from jax_cheatsheet.model import Expectation, Expected

#: The output marker inside a comment: ``->`` standing alone between spaces.
MARKER = re.compile(r"(?:^|\s)->(?:\s|$)")
_RAISES = re.compile(r"^raises\s+([A-Za-z_][A-Za-z0-9_.]*)$")


def parse_expectation(
    source: str, path: Path, line: int, column: int = 0, end_column: int = 0
) -> Expectation:
    """Read the text after the marker: ``;``-separated values, ``~`` or ``raises``.

    ``column``/``end_column`` (0-based) say where ``source`` sits on ``line``. Nothing after
    the marker is a row still to be filled in (an expectation with no values).
    """
    source = source.strip()
    if not source:
        return Expectation((), "", line, column, end_column)
    values = []
    for piece in split_values(source):
        piece = piece.strip()
        if not piece:
            raise SourceError(
                path, line, f"empty value in documented output {source!r}", column + 1
            )
        if not piece.lstrip("~").replace("...", "").strip():
            raise SourceError(
                path, line, f"{piece!r} alone matches anything: it would check nothing", column + 1
            )
        raised = _RAISES.match(piece)
        if raised:
            values.append(Expected(text=piece, raises=raised.group(1)))
        elif piece.startswith("~"):
            values.append(Expected(text=piece[1:].strip(), approx=True))
        else:
            values.append(Expected(text=piece))
    return Expectation(tuple(values), source, line, column, end_column)


def split_values(text: str) -> list[str]:
    """Split on ``;`` outside brackets and quotes; ``\\;`` is a literal ``;`` in a value."""
    pieces, start = [], 0
    for position in _separators(text):
        pieces.append(text[start:position])
        start = position + 1
    pieces.append(text[start:])
    return [piece.replace("\\;", ";") for piece in pieces]


def escape_value(text: str) -> str:
    """``text`` written so that :func:`split_values` reads it back as one value.

    (A printed backslash just before a ``;`` cannot be written; update then refuses the row.)
    """
    for position in reversed(_separators(text)):
        text = f"{text[:position]}\\;{text[position + 1 :]}"
    return text


def _separators(text: str) -> list[int]:
    """Positions of the ``;`` that separate values (not escaped, outside brackets and quotes)."""
    found: list[int] = []
    depth, quote, escaped = 0, "", False
    for position, ch in enumerate(text):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == ";" and depth <= 0:
            found.append(position)
    return found


@dataclass(frozen=True)
class OutputSpan:
    """Where the marker and the documented output sit within a comment (0-based offsets)."""

    marker: int  # the ``-`` of ``->``
    start: int  # the output, without surrounding blanks; start == end when it is empty
    end: int


def locate_output(comment: str) -> tuple[str, OutputSpan | None]:
    """(the comment's words, where its documented output is; None without a marker)."""
    start = len(comment) - len(comment.lstrip("#").lstrip())
    body = comment[start:].rstrip()
    found = MARKER.search(body)
    if not found:
        return body.strip(), None
    marker = start + found.start() + (len(found.group()) - len(found.group().lstrip()))
    after = body[found.end() :]
    if after.strip():
        value = start + found.end() + (len(after) - len(after.lstrip()))
    else:
        value = marker + 2
    return body[: found.start()].strip(), OutputSpan(marker, value, start + len(body))
