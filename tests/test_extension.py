"""The Sphinx extension in another project: its own folders, theme and conf.py, as documented
in docs/extension.md."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

from helpers import panel, write_sheet

#: The conf.py of docs/extension.md, for a sheet with samples.
CONF = """\
from jax_cheatsheet.site.project import gallery_conf

project = "Elsewhere"
extensions = ["jax_cheatsheet.site", "sphinx_gallery.gen_gallery"]
html_theme = "alabaster"
exclude_patterns = ["_home.md"]

cheatsheet_sheet = "../notes"
cheatsheet_build = "../_build/cheatsheet"
cheatsheet_records = "../records"
sphinx_gallery_conf = gallery_conf("../notes/samples")
"""

INDEX = """\
# Elsewhere

Our own words about the notes.

```{include} _home.md
```

```{toctree}
:caption: The notes

panels/index
gallery/index
verification
```
"""

SAMPLE = '''
    """
    Counting up
    ===========

    A loop, checked.
    """
    import jax.numpy as jnp

    x = jnp.arange(3)
    print(x + 1)   # -> [1 2 3]
'''

HEADER = "Notes programs\n==============\n\nSmall programs.\n"


def _project(root: Path) -> Path:
    """An outside project: ``docs/`` (conf.py, index.md) beside its sheet ``notes/``."""
    sheet = write_sheet(
        root / "notes",
        {"sums.md": panel("jnp.arange(4).sum()   # -> 6", id="sums")},
        samples={"01_count.py": SAMPLE},
    )
    (sheet / "samples" / "GALLERY_HEADER.rst").write_text(HEADER, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "conf.py").write_text(CONF, encoding="utf-8")
    (root / "docs" / "index.md").write_text(INDEX, encoding="utf-8")
    return sheet


def _text(page: Path) -> str:
    """A page's text, without its markup."""
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


def test_another_project_embeds_a_checked_sheet(tmp_path: Path) -> None:
    sheet = _project(tmp_path)
    before = {p: p.read_bytes() for p in sheet.rglob("*") if p.is_file()}
    command = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", "docs", "_build/html"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    site = tmp_path / "_build" / "html"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "Our own words about the notes." in index
    assert 'src="_static/posters/cheatsheet-light.svg"' in index
    assert "verified with jax" in index  # the stamp, from this build's record
    assert (site / "_static" / "alabaster.css").is_file()
    assert (site / "_static" / "cheatsheet.css").is_file()
    for poster in ("cheatsheet-light.svg", "cheatsheet-dark.png", "cheatsheet-light.pdf"):
        assert (site / "_static" / "posters" / poster).stat().st_size > 0
    assert re.search(r"jnp\.arange\(4\)\.sum\(\)\s*6(?!\d)", _text(site / "panels" / "sums.html"))
    counted = (site / "gallery" / "01_count.html").read_text(encoding="utf-8")
    assert "sphx-glr-script-out" in counted and "[1 2 3]" in counted  # the captured output
    assert "2 of 2 documented outputs hold" in _text(site / "verification.html")
    # The sheet is read, never written; the caches go where cheatsheet_build says.
    assert {p: p.read_bytes() for p in sheet.rglob("*") if p.is_file()} == before
    assert (tmp_path / "_build" / "cheatsheet" / "cache").is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_build", "docs", "notes"]


def test_the_docs_page_shows_the_conf_and_index_tested_here() -> None:
    page = (Path(__file__).resolve().parents[1] / "docs" / "extension.md").read_text("utf-8")
    assert CONF in page and INDEX in page
