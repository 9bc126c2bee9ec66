"""Split a block of Python into rows and read the documented output behind the marker."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass, replace
from pathlib import Path

from jax_cheatsheet.errors import SourceError
from jax_cheatsheet.model import Expectation, Expected, Location, Row

#: The output marker inside a comment: ``->`` standing alone between spaces.
MARKER = re.compile(r"(?:^|\s)->(?:\s|$)")
_RAISES = re.compile(r"^raises\s+([A-Za-z_][A-Za-z0-9_.]*)$")


@dataclass(frozen=True)
class _Group:
    start: int  # 1-based line within the block
    end: int
    statements: tuple[ast.stmt, ...]


def parse_rows(
    text: str,
    path: Path,
    first_line: int,
    id_prefix: str,
    *,
    notes: bool,
    skip_docstring: bool = False,
) -> tuple[Row, ...]:
    """Parse ``text`` (which starts on file line ``first_line``) into rows.

    ``notes``: comment-only lines become note rows (snippets) or are ignored (scripts).
    """
    offset = first_line - 1
    try:
        module = ast.parse(text)
    except SyntaxError as err:
        line = offset + (err.lineno or 1)
        raise SourceError(path, line, f"row is not valid Python: {err.msg}") from None
    comments = _comments(text)
    body = list(module.body)
    if skip_docstring and body and _is_docstring(body[0]):
        body = body[1:]
    groups = _group(body)
    lines = text.splitlines()
    covered = {n for g in groups for n in range(g.start, g.end + 1)}

    for n, (_, comment) in comments.items():
        last_lines = {g.end for g in groups}
        if MARKER.search(comment) and n not in last_lines:
            where = "inside a statement" if n in covered else "with no code before it"
            raise SourceError(
                path,
                offset + n,
                f"'->' {where}: a documented output must end the line of a top-level statement",
            )

    items: list[tuple[int, Row]] = []
    for index, group in enumerate(groups, 1):
        items.append((group.start, _row(group, lines, comments, path, offset, id_prefix, index)))
    if notes:
        for n, (col, comment) in comments.items():
            if n not in covered and col == len(lines[n - 1]) - len(lines[n - 1].lstrip()):
                note = Row(
                    id="",
                    code="",
                    comment=_strip_hash(comment),
                    location=Location(path, offset + n),
                    end_line=offset + n,
                    n_values=0,
                )
                items.append((n, note))
    items.sort(key=lambda item: item[0])
    rows: list[Row] = []
    previous_end = 0
    for number, (start, row) in enumerate(items, 1):
        gap = previous_end > 0 and any(
            not lines[k - 1].strip() for k in range(previous_end + 1, start)
        )
        previous_end = row.end_line - offset
        rows.append(replace(row, id=f"{id_prefix}:{number}", gap_before=gap))
    return tuple(rows)


def parse_expectation(source: str, path: Path, line: int) -> Expectation:
    """Read the text after the marker: ``;``-separated values, ``~`` or ``raises``."""
    source = source.strip()
    if not source:
        raise SourceError(path, line, "nothing after '->': write the documented output")
    values = []
    for piece in split_values(source):
        piece = piece.strip()
        if not piece:
            raise SourceError(path, line, f"empty value in documented output {source!r}")
        raised = _RAISES.match(piece)
        if raised:
            values.append(Expected(text=piece, raises=raised.group(1)))
        elif piece.startswith("~"):
            values.append(Expected(text=piece[1:].strip(), approx=True))
        else:
            values.append(Expected(text=piece))
    return Expectation(values=tuple(values), source=source, line=line)


def split_values(text: str) -> list[str]:
    """Split on ``;`` outside brackets and quotes."""
    pieces: list[str] = []
    current: list[str] = []
    depth, quote = 0, ""
    for ch in text:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == ";" and depth <= 0:
            pieces.append("".join(current))
            current = []
            continue
        current.append(ch)
    pieces.append("".join(current))
    return pieces


def split_comment(comment: str) -> tuple[str, str | None]:
    """``# words -> value`` -> (``words``, ``value``); no marker -> (words, None)."""
    body = _strip_hash(comment)
    found = MARKER.search(body)
    if not found:
        return body, None
    return body[: found.start()].strip(), body[found.end() :]


def _row(
    group: _Group,
    lines: list[str],
    comments: dict[int, tuple[int, str]],
    path: Path,
    offset: int,
    id_prefix: str,
    index: int,
) -> Row:
    code_lines = lines[group.start - 1 : group.end]
    words, output = "", None
    if group.end in comments:
        col, comment = comments[group.end]
        code_lines[-1] = code_lines[-1][:col]
        words, output = split_comment(comment)
        if output is not None and hasattr(group.statements[-1], "body"):
            raise SourceError(
                path,
                offset + group.end,
                "'->' inside a statement: a documented output must end the line of a "
                "top-level statement",
            )
    code = "\n".join(line.rstrip() for line in code_lines).strip("\n")
    n_values = sum(isinstance(s, ast.Expr) for s in group.statements)
    line = offset + group.end
    expectation = None
    if output is not None:
        expectation = parse_expectation(output, path, line)
        # A row may end in an exception, whatever its last statement is (`x[0] = 9`).
        shown = len(expectation.values) - (expectation.values[-1].raises is not None)
        if n_values == 0 and shown:
            raise SourceError(path, line, "'->' on a row with no expression to check")
        if shown > n_values:
            raise SourceError(
                path,
                line,
                f"row has {n_values} expression(s) but {len(expectation.values)} documented "
                "values; give one value per expression, separated by ';'",
            )
    imports = all(isinstance(s, ast.Import | ast.ImportFrom) for s in group.statements)
    return Row(
        id=f"{id_prefix}:{index}",
        code=code,
        comment=words,
        location=Location(path, offset + group.start),
        end_line=offset + group.end,
        n_values=n_values,
        expectation=expectation,
        is_import=imports,
    )


def _group(body: list[ast.stmt]) -> list[_Group]:
    """Statements sharing a line (``a; b``) form one group; decorators belong to their def."""
    groups: list[_Group] = []
    for stmt in body:
        start = min([stmt.lineno, *(d.lineno for d in getattr(stmt, "decorator_list", []))])
        end = stmt.end_lineno or stmt.lineno
        if groups and start <= groups[-1].end:
            last = groups[-1]
            groups[-1] = _Group(last.start, max(last.end, end), (*last.statements, stmt))
        else:
            groups.append(_Group(start, end, (stmt,)))
    return groups


def _comments(text: str) -> dict[int, tuple[int, str]]:
    """Line -> (column, text) of each comment token."""
    found: dict[int, tuple[int, str]] = {}
    tokens = tokenize.generate_tokens(io.StringIO(text).readline)
    for token in tokens:
        if token.type == tokenize.COMMENT:
            found[token.start[0]] = (token.start[1], token.string)
    return found


def _is_docstring(stmt: ast.stmt) -> bool:
    return (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Constant)
        and isinstance(stmt.value.value, str)
    )


def _strip_hash(comment: str) -> str:
    return comment.lstrip("#").strip()
