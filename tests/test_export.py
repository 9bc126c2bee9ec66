"""PNG and PDF export through cairosvg, in a subprocess that sees only the poster fonts."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import json
import re
import struct
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import pytest

from helpers import SAMPLES
from jax_cheatsheet.poster import export as export_module
from jax_cheatsheet.poster.export import ExportError, export, rendered_family
from jax_cheatsheet.poster.fonts import fallback_files

HELLO = SAMPLES / "fonts_hello.svg"  # 144pt x 72pt: 2 in x 1 in
MALFORMED = SAMPLES / "fonts_malformed.svg"


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fonts")


@pytest.fixture(scope="module")
def rendered(cache: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The hello sample as PNG (at 150 dpi) and PDF, from one export."""
    out = tmp_path_factory.mktemp("export")
    png, pdf = out / "hello.png", out / "hello.pdf"
    export(HELLO, png, pdf, cache, dpi=150)
    return png, pdf


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_png_has_the_pixel_size_of_the_dpi(rendered: tuple[Path, Path]) -> None:
    assert png_size(rendered[0]) == (300, 150)


def test_pdf_embeds_the_bundled_font_and_not_dejavu(rendered: tuple[Path, Path]) -> None:
    data = rendered[1].read_bytes()
    assert data.startswith(b"%PDF-")
    assert b"JetBrainsMonoRoman-Regular" in data
    assert b"JetBrainsMonoRoman-Bold" in data
    assert b"DejaVu" not in data


def test_fontconfig_in_the_subprocess_resolves_the_family_to_the_bundled_font(
    cache: Path,
) -> None:
    assert rendered_family(cache) == "JetBrains Mono"  # what the posters name: monospace
    assert rendered_family(cache, "JetBrains Mono") == "JetBrains Mono"


needs_fallback = pytest.mark.skipif(
    not fallback_files(),
    reason="DejaVu Sans Mono is not installed: apt-get install fonts-dejavu-core",
)
FALLBACK_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="144pt" height="36pt"
 viewBox="0 0 144 36" font-family="monospace"><rect width="144" height="36" fill="#fff"/>
<text x="4" y="24" font-size="12">grad<tspan font-family='"DejaVu Sans Mono", monospace'
>∇</tspan>f</text></svg>
"""


@needs_fallback
def test_a_fallback_run_is_drawn_in_the_fallback_font(cache: Path, tmp_path: Path) -> None:
    assert rendered_family(cache, "DejaVu Sans Mono") == "DejaVu Sans Mono"
    svg = tmp_path / "fallback.svg"
    svg.write_text(FALLBACK_SVG, encoding="utf-8")
    export(svg, tmp_path / "fallback.png", tmp_path / "fallback.pdf", cache)
    data = (tmp_path / "fallback.pdf").read_bytes()
    assert b"JetBrainsMonoRoman-Regular" in data and b"DejaVuSansMono" in data


def test_the_renderer_places_text_at_exact_advances_with_grey_antialiasing() -> None:
    cairocffi = pytest.importorskip("cairocffi")
    surface = pytest.importorskip("cairosvg.surface")
    saved = {
        name: dict(getattr(surface, name))
        for name in ("TEXT_ANTIALIAS", "TEXT_HINT_STYLE", "TEXT_HINT_METRICS")
    }
    try:
        export_module._exact_text()
        # Text that names no text-rendering (the posters) gets what geometricPrecision meant,
        # with grey antialiasing: cairo 1.16 breaks glyphs into slivers with ANTIALIAS_BEST.
        assert surface.TEXT_ANTIALIAS[None] == cairocffi.ANTIALIAS_GRAY
        assert surface.TEXT_HINT_STYLE[None] == cairocffi.HINT_STYLE_NONE
        assert surface.TEXT_HINT_METRICS[None] == cairocffi.HINT_METRICS_OFF
        assert surface.TEXT_ANTIALIAS["geometricPrecision"] == cairocffi.ANTIALIAS_GRAY
    finally:
        for name, table in saved.items():
            getattr(surface, name).clear()
            getattr(surface, name).update(table)


def test_png_only_at_another_dpi(cache: Path, tmp_path: Path) -> None:
    png = tmp_path / "deep" / "hello.png"
    export(HELLO, png, None, cache, dpi=72)
    assert png_size(png) == (144, 72)
    assert list(tmp_path.rglob("*.pdf")) == []


def test_malformed_svg_raises_with_the_parser_location(cache: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError) as caught:
        export(MALFORMED, tmp_path / "bad.png", None, cache)
    assert str(caught.value) == f"{MALFORMED}: mismatched tag: line 3, column 2"
    assert not (tmp_path / "bad.png").exists()


def test_missing_svg_raises(cache: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.svg"
    with pytest.raises(ExportError, match=f"^{re.escape(str(missing))}: no such file$"):
        export(missing, tmp_path / "out.png", None, cache)


class _NoCairo(importlib.abc.MetaPathFinder):
    """Makes ``import cairosvg`` fail as it does when cairocffi finds no libcairo."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname == "cairosvg":
            raise OSError('no library called "cairo-2" was found\nno library called "cairo"')
        return None


@pytest.mark.parametrize(
    ("block", "advice"),
    [("libcairo", "apt-get install libcairo2"), ("package", "pip install cairosvg")],
)
def test_renderer_says_what_to_install_when_cairo_is_missing(
    block: str,
    advice: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    if block == "libcairo":
        monkeypatch.delitem(sys.modules, "cairosvg", raising=False)
        monkeypatch.setattr(sys, "meta_path", [_NoCairo(), *sys.meta_path])
    else:
        monkeypatch.setitem(sys.modules, "cairosvg", None)
    jobs = json.dumps([[str(HELLO), str(tmp_path / "out.png"), None]])
    status = export_module.main(["render", jobs])
    assert status == 3
    assert advice in capsys.readouterr().err
    assert not (tmp_path / "out.png").exists()
