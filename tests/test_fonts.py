"""The font chain: static instances, metrics, coverage, web subsets, fonts.conf and licences."""

from __future__ import annotations

import base64
import io
import re
from importlib import metadata
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

from helpers import panel, write_sheet
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.poster import fonts, glyphs
from jax_cheatsheet.poster.fonts import (
    FALLBACK,
    FAMILY,
    WEIGHTS,
    fallback_dir,
    fallback_files,
    fallback_licence_text,
    font_dir,
    font_face_css,
    fontconfig_file,
    licence_files,
    licence_text,
    metrics,
)
from jax_cheatsheet.poster.glyphs import GlyphError, coverage, uncovered, uncovered_in_sheet

ASCII = "".join(chr(code) for code in range(32, 127))
# Measured: 12 703 characters of CSS for both weights with WOFF2 (about 4.7 kB per subset).
ASCII_CSS_LIMIT = 14_000
DATA_URL = re.compile(r'url\(data:(font/\w+);base64,([A-Za-z0-9+/=]+)\) format\("(\w+)"\)')


needs_fallback = pytest.mark.skipif(
    not fallback_files(),
    reason="DejaVu Sans Mono is not installed: apt-get install fonts-dejavu-core",
)
#: What JetBrains Mono 2.211 lacks and DejaVu Sans Mono draws, and what both draw.
FALLBACK_ONLY = "∇∅∩∪∝⇒↦ϕϑϵⁿₐₓℝℏ"
BOTH = "∂∑∏∈≤≥≠→∞αβγλπσΩéüñçÅ²³₀₁─│┌┼"


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


def test_missing_lists_exactly_the_characters_no_font_of_the_chain_has(cache: Path) -> None:
    text = "a∇€中a中😀"
    chain = [TTFont(path).getBestCmap() for path in fonts._chain(cache)[FAMILY].values()]
    chain += [TTFont(path).getBestCmap() for path in fallback_files().values()]
    expected = {c for c in text if not any(ord(c) in cmap for cmap in chain)}
    assert metrics(cache).missing(text) == "".join(sorted(expected))
    assert metrics(cache).missing(text) == ("中😀" if fallback_files() else "∇中😀")
    assert metrics(cache).missing(ASCII) == ""


@needs_fallback
def test_the_chain_covers_math_greek_accents_scripts_and_box_drawing(cache: Path) -> None:
    assert uncovered(FALLBACK_ONLY + BOTH) == ""
    assert metrics(cache).missing(FALLBACK_ONLY + BOTH) == ""
    assert {coverage().family_of(c) for c in FALLBACK_ONLY} == {FALLBACK}
    assert {coverage().family_of(c) for c in BOTH + ASCII} == {FAMILY}
    assert uncovered("中文 😀 x") == " 中文😀".replace(" ", "")


@needs_fallback
def test_a_fallback_glyph_is_measured_at_its_own_advance(cache: Path) -> None:
    per_em = TTFont(fallback_files()[400])["head"].unitsPerEm
    advance = TTFont(fallback_files()[400])["hmtx"]["gradient"][0]
    assert (per_em, advance) == (2048, 1233)  # 0.602 em against JetBrains Mono's 0.6
    sizes = metrics(cache)
    assert sizes.advance("∇", 10) == 1233 * 10 / 2048
    assert sizes.advance("x∇x", 10, weight=700) == 1200 * 10 / 1000 + 1233 * 10 / 2048
    assert sizes.advance("中", 10) == 6.0  # no font has it: JetBrains Mono's .notdef


def test_without_the_fallback_the_chain_is_jetbrains_mono_alone(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "fallback_files", lambda: {})
    monkeypatch.setattr(glyphs, "fallback_files", lambda: {})
    alone = fonts.Metrics(fonts._chain(cache))
    assert alone.coverage.families == (FAMILY,)
    assert alone.missing("a∇b") == "∇"
    assert glyphs.coverage.__wrapped__().missing("a∇b") == "∇"
    assert fallback_dir(cache) is None
    assert fallback_licence_text() == ""


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
    # A subset of spaces alone has an empty glyf table, which Chromium refuses to load.
    assert font_face_css({400: "  ", 700: "\t "}, cache) == ""
    with pytest.raises(ValueError, match="weight 300 is not bundled"):
        font_face_css({300: "a"}, cache)


@needs_fallback
def test_font_face_css_embeds_the_fallback_for_what_it_draws(cache: Path) -> None:
    css = font_face_css({400: "a∇b", 700: "ℝ"}, cache)
    families = re.findall(r'font-family:"([^"]+)";font-weight:(\d+)', css)
    assert families == [(FAMILY, "400"), (FALLBACK, "400"), (FALLBACK, "700")]
    cmaps = [set(font.getBestCmap()) for font in subsets(css)]
    assert cmaps == [{ord("a"), ord("b")}, {ord("∇")}, {ord("ℝ")}]
    fallback = subsets(css)[1]["name"]
    assert fallback.getDebugName(1) == FALLBACK
    assert "Bitstream" in (fallback.getDebugName(13) or "")  # its licence travels with it


def test_fontconfig_file_lists_only_the_chain_and_makes_it_monospace(cache: Path) -> None:
    conf = fontconfig_file(cache)
    text = conf.read_text(encoding="utf-8")
    folders = [font_dir(cache), fallback_dir(cache)]
    assert re.findall(r"<dir>(.*)</dir>", text) == [str(f.resolve()) for f in folders if f]
    assert re.findall(r"<cachedir>(.*)</cachedir>", text) == [str(conf.parent / "cache")]
    assert "<include" not in text
    alias = f"<family>monospace</family><prefer><family>{FAMILY}</family>"
    assert alias in text
    assert fontconfig_file(cache) == conf


@needs_fallback
def test_the_fallback_is_copied_under_the_cache_keyed_by_its_bytes(cache: Path) -> None:
    folder = fallback_dir(cache)
    assert folder is not None and folder.parent == cache
    for path in fallback_files().values():
        assert (folder / path.name).read_bytes() == path.read_bytes()
    assert (folder / "LICENSE.txt").read_text(encoding="utf-8") == fallback_licence_text()
    assert fallback_dir(cache) == folder


def test_licence_is_the_ofl() -> None:
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence_text()


@needs_fallback
def test_the_fallback_licence_is_bitstream_vera_and_ships_only_when_embedded() -> None:
    text = fallback_licence_text()
    assert text.startswith("DejaVu Sans Mono (Version ")
    assert "Copyright (c) 2003 by Bitstream, Inc." in text
    assert "Permission is hereby granted, free of charge" in text
    assert "DejaVu changes are in public domain" in text
    plain = '@font-face{font-family:"JetBrains Mono";font-weight:400;src:url(data:x)}'
    assert licence_files(plain) == {"JetBrainsMono-OFL.txt": licence_text()}
    both = plain + plain.replace(FAMILY, FALLBACK)
    assert licence_files(both) == {
        "JetBrainsMono-OFL.txt": licence_text(),
        "DejaVuSansMono-LICENSE.txt": text,
    }


def sheet_with(tmp_path: Path, title: str, snippet: str, quickref: str = "") -> Path:
    """A one-panel sheet whose panel has ``title`` and ``snippet``; a quickref if given."""
    text = panel(snippet, id="p").replace("title: Panel p", f"title: {title}")
    text = text.replace("tagline: A test panel.", "tagline: A 😀 panel.")
    root = write_sheet(tmp_path, {"p.md": text})
    if quickref:
        (root / "quickref.yaml").write_text(quickref, encoding="utf-8")
    return root


@needs_fallback
def test_every_uncovered_character_is_reported_where_it_is_written(tmp_path: Path) -> None:
    snippet = """\
        x = 2.0   # ∇ and α are drawn: no report
        print("中")   # the emoji 😀 -> None
        # a note with 😀
        "中"   # -> 中
        """
    quickref = (
        "tables:\n"
        "  - caption: Symbols\n"
        "    columns: [Name, Glyph]\n"
        "    rows:\n"
        '      - ["nabla", "∇ and 中"]\n'
    )
    root = sheet_with(tmp_path, "Grad 中文", snippet, quickref)
    sheet = load_sheet(root)
    found = [(str(u.location), u.char, u.what) for u in uncovered_in_sheet(sheet)]
    md, yaml = root / "p.md", root / "quickref.yaml"
    assert found == [
        (f"{md}:3:13", "中", "panel 'p' title"),
        (f"{md}:3:14", "文", "panel 'p' title"),
        (f"{md}:4:12", "😀", "panel 'p' tagline"),
        (f"{md}:14:8", "中", "panel 'p', row p:2"),
        (f"{md}:14:26", "😀", "panel 'p', row p:2"),
        (f"{md}:15:15", "😀", "panel 'p', row p:3"),
        (f"{md}:16:2", "中", "panel 'p', row p:4"),
        (f"{md}:16:12", "中", "panel 'p', row p:4"),
        (f"{yaml}:5:26", "中", "quick reference table 1, row 1"),
    ]
    message = str(uncovered_in_sheet(sheet)[0])
    assert message == (
        f"{md}:3:13: panel 'p' title: no glyph for '中' (U+4E2D CJK UNIFIED IDEOGRAPH-4E2D) "
        "in JetBrains Mono or DejaVu Sans Mono"
    )
    error = GlyphError(uncovered_in_sheet(sheet))
    assert str(error).splitlines()[0] == "9 character(s) the posters cannot draw:"
    assert str(error).splitlines()[1] == message


@needs_fallback
def test_a_sheet_the_chain_covers_reports_nothing(tmp_path: Path) -> None:
    root = sheet_with(tmp_path, "Plain title ∇", "1 + 1   # plain ∇ -> 2")
    (root / "p.md").write_text((root / "p.md").read_text().replace("😀", "∂"), encoding="utf-8")
    sheet = load_sheet(root)
    assert [p.tagline for p in sheet.panels] == ["A ∂ panel."] and not sheet.problems
    assert uncovered_in_sheet(sheet) == []
