"""The one front door of the checking stage: ``check(sheet, options) -> Record``.

Every caller (the command line, the pytest plugin, the site, ``serve``) comes through here;
this is the only code that has rows run and judged. Reuse of stored outcomes happens inside.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from jax_cheatsheet.check.cache import OutcomeStore, unit_key
from jax_cheatsheet.check.judge import relative, row_result
from jax_cheatsheet.check.messages import Outcome
from jax_cheatsheet.check.runner import DEFAULT_TIMEOUT, Interruption, Runner, WorkerFailed
from jax_cheatsheet.model import Panel, Problem, Row, Sample, Sheet
from jax_cheatsheet.record import ERROR, Record, RowResult

#: JAX_PLATFORMS value that selects each backend.
PLATFORMS = {"cpu": "cpu", "gpu": "cuda", "tpu": "tpu"}


class WrongBackend(WorkerFailed):
    """JAX runs on another backend than the one asked for."""


@dataclass(frozen=True)
class CheckOptions:
    """How to check: the worker's settings, the backend required, and where outcomes are kept."""

    timeout: float | None = None  # seconds a row may run (default: the sheet's, else 20)
    backend: str | None = None  # require this backend (sets JAX_PLATFORMS for the worker)
    compile_cache: Path | None = None  # JAX's persistent compilation cache folder
    reuse: Path | None = None  # folder of stored outcomes; None: run every unit
    strict_warnings: bool = False  # a row that warns fails (also set by the sheet)

    def runner(self) -> Runner:
        """A runner (worker not yet started) with these settings."""
        cache = str(self.compile_cache) if self.compile_cache else None
        return Runner(PLATFORMS.get(self.backend or ""), cache)


def check(
    sheet: Sheet,
    options: CheckOptions = CheckOptions(),
    *,
    runner: Runner | None = None,
    units: Iterable[Panel | Sample] | None = None,
    on_result: Callable[[RowResult], None] | None = None,
) -> Record:
    """Run and judge every row of ``units`` (default: the whole sheet); the record.

    A ``runner`` given is used and left running (its backend settings stand in for the options');
    otherwise one is made from ``options`` and closed at the end. Raises
    :class:`WorkerFailed` when JAX cannot start, :class:`WrongBackend` when it runs elsewhere.
    """
    own = runner is None
    runner = runner or options.runner()
    try:
        environment = runner.describe()
        if options.backend and environment["backend"] != options.backend:
            raise WrongBackend(
                f"asked for backend {options.backend!r} but JAX is using "
                f"{environment['backend']!r}; refusing to check on the wrong backend"
            )
        store = OutcomeStore(options.reuse) if options.reuse else None
        timeout = options.timeout or sheet.timeout or DEFAULT_TIMEOUT
        strict = options.strict_warnings or sheet.strict_warnings
        results: list[RowResult] = []
        reused: list[str] = []
        for unit in sheet.units if units is None else units:
            key = unit_key(sheet, unit, environment)
            stored = store.load(key) if store else None
            rows = [row for row in unit.rows if not row.is_note]
            pairs: Iterable[tuple[Row, Outcome | Interruption]]
            fresh = stored is None or len(stored) != len(rows)
            if not fresh and stored is not None:
                pairs = zip(rows, stored, strict=True)
                reused.append(unit.id)
            else:
                pairs = ((r.row, r.ran) for r in runner.run_unit(sheet, unit, timeout))
            runs: list[Outcome | Interruption] = []
            for row, ran in pairs:
                runs.append(ran)
                backend = environment["backend"]
                results.append(row_result(sheet, unit, row, ran, backend, strict))
                if on_result:
                    on_result(results[-1])
            if store and fresh:
                store.save(key, runs)
        if units is None:
            results += [_broken(sheet, problem) for problem in sheet.problems]
    finally:
        if own:
            runner.close()
    return Record(environment, sheet.title, tuple(results), reused=tuple(reused))


def _broken(sheet: Sheet, problem: Problem) -> RowResult:
    """The record's entry for a file left out because it does not parse."""
    where = f"{problem.line}:{problem.column}" if problem.column else str(problem.line)
    return RowResult(
        id=f"{problem.unit}:source",
        unit=problem.unit,
        kind=problem.kind,
        file=relative(problem.path, sheet.root),
        line=problem.line,
        code="",
        expected=None,
        actual="",
        verdict=ERROR,
        detail=f"not run: its source does not parse (line {where}: {problem.message})",
    )
