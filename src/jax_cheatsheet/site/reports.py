"""The generated verification page: every row's verdict in this build's record.

Record text (code, outputs, file names, environment) is escaped like sheet text: ``html.escape``
inside raw HTML, ``md_text``/``md_code`` in Markdown.
"""

from __future__ import annotations

import html

from jax_cheatsheet.model import Sheet
from jax_cheatsheet.record import PASS, RAN, Record, settings
from jax_cheatsheet.site.markup import LABELS, md_code, md_text, raw, row_link, scroll_region


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
            f'<tr class="cs-{r.verdict}"><td><a href="{html.escape(row_link(r))}">'
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
    table = scroll_region(
        "Every row's verdict",
        f'<table class="cs-verification"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>",
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
