"""HTML pieces for generated MyST pages: raw blocks, highlighted code, poster figures.

Every string from the sheet passes through ``html.escape`` (or Pygments) on its way in.
"""

from __future__ import annotations

import html
import re

from pygments import highlight as pygmentize
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from jax_cheatsheet.poster.theme import THEMES
from jax_cheatsheet.record import ERROR, FAIL, PASS, RAN, TIMEOUT

STATIC = "_static/posters"
LABELS = {PASS: "checked", FAIL: "FAILED", ERROR: "ERROR", TIMEOUT: "TIMED OUT", RAN: "ran"}


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
