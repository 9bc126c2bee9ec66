"""What a panel page offers to download: its picture (SVG, PNG; light and dark) and its
program (a script, a notebook, and where the sheet names its repository, Colab's link).

The programs are written into the site's static folder at ``_static/downloads/``; the
panels' PNGs are exported from their SVGs beside them, in ``_static/posters/panels/``
(PNG only: a panel's page offers no PDF).
"""

from __future__ import annotations

import hashlib
import html
import shutil
from collections.abc import Sequence
from concurrent.futures import Executor, Future
from pathlib import Path

from jax_cheatsheet.files import write_atomic, write_if_changed
from jax_cheatsheet.model import Panel, Sheet
from jax_cheatsheet.poster.export import export_many
from jax_cheatsheet.poster.theme import THEMES
from jax_cheatsheet.site.markup import STATIC, hidden_text
from jax_cheatsheet.site.program import panel_notebook, panel_script

#: The programs' folder in the site's static files.
PROGRAMS = "_static/downloads"
PICTURES = ("svg", "png")


def panel_downloads(sheet: Sheet, panel: Panel, part: str) -> str:
    """The download links of a panel page: its ``picture`` or its ``program``."""
    if part == "picture":
        lines = [
            _line(
                f"{theme.name.title()} panel",
                [
                    (f"../{STATIC}/panels/{panel.id}-{theme.name}.{ext}", ext.upper(), True)
                    for ext in PICTURES
                ],
                f" of the {theme.name} panel",
            )
            for theme in THEMES
        ]
    else:
        name = program_name(panel)
        files = [
            (f"../{PROGRAMS}/{name}.py", f"{name}.py", True),
            (f"../{PROGRAMS}/{name}.ipynb", f"{name}.ipynb", True),
        ]
        if sheet.repository is not None:
            files.append((sheet.repository.notebook_url(name), "Open in Colab", False))
        lines = [_line("The program", files, "")]
    return f'<div class="cs-download-box cs-panel-downloads cs-{part}">{"".join(lines)}</div>'


def program_name(panel: Panel) -> str:
    """The stem of a panel's script and notebook: ``grad-panel``.

    Never a module's name: a script called ``numpy.py`` or ``random.py`` would be imported in
    place of the module it names when it runs.
    """
    return f"{panel.id}-panel"


def _line(title: str, links: list[tuple[str, str, bool]], context: str) -> str:
    """One line of links: ``(href, text, download)``; ``context`` completes each link's name."""
    anchors = " ".join(
        f'<a class="cs-download" href="{html.escape(href)}"{" download" if download else ""}>'
        f"{html.escape(text)}{hidden_text(context) if context else ''}</a>"
        for href, text, download in links
    )
    return f'<p class="cs-downloads"><span>{html.escape(title)}</span> {anchors}</p>'


def write_programs(sheet: Sheet, folder: Path) -> None:
    """Each panel's script and notebook in ``folder``; files of panels gone are removed."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = set()
    for panel in sheet.panels:
        stem = program_name(panel)
        for name, text in (
            (f"{stem}.py", panel_script(sheet, panel)),
            (f"{stem}.ipynb", panel_notebook(sheet, panel)),
        ):
            write_if_changed(folder / name, text)
            wanted.add(name)
    for old in [*folder.glob("*.py"), *folder.glob("*.ipynb")]:
        if old.name not in wanted:
            old.unlink()


def export_panels(
    pool: Executor, sheet: Sheet, posters: Path, cache: Path
) -> list[Future[list[Path]]]:
    """Start the PNG exports of each panel's SVGs in ``posters/panels``: one subprocess for
    all of them, rendering only the panels whose SVG changed since their PNG was made."""
    return [pool.submit(_export_pngs, sheet, posters / "panels", cache)]


def _export_pngs(sheet: Sheet, folder: Path, cache: Path) -> list[Path]:
    stale, made = [], []
    for panel in sheet.panels:
        for theme in THEMES:
            svg = folder / f"{panel.id}-{theme.name}.svg"
            png, marker = svg.with_suffix(".png"), folder / f".{svg.stem}.png-of"
            digest = hashlib.sha256(svg.read_bytes()).hexdigest()
            if not (png.is_file() and marker.is_file() and marker.read_text() == digest):
                stale.append((svg, png, marker, digest))
            made.append(png)
    export_many([(svg, png, None) for svg, png, _, _ in stale], cache)
    for _, _, marker, digest in stale:
        write_atomic(marker, digest)
    return made


def copy_panel_pictures(sheet: Sheet, posters: Path, target: Path) -> None:
    """Copy the panels' PNGs, exported after Sphinx copied the static files, into the site."""
    names: Sequence[str] = [f"{p.id}-{t.name}.png" for p in sheet.panels for t in THEMES]
    (target / "panels").mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(posters / "panels" / name, target / "panels" / name)
