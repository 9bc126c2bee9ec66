"""PNG and PDF from a poster SVG through cairosvg, with the poster fonts and no other.

fontconfig reads ``FONTCONFIG_FILE`` once per process, so the conversion runs in a subprocess
(``python -m jax_cheatsheet.poster.export``) whose environment points at our fonts.conf: what
the calling process did before cannot change the fonts used. A PDF is dated by
:func:`source_date`, never by the clock, so two exports of one SVG are byte-identical.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import importlib
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, cast

from jax_cheatsheet.files import FIXED_DATE, source_date, write_atomic
from jax_cheatsheet.poster.fonts import GENERIC, fontconfig_file

_MODULE = "jax_cheatsheet.poster.export"
_TIMEOUT = 300
_NO_CAIRO = 3
_ISO_UTC = "%Y-%m-%dT%H:%M:%SZ"


class ExportError(RuntimeError):
    """A poster could not be rendered; the message is cairo's, or says what to install."""


#: One rendering: the SVG, and where its PNG and PDF go (None: not wanted).
Job = tuple[Path, Path | None, Path | None]


def export(svg: Path, png: Path | None, pdf: Path | None, cache: Path, *, dpi: int = 150) -> None:
    """Render ``svg`` to PNG and/or PDF with the poster fonts; raise ExportError on failure.

    ``dpi`` maps the SVG's physical size (pt, mm, in) to PNG pixels: 144pt wide at 150 dpi is
    300 px. A PDF keeps the physical size and is dated :func:`source_date`.
    """
    export_many([(svg, png, pdf)], cache, dpi=dpi)


def export_many(jobs: Sequence[Job], cache: Path, *, dpi: int = 150) -> None:
    """Render several SVGs as :func:`export` does, in one subprocess (one start-up, the
    fonts loaded once)."""
    for svg, _, _ in jobs:
        if not svg.is_file():
            raise ExportError(f"{svg}: no such file")
    if not jobs:
        return
    try:
        created = source_date().strftime(_ISO_UTC)
    except ValueError as exc:
        raise ExportError(str(exc)) from exc
    spec = json.dumps([[str(part) if part else None for part in job] for job in jobs])
    _run(["render", spec, "--dpi", str(dpi), "--created", created], cache)


def rendered_family(cache: Path, family: str = GENERIC) -> str:
    """The family fontconfig resolves ``family`` to in the export subprocess.

    The posters name ``monospace`` (see :mod:`svg`): under our fonts.conf, JetBrains Mono.
    """
    return _run(["match", family], cache).strip()


def _run(args: list[str], cache: Path) -> str:
    """Run this module in a subprocess under our fonts.conf; its stdout, or ExportError."""
    env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig_file(cache)))
    # The child must import this very package, installed or not.
    source = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")]))
    command = [sys.executable, "-m", _MODULE, *args]
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise ExportError(f"rendering took over {_TIMEOUT} s: {' '.join(args)}") from exc
    if done.returncode != 0:
        raise ExportError(done.stderr.strip() or f"the renderer exited with {done.returncode}")
    return done.stdout


def main(argv: list[str] | None = None) -> int:
    """The subprocess: ``render JOBS [--dpi N] [--created ISO]`` (JOBS: a JSON list of
    ``[svg, png or null, pdf or null]``) or ``match FAMILY``."""
    parser = argparse.ArgumentParser(prog=f"python -m {_MODULE}")
    commands = parser.add_subparsers(dest="command", required=True)
    render = commands.add_parser("render")
    render.add_argument("jobs")
    render.add_argument("--dpi", type=int, default=150)
    render.add_argument("--created", default=FIXED_DATE.strftime(_ISO_UTC))
    commands.add_parser("match").add_argument("family")
    args = parser.parse_args(argv)
    if args.command == "match":
        try:
            print(_match(args.family))
        except OSError as exc:  # no libfontconfig
            print(exc, file=sys.stderr)
            return _NO_CAIRO
        return 0
    try:
        cairosvg = _cairosvg()
    except ExportError as exc:
        print(exc, file=sys.stderr)
        return _NO_CAIRO
    _exact_text()
    for svg, png, pdf in json.loads(args.jobs):
        try:
            if png is not None:
                _write(Path(png), cairosvg.svg2png(url=svg, dpi=args.dpi))
            if pdf is not None:
                _write(Path(pdf), _pdf(Path(svg), args.dpi, args.created))
        except Exception as exc:  # cairosvg raises many kinds; its message is what one needs
            print(f"{svg}: {exc}", file=sys.stderr)
            return 1
    return 0


def _cairosvg() -> ModuleType:
    """cairosvg, or ExportError saying what is missing (the Python package or libcairo)."""
    try:
        return importlib.import_module("cairosvg")
    except OSError as exc:  # cairocffi found no libcairo
        first = str(exc).splitlines()[0]
        raise ExportError(
            f"the cairo library is missing ({first}); install it: apt-get install libcairo2"
        ) from exc
    except ImportError as exc:
        raise ExportError(f"cairosvg is missing ({exc}); install it: pip install cairosvg") from exc


def _exact_text() -> None:
    """Place glyphs at the fonts' exact advances, as layout measured them, drawn whole.

    cairo's default for an image rounds each advance to whole pixels (metric hinting), so
    lines drift from the layout. The posters no longer ask for ``text-rendering=
    "geometricPrecision"`` (cairosvg maps it to ANTIALIAS_BEST as well, and cairo 1.16, as in
    Debian 12, then draws JetBrains Mono as broken slivers): the export path sets what it
    stood for itself, for text that names no text-rendering, with grey antialiasing.
    """
    import cairocffi

    surface = importlib.import_module("cairosvg.surface")
    for mode in (None, "geometricPrecision"):
        surface.TEXT_ANTIALIAS[mode] = cairocffi.ANTIALIAS_GRAY
        surface.TEXT_HINT_STYLE[mode] = cairocffi.HINT_STYLE_NONE
        surface.TEXT_HINT_METRICS[mode] = cairocffi.HINT_METRICS_OFF


def _pdf(svg: Path, dpi: int, created: str) -> bytes:
    """``svg`` as PDF, as ``cairosvg.svg2pdf`` draws it, but dated ``created`` (ISO 8601).

    cairo writes the time of rendering as ``/CreationDate`` unless told a date (cairo 1.16+;
    an older cairo keeps the clock's). A date told is written without the ``D:`` prefix
    (``(19800101000000Z)``): valid PDF, where the prefix is optional, though some viewers then
    show no date.
    """
    import cairocffi

    base: Any = importlib.import_module("cairosvg.surface").PDFSurface

    class DatedPDFSurface(base):  # type: ignore[misc]
        def _create_surface(self, width: float, height: float) -> tuple[Any, float, float]:
            pdf, width, height = super()._create_surface(width, height)
            if cairocffi.cairo_version() >= 11600:
                pdf.set_metadata(cairocffi.PDF_METADATA_CREATE_DATE, created)
            return pdf, width, height

    return cast(bytes, DatedPDFSurface.convert(url=str(svg), dpi=dpi))


def _write(path: Path, data: bytes) -> None:
    write_atomic(path, data)


def _match(family: str) -> str:
    """The family fontconfig (as configured by FONTCONFIG_FILE) picks for ``family``."""
    lib = ctypes.CDLL(ctypes.util.find_library("fontconfig") or "libfontconfig.so.1")
    lib.FcInitLoadConfigAndFonts.restype = ctypes.c_void_p
    lib.FcNameParse.restype = ctypes.c_void_p
    lib.FcNameParse.argtypes = [ctypes.c_char_p]
    lib.FcConfigSubstitute.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
    lib.FcDefaultSubstitute.argtypes = [ctypes.c_void_p]
    lib.FcFontMatch.restype = ctypes.c_void_p
    lib.FcFontMatch.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    lib.FcPatternGetString.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_char_p),
    ]
    config = lib.FcInitLoadConfigAndFonts()
    pattern = lib.FcNameParse(family.encode("utf-8"))
    lib.FcConfigSubstitute(config, pattern, 0)  # 0: FcMatchPattern
    lib.FcDefaultSubstitute(pattern)
    result = ctypes.c_int()
    match = lib.FcFontMatch(config, pattern, ctypes.byref(result))
    value = ctypes.c_char_p()
    if not match or lib.FcPatternGetString(match, b"family", 0, ctypes.byref(value)) != 0:
        return ""
    return (value.value or b"").decode("utf-8")


if __name__ == "__main__":
    sys.exit(main())
