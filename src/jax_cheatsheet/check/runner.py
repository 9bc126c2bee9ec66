"""Run a unit's rows in a persistent worker process, restarted after a hang or a death.

Each unit (panel or sample) runs in a fresh namespace built from the prelude and its setup;
JAX's global config is restored after it. A row that outlives its timeout gets the worker
killed; a new worker replays the unit's earlier rows silently and goes on with the next row.
The runner only runs code: judging what it printed is :mod:`jax_cheatsheet.check.judge`'s job.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass

from jax_cheatsheet.check.messages import (
    Broken,
    Code,
    Died,
    Hello,
    Job,
    JobDone,
    Outcome,
    RowRan,
    SetupFailed,
    Silence,
    Started,
)
from jax_cheatsheet.check.worker import Worker
from jax_cheatsheet.model import Block, Panel, Row, Sample, Sheet
from jax_cheatsheet.record import ERROR, TIMEOUT

#: Seconds a row may run unless the sheet, the row or the command line says otherwise.
DEFAULT_TIMEOUT = 20.0
STARTUP_TIMEOUT = 300.0


class WorkerFailed(RuntimeError):
    """The worker could not start (JAX failed to import or to find a device)."""


@dataclass(frozen=True)
class Interruption:
    """Why a row has no outcome: it timed out, its worker died, or it never started."""

    verdict: str  # TIMEOUT or ERROR
    reason: str


@dataclass(frozen=True)
class RowRun:
    """One runnable row and what became of it."""

    row: Row
    ran: Outcome | Interruption


class Runner:
    """Runs units on a worker process that lives across units, restarted after a hang."""

    def __init__(self, platforms: str | None = None, compile_cache: str | None = None) -> None:
        self.platforms = platforms  # JAX_PLATFORMS for the worker
        self.compile_cache = compile_cache  # folder for JAX's persistent compilation cache
        self._worker: Worker | None = None
        self._environment: dict[str, str] | None = None

    def start(self) -> None:
        """Start the worker now (importing JAX overlaps whatever the caller does next)."""
        if self._worker is None:
            self._worker = Worker(self.platforms, self.compile_cache)

    def describe(self) -> dict[str, str]:
        """The worker's own account of its environment: versions, backend, printing config."""
        self._ready()
        assert self._environment is not None
        return self._environment

    def close(self) -> None:
        """Stop the worker (a later use starts a new one)."""
        if self._worker is not None:
            self._worker.close()
            self._worker = None
            self._environment = None

    def _ready(self) -> Worker:
        self.start()
        assert self._worker is not None
        if self._environment is None:
            message = self._worker.receive(STARTUP_TIMEOUT)
            if not isinstance(message, Hello):
                self.close()
                if isinstance(message, Broken):
                    raise WorkerFailed(message.reason)
                raise WorkerFailed(f"the worker process did not start: {message!r}")
            self._environment = message.environment
        return self._worker

    def _restart(self) -> None:
        assert self._worker is not None
        self._worker.kill()
        self._worker = None
        before = self._environment
        self._environment = None
        self._ready()
        if self._environment != before:
            raise WorkerFailed("the restarted worker describes another environment")

    def run_unit(
        self, sheet: Sheet, unit: Panel | Sample, timeout: float = DEFAULT_TIMEOUT
    ) -> Iterator[RowRun]:
        """Run every runnable row of ``unit``, yielding each as it finishes.

        A row may run for its own ``timeout`` if it has one, else for ``timeout`` seconds.
        """
        setup = [_code(sheet.prelude)]
        if isinstance(unit, Panel) and unit.setup:
            setup.append(_code(unit.setup))
        rows = [r for r in unit.rows if not r.is_note]
        done: list[Code] = []  # rows that finished, replayed by a restarted worker
        position = 0
        while position < len(rows):
            worker = self._ready()
            pending = tuple((i, _row_code(rows[i])) for i in range(position, len(rows)))
            worker.send(Job(unit.id, tuple(setup), tuple(done), pending, sheet.form_of(unit)))
            stage, began, limit = "setup", time.monotonic(), timeout
            while True:
                message = worker.receive(limit)
                if isinstance(message, Silence | Died):
                    self._restart()
                    lost = _lost(message, time.monotonic() - began, limit)
                    if stage.isdigit():
                        yield RowRun(rows[int(stage)], lost)
                        done.extend(_row_code(r) for r in rows[position : int(stage)])
                        position = int(stage) + 1
                    else:
                        why = f"not run: the {stage} {lost.reason}"
                        yield from (RowRun(r, Interruption(ERROR, why)) for r in rows[position:])
                        position = len(rows)
                    break
                if isinstance(message, Started):
                    stage = str(message.index) if message.stage == "row" else message.stage
                    began = time.monotonic()
                    row_limit = rows[message.index].timeout if stage.isdigit() else None
                    limit = row_limit or timeout
                elif isinstance(message, SetupFailed):
                    why = f"not run: setup failed: {message.outcome.message}"
                    yield from (RowRun(r, Interruption(ERROR, why)) for r in rows[position:])
                elif isinstance(message, RowRan):
                    yield RowRun(rows[message.index], message.outcome)
                elif isinstance(message, JobDone):
                    position = len(rows)
                    break


def _lost(message: Silence | Died, elapsed: float, timeout: float) -> Interruption:
    """How a worker that stopped answering is reported."""
    if isinstance(message, Silence):
        return Interruption(TIMEOUT, f"timed out after {timeout:g} s")
    status = message.exitcode
    if status is None:
        how = ""
    elif status < 0:
        how = f" by signal {signal.Signals(-status).name}"
    else:
        how = f" with exit status {status}"
    return Interruption(ERROR, f"worker process died{how} after {elapsed:.1f} s")


def _code(block: Block) -> Code:
    return Code(block.code, str(block.location.path), block.location.line)


def _row_code(row: Row) -> Code:
    return Code(row.code, str(row.location.path), row.location.line)
