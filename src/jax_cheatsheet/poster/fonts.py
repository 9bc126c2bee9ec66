"""The bundled OFL monospace font: static instances, metrics, web subsets and a fonts.conf."""

from __future__ import annotations

import base64
import functools
import importlib.util
import io
import logging
from collections.abc import Mapping
from importlib import metadata, resources
from pathlib import Path
from xml.sax.saxutils import escape

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

from jax_cheatsheet.files import write_atomic

# fontTools reports every instancing and subsetting step at INFO; a build log needs none of it.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FAMILY = "JetBrains Mono"
WEIGHTS = (400, 700)

_PACKAGE = "fontpkg_jetbrains_mono"
_VARIABLE = "JetBrainsMono[wght].ttf"
_STYLES = {400: "Regular", 700: "Bold"}
# Name records kept in web subsets: the standard ones plus the OFL notice (IDs 13 and 14).
_NAME_IDS = [0, 1, 2, 3, 4, 5, 6, 13, 14]
# Layout tables go: cairosvg does not shape, so browsers must not either (no ligatures).
_DROPPED = ["GSUB", "GPOS", "GDEF", "STAT", "gasp", "DSIG"]
_FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>{fonts}</dir>
  <cachedir>{cachedir}</cachedir>
</fontconfig>
"""


def font_dir(cache: Path) -> Path:
    """Folder under ``cache`` holding a static TTF instance per weight, made on first use."""
    version = metadata.version("fontpkg-jetbrains-mono")
    tools = metadata.version("fonttools")
    # "-2": instances without layout tables; bump when the instance recipe changes.
    folder = cache / f"jetbrains-mono-{version}-fonttools-{tools}-2"
    for weight in WEIGHTS:
        target = folder / _file_name(weight)
        if not target.exists():
            write_atomic(target, _instance(weight))
    licence = folder / "OFL.txt"
    if not licence.exists():
        write_atomic(licence, licence_text().encode("utf-8"))
    return folder


def _file_name(weight: int) -> str:
    return f"JetBrainsMono-{_STYLES[weight]}.ttf"


def _instance(weight: int) -> bytes:
    """The bytes of the static instance at ``weight``, the same on every run."""
    source = resources.files(_PACKAGE) / "files" / _VARIABLE
    with source.open("rb") as stream:
        variable = TTFont(stream)
    stamp = variable["head"].modified
    font = instancer.instantiateVariableFont(variable, {"wght": weight}, updateFontNames=True)
    # Neither cairo's toy text nor our subsets shape text: without these tables every
    # subset is made in a tenth of the time (fontTools decompiles them before dropping).
    for tag in _DROPPED:
        if tag in font:
            del font[tag]
    # Saving stamps the current time into head.modified unless told not to.
    font["head"].modified = stamp
    font.recalcTimestamp = False
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


class Metrics:
    """Advance widths from the font's hmtx table (cairosvg does not kern, so sums are exact)."""

    #: Ascent and descent (both positive) per em, from the hhea table.
    ascent: float
    descent: float

    def __init__(self, fonts: Mapping[int, Path]) -> None:
        # Advances stay in integer font units so that a sum is exact; one division at the end.
        self._advances: dict[int, dict[int, int]] = {}
        self._notdef: dict[int, int] = {}
        for weight, path in fonts.items():
            with TTFont(path, lazy=True) as font:
                hmtx = font["hmtx"]
                cmap: dict[int, str] = font.getBestCmap()
                self._advances[weight] = {cp: hmtx[glyph][0] for cp, glyph in cmap.items()}
                self._notdef[weight] = hmtx[".notdef"][0]
                self._per_em = int(font["head"].unitsPerEm)
                self.ascent = font["hhea"].ascent / self._per_em
                self.descent = -font["hhea"].descent / self._per_em
        self._covered = frozenset(self._advances[WEIGHTS[0]])

    def advance(self, text: str, size: float, weight: int = 400) -> float:
        """Width of ``text`` set at ``size``, in the units of ``size`` (missing glyphs: .notdef)."""
        if weight not in self._advances:
            raise ValueError(f"weight {weight} is not bundled; use one of {WEIGHTS}")
        advances, notdef = self._advances[weight], self._notdef[weight]
        return sum(advances.get(ord(char), notdef) for char in text) * size / self._per_em

    def missing(self, text: str) -> str:
        """The characters of ``text`` the font has no glyph for, sorted and unique."""
        return "".join(sorted({char for char in text if ord(char) not in self._covered}))


@functools.cache
def metrics(cache: Path) -> Metrics:
    """The metrics of the bundled font, read once per process."""
    folder = font_dir(cache)
    return Metrics({weight: folder / _file_name(weight) for weight in WEIGHTS})


def font_face_css(used: dict[int, str], cache: Path) -> str:
    """@font-face rules embedding, for each weight, a subset holding only the characters used."""
    folder = font_dir(cache)
    rules = []
    for weight in sorted(used):
        if weight not in WEIGHTS:
            raise ValueError(f"weight {weight} is not bundled; use one of {WEIGHTS}")
        chars = "".join(sorted(set(used[weight])))
        if not chars:
            continue
        data, mime, form = _subset(folder / _file_name(weight), chars)
        url = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
        rules.append(
            f'@font-face{{font-family:"{FAMILY}";font-weight:{weight};'
            f'src:url({url}) format("{form}")}}'
        )
    return "\n".join(rules)


def _subset(path: Path, chars: str) -> tuple[bytes, str, str]:
    """The font at ``path`` cut down to ``chars``: bytes, MIME type and CSS format name."""
    woff2 = _can_woff2()
    options = subset.Options()
    options.flavor = "woff2" if woff2 else None
    options.hinting = False
    options.layout_features = []
    options.drop_tables += _DROPPED
    options.name_IDs = _NAME_IDS
    out = io.BytesIO()
    with TTFont(path, recalcTimestamp=False) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=chars)
        subsetter.subset(font)
        font.flavor = options.flavor
        font.save(out)
    if woff2:
        return out.getvalue(), "font/woff2", "woff2"
    return out.getvalue(), "font/ttf", "truetype"


def _can_woff2() -> bool:
    """Whether fontTools can write WOFF2 here (it needs brotli; without it: plain TrueType)."""
    return importlib.util.find_spec("brotli") is not None


def fontconfig_file(cache: Path) -> Path:
    """A fonts.conf listing only font_dir(cache), with its cache dir under ``cache``."""
    fonts = font_dir(cache).resolve()
    conf = cache.resolve() / "fontconfig" / "fonts.conf"
    # The cache dir must sit outside the font dir: fontconfig scans a <dir> recursively.
    text = _FONTS_CONF.format(fonts=escape(str(fonts)), cachedir=escape(str(conf.parent / "cache")))
    if not conf.exists() or conf.read_text(encoding="utf-8") != text:
        write_atomic(conf, text.encode("utf-8"))
    return conf


def licence_text() -> str:
    """The OFL licence shipped with the font package."""
    return (resources.files(_PACKAGE) / "LICENSE").read_text(encoding="utf-8")
