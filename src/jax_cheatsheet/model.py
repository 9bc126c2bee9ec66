"""The model every view reads: frozen dataclasses built once by the parser."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: Backends a row may carry an override for.
BACKENDS = ("cpu", "gpu", "tpu")
#: How documented outputs are written: as ``print`` shows a value (``str``), or as the
#: REPL, doctest and notebooks show it (``repr``: ``Array([1, 2], dtype=int32)``).
FORMS = ("print", "repr")


@dataclass(frozen=True)
class Location:
    """A place in a source file (1-based line, 0-based column as tokenize counts)."""

    path: Path
    line: int
    column: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column + 1}"


@dataclass(frozen=True)
class Expected:
    """One documented value: printed text, an approximate value, or an exception class."""

    text: str
    approx: bool = False
    raises: str | None = None

    def __str__(self) -> str:
        if self.raises:
            return f"raises {self.raises}"
        return f"~{self.text}" if self.approx else self.text


@dataclass(frozen=True)
class Expectation:
    """The values a row documents, one per expression statement, for one backend.

    No values: the row has a ``->`` with nothing after it yet ("fill me in").
    """

    values: tuple[Expected, ...]
    source: str  # the text after the marker, as written
    line: int = 0  # the file line it is written on (a row's last line, or an override's)
    column: int = 0  # 0-based column where ``source`` starts on that line
    end_column: int = 0  # 0-based column just past it

    @property
    def pending(self) -> bool:
        """Whether the output is still to be filled in."""
        return not self.values

    def __str__(self) -> str:
        return "; ".join(str(v) for v in self.values)


@dataclass(frozen=True)
class Row:
    """One row of a snippet: code as printed, its comment and what it documents."""

    id: str  # stable within the sheet: "<panel-id>:<n>"
    code: str  # the statement(s) as printed, without the trailing comment
    comment: str  # explanation shown beside the code, without the marker and output
    location: Location  # first line of the row
    end_line: int  # last line of the row
    n_values: int  # expression statements in the row
    expectation: Expectation | None = None
    overrides: tuple[tuple[str, Expectation], ...] = ()  # (backend, expectation)
    gap_before: bool = False  # a blank line precedes it on the poster
    is_import: bool = False
    timeout: float | None = None  # seconds this row may run (a ``#| timeout: S`` line above it)

    @property
    def is_note(self) -> bool:
        """A comment-only row: nothing to run."""
        return not self.code

    def expectation_for(self, backend: str) -> Expectation | None:
        """The documented output on ``backend`` (its override, else the default)."""
        return dict(self.overrides).get(backend, self.expectation)


@dataclass(frozen=True)
class Link:
    """A titled URL."""

    text: str
    url: str


@dataclass(frozen=True)
class Repository:
    """The sheet's public GitHub repository, and where its panel notebooks are committed."""

    owner: str
    name: str
    branch: str = "main"
    notebooks: str = "notebooks"  # folder, relative to the repository root

    def notebook_url(self, stem: str) -> str:
        """The notebook ``<notebooks>/<stem>.ipynb`` opened in Google Colab (from GitHub)."""
        path = f"{self.notebooks}/{stem}.ipynb"
        return (
            "https://colab.research.google.com/github/"
            f"{self.owner}/{self.name}/blob/{self.branch}/{path}"
        )


@dataclass(frozen=True)
class Block:
    """Code run as a unit, with the line its text starts on."""

    code: str
    location: Location


@dataclass(frozen=True)
class Panel:
    """One poster panel / site page."""

    id: str
    title: str
    tagline: str
    api: tuple[str, ...]
    caption: str
    see: Link
    prose: str
    setup: Block | None
    rows: tuple[Row, ...]
    location: Location
    form: str | None = None  # "print" or "repr"; None: the sheet's

    @property
    def checked_rows(self) -> tuple[Row, ...]:
        """Rows that document an output."""
        return tuple(r for r in self.rows if r.expectation is not None)


@dataclass(frozen=True)
class Sample:
    """An appendix sample program (a sphinx-gallery script)."""

    id: str
    title: str
    prose: str
    code: str  # the whole script, as written
    rows: tuple[Row, ...]  # its top-level statements, grouped by line
    location: Location


@dataclass(frozen=True)
class Table:
    """A quick-reference table."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Problem:
    """A source error that keeps one file of the sheet out of the run; the rest still runs."""

    unit: str  # the panel or sample it belongs to (its file's stem when its id is unknown)
    kind: str  # "panel" or "sample"
    path: Path
    line: int
    column: int  # 1-based; 0 when unknown
    message: str

    def __str__(self) -> str:
        where = (
            f"{self.path}:{self.line}:{self.column}" if self.column else f"{self.path}:{self.line}"
        )
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Sheet:
    """A whole cheatsheet: panels, quick reference and samples."""

    title: str
    intro: str
    credit: str
    prelude: Block
    panels: tuple[Panel, ...]
    tables: tuple[Table, ...]
    samples: tuple[Sample, ...]
    references: tuple[Link, ...]
    root: Path
    site_url: str = ""  # the hosted site's base URL (Sphinx html_baseurl), ending in "/"
    timeout: float | None = None  # seconds a row may run unless it says otherwise
    strict_warnings: bool = False  # a row that warns fails
    problems: tuple[Problem, ...] = ()  # files left out because they do not parse
    form: str = "print"  # how outputs are written, unless a panel says otherwise
    glyphs_required: bool = True  # a character no bundled font draws is an error (else a warning)
    repository: Repository | None = None  # where the panel notebooks open from (Colab)

    def form_of(self, unit: Panel | Sample) -> str:
        """How ``unit``'s documented outputs are written (its own choice, else the sheet's)."""
        return (unit.form if isinstance(unit, Panel) else None) or self.form

    @property
    def units(self) -> tuple[Panel | Sample, ...]:
        """Everything the checker executes, each in a fresh namespace."""
        return (*self.panels, *self.samples)
