"""The site's generated pages, as MyST text, from the model and the verification record.

No sheet text is pasted in as markup. Titles, taglines, cells and link texts are literal
Markdown text (``markup.md_text``); prose stays Markdown inside the prose directive, where raw
HTML shows as text; anything built from code or outputs goes through ``{raw} html`` with every
string escaped, so a row or a title holding ``<script>`` shows as text.
"""

from __future__ import annotations

import html

from jax_cheatsheet.matrix import Matrix
from jax_cheatsheet.model import Panel, Row, Sheet
from jax_cheatsheet.poster.build import FONT_LICENCE, SHEET_NAME
from jax_cheatsheet.poster.stamp import stamp_with_range
from jax_cheatsheet.poster.theme import THEMES
from jax_cheatsheet.record import PASS, RAN, Record, RowResult
from jax_cheatsheet.site.downloads import panel_downloads
from jax_cheatsheet.site.markup import (
    LABELS,
    STATIC,
    anchor_link,
    code_html,
    fence_for,
    hidden_text,
    md_code,
    md_link,
    md_text,
    poster_figure,
    prose,
    raw,
    row_anchor,
)
from jax_cheatsheet.site.posterlinks import poster_links
from jax_cheatsheet.site.program import panel_program
from jax_cheatsheet.site.releases import ANCHOR, PAGE, release_marks
from jax_cheatsheet.site.reports import verification

#: What a build writes into docs/: this extension's pages, and sphinx-gallery's folder.
GENERATED = (
    "_home.md",
    "panels",
    "quickref.md",
    "verification.md",
    "references.md",
    "matrix.md",
    "drift.md",
    "gallery",
)


def render_pages(
    sheet: Sheet, record: Record, poster: str = "", matrix: Matrix | None = None
) -> dict[str, str]:
    """Every generated page, by path relative to the docs folder.

    ``poster``: the whole-sheet poster's SVG text, whose panels the home page's picture links.
    ``matrix``: the release matrix (None: no other release on record), which each row links
    to, with "since jax X" beside a row that does not hold on every release.
    """
    results = {r.id: r for r in record.results}
    marks = release_marks(matrix) if matrix else None
    pages = {
        "_home.md": home(sheet, record, poster, matrix),
        "panels/index.md": panel_index(sheet),
        "verification.md": verification(sheet, record),
    }
    if sheet.tables:  # pages only for what the sheet has
        pages["quickref.md"] = quickref(sheet)
    if sheet.references:
        pages["references.md"] = references(sheet)
    for panel in sheet.panels:
        pages[f"panels/{panel.id}.md"] = panel_page(sheet, panel, results, marks)
    return pages


def home(sheet: Sheet, record: Record, poster: str = "", matrix: Matrix | None = None) -> str:
    """The home page's body: intro, poster (each panel a link to its page), downloads."""
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
    stamped = stamp_with_range(sheet.panels, record, matrix)
    parts = [
        prose(sheet.intro),
        raw(
            poster_figure(
                SHEET_NAME,
                alt,
                f"The whole sheet: {len(sheet.panels)} panels (each links to its page).",
                "",
                poster_links(poster, {p.id: p.title for p in sheet.panels}),
            )
            + '<div class="cs-download-box">'
            + "".join(downloads)
            + f'<p class="cs-stamp">{html.escape(stamped)}</p>'
            + f'<p class="cs-font">Set in JetBrains Mono (<a href="{STATIC}/{FONT_LICENCE}">'
            + "SIL Open Font License</a>).</p></div>"
        ),
        prose(sheet.credit),
    ]
    return "\n".join(parts)


def panel_index(sheet: Sheet) -> str:
    """The panels section: a toctree in poster order."""
    entries = "\n".join(p.id for p in sheet.panels)
    return f"# Panels\n\n```{{toctree}}\n:maxdepth: 1\n\n{entries}\n```\n"


def panel_page(
    sheet: Sheet,
    panel: Panel,
    results: dict[str, RowResult],
    marks: dict[str, str] | None = None,
) -> str:
    """One panel: prose, its poster, rows with checked outputs, setup, whole program."""
    alt = f"{panel.title} panel: {', '.join(panel.api)}"
    rows = "".join(_row_html(row, results.get(row.id), marks) for row in panel.rows)
    setup = panel.setup.code.strip() if panel.setup else ""
    program = panel_program(sheet, panel).rstrip("\n")
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
            f"# {md_text(panel.title)}",
            "",
            f"*{md_text(panel.tagline)}*",
            "",
            raw(poster_figure(f"panels/{panel.id}", alt, panel.caption, "../")),
            raw(panel_downloads(sheet, panel, "picture")),
            prose(panel.prose),
            "## Rows",
            "",
            "Each row is run as shown, after the sheet's imports and the panel's setup; the value",
            "beside it is what JAX printed, compared with the documented output.",
            "",
            raw(f'<div class="cs-rows">{rows}</div>{hidden}'),
            "## The whole panel as one program",
            "",
            "The imports, the setup and every row; the script and notebook to download give",
            "each row's documented output as a comment below it.",
            "",
            raw(panel_downloads(sheet, panel, "program")),
            f"{fence}python",
            program,
            fence,
            "",
            f"See {md_link(panel.see.text, panel.see.url)} in the JAX documentation.",
            "",
        ]
    )


def _row_html(row: Row, result: RowResult | None, marks: dict[str, str] | None) -> str:
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
    anchor = row_anchor(row.id)
    if marks is not None and row.id in marks:
        out.append(_release_link(anchor, marks[row.id]))
    out.append(anchor_link(anchor, f"Link to row {row.id.rpartition(':')[2]} of this panel"))
    code = f'<div class="cs-code">{code_html(row.code)}</div>'
    return (
        f'<div class="cs-row cs-{verdict}" id="{anchor}">{code}'
        f'<div class="cs-out">{"".join(out)}</div></div>'
    )


def _release_link(anchor: str, since: str) -> str:
    """The row's line in the release matrix: "since jax X" where it does not hold on every
    release on record, else a quiet "all releases"."""
    kind = "cs-since" if since else "cs-releases"
    return (
        f'<a class="{kind}" href="../{PAGE}.html#{ANCHOR}{anchor}">'
        f"{html.escape(since or 'all releases')}"
        f"{hidden_text(': this row in the release matrix')}</a>"
    )


def quickref(sheet: Sheet) -> str:
    """The quick-reference tables, from the sources' data."""
    parts = ["# Quick reference", ""]
    for table in sheet.tables:
        parts += [f"## {md_text(table.caption)}", ""]
        parts.append(_table_row([md_text(c) for c in table.columns]))
        parts.append("|" + "---|" * len(table.columns))
        for first, *rest in table.rows:
            # A table splits its cells at each '|' before reading them, code spans included;
            # '\|' is a '|' inside a cell (md_text escapes every one already).
            code = md_code(first).replace("|", "\\|")
            parts.append(_table_row([code, *(md_text(c) for c in rest)]))
        parts.append("")
    return "\n".join(parts)


def _table_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def references(sheet: Sheet) -> str:
    """Links to the JAX documentation and ecosystem, and the credit."""
    links = "\n".join(f"- {md_link(link.text, link.url)}" for link in sheet.references)
    see = "\n".join(f"- {md_text(p.title)}: {md_link(p.see.text, p.see.url)}" for p in sheet.panels)
    return f"# References\n\n{links}\n\n## Per panel\n\n{see}\n\n{prose(sheet.credit)}"
