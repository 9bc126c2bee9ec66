"""The poster SVGs read right on their own: librsvg and plain cairosvg beside the export path.

Each whole-sheet poster (both themes, built from the sources and a fresh record) is rendered
by the export path (cairosvg under our fonts.conf: JetBrains Mono), by ``rsvg-convert`` and by
plain ``cairosvg.svg2png`` in a process that never saw our fonts.conf. The last two find no
JetBrains Mono: they draw the system's monospace (DejaVu Sans Mono here), as a reader's
viewer would. "Reads right" means: whole glyphs where the export path draws them (a pixel
difference under a threshold), every aligned comment column in line, no line past its panel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from jax_cheatsheet.check.runner import Runner
from jax_cheatsheet.check.service import check
from jax_cheatsheet.cli import default_sheet
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.poster import fonts
from jax_cheatsheet.poster.build import render_posters
from jax_cheatsheet.poster.content import Span
from jax_cheatsheet.poster.export import export
from jax_cheatsheet.poster.glyphs import coverage
from jax_cheatsheet.poster.layout import Page, PanelBox, TextLine
from jax_cheatsheet.poster.svg import render
from jax_cheatsheet.poster.theme import LIGHT, THEMES, Theme

CACHE = Path(__file__).resolve().parents[1] / "build" / "cache"
SVG = "{http://www.w3.org/2000/svg}"
DPI = 150
PX = DPI / 72  # pixels per point
#: Mean absolute difference of grey levels (0-255) over 8 x 8-pixel blocks, a renderer's PNG
#: against the export path's. Measured at 150 dpi: rsvg-convert 1.7 (light) and 1.4 (dark),
#: plain cairosvg 1.1 and 0.9; the posters before they named monospace and placed each glyph:
#: 8.3 and 7.0 (rsvg-convert, a proportional sans), 8.5 and 7.2 (cairosvg: slivers, sans).
BLOCK_DIFFERENCE = 3.5
BLOCK = 8
#: How far (px) a comment column may sit from where the export path draws it. Measured: 1.
COLUMN_SLACK = 2
#: A pixel is ink when its RGB channels differ from the panel's by more than this in sum.
INK = 120
RENDERERS = ("rsvg-convert", "cairosvg")
NO_RSVG = "rsvg-convert is missing: apt-get install librsvg2-bin"
PLAIN = "import cairosvg, sys; cairosvg.svg2png(url=sys.argv[1], write_to=sys.argv[2], dpi={dpi})"


def render_png(renderer: str, svg: Path, png: Path) -> Image.Image:
    """``svg`` as RGB pixels at DPI, drawn by ``renderer`` ("export" is our own path)."""
    if renderer == "export":
        export(svg, png, None, CACHE, dpi=DPI)
    elif renderer == "rsvg-convert":
        if shutil.which("rsvg-convert") is None:
            pytest.skip(NO_RSVG)
        dpi = str(DPI)
        subprocess.run(["rsvg-convert", "-d", dpi, "-p", dpi, "-o", str(png), str(svg)], check=True)
    else:  # plain cairosvg: a fresh process, fontconfig as the system has it
        env = {key: value for key, value in os.environ.items() if key != "FONTCONFIG_FILE"}
        code = PLAIN.format(dpi=DPI)
        subprocess.run([sys.executable, "-c", code, str(svg), str(png)], env=env, check=True)
    return Image.open(png).convert("RGB")


@pytest.fixture(scope="module")
def posters(tmp_path_factory: pytest.TempPathFactory, checker: Runner) -> dict[str, Path]:
    """Both themes' whole-sheet posters, as the build writes them, by theme name."""
    sheet = load_sheet(default_sheet())
    files = render_posters(sheet, check(sheet, runner=checker), CACHE)
    out = tmp_path_factory.mktemp("portable")
    paths = {}
    for theme in THEMES:
        path = out / f"cheatsheet-{theme.name}.svg"
        path.write_text(files[path.name], encoding="utf-8")
        paths[theme.name] = path
    return paths


@pytest.fixture(scope="module")
def drawn(
    posters: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str, str], Image.Image]:
    """Each (theme, renderer)'s PNG, rendered once."""
    out = tmp_path_factory.mktemp("renders")
    made: dict[tuple[str, str], Image.Image] = {}

    def get(theme: str, renderer: str) -> Image.Image:
        if (theme, renderer) not in made:
            made[theme, renderer] = render_png(
                renderer, posters[theme], out / f"{theme}-{renderer}.png"
            )
        return made[theme, renderer]

    return get


def block_difference(a: Image.Image, b: Image.Image) -> float:
    """Mean |grey level difference| over BLOCK x BLOCK blocks (sizes may differ by a pixel)."""
    width, height = min(a.width, b.width) // BLOCK * BLOCK, min(a.height, b.height) // BLOCK * BLOCK

    def blocks(image: Image.Image) -> np.ndarray:
        grey = np.asarray(image.convert("L"), dtype=float)[:height, :width]
        return grey.reshape(height // BLOCK, BLOCK, width // BLOCK, BLOCK).mean(axis=(1, 3))

    return float(np.abs(blocks(a) - blocks(b)).mean())


def inked(
    image: Image.Image, theme: Theme, left: float, top: float, right: float, bottom: float
) -> np.ndarray:
    """Which pixel columns of the area (in points) hold ink on the panel colour."""
    panel = np.array([int(theme.panel[i : i + 2], 16) for i in (1, 3, 5)])
    area = np.asarray(image, dtype=int)[
        int(top * PX) : int(bottom * PX), int(left * PX) : int(right * PX)
    ]
    return np.asarray((np.abs(area - panel).sum(axis=2) > INK).any(axis=0))


def aligned_rows(svg: Path) -> list[tuple[str, float, float, float]]:
    """(panel id, baseline, size, x where the padding starts) of each row whose comment is set
    in the panel's column after three spaces or more (from the SVG's text, measured)."""
    metrics = fonts.metrics(CACHE)
    rows = []
    for group in ET.parse(svg).getroot().iter(f"{SVG}g"):
        for text in group.iter(f"{SVG}text"):
            runs = [
                (t.text or "", t.get("class"), t.get("font-weight"))
                for t in text.iter(f"{SVG}tspan")
            ]
            for n, (pad, _, _) in enumerate(runs[1:-1], 1):
                if len(pad) >= 3 and not pad.strip() and runs[n + 1][1] == "t-comment":
                    size = float(text.get("font-size", "0"))
                    before = "".join(run for run, _, _ in runs[:n])
                    x = float(text.get("x", "0")) + metrics.advance(before, size)
                    rows.append((group.get("id", ""), float(text.get("y", "0")), size, x))
    return rows


def comment_columns(image: Image.Image, theme: Theme, svg: Path) -> dict[str, list[int]]:
    """Per panel, the pixel column where each aligned row's ``#`` starts in ``image``."""
    columns: dict[str, list[int]] = {}
    for panel, baseline, size, pad in aligned_rows(svg):
        start = pad + 1.5 * 0.6 * size  # inside the padding (three spaces or more)
        ink = inked(
            image, theme, start, baseline - 0.75 * size, start + 40 * size, baseline + 0.2 * size
        )
        assert ink.any(), (panel, baseline)
        columns.setdefault(panel, []).append(int(start * PX) + int(np.argmax(ink)))
    return columns


@pytest.mark.parametrize("renderer", RENDERERS)
@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_renders_like_the_export_path(
    theme: Theme, renderer: str, drawn: Callable[[str, str], Image.Image]
) -> None:
    difference = block_difference(drawn(theme.name, renderer), drawn(theme.name, "export"))
    assert difference < BLOCK_DIFFERENCE


@pytest.mark.parametrize("renderer", RENDERERS)
@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_comment_columns_stay_in_line(
    theme: Theme, renderer: str, drawn: Callable[[str, str], Image.Image], posters: dict[str, Path]
) -> None:
    svg = posters[theme.name]
    ours = comment_columns(drawn(theme.name, "export"), theme, svg)
    theirs = comment_columns(drawn(theme.name, renderer), theme, svg)
    assert sum(len(rows) >= 3 for rows in ours.values()) >= 6  # most panels align comments
    for panel, columns in ours.items():
        assert max(columns) - min(columns) <= 1, (panel, columns)
        assert max(theirs[panel]) - min(theirs[panel]) <= 1, (panel, theirs[panel])
        assert abs(theirs[panel][0] - columns[0]) <= COLUMN_SLACK, (panel, theirs[panel], columns)


@pytest.mark.parametrize("renderer", ("export", *RENDERERS))
@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_every_line_stays_inside_its_panel(
    theme: Theme, renderer: str, drawn: Callable[[str, str], Image.Image], posters: dict[str, Path]
) -> None:
    image = drawn(theme.name, renderer)
    # Each panel's group holds its box (inside the link to its page, where the sheet has one).
    groups = ET.parse(posters[theme.name]).getroot().iter(f"{SVG}g")
    boxes = [next(g.iter(f"{SVG}rect"), None) for g in groups]
    assert len(boxes) == len(load_sheet(default_sheet()).panels)
    for box in boxes:
        assert box is not None
        x, y, width, height = (float(box.get(k, "0")) for k in ("x", "y", "width", "height"))
        # A strip just right of the border (1.5 to 4 pt): blank, unless a line overflows.
        strip = inked(image, theme, x + width + 1.5, y, x + width + 4, y + height)
        assert not strip.any(), box.get("x")


#: Characters JetBrains Mono 2.211 lacks and DejaVu Sans Mono draws (math operators, arrows,
#: Greek symbols, super- and subscripts, letterlike symbols), set between ASCII.
FALLBACK_TEXT = "∇∅∩∪∝≅ ⇒↦⇔ ϕϑϵ ⁿₐₓ ℝℤℏ"
#: Mean |grey level difference| (0-255) between a renderer's fallback glyphs and the export
#: path's, pixel for pixel. Measured: rsvg-convert 7.4 (its own hinting), cairosvg 1.4; the
#: export path drawing JetBrains Mono's .notdef boxes instead (no runs of their own): 27.6.
FALLBACK_DIFFERENCE = 12


@pytest.fixture(scope="module")
def fallback_poster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-line poster: ASCII, the fallback's characters in two roles, ASCII again."""
    if not fonts.fallback_files():
        pytest.skip("DejaVu Sans Mono is not installed: apt-get install fonts-dejavu-core")
    drawn_by = {coverage().family_of(char) for char in FALLBACK_TEXT.replace(" ", "")}
    assert drawn_by == {fonts.FALLBACK}
    spans = (
        Span("grad: ", "text"),
        Span(FALLBACK_TEXT[:11], "comment"),
        Span(FALLBACK_TEXT[11:], "output", bold=True),
        Span(" end", "text"),
    )
    box = PanelBox("p", "P", 4, 4, 392, 40, (TextLine(10, 30, 12, spans),))
    used = {400: "grad: end" + FALLBACK_TEXT[:11], 700: FALLBACK_TEXT[11:]}
    css = fonts.font_face_css(used, CACHE)
    text = render(
        Page(400, 48, 12, 1, (box,), ()),
        LIGHT,
        title="fallback",
        desc="fallback",
        font_css=css,
        metrics=fonts.metrics(CACHE),
    )
    path = tmp_path_factory.mktemp("fallback") / "fallback.svg"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("renderer", RENDERERS)
def test_the_fallback_font_draws_what_jetbrains_mono_lacks(
    renderer: str, fallback_poster: Path, tmp_path: Path
) -> None:
    ours = render_png("export", fallback_poster, tmp_path / "export.png")
    theirs = render_png(renderer, fallback_poster, tmp_path / f"{renderer}.png")
    metrics = fonts.metrics(CACHE)
    left = 10 + metrics.advance("grad: ", 12)
    right = left + metrics.advance(FALLBACK_TEXT, 12)
    area = tuple(int(v * PX) for v in (left, 16, right, 34))
    crops = [np.asarray(image.crop(area).convert("L"), dtype=float) for image in (ours, theirs)]
    assert (crops[0] < 128).mean() > 0.05  # the export path drew ink there
    assert np.abs(crops[0] - crops[1]).mean() < FALLBACK_DIFFERENCE
