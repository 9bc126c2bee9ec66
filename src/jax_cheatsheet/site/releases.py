"""The release pages: every row on every JAX release (the matrix), and what changed from
each release to the next (drift).

Record text (code, outputs, exceptions) is escaped like sheet text: ``html.escape`` inside
raw HTML, ``md_text`` in Markdown. A verdict is a word and a sign as well as a colour, so the
table reads in greyscale and to a screen reader.
"""

from __future__ import annotations

import html

from jax_cheatsheet.drift import Change, drift, label
from jax_cheatsheet.matrix import Column, Matrix, MatrixRow, holds
from jax_cheatsheet.record import FAIL, Record, RowResult
from jax_cheatsheet.site.markup import LABELS, md_text, raw, row_anchor, row_link, scroll_region
from jax_cheatsheet.text import fold

#: The matrix page's name, and the prefix of its rows' anchors.
PAGE, ANCHOR = "matrix", "m-"


def since_text(row: MatrixRow, matrix: Matrix) -> str:
    """``since jax 0.5.3`` for a row that does not hold on every release ("" if it does)."""
    first = matrix.releases[0] if matrix.releases else None
    if row.since == first:
        return ""
    return f"since jax {row.since}" if row.since else f"fails on jax {matrix.releases[-1]}"


def release_marks(matrix: Matrix) -> dict[str, str]:
    """Row id -> "since jax X" for a row that does not hold on every release ("" for one that
    does): what a panel page shows beside each row."""
    return {row.result.id: since_text(row, matrix) for row in matrix.rows}


def matrix_page(matrix: Matrix, stale: dict[str, int] | None = None) -> str:
    """Rows x records: each row's verdict on each release and lane, and since when it holds;
    the rows grouped by panel or sample, in sheet order. ``stale``: records made before the
    sheet's rows last changed, with how many rows differ (named above the table)."""
    head = "".join(f'<th scope="col">{_column_head(c)}</th>' for c in matrix.columns)
    body, unit = [], None
    for row in matrix.rows:
        if row.result.unit != unit:
            unit = row.result.unit
            span = len(matrix.columns) + 2
            body.append(
                f'<tr class="cs-unit"><th scope="rowgroup" colspan="{span}">'
                f"{html.escape(row.result.file)}</th></tr>"
            )
        body.append(_row(row, matrix))
    table_html = scroll_region(
        "Rows across JAX releases",
        '<table class="cs-verification cs-matrix"><thead><tr><th scope="col">Row</th>'
        f'<th scope="col">Holds</th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>',
    )
    old = [
        f"{md_text(name)} ({n} row{'s' if n != 1 else ''} added, removed or edited since)"
        for name, n in sorted((stale or {}).items())
    ]
    note = (
        ["", "**Older than the sheet:** " + "; ".join(old) + ". Their cells for those rows show "
         "the rows as they were then, or *(not in this record)*, until the sheet is checked "
         "on those releases again."]
        if old
        else []
    )  # fmt: skip
    body_md = ["# Rows across JAX releases", "", *_summary(matrix), *note, "", raw(table_html)]
    return "\n".join(body_md)


def _summary(matrix: Matrix) -> list[str]:
    releases = matrix.releases
    lanes = [c.label for c in matrix.columns if not c.release]
    late = matrix.exceptions()
    lines = [
        f"The whole sheet was run on {len(releases)} JAX "
        f"release{'s' if len(releases) != 1 else ''} on CPU "
        f"({md_text(', '.join(releases))})"
        + (f" and on {md_text(', '.join(lanes))}" if lanes else "")
        + ". Each cell is that run's verdict; where a row printed something else than on "
        f"jax {md_text(releases[-1] if releases else '')}, the cell shows what it printed.",
        "",
    ]
    if not late:
        lines.append(f"Every row holds on every release from jax {md_text(releases[0])} on.")
    else:
        bound = matrix.bound
        lines.append(
            f"{len(late)} row{'s' if len(late) != 1 else ''} do not hold on every release"
            + (f"; every row holds from jax {md_text(bound)} on." if bound else ".")
            + " The column **Holds** gives the first release from which a row holds on every "
            "release up to the newest one checked."
        )
    return lines


def _column_head(column: Column) -> str:
    # A column beside the releases: another backend, or a CPU release newer than the pin.
    newer = not column.release and column.backend == "cpu"
    lane = html.escape(column.backend) + (", newer" if newer else "")
    return f"{html.escape(column.jax)}<br><small>{lane}</small>"


def _row(row: MatrixRow, matrix: Matrix) -> str:
    result = row.result
    since = since_text(row, matrix)
    cells = "".join(_cell(cell, result) for cell in row.cells)
    return (
        f'<tr id="{ANCHOR}{row_anchor(result.id)}" class="cs-matrix-row'
        f'{" cs-late" if since else ""}"><td><a href="{html.escape(row_link(result))}" '
        f'title="{html.escape(result.file)}:{result.line}"><code>{html.escape(result.code)}'
        f"</code></a></td><td>{html.escape(since or 'all')}</td>{cells}</tr>"
    )


#: A verdict in a matrix cell: a sign and a word, so it reads without its colour.
WORDS = {"pass": ("✓", "holds"), "ran": ("✓", "ran"), "fail": ("✗", "FAILS")}


def _cell(cell: RowResult | None, reference: RowResult) -> str:
    if cell is None:
        return "<td>(not in this record)</td>"
    sign, word = _word(cell.verdict)
    shown = ""
    # Why it does not hold: the exception (or time-out) in words; a wrong value shows itself.
    why = cell.detail or (f"raised {cell.raised}" if cell.raised else "")
    if not holds(cell) and why and not (cell.verdict == FAIL and cell.actual):
        shown = f"<br><small>{html.escape(why)}</small>"
    if fold(cell.actual) != fold(reference.actual) and cell.actual:
        shown += f"<br><code>{html.escape(cell.actual)}</code>"
    return (
        f'<td><span class="cs-status cs-{cell.verdict}">'
        f'<span aria-hidden="true">{sign} </span>{word}</span>{shown}</td>'
    )


def drift_steps(records: list[Record]) -> str:
    """What changed from each release to the next, oldest first (records of one backend)."""
    parts = [
        "# Drift between JAX releases",
        "",
        "Each section compares two consecutive releases on record: every row that printed "
        "something else, or changed its verdict. A value marked *FAILS* does not hold on that "
        "release; the others print differently but still match their documented output at the "
        "precision written.",
        "",
    ]
    for before, after in zip(records, records[1:], strict=False):
        old, new = before.environment, after.environment
        step = f"jax {old['jax']} to {new['jax']} on {new['backend']}"
        parts += [f"## {md_text(step)}", "", _changes(before, after, drift(before, after)), ""]
    return "\n".join(parts)


def _changes(before: Record, after: Record, changes: list[Change]) -> str:
    """The rows that changed between two records, as an escaped HTML table."""
    if not changes:
        return md_text(
            f"No row prints differently: {label(before)} and {label(after)} agree on all "
            f"{len(after.results)} rows."
        )
    head = "".join(
        f'<th scope="col">{html.escape(h)}</th>'
        for h in ("Row", f"jax {before.environment['jax']}", f"jax {after.environment['jax']}")
    )
    body = "".join(
        f"<tr><td><code>{html.escape(c.code)}</code><br><small>{html.escape(c.where)}</small>"
        f"</td><td>{_printed(c.before)}</td><td>{_printed(c.after)}</td></tr>"
        for c in changes
    )
    summary = (
        f"{len(changes)} of {len(after.results)} rows print differently "
        f"({label(before)} to {label(after)}):"
    )
    table_html = scroll_region(
        summary,
        f'<table class="cs-verification cs-drift"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>",
    )
    return "\n".join([md_text(summary), "", raw(table_html)])


def _printed(result: RowResult | None) -> str:
    if result is None:
        return "(absent)"
    shown = f"<code>{html.escape(fold(result.actual))}</code>" if result.actual else "(no output)"
    return shown if holds(result) else f"{shown}<br><em>{_word(result.verdict)[1]}</em>"


def _word(verdict: str) -> tuple[str, str]:
    """The sign and the word of a verdict (FAILS, ERROR, TIMED OUT...)."""
    return WORDS.get(verdict, ("✗", LABELS.get(verdict, verdict)))
