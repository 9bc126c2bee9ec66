"""Pieces of generated MyST pages: literal text, links, prose, raw HTML, code, poster figures.

Sheet text never reaches a page as markup: inside raw HTML it passes through ``html.escape``
(or Pygments); as Markdown it is backslash-escaped (:func:`md_text`) or set as code; prose,
which is Markdown by design, goes into the directive of ``site/literal.py``.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from pygments import highlight as pygmentize
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from jax_cheatsheet.poster.theme import THEMES
from jax_cheatsheet.record import ERROR, FAIL, PASS, RAN, TIMEOUT, RowResult

STATIC = "_static/posters"
#: The directive (``site/literal.py``) that parses sheet prose and shows any raw HTML as text.
PROSE = "cheatsheet-prose"
LABELS = {PASS: "checked", FAIL: "FAILED", ERROR: "ERROR", TIMEOUT: "TIMED OUT", RAN: "ran"}
#: ASCII punctuation: CommonMark (and so MyST) reads any of it after a backslash as itself.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
#: A line break with the blanks around it: the text of a heading or cell is one line.
_BREAK = re.compile(r"[ \t]*[\r\n]+[ \t]*")


def md_text(text: str) -> str:
    """``text`` as literal MyST inline text: on one line, every ASCII punctuation escaped.

    Nothing in it can start markup then: no HTML, emphasis, role, link, math, table cell
    boundary or heading marker; the page shows the characters as written.
    """
    return _PUNCTUATION.sub(r"\\\1", _one_line(text))


def md_code(text: str) -> str:
    """``text`` as a MyST inline code span (on one line), whatever backticks it holds."""
    text = _one_line(text)
    if not text:
        return ""
    ticks = fence_for(text, 1)
    pad = " " if text[0] == "`" or text[-1] == "`" else ""  # a space each side is dropped
    return f"{ticks}{pad}{text}{pad}{ticks}"


def md_link(text: str, url: str) -> str:
    """A MyST link showing ``text`` literally; ``url`` is taken as written, escapes and all."""
    destination = _PUNCTUATION.sub(r"\\\1", re.sub(r"\s", lambda m: quote(m[0]), url))
    return f"[{md_text(text)}](<{destination}>)"


def prose(text: str) -> str:
    """Sheet prose as a MyST block: Markdown as written, but raw HTML in it stays text."""
    body = text.strip("\n")
    if not body.strip():
        return ""
    fence = fence_for(body)
    return f"{fence}{{{PROSE}}}\n{body}\n{fence}\n"


def _one_line(text: str) -> str:
    return _BREAK.sub(" ", text).strip(" \t")


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


def poster_figure(path: str, alt: str, caption: str, prefix: str, links: str = "") -> str:
    """Light and dark images of one poster; the theme shows the one matching its mode.

    ``links``: markup laid over the images (links on the poster's panels).
    """
    images = "".join(
        f'<img class="only-{t.name} cs-poster" src="{prefix}{STATIC}/{path}-{t.name}.svg" '
        f'alt="{html.escape(alt)}">'
        for t in THEMES
    )
    caption = f"<figcaption>{html.escape(caption)}</figcaption>"
    if links:
        images = f'<div class="cs-poster-box">{images}{links}</div>'
    return f'<figure class="cs-figure">{images}{caption}</figure>'


def row_anchor(row_id: str) -> str:
    """The stable HTML id of a row on its panel's page: ``grad:3`` -> ``row-grad-3``."""
    return "row-" + re.sub(r"[^A-Za-z0-9_-]", "-", row_id)


def row_link(result: RowResult, prefix: str = "") -> str:
    """Where a row of a record is shown: its panel page's row, or its sample's gallery page."""
    if result.kind == "panel":
        return f"{prefix}panels/{result.unit}.html#{row_anchor(result.id)}"
    return f"{prefix}gallery/{result.file.rsplit('/', 1)[-1].removesuffix('.py')}.html"


def anchor_link(anchor: str, label: str) -> str:
    """A visible ``#`` link to ``anchor`` on this page (a reader copies or shares it)."""
    return (
        f'<a class="cs-anchor" href="#{html.escape(anchor)}" '
        f'aria-label="{html.escape(label)}" title="Copy a link to this row">#</a>'
    )


def scroll_region(label: str, markup: str) -> str:
    """``markup`` in a box that scrolls sideways, reachable and named for keyboard users."""
    return (
        f'<div class="cs-table" tabindex="0" role="region" aria-label="{html.escape(label)}">'
        f"{markup}</div>"
    )


def hidden_text(text: str) -> str:
    """Text for screen readers only (it completes a short visible link text)."""
    return f'<span class="cs-sr">{html.escape(text)}</span>'
