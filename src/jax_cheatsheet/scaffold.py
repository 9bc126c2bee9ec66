"""``jax-cheatsheet new DIR``: a minimal sheet that checks, draws and builds as it is."""

from __future__ import annotations

from pathlib import Path

from jax_cheatsheet.files import write_atomic

SHEET = """\
title: My Cheatsheet
intro: >-
  One paragraph that says what this sheet is for. Every row below runs, and every output
  written after `->` is compared with what the library prints.
prelude: |
  import jax
  import jax.numpy as jnp
panels:
  - 01-first.md
"""

PANEL = """\
---
id: first
title: A First Panel
tagline: Arrays are made with jnp and printed as NumPy prints them.
api: jnp.arange, jnp.sum
caption: Making an array, and reducing it.
see:
  text: JAX quickstart
  url: https://docs.jax.dev/en/latest/quickstart.html
---

Prose in your own words: what the reader should take away from this panel.

```{snippet}
x = jnp.arange(4)          # four integers
x * 2                      # doubled, element by element -> [0 2 4 6]
jnp.sum(x)                 # all of them added -> 6
```
"""


def new_sheet(folder: Path) -> list[Path]:
    """Write a minimal sheet into ``folder`` (which must be absent or empty)."""
    if folder.exists() and any(folder.iterdir()):
        raise FileExistsError(f"{folder} is not empty: choose a new folder for the sheet")
    files = {folder / "sheet.yaml": SHEET, folder / "01-first.md": PANEL}
    for path, text in files.items():
        write_atomic(path, text)
    return list(files)
