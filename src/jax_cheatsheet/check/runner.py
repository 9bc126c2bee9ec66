"""Stage 2: run every panel and sample in one persistent worker and judge each row.

Each unit (panel or sample) runs in a fresh namespace built from the prelude and its setup;
JAX's global config is restored after it. A row that outlives its timeout gets the worker
killed; a new worker replays the unit's earlier rows silently and goes on with the next row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jax_cheatsheet.check.execute import Code, Job, Outcome
from jax_cheatsheet.check.judge import actual_text, judge
from jax_cheatsheet.model import Block, Panel, Row, Sample, Sheet
from jax_cheatsheet.record import ERROR, TIMEOUT, Record, RowResult
from jax_cheatsheet.check.worker import Worker

DEFAULT_TIMEOUT = 60.0
STARTUP_TIMEOUT = 300.0


class WorkerFailed(RuntimeError):
    """The worker could not start (JAX failed to import or to find a device)."""


@dataclass
class Checker:
    """Runs units on a worker process that lives across units, restarted after a hang."""

    timeout: float = DEFAULT_TIMEOUT
    platforms: str | None = None
    compile_cache: str | None = None  # folder for JAX's persistent compilation cache
    _worker: Worker | None = None
    environment: dict[str, str] | None = None

    def start(self) -> None:
        """Start the worker now (importing JAX overlaps whatever the caller does next)."""
        if self._worker is None:
            self._worker = Worker(self.platforms, self.compile_cache)

    def _ready(self) -> Worker:
        self.start()
        assert self._worker is not None
        if self.environment is None:
            message = self._worker.receive(STARTUP_TIMEOUT)
            if not message or message[0] != "hello":
                self.close()
                if message and message[0] == "broken":
                    raise WorkerFailed(message[1])
                raise WorkerFailed(f"the worker process did not start: {message!r}")
            self.environment = message[1]
        return self._worker

    def describe(self) -> dict[str, str]:
        """The worker's environment: versions and backend in use."""
        self._ready()
        assert self.environment is not None
        return self.environment

    def close(self) -> None:
        """Stop the worker (a later use starts a new one)."""
        if self._worker is not None:
            self._worker.close()
            self._worker = None
            self.environment = None

    def _restart(self) -> Worker:
        assert self._worker is not None
        self._worker.kill()
        self._worker = None
        environment = self.environment
        self.environment = None
        worker = self._ready()
        self.environment = environment
        return worker

    def run_unit(
        self, sheet: Sheet, unit: Panel | Sample
    ) -> Iterator[tuple[Row, Outcome | None, tuple[str, str]]]:
        """Yield (row, outcome, (verdict, why)) per runnable row; ``outcome`` None: not run."""
        setup = [_code(sheet.prelude)]
        if isinstance(unit, Panel) and unit.setup:
            setup.append(_code(unit.setup))
        rows = [r for r in unit.rows if not r.is_note]
        done: list[Code] = []
        position = 0
        while position < len(rows):
            worker = self._ready()
            pending = list(enumerate(rows))[position:]
            job = Job(
                unit.id, tuple(setup), tuple(done), tuple((i, _row_code(r)) for i, r in pending)
            )
            worker.send(job)
            stage: Any = "setup"
            while True:
                message = worker.receive(self.timeout)
                if message is None or message[0] == "died":
                    why = "timed out" if message is None else "worker process died"
                    self._restart()
                    if isinstance(stage, int):
                        verdict = TIMEOUT if message is None else ERROR
                        yield rows[stage], None, (verdict, f"{why} after {self.timeout:g} s")
                        done.extend(_row_code(r) for r in rows[position:stage])
                        position = stage + 1
                    else:
                        for row in rows[position:]:
                            yield row, None, (ERROR, f"not run: the {stage} {why}")
                        position = len(rows)
                    break
                kind = message[0]
                if kind == "begin":
                    stage = message[1]
                elif kind == "setup-failed":
                    for row in rows[position:]:
                        yield row, None, (ERROR, f"not run: setup failed: {message[1].message}")
                elif kind == "result":
                    yield rows[message[1]], message[2], ("", "")
                elif kind == "done":
                    position = len(rows)
                    break


def check_sheet(
    sheet: Sheet,
    checker: Checker,
    on_result: Callable[[RowResult], None] | None = None,
) -> Record:
    """Run every unit of ``sheet``; return the verification record."""
    results = []
    for unit in sheet.units:
        for result in check_unit(sheet, unit, checker):
            results.append(result)
            if on_result:
                on_result(result)
    return Record(environment=checker.describe(), sheet=sheet.title, results=tuple(results))


def check_unit(sheet: Sheet, unit: Panel | Sample, checker: Checker) -> Iterator[RowResult]:
    """Run one panel or sample and judge its rows, yielding each result as it comes."""
    backend = checker.describe()["backend"]
    for row, outcome, not_run in checker.run_unit(sheet, unit):
        yield row_result(sheet, unit, row, outcome, not_run, backend)


def row_result(
    sheet: Sheet,
    unit: Panel | Sample,
    row: Row,
    outcome: Outcome | None,
    not_run: tuple[str, str],
    backend: str,
) -> RowResult:
    expectation = row.expectation_for(backend)
    if outcome is None:
        verdict, detail = not_run
        actual = ""
    else:
        verdict, detail = judge(outcome, expectation)
        actual = actual_text(outcome)
    return RowResult(
        id=row.id,
        unit=unit.id,
        kind="panel" if isinstance(unit, Panel) else "sample",
        file=_relative(row.location.path, sheet.root),
        line=row.end_line,
        code=row.code,
        expected=str(expectation) if expectation else None,
        actual=actual,
        verdict=verdict,
        detail=detail,
    )


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _code(block: Block) -> Code:
    return Code(block.code, str(block.location.path), block.location.line)


def _row_code(row: Row) -> Code:
    return Code(row.code, str(row.location.path), row.location.line)
