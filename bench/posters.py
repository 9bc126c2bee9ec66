"""Poster timings and sizes: all SVGs, then PNG+PDF of both whole sheets.

Targets: every SVG rendered in <= 0.3 s; each whole-sheet SVG <= 150 kB. The record is
made by a doctest run first (not timed). Usage: python bench/posters.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from jax_cheatsheet.cli import default_sheet
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.poster import fonts
from jax_cheatsheet.poster.build import export_posters, render_posters, write_posters
from jax_cheatsheet.runner import Checker, check_sheet

SVG_TARGET = 0.3
SIZE_TARGET = 150_000


def main() -> int:
    sheet = load_sheet(default_sheet())
    checker = Checker()
    try:
        record = check_sheet(sheet, checker)
    finally:
        checker.close()
    with tempfile.TemporaryDirectory() as scratch:
        cache = Path(scratch) / "cache"
        fonts.font_dir(cache)  # one-off font instancing, cached across builds
        start = time.perf_counter()
        files = render_posters(sheet, record, cache)
        svg_time = time.perf_counter() - start
        out = Path(scratch) / "svg"
        write_posters(sheet, record, out, cache)
        start = time.perf_counter()
        export_posters(out, Path(scratch) / "posters", cache)
        export_time = time.perf_counter() - start
    print(f"{'measure':<36}{'value':>12}{'target':>12}")
    ok = "ok" if svg_time <= SVG_TARGET else "MISSED"
    print(f"{f'all {len(files)} SVGs':<36}{svg_time:>11.3f}s{f'<= {SVG_TARGET} s':>12}  {ok}")
    print(f"{'PNG + PDF of both sheets':<36}{export_time:>11.3f}s")
    for name, text in sorted(files.items()):
        if "/" not in name:
            size = len(text.encode())
            ok = "ok" if size <= SIZE_TARGET else "MISSED"
            print(f"{name:<36}{size / 1000:>10.1f}kB{'<= 150 kB':>12}  {ok}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
