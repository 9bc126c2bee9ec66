"""The bundled font: static instances, metrics, web subsets, fonts.conf and licence."""

from __future__ import annotations

import base64
import io
import re
from importlib import metadata
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

from jax_cheatsheet.poster import fonts
from jax_cheatsheet.poster.fonts import (
    FAMILY,
    WEIGHTS,
    font_dir,
    font_face_css,
    fontconfig_file,
    licence_text,
    metrics,
)

ASCII = "".join(chr(code) for code in range(32, 127))
# Measured: 12 703 characters of CSS for both weights with WOFF2 (about 4.7 kB per subset).
ASCII_CSS_LIMIT = 14_000
DATA_URL = re.compile(r'url\(data:(font/\w+);base64,([A-Za-z0-9+/=]+)\) format\("(\w+)"\)')


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fonts")


def subsets(css: str) -> list[TTFont]:
    """The fonts embedded in the data: URLs of ``css``."""
    return [TTFont(io.BytesIO(base64.b64decode(data))) for _, data, _ in DATA_URL.findall(css)]


def test_instances_are_static_regular_and_bold_of_the_family(cache: Path) -> None:
    folder = font_dir(cache)
    for weight, style in zip(WEIGHTS, ("Regular", "Bold"), strict=True):
        font = TTFont(folder / f"JetBrainsMono-{style}.ttf")
        assert "fvar" not in font
        assert font["name"].getDebugName(1) == FAMILY
        assert font["name"].getDebugName(2) == style
        assert font["OS/2"].usWeightClass == weight
    assert (folder / "OFL.txt").read_text(encoding="utf-8") == licence_text()


def test_instances_are_byte_identical_when_regenerated(cache: Path, tmp_path: Path) -> None:
    first, second = font_dir(cache), font_dir(tmp_path)
    for name in ("JetBrainsMono-Regular.ttf", "JetBrainsMono-Bold.ttf"):
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_font_dir_is_keyed_by_package_versions_and_reused(cache: Path) -> None:
    folder = font_dir(cache)
    assert metadata.version("fontpkg-jetbrains-mono") in folder.name
    assert metadata.version("fonttools") in folder.name
    stamps = [path.stat().st_mtime_ns for path in sorted(folder.iterdir())]
    assert font_dir(cache) == folder
    assert [path.stat().st_mtime_ns for path in sorted(folder.iterdir())] == stamps


def test_advance_is_the_monospace_width_in_both_weights(cache: Path) -> None:
    sizes = metrics(cache)
    assert sizes.advance("abc", 10) == 3 * 600 / 1000 * 10
    assert sizes.advance("abc", 10, weight=700) == 3 * 600 / 1000 * 10
    assert sizes.advance("", 10) == 0
    assert (sizes.ascent, sizes.descent) == (1.02, 0.3)
    assert metrics(cache) is sizes


def test_advance_rejects_a_weight_not_bundled(cache: Path) -> None:
    with pytest.raises(ValueError, match=r"weight 500 is not bundled; use one of \(400, 700\)"):
        metrics(cache).advance("a", 10, weight=500)


def test_missing_lists_exactly_the_characters_without_a_glyph(cache: Path) -> None:
    text = "a∇€中a中"
    cmap = TTFont(font_dir(cache) / "JetBrainsMono-Regular.ttf").getBestCmap()
    assert metrics(cache).missing(text) == "".join(sorted({c for c in text if ord(c) not in cmap}))
    assert metrics(cache).missing(text) == "∇中"
    assert metrics(cache).missing(ASCII) == ""


def test_font_face_css_is_deterministic_and_small(cache: Path) -> None:
    css = font_face_css({700: ASCII, 400: ASCII}, cache)
    assert css == font_face_css({400: ASCII[::-1] + ASCII, 700: ASCII}, cache)
    assert len(css) < ASCII_CSS_LIMIT
    assert css.startswith('@font-face{font-family:"JetBrains Mono";font-weight:400;src:url(data:')
    assert "http" not in css
    assert css.count("url(") == len(DATA_URL.findall(css)) == 2


def test_font_face_css_subsets_hold_the_used_characters(cache: Path) -> None:
    used = {400: "jnp.sum(x)", 700: "grad"}
    css = font_face_css(used, cache)
    assert [kind for kind, _, _ in DATA_URL.findall(css)] == ["font/woff2", "font/woff2"]
    for text, font in zip(used.values(), subsets(css), strict=True):
        assert set(font.getBestCmap()) == {ord(char) for char in text}
        assert font["name"].getDebugName(1) == FAMILY
        assert "GSUB" not in font  # no ligatures: browsers must set text as cairo does


def test_font_face_css_falls_back_to_truetype_without_brotli(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "_can_woff2", lambda: False)
    css = font_face_css({400: "ab"}, cache)
    assert DATA_URL.findall(css)[0][::2] == ("font/ttf", "truetype")
    assert set(subsets(css)[0].getBestCmap()) == {ord("a"), ord("b")}


def test_font_face_css_skips_empty_text_and_rejects_unknown_weights(cache: Path) -> None:
    assert font_face_css({400: "", 700: ""}, cache) == ""
    with pytest.raises(ValueError, match="weight 300 is not bundled"):
        font_face_css({300: "a"}, cache)


def test_fontconfig_file_lists_only_the_bundled_folder(cache: Path) -> None:
    conf = fontconfig_file(cache)
    text = conf.read_text(encoding="utf-8")
    assert re.findall(r"<dir>(.*)</dir>", text) == [str(font_dir(cache).resolve())]
    assert re.findall(r"<cachedir>(.*)</cachedir>", text) == [str(conf.parent / "cache")]
    assert "<include" not in text
    assert fontconfig_file(cache) == conf


def test_licence_is_the_ofl() -> None:
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence_text()
