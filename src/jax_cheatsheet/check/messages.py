"""Typed messages between the runner (parent process) and its worker process."""

from __future__ import annotations

from dataclasses import dataclass

#: Characters of output kept per row (what it printed, and each value shown).
OUTPUT_LIMIT = 64 * 1024


@dataclass(frozen=True)
class Code:
    """Source text to run, with the file and line it is printed at."""

    text: str
    path: str
    line: int


@dataclass(frozen=True)
class Job:
    """One panel or sample: prelude and setup, rows to replay silently, rows to check."""

    unit: str
    setup: tuple[Code, ...]
    replay: tuple[Code, ...]
    rows: tuple[tuple[int, Code], ...]  # (row index in the unit, code)
    form: str = "print"  # how values are shown: "print" (str) or "repr" (as the REPL shows)


@dataclass(frozen=True)
class Outcome:
    """What running a row produced: one shown value per expression, or an exception."""

    values: tuple[str, ...]
    error: str | None = None  # exception class name
    error_bases: tuple[str, ...] = ()  # class names along its MRO
    message: str = ""  # the exception's text and where in the sheet it was raised
    stdout: str = ""  # everything the row printed, as a script run would show it
    warnings: tuple[str, ...] = ()  # "Category: message" of each warning it raised
    cut: bool = False  # its output went past the limit and was cut


# Worker -> runner.


@dataclass(frozen=True)
class Hello:
    """The worker is ready; what it runs on (versions, backend, printing config)."""

    environment: dict[str, str]


@dataclass(frozen=True)
class Broken:
    """The worker could not start JAX."""

    reason: str


@dataclass(frozen=True)
class Started:
    """The worker began a stage of the job: ``setup``, ``replay`` or ``row`` (with its index)."""

    stage: str
    index: int = -1


@dataclass(frozen=True)
class SetupFailed:
    """The prelude or setup raised; no row of the unit can run."""

    outcome: Outcome


@dataclass(frozen=True)
class RowRan:
    """A row finished (its outcome may be an exception)."""

    index: int
    outcome: Outcome


@dataclass(frozen=True)
class JobDone:
    """Every row of the job was run."""


# What the runner sees instead of a message.


@dataclass(frozen=True)
class Silence:
    """Nothing came within the timeout."""


@dataclass(frozen=True)
class Died:
    """The worker process ended (``exitcode`` as multiprocessing reports it)."""

    exitcode: int | None


FromWorker = Hello | Broken | Started | SetupFailed | RowRan | JobDone
Received = FromWorker | Silence | Died
