"""Sphinx extension: the site's pages and poster downloads, from the model and the record.

It only wires: the engine parses the sheet, the cached checker makes the record
(re-executing only units whose code changed), ``pages`` renders MyST text, ``gallery`` puts
the samples' captured output on sphinx-gallery's pages (which never run them) and the poster
package draws the SVGs; this module writes what changed and tells Sphinx where things are.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from docutils import nodes  # type: ignore[import-untyped]
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from jax_cheatsheet import __version__
from jax_cheatsheet.check.runner import Runner
from jax_cheatsheet.check.service import CheckOptions, check
from jax_cheatsheet.files import source_date, write_if_changed
from jax_cheatsheet.model import Sheet
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.poster import fonts
from jax_cheatsheet.poster.build import SHEET_NAME, export_if_changed, render_posters
from jax_cheatsheet.poster.glyphs import uncovered_in_panels
from jax_cheatsheet.poster.theme import THEMES
from jax_cheatsheet.record import Record
from jax_cheatsheet.site import downloads, gallery
from jax_cheatsheet.site.comparisons import comparisons
from jax_cheatsheet.site.pages import GENERATED, render_pages

logger = logging.getLogger(__name__)


@dataclass
class _Build:
    """One build's work in flight: the check runs while Sphinx starts and sphinx-gallery
    writes its pages; PNG/PDF exports run while Sphinx reads and writes."""

    sheet: Sheet
    pool: ThreadPoolExecutor
    checked: Future[Record]
    date: dt.datetime  # stamped into the downloads that hold a date (zips; PDFs by export)
    exports: list[Future[list[Path]]] = field(default_factory=list)


_BUILDS: dict[int, _Build] = {}


def setup(app: Sphinx) -> dict[str, Any]:
    """Register config values and hooks."""
    # The generated pages are MyST Markdown: another project's conf.py need not list it.
    app.setup_extension("myst_parser")
    # Sheet text is never live HTML: prose, and what sphinx-gallery and the theme paste in.
    app.setup_extension("jax_cheatsheet.site.literal")
    # The theme's chrome, accessible: named toggles, labelled search; the copy-link script.
    app.setup_extension("jax_cheatsheet.site.chrome")
    app.add_config_value("cheatsheet_sheet", "cheatsheet", "env", [str])
    app.add_config_value("cheatsheet_build", "build", "env", [str])
    # Records of this sheet from other lanes (GPU, TPU) and releases for the matrix page, and
    # an older release's record to compare with (the drift page); pages only where they exist.
    app.add_config_value("cheatsheet_records", "build/records", "env", [str])
    # Set by `jax-cheatsheet serve`: keep the worker (JAX imported) alive from one build to the
    # next in the same process, so a rebuild re-runs only the edited panel, warm.
    app.add_config_value("cheatsheet_keep_worker", False, "", [bool])
    # False (serve's rebuilds): the PNG and PDF posters are not exported anew, so an edit's
    # page does not wait seconds for them; the pages and the SVG posters are made as ever.
    app.add_config_value("cheatsheet_downloads", True, "", [bool])
    app.connect("config-inited", _configure)
    # After sphinx-gallery's own builder-inited work (it writes its pages meanwhile).
    app.connect("builder-inited", _generate, priority=900)
    app.connect("doctree-read", _gallery_output)
    app.connect("build-finished", _finish)
    app.add_css_file("cheatsheet.css")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}


def _paths(app: Sphinx) -> tuple[Path, Path]:
    """The sheet folder and the build folder (relative paths: to the conf.py folder)."""
    return _path(app, app.config.cheatsheet_sheet), _path(app, app.config.cheatsheet_build)


def _path(app: Sphinx, value: str) -> Path:
    # Without a conf.py (``jax-cheatsheet build``) every path is given absolute.
    return Path(app.confdir or Path.cwd()) / value


def _configure(app: Sphinx, config: Config) -> None:
    """Base URL from the sheet; static files from the build folder."""
    sheet_dir, build = _paths(app)
    sheet = load_sheet(sheet_dir)
    # The check first; then the two posters' exports and the panels' PNGs (each a subprocess),
    # side by side while Sphinx reads and writes.
    pool = ThreadPoolExecutor(max_workers=3, thread_name_prefix="cheatsheet")
    cache = build / "cache"
    checked = pool.submit(_check, sheet, cache, bool(config.cheatsheet_keep_worker))
    pool.submit(fonts.metrics, build / "cache")  # makes the font instances on a first build
    _BUILDS[id(app)] = _Build(sheet, pool, checked, source_date())
    if sheet.site_url and not config.html_baseurl:
        config.html_baseurl = sheet.site_url
    static = build / "site-static"
    (static / "posters").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(__file__).parent / "static" / "cheatsheet.css", static / "cheatsheet.css")
    config.html_static_path = [*config.html_static_path, str(static)]
    if app.confdir:
        homes = (Path(app.confdir), build)
        for name in _HASHED_PATHS:
            config[name] = [_portable(p, Path(app.confdir), homes) for p in config[name]]
    for folder in _gallery_dirs(app):
        gallery.forget_runs(Path(app.srcdir) / folder)  # before sphinx-gallery reads them


#: Folder lists Sphinx hashes into ``.buildinfo`` to which we and extensions add absolute paths.
_HASHED_PATHS = ("html_static_path", "templates_path")


def _portable(path: str | Path, confdir: Path, homes: tuple[Path, ...]) -> str:
    """``path``, relative to ``confdir`` if it lies inside one of ``homes`` (the project and
    build folders).

    Sphinx hashes some folder lists into ``.buildinfo``: absolute paths would make two builds
    of the same sources in two folders differ (ours, and sphinx-gallery's in a ``.venv``).
    """
    full = Path(path)
    inside = full.is_absolute() and any(full.is_relative_to(home) for home in homes)
    return Path(os.path.relpath(full, confdir)).as_posix() if inside else str(path)


def _generate(app: Sphinx) -> None:
    """Check the sheet (cached), then write pages, sample outputs and posters that changed."""
    _, build = _paths(app)
    state = _BUILDS[id(app)]
    sheet = state.sheet
    record = state.checked.result()
    executed = [u.id for u in sheet.units if u.id not in record.reused]
    logger.info(
        f"[cheatsheet] {len(sheet.units)} units, re-executed {len(executed)}: "
        f"{', '.join(executed) or 'none'}"
    )
    for problem in sheet.problems:
        logger.warning(f"{problem} (left out of the site)")
    for failure in record.failures:
        if failure.code:  # a file that does not parse was reported just above
            logger.warning(
                f"{sheet.root / failure.file}:{failure.line}: row {failure.id} {failure.verdict}: "
                f"expected {failure.expected!r}, JAX printed {failure.actual!r}"
            )
    srcdir = Path(app.srcdir)
    out = build / "site-static" / "posters"
    # The site shows a failing row as failed (and warns); its posters mark it the same way.
    # A character no font draws is a located warning (an error under -W), never a traceback.
    for missing in uncovered_in_panels(sheet.panels):
        logger.warning(str(missing))
    drawable = replace(sheet, glyphs_required=False)
    matrix, compared = comparisons(_path(app, app.config.cheatsheet_records), sheet, record)
    posters = render_posters(drawable, record, build / "cache", allow_failures=True, matrix=matrix)
    # The home page's poster links its panels where the poster draws them.
    pages = render_pages(sheet, record, posters.get(f"{SHEET_NAME}-light.svg", ""), matrix)
    downloads.write_programs(sheet, build / "site-static" / "downloads")
    pages.update(compared)
    for name, text in pages.items():
        write_if_changed(srcdir / name, text)
    stale = [
        *(srcdir / "panels").glob("*.md"),
        *(srcdir / n for n in GENERATED if n.endswith(".md")),
    ]
    for old in stale:  # a panel renamed or removed; a page the sheet no longer has
        name = old.relative_to(srcdir).as_posix()
        if old.is_file() and name not in pages and name != "_home.md":
            old.unlink()
    gallery.write_outputs(_outputs(app), sheet, record)
    for name, text in posters.items():
        write_if_changed(out / name, text)
    # Reuse what `jax-cheatsheet posters` exported from the same SVG bytes, if it did.
    state.exports = [
        state.pool.submit(
            export_if_changed,
            out / f"{SHEET_NAME}-{theme.name}.svg",
            out,
            build / "cache",
            [build / "posters"],
        )
        for theme in (THEMES if app.config.cheatsheet_downloads else ())
    ]
    if app.config.cheatsheet_downloads:  # each panel's PNG, for its page's downloads
        state.exports += downloads.export_panels(state.pool, sheet, out, build / "cache")


def _gallery_output(app: Sphinx, doctree: nodes.document) -> None:
    """On a sample's gallery page, under each code block, the output the checker captured."""
    docname = app.env.docname
    path = _outputs(app) / f"{docname.rpartition('/')[2]}.json"
    in_gallery = any(docname.startswith(f"{folder}/") for folder in _gallery_dirs(app))
    if not in_gallery or not path.is_file():
        return
    app.env.note_dependency(str(path))  # a changed output re-reads the page
    for block in gallery.show_outputs(doctree, gallery.read_outputs(path)):
        logger.warning(
            f"no code block on the page for the output of the sample's line {block.line}",
            location=docname,
        )


def _outputs(app: Sphinx) -> Path:
    """The folder of the samples' captured outputs, one JSON file per gallery page."""
    return _paths(app)[1] / "gallery-output"


def _gallery_dirs(app: Sphinx) -> list[str]:
    """sphinx-gallery's output folders, relative to the source folder."""
    # A site without samples has no gallery (and no sphinx-gallery configuration).
    conf = app.config.sphinx_gallery_conf if "sphinx_gallery_conf" in app.config else {}
    folders = conf.get("gallery_dirs", [])
    return [str(f).rstrip("/") for f in ([folders] if isinstance(folders, str) else folders)]


def _check(sheet: Sheet, cache: Path, keep: bool) -> Record:
    """The record, re-executing only changed units, with JAX's compilation cache."""
    global _KEPT
    options = CheckOptions(compile_cache=cache / "xla", reuse=cache / "outcomes")
    runner = _KEPT if keep and _KEPT is not None else options.runner()
    try:
        return check(sheet, options, runner=runner)
    finally:
        if keep:
            _KEPT = runner
        else:
            runner.close()


_KEPT: Runner | None = None  # the worker kept between builds of one process (serve)


def _finish(app: Sphinx, exception: Exception | None) -> None:
    """Wait for the downloads (the static files were copied already; copy these again), and
    date the zips sphinx-gallery made like the PDFs."""
    state = _BUILDS.pop(id(app), None)
    if state is None:
        return
    try:
        for done in state.exports:
            done.result()
    finally:
        state.pool.shutdown()
    if exception is None and app.builder.format == "html":
        _, build = _paths(app)
        target = Path(app.outdir) / "_static" / "posters"
        for theme in THEMES if app.config.cheatsheet_downloads else ():
            for ext in ("png", "pdf"):
                name = f"{SHEET_NAME}-{theme.name}.{ext}"
                shutil.copyfile(build / "site-static" / "posters" / name, target / name)
        if app.config.cheatsheet_downloads:
            downloads.copy_panel_pictures(state.sheet, build / "site-static" / "posters", target)
        for archive in sorted((Path(app.outdir) / "_downloads").rglob("*.zip")):
            gallery.reproducible_zip(archive, state.date)
