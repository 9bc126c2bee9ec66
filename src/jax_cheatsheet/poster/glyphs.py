"""Glyph coverage: which font of the chain draws a character, and where a sheet uses one none has.

The chain is JetBrains Mono (bundled from PyPI), then DejaVu Sans Mono where it is installed
(Debian ``fonts-dejavu-core``): math operators, Greek, accented Latin, super- and subscripts,
box drawing. Without the fallback the chain is JetBrains Mono alone, and the check says so
for each character it then lacks.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from fontTools.ttLib import TTFont

from jax_cheatsheet.model import Location, Panel, Row, Sheet
from jax_cheatsheet.parse.source import read_source
from jax_cheatsheet.parse.yamlio import Document, KeyPath, load_yaml, split_front_matter

FAMILY = "JetBrains Mono"
#: Draws what JetBrains Mono lacks.
FALLBACK = "DejaVu Sans Mono"
WEIGHTS = (400, 700)

_PACKAGE = "fontpkg_jetbrains_mono"
_VARIABLE = "JetBrainsMono[wght].ttf"
_FALLBACK_FILES = {400: "DejaVuSansMono.ttf", 700: "DejaVuSansMono-Bold.ttf"}
_FALLBACK_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian's fonts-dejavu-core
_FC_WEIGHTS = {400: "regular", 700: "bold"}
_QUICKREF = "quickref.yaml"


def main_source() -> Traversable:
    """The bundled variable font JetBrains Mono's instances are made from."""
    return resources.files(_PACKAGE) / "files" / _VARIABLE


@functools.cache
def fallback_files() -> dict[int, Path]:
    """DejaVu Sans Mono per weight: Debian's path, else where fontconfig has it; {} if absent."""
    found = {}
    for weight, name in _FALLBACK_FILES.items():
        path: Path | None = _FALLBACK_DIR / name
        if not _is_fallback(path, weight):
            path = _fc_match(weight)
        if path is None or not _is_fallback(path, weight):
            return {}
        found[weight] = path
    return found


def _fc_match(weight: int) -> Path | None:
    """The file fontconfig gives for the fallback at ``weight`` (maybe another family)."""
    if shutil.which("fc-match") is None:
        return None
    pattern = f"{FALLBACK}:{_FC_WEIGHTS[weight]}"
    done = subprocess.run(
        ["fc-match", "--format=%{file}", pattern], capture_output=True, text=True, check=False
    )
    return Path(done.stdout) if done.returncode == 0 and done.stdout else None


def _is_fallback(path: Path | None, weight: int) -> bool:
    if path is None or not path.is_file():
        return False
    with TTFont(path, lazy=True) as font:
        family = font["name"].getDebugName(1)
        return bool(family == FALLBACK and font["OS/2"].usWeightClass == weight)


@dataclass(frozen=True)
class Coverage:
    """Which family draws a character: the first of the chain that has it in every weight."""

    families: tuple[str, ...]
    cmaps: tuple[frozenset[int], ...]

    @classmethod
    def read(cls, chain: Mapping[str, Iterable[Path | Traversable]]) -> Coverage:
        """The coverage of ``chain`` (family -> its font files, one per weight)."""
        cmaps = []
        for files in chain.values():
            sets = [_cmap(source) for source in files]
            cmaps.append(frozenset.intersection(*sets) if sets else frozenset())
        return cls(tuple(chain), tuple(cmaps))

    def font_of(self, char: str) -> int | None:
        """The index in the chain of the family that draws ``char`` (None: none has it)."""
        return next((n for n, cmap in enumerate(self.cmaps) if ord(char) in cmap), None)

    def family_of(self, char: str) -> str | None:
        """The family that draws ``char`` (None: none has it)."""
        index = self.font_of(char)
        return None if index is None else self.families[index]

    def missing(self, text: str) -> str:
        """The characters of ``text`` no family has, sorted and unique (line breaks aside)."""
        return "".join(sorted({c for c in text if c != "\n" and self.font_of(c) is None}))


def _cmap(source: Path | Traversable) -> frozenset[int]:
    with source.open("rb") as stream, TTFont(stream, lazy=True) as font:
        return frozenset(font.getBestCmap())


@functools.cache
def coverage() -> Coverage:
    """The chain's coverage, read from the font sources (no instances needed)."""
    chain: dict[str, list[Path | Traversable]] = {FAMILY: [main_source()]}
    if fallback_files():
        chain[FALLBACK] = list(fallback_files().values())
    return Coverage.read(chain)


def uncovered(text: str) -> str:
    """The characters of ``text`` no font of the chain draws, sorted and unique."""
    return coverage().missing(text)


@dataclass(frozen=True)
class Uncovered:
    """A character no font of the chain draws, where the sources write it."""

    char: str
    location: Location
    what: str  # the text it is part of: "panel 'grad', row grad:3", "panel 'grad' title"...

    def __str__(self) -> str:
        name = unicodedata.name(self.char, "no name")
        fonts = " or ".join(coverage().families)
        return (
            f"{self.location}: {self.what}: no glyph for {self.char!r} "
            f"(U+{ord(self.char):04X} {name}) in {fonts}"
        )


class GlyphError(ValueError):
    """Text the poster fonts cannot draw; the message lists every character, located."""

    def __init__(self, found: Sequence[Uncovered]) -> None:
        self.found = tuple(found)
        lines = "\n".join(str(item) for item in self.found)
        super().__init__(f"{len(self.found)} character(s) the posters cannot draw:\n{lines}")


def uncovered_in_sheet(sheet: Sheet) -> list[Uncovered]:
    """Every character no font draws in the sheet's title, panels and quick reference."""
    path = sheet.prelude.location.path  # sheet.yaml
    found = _in_yaml(load_yaml(read_source(path), path), [(("title",), sheet.title, "sheet title")])
    found += uncovered_in_panels(sheet.panels)
    quickref = sheet.root / _QUICKREF
    if sheet.tables and quickref.is_file():
        cells: list[tuple[KeyPath, str, str]] = []
        for n, table in enumerate(sheet.tables):
            where = f"quick reference table {n + 1},"
            cells.append((("tables", n, "caption"), table.caption, f"{where} caption"))
            for c, column in enumerate(table.columns):
                cells.append((("tables", n, "columns", c), column, f"{where} heading"))
            for k, row in enumerate(table.rows):
                for c, cell in enumerate(row):
                    cells.append((("tables", n, "rows", k, c), cell, f"{where} row {k + 1}"))
        found += _in_yaml(load_yaml(read_source(quickref), quickref), cells)
    return found


def uncovered_in_panels(panels: Sequence[Panel]) -> list[Uncovered]:
    """Every character no font draws in the panels' front matter and rows, in file order."""
    found: list[Uncovered] = []
    for panel in panels:
        path = panel.location.path
        text = read_source(path)
        meta, _ = split_front_matter(text, path)
        what = f"panel {panel.id!r}"
        fields = [
            (("title",), panel.title, f"{what} title"),
            (("tagline",), panel.tagline, f"{what} tagline"),
            (("caption",), panel.caption, f"{what} caption"),
            (("see", "text"), panel.see.text, f"{what} docs link"),
        ]
        found += _in_yaml(meta, fields)
        lines = text.splitlines()
        for row in panel.rows:
            found += _in_row(row, lines, what)
    return found


def _in_row(row: Row, lines: list[str], panel: str) -> list[Uncovered]:
    """The row's code (its lines as written), comment and documented output, located."""
    path, what = row.location.path, f"{panel}, row {row.id}"
    code = [] if row.is_note else row.code.split("\n")
    parts = [(text, row.location.line + n, 0) for n, text in enumerate(code)]
    if row.comment:  # written after the code on the row's last line, or alone on a note's
        start = len(code[-1]) if code else row.location.column
        parts.append((row.comment, row.end_line, start))
    if row.expectation is not None:
        parts.append((row.expectation.source, row.expectation.line, row.expectation.column))
    found = []
    for text, line, start in parts:
        missing = uncovered(text)
        written = lines[line - 1] if 0 < line <= len(lines) else ""
        for char in text:
            if char in missing:
                column = written.find(char, start)
                found.append(Uncovered(char, Location(path, line, max(column, start)), what))
                start = column + 1 if column >= 0 else start
    return found


def _in_yaml(doc: Document, values: Iterable[tuple[KeyPath, str, str]]) -> list[Uncovered]:
    """Uncovered characters of YAML string values (keys, value, what), found where written.

    Each is looked for from the value's start up to the next value's, in the file's text:
    a character written as a YAML escape is placed at the start of its value.
    """
    lines = read_source(doc.path).splitlines()
    starts = sorted(set(doc.marks.values()))
    found = []
    for keys, value, what in values:
        missing = uncovered(value)
        if not missing:
            continue
        line, column = doc.where(*keys)
        start = (line, column - 1)
        end = next((m for m in starts if m > (line, column)), (len(lines) + 1, 0))
        position = start
        for char in value:
            if char in missing:
                at = _find(lines, position, end, char)
                found.append(Uncovered(char, Location(doc.path, *(at or start)), what))
                position = (at[0], at[1] + 1) if at else position
    return found


def _find(
    lines: list[str], start: tuple[int, int], end: tuple[int, int], char: str
) -> tuple[int, int] | None:
    """(line, 0-based column) of ``char`` from ``start`` on, before ``end`` (1-based column)."""
    line, column = start
    while line <= min(end[0], len(lines)):
        index = lines[line - 1].find(char, column)
        if index >= 0 and (line, index + 1) < end:
            return line, index
        line, column = line + 1, 0
    return None
