"""Split a block of Python into rows and read the documented output behind the marker."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass, replace
from pathlib import Path

from jax_cheatsheet.errors import SourceError
from jax_cheatsheet.model import Location, Row
from jax_cheatsheet.parse.outputs import locate_output, parse_expectation

#: Compound statements that, written on one line, show what they printed as their value.
SHOWS_PRINTED = (ast.For, ast.AsyncFor, ast.While, ast.If, ast.With, ast.AsyncWith, ast.Try)


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
        raise SourceError(
            path, line, f"row is not valid Python: {err.msg}", err.offset or 0
        ) from None
    comments = _comments(text)
    body = list(module.body)
    if skip_docstring and body and _is_docstring(body[0]):
        body = body[1:]
    groups = _group(body)
    lines = text.splitlines()
    covered = {n for g in groups for n in range(g.start, g.end + 1)}

    _check_markers(comments, groups, covered, path, offset)
    options = _options(comments, covered, path, offset)
    items: list[tuple[int, Row]] = []
    previous = 0
    for index, group in enumerate(groups, 1):
        row = _row(group, lines, comments, path, offset, id_prefix, index)
        timeouts = [t for n, t in options.items() if previous < n < group.start]
        items.append((group.start, replace(row, timeout=timeouts[-1]) if timeouts else row))
        previous = group.end
    if notes:
        items += _notes(comments, covered, set(options), lines, path, offset)
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


#: A row option line: ``#| timeout: 90`` just above the row it applies to (not shown).
_OPTION = re.compile(r"^#\|\s*(?P<key>[A-Za-z_-]+)\s*:\s*(?P<value>.*?)\s*$")


def _options(
    comments: dict[int, tuple[int, str]], covered: set[int], path: Path, offset: int
) -> dict[int, float]:
    """Row options by line (only ``timeout`` in seconds, for now); a bad one is an error."""
    found: dict[int, float] = {}
    for n, (col, comment) in comments.items():
        if n in covered or not comment.startswith("#|"):
            continue
        option = _OPTION.match(comment)
        if option is None or option["key"] != "timeout":
            raise SourceError(
                path, offset + n, "a '#|' line sets a row option: '#| timeout: SECONDS'", col + 1
            )
        try:
            seconds = float(option["value"])
        except ValueError:
            seconds = -1.0
        if not 0 < seconds <= 3600:
            raise SourceError(
                path,
                offset + n,
                f"timeout must be seconds in (0, 3600], not {option['value']!r}",
                col + option.start("value") + 1,
            )
        found[n] = seconds
    return found


def _notes(
    comments: dict[int, tuple[int, str]],
    covered: set[int],
    options: set[int],
    lines: list[str],
    path: Path,
    offset: int,
) -> list[tuple[int, Row]]:
    """Comment-only lines at the block's indentation: note rows, shown but not run."""
    found = []
    for n, (col, comment) in comments.items():
        if n in covered or n in options or col != _indent(lines[n - 1]):
            continue
        location = Location(path, offset + n, col)
        note = Row("", "", _strip_hash(comment), location, offset + n, n_values=0)
        found.append((n, note))
    return found


def _check_markers(
    comments: dict[int, tuple[int, str]],
    groups: list[_Group],
    covered: set[int],
    path: Path,
    offset: int,
) -> None:
    """A marker must end the last line of a top-level statement; anywhere else is an error."""
    last_lines = {g.end for g in groups}
    for n, (col, comment) in comments.items():
        span = locate_output(comment)[1]
        if span is not None and n not in last_lines:
            where = "inside a statement" if n in covered else "with no code before it"
            raise SourceError(
                path,
                offset + n,
                f"'->' {where}: a documented output must end the line of a top-level statement",
                col + span.marker + 1,
            )


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
    words, span = "", None
    line = offset + group.end
    if group.end in comments:
        col, comment = comments[group.end]
        code_lines[-1] = code_lines[-1][:col]
        words, span = locate_output(comment)
        if span is not None:
            _check_block_marker(group, path, line, col + span.marker + 1)
    code = "\n".join(line.rstrip() for line in code_lines).strip("\n")
    one_liners = group.start == group.end
    n_values = sum(
        isinstance(s, ast.Expr) or (one_liners and isinstance(s, SHOWS_PRINTED))
        for s in group.statements
    )
    expectation = None
    if span is not None:
        col, comment = comments[group.end]
        marker = col + span.marker + 1
        text = comment[span.start : span.end]
        expectation = parse_expectation(text, path, line, col + span.start, col + span.end)
        # A row may end in an exception, whatever its last statement is (`x[0] = 9`).
        raises = bool(expectation.values) and expectation.values[-1].raises is not None
        shown = len(expectation.values) - raises
        if n_values == 0 and (shown or expectation.pending):
            raise SourceError(path, line, "'->' on a row with no expression to check", marker)
        if shown > n_values:
            raise SourceError(
                path,
                line,
                f"row has {n_values} expression(s) but {len(expectation.values)} documented "
                "values; give one value per expression, separated by ';'",
                col + span.start + 1,
            )
    imports = all(isinstance(s, ast.Import | ast.ImportFrom) for s in group.statements)
    return Row(
        id=f"{id_prefix}:{index}",
        code=code,
        comment=words,
        location=Location(path, offset + group.start, _indent(lines[group.start - 1])),
        end_line=offset + group.end,
        n_values=n_values,
        expectation=expectation,
        is_import=imports,
    )


def _check_block_marker(group: _Group, path: Path, line: int, column: int) -> None:
    """A block statement carries an output only on one line, and only if it shows one."""
    last = group.statements[-1]
    one_line = group.start == group.end and isinstance(last, SHOWS_PRINTED)
    if hasattr(last, "body") and not one_line:
        raise SourceError(
            path,
            line,
            "'->' inside a statement: a documented output must end the line of a "
            "top-level statement (a one-line for/while/if/with/try shows what it printed)",
            column,
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


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _is_docstring(stmt: ast.stmt) -> bool:
    return (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Constant)
        and isinstance(stmt.value.value, str)
    )


def _strip_hash(comment: str) -> str:
    return comment.lstrip("#").strip()
