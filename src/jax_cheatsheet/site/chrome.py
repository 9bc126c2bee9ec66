"""The theme's chrome made accessible, and the rows' copy-link script.

Template overrides (``templates/``), not a patched theme: the sidebar's collapse toggles get
a name (the theme's ``<summary>`` holds only an icon), and the search button's name is the
text it shows. A small inline script copies a row's link when its ``#`` is clicked.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

TEMPLATES = Path(__file__).parent / "templates"
#: A toctree entry's link followed by the toggle of its subtree.
_TOGGLE = re.compile(r'(<a class="reference internal"[^>]*>(.*?)</a>\s*<details[^>]*>)<summary>')
#: The copy-link script: the row's address goes to the clipboard (where the page may) and to
#: the address bar, which is what following the plain link does without the script.
COPY_LINK = """document.addEventListener("click", (event) => {
  const link = event.target.closest("a.cs-anchor");
  if (!link || !navigator.clipboard || !window.isSecureContext) return;
  navigator.clipboard.writeText(link.href).then(() => {
    link.dataset.copied = "copied";
    setTimeout(() => delete link.dataset.copied, 1500);
  }, () => {});
});"""


def setup(app: Sphinx) -> dict[str, Any]:
    """Put the template overrides first; give templates the toggle-naming function."""
    app.connect("config-inited", _templates)
    app.connect("html-page-context", _context)
    app.add_js_file(None, body=COPY_LINK)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def _templates(app: Sphinx, config: Config) -> None:
    # Before the themes' own component folders, which they add to the same list.
    config.templates_path = [str(TEMPLATES), *config.templates_path]


def _context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    context["cheatsheet_name_toggles"] = name_toggles


def name_toggles(toctree: object) -> str:
    """The sidebar's HTML (the theme gives it parsed) with each subtree toggle named."""
    nav = str(toctree)

    def named(found: re.Match[str]) -> str:
        title = html.unescape(re.sub(r"<[^>]+>", "", found[2])).strip()
        label = html.escape(f"Show or hide the pages under {title}")
        return f'{found[1]}<summary aria-label="{label}">'

    nav = _TOGGLE.sub(named, nav)
    # Any toggle left without text (a caption's heading is text of its own).
    return nav.replace("<summary>", '<summary aria-label="Show or hide the pages below">')
