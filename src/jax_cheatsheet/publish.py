"""``jax-cheatsheet build``: a checked sheet's posters and site, everything in one folder.

Nothing is written into the sheet or anywhere else: the posters go to ``OUT/posters``, the
site's staged sources to ``OUT/site-src`` and the site to ``OUT/html``, with the caches in
``OUT/cache``, so the check that came before (``OUT/verification``) is reused, not re-run.
``jax-cheatsheet serve`` makes its site with the same :func:`application`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from jax_cheatsheet.matrix import Matrix
from jax_cheatsheet.model import Sheet
from jax_cheatsheet.record import Record

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def records(docs: Path | None, out: Path) -> Path:
    """Where the records of other lanes and releases are kept: with the hand-written pages
    (``DOCS/records``), else ``OUT/records``."""
    return docs / "records" if docs is not None else out / "records"


def posters(sheet: Sheet, record: Record, out: Path, matrix: Matrix | None = None) -> list[Path]:
    """The light and dark posters (SVG, PNG, PDF) in ``out/posters``; the stamp names the
    release range of ``matrix``."""
    from jax_cheatsheet.poster.build import export_posters, write_posters

    folder = out / "posters"
    written = write_posters(sheet, record, folder, out / "cache", matrix=matrix)
    return [*written, *export_posters(folder, folder, out / "cache")]


def site(sheet: Sheet, out: Path, docs: Path | None) -> Path:
    """The Sphinx site in ``out/html`` (warnings are errors); returns its index page."""
    from sphinx.errors import SphinxError

    app = application(sheet, out, docs)
    try:
        app.build()
    except SphinxError as error:  # e.g. a page the sources name is missing
        raise ValueError(f"the site of {sheet.root} did not build: {error}") from None
    if app.statuscode:
        raise ValueError(f"the site of {sheet.root} did not build cleanly (see the warnings)")
    return out / "html" / "index.html"


def application(
    sheet: Sheet,
    out: Path,
    docs: Path | None,
    overrides: dict[str, Any] | None = None,
    *,
    strict: bool = True,
) -> Sphinx:
    """A Sphinx application, ready to build, of the site of ``sheet`` into ``out/html``.

    Its sources are staged in ``out/site-src`` first. ``overrides``: settings beyond the
    site's own; ``strict``: warnings are errors.
    """
    from sphinx.application import Sphinx

    from jax_cheatsheet.site.project import configuration, stage

    out = out.resolve()  # sphinx-gallery takes a relative path as one from the sources
    src = out / "site-src"
    samples = stage(sheet, src, docs, records(docs, out))
    static = docs / "_static" if docs is not None else None
    settings = configuration(
        sheet,
        sheet_dir=str(sheet.root.resolve()),
        build=str(out),
        # Relative to the source folder (sphinx-gallery's base): two builds in two folders then
        # hash the same settings into .buildinfo.
        samples=samples.relative_to(src).as_posix() if samples else None,
        static=[str(static.resolve())] if static is not None and static.is_dir() else [],
    )
    # Records of other lanes and releases: those kept with the hand-written pages, if any.
    settings["cheatsheet_records"] = str(records(docs, out).resolve())
    app = Sphinx(
        srcdir=src,
        confdir=None,
        outdir=out / "html",
        doctreedir=out / "doctrees",
        buildername="html",
        confoverrides={**settings, **(overrides or {})},
        warningiserror=strict,
        status=None,
    )
    _cache_templates(app, out / "cache" / "templates")
    return app


def _cache_templates(app: Sphinx, folder: Path) -> None:
    """Keep the theme's compiled templates in ``folder``: each build compiles them anew
    otherwise (a second or so, most of a rebuild's writing)."""
    from jinja2 import FileSystemBytecodeCache

    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is not None:
        folder.mkdir(parents=True, exist_ok=True)
        environment.bytecode_cache = FileSystemBytecodeCache(str(folder))
