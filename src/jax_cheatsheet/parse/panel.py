"""Parse one panel file (MyST: front matter, prose, setup/snippet/override blocks)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from jax_cheatsheet.errors import SourceError
from jax_cheatsheet.model import BACKENDS, Block, Expectation, Link, Location, Panel, Row
from jax_cheatsheet.parse.rows import parse_rows
from jax_cheatsheet.parse.source import read_source
from jax_cheatsheet.parse.yamlio import Document, output_form, split_front_matter
from jax_cheatsheet.text import fold

_FENCE = re.compile(r"^(`{3,}|~{3,})\s*(\{([A-Za-z_-]+)\}\s*(.*?))?\s*$")
_DIRECTIVES = ("setup", "snippet", "override")
_KEYS = ("id", "title", "tagline", "api", "caption", "see", "output")


@dataclass(frozen=True)
class _Fenced:
    name: str
    argument: str
    text: str
    opened: int  # line of the opening fence
    first: int  # line the text starts on
    argument_column: int  # 1-based column of the argument on the fence line


def parse_panel(path: Path) -> Panel:
    """Parse a panel source file into a :class:`Panel`."""
    text = read_source(path)
    meta, body_start = split_front_matter(text, path)
    for key in meta.data:
        if key not in _KEYS:
            raise meta.error((key,), f"unknown front matter key {key!r}")
    panel_id = meta.require("id", str)
    id_line, id_column = meta.where("id")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", panel_id):
        raise meta.error(("id",), f"id {panel_id!r} must be a lowercase slug")
    see = _link(meta)
    lines = text.splitlines()
    blocks, prose = _blocks(lines, body_start, path)

    snippets = [b for b in blocks if b.name == "snippet"]
    if len(snippets) != 1:
        line = snippets[1].opened if snippets else body_start
        raise SourceError(
            path, line, f"a panel needs exactly one {{snippet}} block, found {len(snippets)}", 1
        )
    setups = [b for b in blocks if b.name == "setup"]
    if len(setups) > 1:
        raise SourceError(path, setups[1].opened, "a panel has at most one {setup} block", 1)
    setup = None
    if setups:
        parse_rows(setups[0].text, path, setups[0].first, f"{panel_id}:setup", notes=False)
        setup = Block(setups[0].text, Location(path, setups[0].first))

    snippet = snippets[0]
    rows = parse_rows(snippet.text, path, snippet.first, panel_id, notes=True)
    if not rows:
        raise SourceError(path, snippet.opened, "the {snippet} block has no rows to run", 1)
    for block in blocks:
        if block.name == "override":
            rows = _apply_override(rows, block, path, panel_id)
    api = meta.require("api", str)
    return Panel(
        id=panel_id,
        title=meta.require("title", str),
        tagline=meta.require("tagline", str),
        api=tuple(a.strip() for a in api.split(",") if a.strip()),
        caption=meta.require("caption", str),
        see=see,
        prose=prose,
        setup=setup,
        rows=rows,
        location=Location(path, id_line, id_column - 1),  # where its id is written
        form=output_form(meta, None),
    )


def _link(meta: Document) -> Link:
    see = meta.require("see", dict)
    if not isinstance(see.get("text"), str) or not isinstance(see.get("url"), str):
        raise meta.error(("see",), "'see' needs 'text' and 'url'")
    if not see["url"].startswith("https://"):
        raise meta.error(("see", "url"), "'see' url must be an https:// address")
    return Link(see["text"], see["url"])


def _blocks(lines: list[str], start: int, path: Path) -> tuple[list[_Fenced], str]:
    """Directive blocks of the body, and the prose outside them."""
    blocks: list[_Fenced] = []
    prose: list[str] = []
    n = start
    while n <= len(lines):
        line = lines[n - 1]
        fence = _FENCE.match(line)
        if not fence:
            prose.append(line)
            n += 1
            continue
        marker, name, argument = fence.group(1), fence.group(3), (fence.group(4) or "")
        close = next(
            (k for k in range(n + 1, len(lines) + 1) if lines[k - 1].strip() == marker), None
        )
        label = f"{{{name}}} block" if name else "code block"
        if close is None:
            raise SourceError(path, n, f"unterminated {label}: no closing {marker}", 1)
        opened = next((k for k in range(n + 1, close) if _opens(lines[k - 1])), None)
        if name and opened is not None:  # its closing fence is missing; another block follows
            raise SourceError(
                path, n, f"unclosed {label}: the next block opens at line {opened} first", 1
            )
        inner = "\n".join(lines[n : close - 1])
        if name is None:
            prose.extend(lines[n - 1 : close])
        elif name not in _DIRECTIVES:
            raise SourceError(
                path, n, f"unknown block {{{name}}}; expected one of {_DIRECTIVES}", 1
            )
        else:
            column = line.index(argument) + 1 if argument.strip() else len(line) + 1
            blocks.append(_Fenced(name, argument.strip(), inner, n, n + 1, column))
        n = close + 1
    return blocks, "\n".join(prose).strip()


def _opens(line: str) -> bool:
    """Whether ``line`` opens a directive block (```{name})."""
    fence = _FENCE.match(line)
    return fence is not None and fence.group(3) is not None


def _apply_override(
    rows: tuple[Row, ...], block: _Fenced, path: Path, panel_id: str
) -> tuple[Row, ...]:
    backend = block.argument
    if backend not in BACKENDS:
        raise SourceError(
            path,
            block.opened,
            f"unknown backend {backend!r}; expected one of {BACKENDS}",
            block.argument_column,
        )
    by_code = {fold(r.code): i for i, r in enumerate(rows) if r.code}
    updated = list(rows)
    for line in parse_rows(block.text, path, block.first, f"{panel_id}:{backend}", notes=False):
        where, column = line.location.line, line.location.column + 1
        if line.expectation is None:
            raise SourceError(path, where, "an override line needs '-> VALUE'", column)
        index = by_code.get(fold(line.code))
        if index is None:
            message = f"override matches no row of the snippet: {line.code!r}"
            raise SourceError(path, where, message, column)
        row = updated[index]
        if row.expectation is None:
            raise SourceError(path, where, "override for a row that documents no output", column)
        overrides: tuple[tuple[str, Expectation], ...] = (
            *row.overrides,
            (backend, line.expectation),
        )
        updated[index] = replace(row, overrides=overrides)
    return tuple(updated)
