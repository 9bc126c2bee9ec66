"""The poster fonts, JetBrains Mono then DejaVu Sans Mono: files, metrics, subsets, fonts.conf.

Static instances of the bundled JetBrains Mono, a copy of the system's DejaVu Sans Mono (see
:mod:`glyphs` for which draws what), metrics of the whole chain, web subsets, the export
path's fonts.conf and the licences.
"""

from __future__ import annotations

import base64
import functools
import hashlib
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
from jax_cheatsheet.poster.glyphs import FALLBACK as FALLBACK
from jax_cheatsheet.poster.glyphs import FAMILY as FAMILY
from jax_cheatsheet.poster.glyphs import WEIGHTS as WEIGHTS
from jax_cheatsheet.poster.glyphs import Coverage, fallback_files, main_source

# fontTools reports every instancing and subsetting step at INFO; a build log needs none of it.
logging.getLogger("fontTools").setLevel(logging.WARNING)

#: What renderers without web fonts (cairosvg, librsvg) are told: fontconfig's monospace.
GENERIC = "monospace"
#: The licence shipped beside posters that embed a subset of each family.
LICENCES = {FAMILY: "JetBrainsMono-OFL.txt", FALLBACK: "DejaVuSansMono-LICENSE.txt"}

_PACKAGE = "fontpkg_jetbrains_mono"
_STYLES = {400: "Regular", 700: "Bold"}
# Name records kept in web subsets: the standard ones plus the licence notice (IDs 13 and 14).
_NAME_IDS = [0, 1, 2, 3, 4, 5, 6, 13, 14]
# Layout tables go: cairosvg does not shape, so browsers must not either (no ligatures).
_DROPPED = ["GSUB", "GPOS", "GDEF", "STAT", "gasp", "DSIG", "FFTM"]
# The export path's fonts: these folders only, and monospace (what the posters name) is ours.
_FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
{dirs}
  <cachedir>{cachedir}</cachedir>
  <alias binding="same"><family>{generic}</family><prefer>{families}</prefer></alias>
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
    with main_source().open("rb") as stream:
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


def fallback_dir(cache: Path) -> Path | None:
    """A copy of the fallback font under ``cache``, keyed by its bytes (None if absent)."""
    files = fallback_files()
    if not files:
        return None
    data = {weight: path.read_bytes() for weight, path in files.items()}
    digest = hashlib.sha256(b"".join(data.values())).hexdigest()[:16]
    folder = cache / f"dejavu-sans-mono-{digest}"
    for weight, path in files.items():
        if not (folder / path.name).exists():
            write_atomic(folder / path.name, data[weight])
    if not (folder / "LICENSE.txt").exists():
        write_atomic(folder / "LICENSE.txt", fallback_licence_text())
    return folder


class Metrics:
    """Advance widths of the chain from hmtx tables (cairosvg does not kern: sums are exact).

    A character is measured in the family that draws it; one that no family has, as the main
    font's .notdef (what cairo draws for it).
    """

    #: Ascent and descent (both positive) per em of the main font, from its hhea table.
    ascent: float
    descent: float

    def __init__(self, chain: Mapping[str, Mapping[int, Path]]) -> None:
        self.coverage = Coverage.read({family: fonts.values() for family, fonts in chain.items()})
        # Advances stay in integer font units, summed per font; one division per font at the end.
        self._advances: dict[int, dict[int, tuple[int, int]]] = {}
        self._notdef: dict[int, int] = {}
        self._per_em: list[int] = []
        self._units: dict[tuple[str, int], tuple[int, ...]] = {}
        for index, fonts in enumerate(chain.values()):
            drawn = self.coverage.cmaps[index].difference(*self.coverage.cmaps[:index])
            for weight, path in fonts.items():
                with TTFont(path, lazy=True) as font:
                    hmtx, cmap = font["hmtx"], font.getBestCmap()
                    table = self._advances.setdefault(weight, {})
                    table.update({cp: (index, hmtx[cmap[cp]][0]) for cp in drawn})
                    per_em = int(font["head"].unitsPerEm)
                    if index == 0:
                        self._notdef[weight] = hmtx[".notdef"][0]
                        self.ascent = font["hhea"].ascent / per_em
                        self.descent = -font["hhea"].descent / per_em
            self._per_em.append(per_em)

    def advance(self, text: str, size: float, weight: int = 400) -> float:
        """Width of ``text`` set at ``size``, in the units of ``size`` (missing glyphs: .notdef)."""
        if weight not in self._advances:
            raise ValueError(f"weight {weight} is not bundled; use one of {WEIGHTS}")
        units = self._units.get((text, weight))
        if units is None:  # layout measures the same texts at many sizes: sum them once
            advances, notdef = self._advances[weight], self._notdef[weight]
            summed = [0] * len(self._per_em)
            for char in text:
                index, width = advances.get(ord(char), (0, notdef))
                summed[index] += width
            units = self._units[text, weight] = tuple(summed)
        return sum(used * size / per_em for used, per_em in zip(units, self._per_em, strict=True))

    def missing(self, text: str) -> str:
        """The characters of ``text`` no font of the chain has a glyph for, sorted and unique."""
        return self.coverage.missing(text)


def _chain(cache: Path) -> dict[str, dict[int, Path]]:
    """Family -> weight -> font file, main font first (the fallback only where installed)."""
    folder = font_dir(cache)
    chain = {FAMILY: {weight: folder / _file_name(weight) for weight in WEIGHTS}}
    if fallback_files():
        chain[FALLBACK] = fallback_files()
    return chain


@functools.cache
def metrics(cache: Path) -> Metrics:
    """The metrics of the font chain, read once per process."""
    return Metrics(_chain(cache))


def font_face_css(used: dict[int, str], cache: Path) -> str:
    """@font-face rules embedding, per weight and family, a subset of the characters it draws."""
    chain, drawn_by = _chain(cache), metrics(cache).coverage.family_of
    rules = []
    for weight in sorted(used):
        if weight not in WEIGHTS:
            raise ValueError(f"weight {weight} is not bundled; use one of {WEIGHTS}")
        chars = sorted(set(used[weight]))
        for family, fonts in chain.items():
            mine = "".join(char for char in chars if drawn_by(char) == family)
            if not mine.strip():  # a font of spaces has no outlines: browsers reject it
                continue
            data, mime, form = _subset(fonts[weight], mine)
            url = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
            rules.append(
                f'@font-face{{font-family:"{family}";font-weight:{weight};'
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
    """A fonts.conf listing only the chain's folders under ``cache``, monospace set to it."""
    folders = [font_dir(cache), fallback_dir(cache)]
    dirs = "\n".join(f"  <dir>{escape(str(f.resolve()))}</dir>" for f in folders if f)
    conf = cache.resolve() / "fontconfig" / "fonts.conf"
    # The cache dir must sit outside the font dirs: fontconfig scans a <dir> recursively.
    text = _FONTS_CONF.format(
        dirs=dirs,
        cachedir=escape(str(conf.parent / "cache")),
        generic=GENERIC,
        families="".join(f"<family>{escape(f)}</family>" for f in _chain(cache)),
    )
    if not conf.exists() or conf.read_text(encoding="utf-8") != text:
        write_atomic(conf, text.encode("utf-8"))
    return conf


def licence_text() -> str:
    """The OFL licence shipped with the font package."""
    return (resources.files(_PACKAGE) / "LICENSE").read_text(encoding="utf-8")


def fallback_licence_text() -> str:
    """The fallback font's own copyright and licence (Bitstream Vera), from its name table."""
    files = fallback_files()
    if not files:
        return ""
    with TTFont(files[400], lazy=True) as font:
        name, version, notice, licence, url = (
            (font["name"].getDebugName(n) or "").strip() for n in (4, 5, 0, 13, 14)
        )
    return f"{name} ({version})\n\n{notice}\n\n{licence}\n\n{url}\n"


def licence_files(css: str) -> dict[str, str]:
    """The licence files to ship beside posters whose @font-face rules are ``css``."""
    files = {LICENCES[FAMILY]: licence_text()}
    if f'font-family:"{FALLBACK}"' in css:
        files[LICENCES[FALLBACK]] = fallback_licence_text()
    return files
