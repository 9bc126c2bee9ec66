"""A Sphinx project for any sheet: its configuration, and the source folder a build stages.

The repository's ``conf.py`` and ``jax-cheatsheet build`` both take their configuration from
:func:`configuration`, so the site of the built-in sheet and of any other sheet are made the
same way. A staged source folder holds only what the build wrote: hand-written pages given
with ``--docs`` (copied), else a generated home page; the extension writes the rest.
"""

from __future__ import annotations

import html
import shutil
from importlib.metadata import version as installed
from pathlib import Path
from typing import Any

from jax_cheatsheet.matrix import release_pages
from jax_cheatsheet.model import Sheet
from jax_cheatsheet.parse.sheet import SAMPLES_DIR
from jax_cheatsheet.site.markup import md_text
from jax_cheatsheet.site.pages import GENERATED

#: sphinx-gallery's output folder, inside the source folder.
GALLERY = "gallery"
_HEADER = "GALLERY_HEADER.rst"


def configuration(
    sheet: Sheet, sheet_dir: str, build: str, samples: str | None, static: list[str]
) -> dict[str, Any]:
    """Every Sphinx setting of a cheatsheet site (paths as the caller gives them).

    ``samples``: sphinx-gallery's examples folder (None: the sheet has no samples, so the site
    has no gallery). ``static``: extra static folders (a favicon, say).
    """
    settings: dict[str, Any] = {
        "project": sheet.title,
        "html_title": sheet.title,
        "extensions": [
            "myst_parser",
            "sphinx_copybutton",
            *(["sphinx_gallery.gen_gallery"] if samples else []),
            "jax_cheatsheet.site",  # it also sets up jax_cheatsheet.site.literal
        ],
        "cheatsheet_sheet": sheet_dir,
        "cheatsheet_build": build,
        "root_doc": "index",
        # A second build in one process (serve, build called twice) sets the extensions up
        # again, and Sphinx says so for every node and directive: nothing a reader needs.
        "suppress_warnings": ["app.add_node", "app.add_directive", "app.add_role"],
        "exclude_patterns": [
            "_samples",  # the staged copy sphinx-gallery reads (its header is no page)
            "_home.md",
            f"{GALLERY}/*.md5",
            f"{GALLERY}/*.py",
            f"{GALLERY}/*.ipynb",
        ],
        "source_suffix": {".md": "markdown", ".rst": "restructuredtext"},
        # HTML written in Markdown is text, not markup: generated pages put their HTML in
        # {raw} blocks with the sheet's text escaped, and sheet prose must not have any.
        "myst_disable_syntax": ["html_block", "html_inline"],
        "smartquotes": False,  # a title on the site reads as it does on the poster
        "html_theme": "sphinx_book_theme",
        "html_static_path": static,
        # A list of its own: extensions append to it, and Sphinx's default is one shared list
        # (a second build in one process would see the first one's additions).
        "templates_path": [],
        # pydata-sphinx-theme logs a console error on a fresh profile without a default mode.
        "html_context": {"default_mode": "auto"},
        # The theme writes the logo text into its pages as it is: give it escaped.
        "html_theme_options": {"show_toc_level": 2, "logo": {"text": html.escape(sheet.title)}},
        "html_last_updated_fmt": None,
        "html_show_sourcelink": False,
        # A copied row is code alone: prompts and outputs are never part of a code block.
        "copybutton_exclude": ".linenos, .gp, .go",
    }
    if samples:
        settings["sphinx_gallery_conf"] = gallery_conf(samples)
    return settings


def gallery_conf(samples: str) -> dict[str, Any]:
    """``sphinx_gallery_conf`` for a sheet's ``samples`` folder (relative to the source folder).

    sphinx-gallery lays out the samples and their downloads but never runs them: the checker
    runs each sample once, and the extension shows what it captured. Another project's conf.py
    uses it as it is (see docs/extension.md).
    """
    return {
        "examples_dirs": samples,
        "gallery_dirs": GALLERY,
        "plot_gallery": False,
        "within_subsection_order": "FileNameSortKey",
        "image_scrapers": (),
        "reset_modules": (),
        "download_all_examples": False,
        "write_computation_times": False,
        "show_memory": False,
        "remove_config_comments": True,
    }


def stage(sheet: Sheet, src: Path, docs: Path | None, records: Path | None = None) -> Path | None:
    """Fill the source folder ``src``; return the samples folder for sphinx-gallery, if any.

    ``docs``: hand-written pages to copy in; where they have no ``index.md`` the home page is
    generated from the sheet, listing the release pages that the records in ``records`` give.
    The samples are copied too, with a gallery header when the sheet has none, so that
    nothing is ever written into the sheet.
    """
    src.mkdir(parents=True, exist_ok=True)
    if docs is not None:
        top = docs.resolve()
        shutil.copytree(
            docs,
            src,
            dirs_exist_ok=True,
            ignore=lambda folder, names: [
                n for n in names if Path(folder).resolve() == top and n in GENERATED
            ],
        )
    if docs is None or not (docs / "index.md").is_file():
        index = home(
            sheet, release_pages(records, sheet.title, installed("jax")) if records else []
        )
        if not (src / "index.md").is_file() or (src / "index.md").read_text() != index:
            (src / "index.md").write_text(index, encoding="utf-8")
    if not sheet.samples:
        return None
    samples = src / "_samples"
    samples.mkdir(exist_ok=True)
    for sample in sheet.samples:
        shutil.copy2(sample.location.path, samples / sample.location.path.name)
    header = sheet.root / SAMPLES_DIR / _HEADER
    if header.is_file():
        shutil.copy2(header, samples / _HEADER)
    elif not (samples / _HEADER).is_file():
        (samples / _HEADER).write_text("Sample programs\n===============\n", encoding="utf-8")
    return samples


def home(sheet: Sheet, releases: list[str] | None = None) -> str:
    """The home page of a site with no hand-written home page: the sheet and its pages, and
    the ``releases`` pages (matrix, drift) where the records give them."""
    pages = [
        "panels/index",
        "quickref" if sheet.tables else "",
        GALLERY + "/index" if sheet.samples else "",
    ]
    pages += ["verification", *(releases or []), "references" if sheet.references else ""]
    listed = "\n".join(p for p in pages if p)
    return (
        f"# {md_text(sheet.title)}\n\n```{{include}} _home.md\n```\n\n"
        f"```{{toctree}}\n:maxdepth: 2\n:caption: The sheet\n\n{listed}\n```\n"
    )
