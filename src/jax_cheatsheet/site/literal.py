"""Sheet text shown literally where ``pages.py`` cannot escape it: prose, gallery, theme.

A panel's prose and the sheet's intro and credit are Markdown by design, so they cannot be
escaped like a title. conf.py turns MyST's HTML syntax off; what a directive inside the prose
could still pass through (``{raw}``, ``{eval-rst}`` holding ``.. raw::``) is shown as text by
the ``cheatsheet-prose`` directive. Others paste text into HTML unescaped: sphinx-gallery a
sample's title (into raw HTML on the gallery index; a sample's reST prose may hold raw HTML too)
and sphinx-book-theme a page's title (``title.astext()`` into its print-only ``<h1>``).
"""

from __future__ import annotations

import html
import re
from typing import Any

from docutils import nodes  # type: ignore[import-untyped]
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from jax_cheatsheet import __version__
from jax_cheatsheet.site.markup import PROSE

#: What sphinx-book-theme (1.4) sets from ``title.astext()`` and writes into a page unescaped.
THEME_TITLES = ("pagetitle", "root_title")
#: What MyST itself emits as raw HTML for Markdown syntax (a hard line break, strikethrough).
_OWN = frozenset({"<br />\n", "<s>", "</s>"})
#: sphinx-gallery's raw HTML closing a thumbnail on a gallery index: the title, unescaped.
_THUMBNAIL_TITLE = re.compile(
    r'(\s*<div class="sphx-glr-thumbnail-title">)(.*)(</div>\s*</div>\s*)', re.S
)


class Prose(SphinxDirective):
    """Its content parsed as the page's Markdown, with raw HTML in it shown as text."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        holder = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, holder)
        disarm(holder)
        return list(holder.children)


def disarm(tree: nodes.Node) -> None:
    """Replace each raw node under ``tree`` by the text it holds, shown literally."""
    for node in list(tree.findall(nodes.raw)):
        text = node.astext()
        if text in _OWN:
            continue
        if isinstance(node.parent, nodes.TextElement):
            node.replace_self(nodes.Text(text))
        else:
            node.replace_self(nodes.literal_block(text, text, language="none"))


def escape_thumbnail_titles(doctree: nodes.Node) -> None:
    """Escape the sample titles sphinx-gallery pastes into raw HTML on a gallery index."""
    for node in list(doctree.findall(nodes.raw)):
        found = _THUMBNAIL_TITLE.fullmatch(node.astext())
        if found:
            head, title, tail = found.groups()
            escaped = nodes.raw("", head + html.escape(title) + tail, format="html")
            escaped.source, escaped.line = node.source, node.line
            node.replace_self(escaped)


def _gallery_page(app: Sphinx, doctree: nodes.document) -> None:
    """On sphinx-gallery's pages: escape the index's sample titles, disarm a sample's page."""
    folder, _, name = app.env.docname.rpartition("/")
    if folder not in _gallery_dirs(app):
        return
    if name == "index":
        escape_thumbnail_titles(doctree)
    else:
        disarm(doctree)  # sphinx-gallery writes no raw HTML on a sample's own page


def _gallery_dirs(app: Sphinx) -> set[str]:
    folders = (getattr(app.config, "sphinx_gallery_conf", None) or {}).get("gallery_dirs", [])
    return {str(f).rstrip("/") for f in ([folders] if isinstance(folders, str) else folders)}


def escape_theme_titles(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Escape the plain-text titles sphinx-book-theme puts into its templates as they are."""
    for key in THEME_TITLES:
        if isinstance(context.get(key), str):
            context[key] = html.escape(context[key])


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the prose directive and the hooks for the gallery's and the theme's pages."""
    app.add_directive(PROSE, Prose)
    app.connect("doctree-read", _gallery_page)
    # After sphinx-book-theme sets them (at the default priority, 500).
    app.connect("html-page-context", escape_theme_titles, priority=900)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
