"""Build the poster files: whole sheet and per panel, light and dark; PNG/PDF of the sheets."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from jax_cheatsheet.files import write_atomic
from jax_cheatsheet.matrix import Matrix
from jax_cheatsheet.model import Panel, Sheet
from jax_cheatsheet.poster import fonts
from jax_cheatsheet.poster.content import Span
from jax_cheatsheet.poster.glyphs import GlyphError, uncovered_in_panels
from jax_cheatsheet.poster.layout import (
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Page,
    TextLine,
    layout_pages,
    layout_panel,
    right_aligned,
)
from jax_cheatsheet.poster.measure import Metrics
from jax_cheatsheet.poster.stamp import check_fresh, check_passing, marks, stamp_with_range
from jax_cheatsheet.poster.svg import render
from jax_cheatsheet.poster.theme import THEMES
from jax_cheatsheet.record import Record

SHEET_NAME = "cheatsheet"
#: The bundled font's licence, shipped beside the posters that embed subsets of it.
FONT_LICENCE = fonts.LICENCES[fonts.FAMILY]
#: The physical page: the area A4 and US Letter share, landscape.
PAGE_SIZE = ("279.4mm", "210mm")


def panel_url(sheet: Sheet, panel: Panel) -> str:
    """The panel's page on the site (absolute, from the one configured base URL)."""
    return f"{sheet.site_url}panels/{panel.id}.html" if sheet.site_url else ""


def render_posters(
    sheet: Sheet,
    record: Record,
    cache: Path,
    *,
    pages: int = 1,
    allow_failures: bool = False,
    matrix: Matrix | None = None,
) -> dict[str, str]:
    """Every poster SVG (and the font licence), by file name relative to the output folder.

    ``pages``: the whole sheet on this many pages (the first is ``cheatsheet-light.svg``, the
    next ``cheatsheet-light-2.svg``...). A row that failed its check is refused (RecordError
    listing each) unless ``allow_failures``, which draws such rows marked. ``matrix``: the
    release matrix, whose range the stamp names.
    """
    _refuse(sheet, record, allow_failures)
    metrics = fonts.metrics(cache)
    links = {p.id: panel_url(sheet, p) for p in sheet.panels}
    failed = marks(sheet.panels, record)
    laid = layout_pages(sheet.panels, metrics, pages=pages, links=links, marks=failed)
    stamped = stamp_with_range(sheet.panels, record, matrix)
    sheets = [
        replace(page, texts=_header_footer(sheet, stamped, metrics, (n, len(laid))))
        for n, page in enumerate(laid, 1)
    ]
    boxes = {box.panel_id: box for page in sheets for box in page.boxes}
    singles = {
        p.id: layout_panel(p, sheets[0].size, boxes[p.id].width, metrics, links[p.id], failed)
        for p in sheet.panels
    }
    whole_css = fonts.font_face_css(_used(sheets), cache)  # every glyph the sheet draws
    files: dict[str, str] = {}
    for theme in THEMES:
        for n, page in enumerate(sheets, 1):
            on_page = [p for p in sheet.panels if any(b.panel_id == p.id for b in page.boxes)]
            of = f", page {n} of {len(sheets)}" if len(sheets) > 1 else ""
            files[poster_name(theme.name, n)] = render(
                page,
                theme,
                title=f"{sheet.title} ({theme.name}): {len(sheet.panels)} panels{of}",
                desc=_desc(on_page, stamp_with_range(on_page, record, matrix)),
                font_css=whole_css,
                physical=PAGE_SIZE,
                metrics=metrics,
            )
        for panel in sheet.panels:
            files[f"panels/{panel.id}-{theme.name}.svg"] = render(
                singles[panel.id],
                theme,
                title=f"{sheet.title}: {panel.title} ({theme.name})",
                desc=_desc([panel], stamp_with_range([panel], record, matrix)),
                font_css=whole_css,  # a superset of the panel's glyphs: one subset to make
                metrics=metrics,
            )
    files.update(fonts.licence_files(whole_css))
    return files


def _refuse(sheet: Sheet, record: Record, allow_failures: bool) -> None:
    """RecordError for a stale record or (unless allowed) a failing row; GlyphError for a
    character no font draws where the sheet requires every glyph."""
    check_fresh(sheet.panels, record)
    if not allow_failures:
        check_passing(sheet.panels, record)
    missing = uncovered_in_panels(sheet.panels)
    if missing and sheet.glyphs_required:
        raise GlyphError(missing)


def poster_name(theme: str, page: int = 1) -> str:
    """The whole-sheet SVG of ``page`` (1-based) in ``theme``: ``cheatsheet-light-2.svg``."""
    return f"{SHEET_NAME}-{theme}{f'-{page}' if page > 1 else ''}.svg"


def write_posters(
    sheet: Sheet,
    record: Record,
    out: Path,
    cache: Path,
    *,
    pages: int = 1,
    allow_failures: bool = False,
    matrix: Matrix | None = None,
) -> list[Path]:
    """Write every poster file under ``out`` (atomically); remove SVGs no longer produced."""
    files = render_posters(
        sheet, record, cache, pages=pages, allow_failures=allow_failures, matrix=matrix
    )
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
    """PNG and PDF of each whole-sheet poster page, for the site's downloads; exports of
    pages the posters no longer have are removed."""
    made = []
    for theme in THEMES:
        page = 1
        while (svg_dir / poster_name(theme.name, page)).is_file():
            made += export_if_changed(svg_dir / poster_name(theme.name, page), out, cache)
            page += 1
        while (out / poster_name(theme.name, page)).with_suffix(".png").is_file():
            stem = Path(poster_name(theme.name, page)).stem
            for stale in (f"{stem}.png", f"{stem}.pdf", f".{stem}.exported"):
                (out / stale).unlink(missing_ok=True)
            page += 1
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


def _header_footer(
    sheet: Sheet, stamped: str, metrics: Metrics, page: tuple[int, int]
) -> tuple[TextLine, ...]:
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
    number = f"   page {page[0]} of {page[1]}" if page[1] > 1 else ""
    return (
        TextLine(MARGIN, top, 17, (Span(sheet.title, "title", True),), href=sheet.site_url or None),
        right_aligned(right, top - 3, 7.5, legend, metrics),
        TextLine(MARGIN, bottom, 7, (Span(stamped, "muted"),)),
        # The credit under the legend: the footer is the stamp's, release range and all.
        right_aligned(
            right,
            top + 7,
            7,
            (Span(f"{credit}   {site}".rstrip() + number, "muted"),),
            metrics,
            href=sheet.site_url or None,
        ),
    )


def _used(pages: Sequence[Page]) -> dict[int, str]:
    used: dict[int, set[str]] = {400: set(), 700: set()}
    lines = [line for page in pages for box in page.boxes for line in box.lines]
    for line in lines + [line for page in pages for line in page.texts]:
        for span in line.spans:
            used[700 if span.bold else 400].update(span.text)
    return {weight: "".join(sorted(chars)) for weight, chars in used.items() if chars}


def _desc(panels: list[Panel] | tuple[Panel, ...], stamped: str) -> str:
    lines = [stamped + "."]
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
