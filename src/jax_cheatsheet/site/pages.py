"""The site's generated pages, as MyST text, from the model and the verification record.

Prose stays Markdown; anything built from code or outputs goes through ``{raw} html`` with
every string escaped, so a row holding ``<script>`` shows as text.
"""

from __future__ import annotations

import html
import re

from pygments import highlight as pygmentize
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from jax_cheatsheet.model import Panel, Row, Sheet
from jax_cheatsheet.poster.build import FONT_LICENCE, SHEET_NAME
from jax_cheatsheet.poster.stamp import stamp
from jax_cheatsheet.poster.theme import THEMES
from jax_cheatsheet.record import ERROR, FAIL, PASS, RAN, TIMEOUT, Record, RowResult

STATIC = "_static/posters"
LABELS = {PASS: "checked", FAIL: "FAILED", ERROR: "ERROR", TIMEOUT: "TIMED OUT", RAN: "ran"}


def render_pages(sheet: Sheet, record: Record) -> dict[str, str]:
    """Every generated page, by path relative to the docs folder."""
    results = {r.id: r for r in record.results}
    pages = {
        "_home.md": home(sheet, record),
        "panels/index.md": panel_index(sheet),
        "quickref.md": quickref(sheet),
        "verification.md": verification(sheet, record),
        "references.md": references(sheet),
    }
    for panel in sheet.panels:
        pages[f"panels/{panel.id}.md"] = panel_page(sheet, panel, results)
    return pages


def fence_for(text: str, shortest: int = 3) -> str:
    """A code fence longer than any run of backticks in ``text``."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(shortest, longest + 1)


def raw(markup: str) -> str:
    """A MyST ``{raw} html`` block holding ``markup``."""
    fence = fence_for(markup)
    return f"{fence}{{raw}} html\n{markup}\n{fence}\n"


def code_html(code: str) -> str:
    """Highlighted code in the markup the theme styles and sphinx-copybutton attaches to."""
    body = pygmentize(code, PythonLexer(), HtmlFormatter(nowrap=True))
    pre = f'<div class="highlight"><pre>{body}</pre></div>'
    return f'<div class="highlight-python notranslate">{pre}</div>'


def poster_figure(path: str, alt: str, caption: str, prefix: str) -> str:
    """Light and dark images of one poster; the theme shows the one matching its mode."""
    images = "".join(
        f'<img class="only-{t.name} cs-poster" src="{prefix}{STATIC}/{path}-{t.name}.svg" '
        f'alt="{html.escape(alt)}">'
        for t in THEMES
    )
    caption = f"<figcaption>{html.escape(caption)}</figcaption>"
    return f'<figure class="cs-figure">{images}{caption}</figure>'


def home(sheet: Sheet, record: Record) -> str:
    """The home page's body: intro, poster, downloads, provenance."""
    alt = f"{sheet.title}: " + "; ".join(f"{p.title} ({', '.join(p.api)})" for p in sheet.panels)
    downloads = []
    for theme in THEMES:
        links = " ".join(
            f'<a class="cs-download" href="{STATIC}/{SHEET_NAME}-{theme.name}.{ext}" download>'
            f"{ext.upper()}</a>"
            for ext in ("svg", "png", "pdf")
        )
        downloads.append(
            f'<p class="cs-downloads"><span>{theme.name.title()} poster</span> {links}</p>'
        )
    parts = [
        sheet.intro,
        "",
        raw(
            poster_figure(SHEET_NAME, alt, f"The whole sheet: {len(sheet.panels)} panels.", "")
            + '<div class="cs-download-box">'
            + "".join(downloads)
            + f'<p class="cs-stamp">{html.escape(stamp(sheet.panels, record))}</p>'
            + f'<p class="cs-font">Set in JetBrains Mono (<a href="{STATIC}/{FONT_LICENCE}">'
            + "SIL Open Font License</a>).</p></div>"
        ),
        "",
        sheet.credit,
        "",
    ]
    return "\n".join(parts)


def panel_index(sheet: Sheet) -> str:
    """The panels section: a toctree in poster order."""
    entries = "\n".join(p.id for p in sheet.panels)
    return f"# Panels\n\n```{{toctree}}\n:maxdepth: 1\n\n{entries}\n```\n"


def panel_page(sheet: Sheet, panel: Panel, results: dict[str, RowResult]) -> str:
    """One panel: prose, its poster, rows with checked outputs, setup, whole program."""
    alt = f"{panel.title} panel: {', '.join(panel.api)}"
    rows = "".join(_row_html(row, results.get(row.id)) for row in panel.rows)
    setup = panel.setup.code.strip() if panel.setup else ""
    program = panel_program(sheet, panel)
    hidden = (
        '<details class="cs-setup"><summary>Hidden setup run before the rows</summary>'
        + code_html(setup)
        + "</details>"
        if setup
        else ""
    )
    fence = fence_for(program, 4)
    return "\n".join(
        [
            f"# {panel.title}",
            "",
            f"*{panel.tagline}*",
            "",
            raw(poster_figure(f"panels/{panel.id}", alt, panel.caption, "../")),
            panel.prose,
            "",
            "## Rows",
            "",
            "Each row is run as shown, after the sheet's imports and the panel's setup; the value",
            "beside it is what JAX printed, compared with the documented output.",
            "",
            raw(f'<div class="cs-rows">{rows}</div>{hidden}'),
            "## The whole panel as one program",
            "",
            f"{fence}python",
            program,
            fence,
            "",
            f"See [{panel.see.text}]({panel.see.url}) in the JAX documentation.",
            "",
        ]
    )


def panel_program(sheet: Sheet, panel: Panel) -> str:
    """The whole panel as one script that runs top to bottom: imports, setup, every row.

    A row documented to raise is wrapped so the script goes on, printing the exception's
    name; every other row is exactly as on the poster.
    """
    lines = []
    for row in panel.rows:
        if not row.code:
            continue
        raised = row.expectation.values[-1].raises if row.expectation else None
        if raised:
            name = raised.rsplit(".", 1)[-1]
            body = "\n".join("    " + line for line in row.code.splitlines())
            lines.append(
                f"try:\n{body}\nexcept Exception as error:  # documented: raises {name}\n"
                "    print(type(error).__name__)"
            )
        else:
            lines.append(row.code)
    setup = panel.setup.code.strip() if panel.setup else ""
    parts = (sheet.prelude.code.strip(), setup, "\n".join(lines))
    return "\n\n".join(part for part in parts if part)


def _row_html(row: Row, result: RowResult | None) -> str:
    if row.is_note:
        return f'<div class="cs-row cs-note"><p>{html.escape(row.comment)}</p></div>'
    verdict = result.verdict if result else "missing"
    label = LABELS.get(verdict, "NOT RUN")
    out = [f'<span class="cs-comment">{html.escape(row.comment)}</span>'] if row.comment else []
    if row.expectation is not None:
        out.append(f'<code class="cs-value">{html.escape(row.expectation.source)}</code>')
    if result is not None and result.verdict not in (PASS, RAN):
        out.append(
            f'<span class="cs-actual">JAX printed: <code>{html.escape(result.actual)}</code></span>'
        )
    out.append(f'<span class="cs-status cs-{verdict}">{label}</span>')
    anchor = f"row-{row.id.replace(':', '-')}"
    code = f'<div class="cs-code">{code_html(row.code)}</div>'
    return (
        f'<div class="cs-row cs-{verdict}" id="{anchor}">{code}'
        f'<div class="cs-out">{"".join(out)}</div></div>'
    )


def quickref(sheet: Sheet) -> str:
    """The quick-reference tables, from the sources' data."""
    parts = ["# Quick reference", ""]
    for table in sheet.tables:
        parts += [f"## {table.caption}", ""]
        parts.append("| " + " | ".join(_cell(c) for c in table.columns) + " |")
        parts.append("|" + "---|" * len(table.columns))
        for row in table.rows:
            first, *rest = row
            parts.append("| " + " | ".join([f"`{first}`", *(_cell(c) for c in rest)]) + " |")
        parts.append("")
    return "\n".join(parts)


def _cell(text: str) -> str:
    return html.escape(text).replace("|", "\\|")


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
            f'<tr class="cs-{r.verdict}"><td><a href="{_row_link(sheet, r)}">'
            f"{html.escape(r.file)}:{r.line}</a></td>"
            f"<td><code>{html.escape(r.code)}</code></td>"
            f"<td><code>{html.escape(r.expected or '')}</code></td>"
            f"<td><code>{html.escape(r.actual)}</code></td>"
            f'<td><span class="cs-status cs-{r.verdict}">{LABELS.get(r.verdict, r.verdict)}</span>'
            + (f"<br><small>{html.escape(r.detail)}</small>" if r.failed else "")
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
            f"- JAX {env['jax']}, jaxlib {env['jaxlib']}, Python {env['python']}",
            f"- backend `{env['backend']}`, device kind `{env['device_kind']}`",
            f"- {summary}",
            "",
            raw(table),
        ]
    )


def _row_link(sheet: Sheet, result: RowResult) -> str:
    if result.kind == "panel":
        return f"panels/{result.unit}.html#row-{result.id.replace(':', '-')}"
    return f"gallery/{result.file.rsplit('/', 1)[-1].removesuffix('.py')}.html"


def references(sheet: Sheet) -> str:
    """Links to the JAX documentation and ecosystem, and the credit."""
    links = "\n".join(f"- [{link.text}]({link.url})" for link in sheet.references)
    see = "\n".join(f"- {p.title}: [{p.see.text}]({p.see.url})" for p in sheet.panels)
    return f"# References\n\n{links}\n\n## Per panel\n\n{see}\n\n{sheet.credit}\n"


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
            differs = index and " ".join(found.actual.split()) != " ".join(row.actual.split())
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
            f"The sheet was also run on jax {old.environment['jax']} "
            f"({old.environment['backend']}); its record is kept in `docs/records/`. The table "
            f"compares it with this build (jax {new.environment['jax']}). Rows marked **fail** "
            "did not hold on the older release: the random draws, whose default generator "
            "changed in jax 0.5.0, which is why the sheet requires jax >= 0.5.0. The other rows "
            "differ only in digits beyond the documented precision.",
            "",
            table_text,
        ]
    )
