"""Build the poster files: whole sheet and per panel, light and dark; PNG/PDF of the sheets."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Sequence
from pathlib import Path

from jax_cheatsheet.files import write_atomic
from jax_cheatsheet.model import Panel, Sheet
from jax_cheatsheet.poster import fonts
from jax_cheatsheet.poster.content import Span
from jax_cheatsheet.poster.layout import (
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Page,
    TextLine,
    column_width,
    layout_page,
    layout_panel,
    right_aligned,
)
from jax_cheatsheet.poster.measure import Metrics
from jax_cheatsheet.poster.stamp import check_fresh, stamp
from jax_cheatsheet.poster.svg import render
from jax_cheatsheet.poster.theme import THEMES
from jax_cheatsheet.record import Record

SHEET_NAME = "cheatsheet"
#: The bundled font's licence, shipped beside the posters that embed subsets of it.
FONT_LICENCE = "JetBrainsMono-OFL.txt"
#: The physical page: the area A4 and US Letter share, landscape.
PAGE_SIZE = ("279.4mm", "210mm")


def panel_url(sheet: Sheet, panel: Panel) -> str:
    """The panel's page on the site (absolute, from the one configured base URL)."""
    return f"{sheet.site_url}panels/{panel.id}.html" if sheet.site_url else ""


def render_posters(sheet: Sheet, record: Record, cache: Path) -> dict[str, str]:
    """Every poster SVG (and the font licence), by file name relative to the output folder."""
    check_fresh(sheet.panels, record)
    metrics = fonts.metrics(cache)
    links = {p.id: panel_url(sheet, p) for p in sheet.panels}
    page = layout_page(sheet.panels, metrics, _header_footer(sheet, record, metrics), links)
    files: dict[str, str] = {}
    width = column_width(page.columns)
    singles = {p.id: layout_panel(p, page.size, width, metrics, links[p.id]) for p in sheet.panels}
    whole_css = fonts.font_face_css(_used(page), cache)  # every glyph the sheet draws
    for theme in THEMES:
        files[f"{SHEET_NAME}-{theme.name}.svg"] = render(
            page,
            theme,
            title=f"{sheet.title} ({theme.name}): {len(sheet.panels)} panels",
            desc=_desc(sheet.panels, record),
            font_css=whole_css,
            physical=PAGE_SIZE,
        )
        for panel in sheet.panels:
            single = singles[panel.id]
            files[f"panels/{panel.id}-{theme.name}.svg"] = render(
                single,
                theme,
                title=f"{sheet.title}: {panel.title} ({theme.name})",
                desc=_desc([panel], record),
                font_css=whole_css,  # a superset of the panel's glyphs: one subset to make
            )
    files[FONT_LICENCE] = fonts.licence_text()
    return files


def write_posters(sheet: Sheet, record: Record, out: Path, cache: Path) -> list[Path]:
    """Write every poster file under ``out`` (atomically); remove SVGs no longer produced."""
    files = render_posters(sheet, record, cache)
    written = []
    for name, text in files.items():
        path = out / name
        write_atomic(path, text)
        written.append(path)
    for old in out.rglob("*.svg"):
        if old not in written:
            old.unlink()
    return written


def export_posters(svg_dir: Path, out: Path, cache: Path) -> list[Path]:
    """PNG and PDF of each whole-sheet poster, for the site's downloads."""
    made = []
    for theme in THEMES:
        made += export_if_changed(svg_dir / f"{SHEET_NAME}-{theme.name}.svg", out, cache)
    return made


def export_if_changed(svg: Path, out: Path, cache: Path, reuse: Sequence[Path] = ()) -> list[Path]:
    """PNG and PDF of ``svg`` in ``out``, rendered only if no export of these exact SVG bytes
    and PDF date is there already, or in one of the ``reuse`` folders (copied from there)."""
    from jax_cheatsheet.files import source_date
    from jax_cheatsheet.poster.export import export

    # A changed SOURCE_DATE_EPOCH changes the PDF's bytes, as a changed SVG does.
    digest = f"{hashlib.sha256(svg.read_bytes()).hexdigest()} {source_date().isoformat()}"
    files = [out / f"{svg.stem}.png", out / f"{svg.stem}.pdf"]
    for folder in (out, *reuse):
        marker = folder / f".{svg.stem}.exported"  # the SVG digest and date of its exports
        found = [folder / f.name for f in files]
        if marker.is_file() and marker.read_text() == digest and all(f.is_file() for f in found):
            if folder != out:
                out.mkdir(parents=True, exist_ok=True)
                for source, target in zip(found, files, strict=True):
                    shutil.copyfile(source, target)
                write_atomic(out / marker.name, digest)
            return files
    out.mkdir(parents=True, exist_ok=True)
    export(svg, files[0], files[1], cache)
    write_atomic(out / f".{svg.stem}.exported", digest)
    return files


def _header_footer(sheet: Sheet, record: Record, metrics: Metrics) -> tuple[TextLine, ...]:
    top = MARGIN + 16
    bottom = PAGE_HEIGHT - MARGIN - 2
    right = PAGE_WIDTH - MARGIN
    legend = (
        Span("# what it does", "comment"),
        Span(" -> ", "marker"),
        Span("value", "output", bold=True),
        Span("   the value JAX printed for that row: every one is run and checked", "muted"),
    )
    credit = "after the JAX cheatsheet by James Balamuta"
    site = sheet.site_url.removeprefix("https://").rstrip("/")
    return (
        TextLine(MARGIN, top, 17, (Span(sheet.title, "title", True),), href=sheet.site_url or None),
        right_aligned(right, top - 1, 7.5, legend, metrics),
        TextLine(MARGIN, bottom, 7, (Span(stamp(sheet.panels, record), "muted"),)),
        right_aligned(
            right,
            bottom,
            7,
            (Span(f"{credit}   {site}".rstrip(), "muted"),),
            metrics,
            href=sheet.site_url or None,
        ),
    )


def _used(page: Page) -> dict[int, str]:
    used: dict[int, set[str]] = {400: set(), 700: set()}
    lines = [line for box in page.boxes for line in box.lines] + list(page.texts)
    for line in lines:
        for span in line.spans:
            used[700 if span.bold else 400].update(span.text)
    return {weight: "".join(sorted(chars)) for weight, chars in used.items() if chars}


def _desc(panels: list[Panel] | tuple[Panel, ...], record: Record) -> str:
    lines = [stamp(panels, record) + "."]
    for panel in panels:
        lines.append(f"{panel.title}: {panel.tagline}")
        for row in panel.rows:
            text = row.code
            if row.is_note or row.comment or row.expectation:
                text += "  # " + row.comment
                if row.expectation:
                    text += " -> " + row.expectation.source
            lines.append("  " + text.replace("\n", "\n  ").strip())
    return "\n".join(lines)
