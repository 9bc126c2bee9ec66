"""Poster timings and sizes: all SVGs, then PNG+PDF of both whole sheets.

Targets: every SVG rendered in <= 0.3 s; each whole-sheet SVG <= 150 kB. The record is
made by a doctest run first (not timed). Usage: python bench/poster_render.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from table import Line, render  # noqa: E402

from jax_cheatsheet.check.runner import Runner
from jax_cheatsheet.check.service import check
from jax_cheatsheet.cli import default_sheet
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.poster import fonts
from jax_cheatsheet.poster.build import export_posters, render_posters, write_posters

SVG_TARGET = 0.3
SIZE_TARGET = 150_000


def measure() -> list[Line]:
    sheet = load_sheet(default_sheet())
    checker = Runner()
    try:
        record = check(sheet, runner=checker)
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
    lines = [
        Line(
            f"all {sum(n.endswith('.svg') for n in files)} poster SVGs", svg_time, "s", SVG_TARGET
        ),
        Line("PNG + PDF of both whole sheets", export_time, "s", note="cairosvg, 150 dpi"),
    ]
    for name, text in sorted(files.items()):
        if "/" not in name and name.endswith(".svg"):
            lines.append(Line(name, len(text.encode()) / 1000, "kB", SIZE_TARGET / 1000))
    return lines


def main() -> int:
    print(render(measure()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
