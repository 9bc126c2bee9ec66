"""Generated pages about the record: verification, rows by backend, drift between releases.

Record text (code, outputs, file names, environment) is escaped like sheet text: ``html.escape``
inside raw HTML, ``md_text``/``md_code`` in Markdown.
"""

from __future__ import annotations

import html

from jax_cheatsheet.model import Sheet
from jax_cheatsheet.record import PASS, RAN, Record, RowResult, settings
from jax_cheatsheet.site.markup import LABELS, md_code, md_text, raw
from jax_cheatsheet.text import fold


def verification(sheet: Sheet, record: Record) -> str:
    """Every row's verdict, expected and actual output, with the environment."""
    env = record.environment
    counts = record.counts
    summary = (
        f"{counts.get(PASS, 0)} of {record.checked} documented outputs hold and "
        f"{counts.get(RAN, 0)} more rows ran without error; "
        f"{len(record.failures)} rows failed."
    )
    head = "".join(
        f"<th>{h}</th>" for h in ("Row", "Code", "Expected", "Actual", "Status", "Backend", "JAX")
    )
    body = []
    for r in record.results:
        body.append(
            f'<tr class="cs-{r.verdict}"><td><a href="{html.escape(_row_link(sheet, r))}">'
            f"{html.escape(r.file)}:{r.line}</a></td>"
            f"<td><code>{html.escape(r.code)}</code></td>"
            f"<td><code>{html.escape(r.expected or '')}</code></td>"
            f"<td><code>{html.escape(r.actual)}</code></td>"
            f'<td><span class="cs-status cs-{r.verdict}">{LABELS.get(r.verdict, r.verdict)}</span>'
            + (f"<br><small>{html.escape(r.detail)}</small>" if r.failed or r.detail else "")
            + "".join(
                f'<br><small class="cs-warning">warned: {html.escape(w)}</small>'
                for w in r.warnings
            )
            + f"</td><td>{html.escape(env['backend'])}</td><td>{html.escape(env['jax'])}</td></tr>"
        )
    table = (
        f'<div class="cs-table"><table class="cs-verification"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )
    return "\n".join(
        [
            "# Verification",
            "",
            "Every row of every panel and sample was executed and its output compared with the",
            "documented one. This page is generated from the verification record of this build.",
            "",
            f"- JAX {md_text(env['jax'])}, jaxlib {md_text(env['jaxlib'])}, "
            f"Python {md_text(env['python'])}",
            f"- backend {md_code(env['backend'])}, device kind {md_code(env['device_kind'])}",
            f"- {summary}",
            *(
                [f"- settings that change printing: {md_text(', '.join(settings(env)))}"]
                if settings(env)
                else []
            ),
            "",
            raw(table),
        ]
    )


def _row_link(sheet: Sheet, result: RowResult) -> str:
    if result.kind == "panel":
        return f"panels/{result.unit}.html#row-{result.id.replace(':', '-')}"
    return f"gallery/{result.file.rsplit('/', 1)[-1].removesuffix('.py')}.html"


def matrix(record: Record, others: list[Record]) -> str:
    """Every row against every backend whose record this build was given."""
    records = [record, *others]
    columns = "".join(
        f"<th>{html.escape(r.environment['backend'])}<br><small>jax "
        f"{html.escape(r.environment['jax'])}</small></th>"
        for r in records
    )
    keyed = [{(x.unit, x.code, x.line): x for x in r.results} for r in records]
    body = []
    for row in record.results:
        cells = []
        for index, by_key in enumerate(keyed):
            found = by_key.get((row.unit, row.code, row.line))
            if found is None:
                cells.append("<td>(absent)</td>")
                continue
            differs = index and fold(found.actual) != fold(row.actual)
            shown = f"<br><code>{html.escape(found.actual)}</code>" if differs else ""
            label = LABELS.get(found.verdict, found.verdict)
            cells.append(
                f'<td><span class="cs-status cs-{found.verdict}">{label}</span>{shown}</td>'
            )
        body.append(
            f"<tr><td>{html.escape(row.file)}:{row.line}</td><td><code>{html.escape(row.code)}"
            f"</code></td>{''.join(cells)}</tr>"
        )
    table = (
        f'<div class="cs-table"><table class="cs-verification"><thead><tr><th>Row</th>'
        f"<th>Code</th>{columns}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )
    lanes = ", ".join(r.environment["backend"] for r in records)
    note = (
        "Only this build's own record was given: the GPU and TPU lanes' records are merged in "
        "when their files are placed in the records folder (see [Backend lanes](lanes.md))."
        if not others
        else f"Records merged: {lanes}. A printed value is shown where it differs from the "
        "first column's."
    )
    return "\n".join(["# Rows by backend", "", note, "", raw(table)])


def drift_page(old: Record, new: Record, table_text: str) -> str:
    """What changed between an older JAX's record and this build's."""
    return "\n".join(
        [
            "# Drift between JAX releases",
            "",
            f"The sheet was also run on jax {md_text(old.environment['jax'])} "
            f"({md_text(old.environment['backend'])}). "
            f"The table compares that record with this build's "
            f"(jax {md_text(new.environment['jax'])}): every row that prints differently. Rows "
            "marked **fail** did not hold on the older release; the others print differently "
            "but still match their documented output at the precision written.",
            "",
            table_text,
        ]
    )
