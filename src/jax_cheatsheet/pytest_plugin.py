"""pytest front door: every row of a sheet is a test item located at its source line.

A folder with a ``sheet.yaml`` is a sheet; its panel files and samples are collected. All
items of a session share one runner (one worker process), and each unit is checked once,
through the same check service as the command line. ``--update-sheet`` then rewrites the
outputs that failed or were left empty, as ``jax-cheatsheet update`` does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jax_cheatsheet.check.runner import DEFAULT_TIMEOUT, Runner
from jax_cheatsheet.check.service import CheckOptions, check
from jax_cheatsheet.errors import SourceError
from jax_cheatsheet.model import Panel, Problem, Row, Sample, Sheet
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.parse.sheet import SAMPLES_DIR, SHEET_FILE
from jax_cheatsheet.record import Record, RowResult
from jax_cheatsheet.report import failure_text

_STATE = pytest.StashKey[dict[str, Any]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """``cheatsheet_timeout`` (seconds per row) and ``--update-sheet``."""
    parser.addini(
        "cheatsheet_timeout",
        f"seconds a sheet row may run (default: the sheet's 'timeout', else {DEFAULT_TIMEOUT:g})",
        default="",
    )
    parser.getgroup("jax-cheatsheet").addoption(
        "--update-sheet",
        action="store_true",
        help="rewrite documented outputs that failed or are empty ('->' alone) from what ran",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Per-session state: parsed sheets, records per unit and the shared runner."""
    config.stash[_STATE] = {"sheets": {}, "records": {}, "runner": None, "files": set()}


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop the worker."""
    runner = config.stash.get(_STATE, {}).get("runner")
    if runner is not None:
        runner.close()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """With ``--update-sheet``: write what the checked rows printed into their sources."""
    if not session.config.getoption("update_sheet", False):
        return
    from jax_cheatsheet.update import apply, clean_temporaries, diff, plan, steady, write

    state = session.config.stash[_STATE]
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    for root, sheet in state["sheets"].items():
        records = [r for (where, _), r in state["records"].items() if where == root]
        if not records:
            continue
        if sheet.problems:
            if reporter:
                reporter.write_line(
                    f"--update-sheet: {root} left as it is: a source does not parse"
                )
            continue
        joined = Record(records[0].environment, sheet.title, sum((r.results for r in records), ()))
        try:
            clean_temporaries(sheet)
            edits, refused = steady(sheet, joined, plan(sheet, joined), _options(session.config))
            changed = apply(edits)
        except SourceError as error:
            refused, changed = [str(error)], {}
        for why in refused:
            if reporter:
                reporter.write_line(f"--update-sheet: {why}", red=True)
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
        write(changed)
        if reporter and changed:
            reporter.write(diff(changed))
            reporter.write_line(f"--update-sheet: updated {len(changed)} file(s) of {root}")


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Skip a symlink to a folder that contains it (``ln -s . loop``): a loop, not new files."""
    if collection_path.is_symlink() and collection_path.is_dir():
        target, home = collection_path.resolve(), collection_path.parent.resolve()
        if target == home or target in home.parents:
            return True
    return None


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Collect panel files and samples of any sheet folder, each real file once."""
    is_panel = file_path.suffix == ".md" and (file_path.parent / SHEET_FILE).is_file()
    is_sample = (
        file_path.suffix == ".py"
        and file_path.parent.name == SAMPLES_DIR
        and (file_path.parent.parent / SHEET_FILE).is_file()
    )
    if not (is_panel or is_sample):
        return None
    seen: set[Path] = parent.config.stash[_STATE]["files"]
    real = _real(file_path)  # a broken link or a loop stays itself: reported at collection
    if real in seen:
        return None
    seen.add(real)
    return UnitFile.from_parent(parent, path=file_path)


class UnitFile(pytest.File):
    """A panel or sample file: one item per runnable row."""

    def collect(self) -> Iterator[pytest.Item]:
        sheet = _sheet(self.config, self.path)
        here = _real(self.path)
        unit = next((u for u in sheet.units if _real(u.location.path) == here), None)
        problem = next((p for p in sheet.problems if _real(p.path) == here), None)
        if problem is not None:  # one failing item: the sheet's other files still run
            yield ProblemItem.from_parent(self, name=f"{problem.unit}: source", problem=problem)
            return
        if unit is None:  # a Markdown file the sheet does not list (a README, say)
            return
        for row in unit.rows:
            if not row.is_note:
                yield RowItem.from_parent(
                    self,
                    name=f"{row.id} {row.code.splitlines()[0]}",
                    sheet=sheet,
                    unit=unit,
                    row=row,
                )

    def repr_failure(  # type: ignore[override]
        self, excinfo: pytest.ExceptionInfo[BaseException]
    ) -> str:
        if isinstance(excinfo.value, SheetError):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))


class RowItem(pytest.Item):
    """One row; it passes when the row runs and its documented output holds."""

    def __init__(self, *, sheet: Sheet, unit: Panel | Sample, row: Row, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sheet, self.unit, self.row = sheet, unit, row

    def runtest(self) -> None:
        result = _results(self.config, self.sheet, self.unit)[self.row.id]
        if result.failed:
            raise RowFailed(failure_text(result, self.sheet.root))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, RowFailed):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.row.end_line - 1, f"{self.unit.id}: {self.row.code.splitlines()[0]}"


class ProblemItem(pytest.Item):
    """A file of the sheet that does not parse: it fails with its located message."""

    def __init__(self, *, problem: Problem, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.problem = problem

    def runtest(self) -> None:
        raise SheetError(str(self.problem))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        return str(excinfo.value)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.problem.line - 1, f"{self.problem.unit}: does not parse"


class SheetError(Exception):
    """A sheet whose sources do not parse (the message names file and line)."""


class RowFailed(Exception):
    """A row whose documented output did not hold (or that did not run)."""


def _options(config: pytest.Config) -> CheckOptions:
    timeout = config.getini("cheatsheet_timeout")
    return CheckOptions(timeout=float(timeout) if timeout else None)


def _real(path: Path) -> Path:
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):
        return path.absolute()


def _sheet(config: pytest.Config, path: Path) -> Sheet:
    root = (path.parent if path.suffix == ".md" else path.parent.parent).resolve()
    sheets = config.stash[_STATE]["sheets"]
    if root not in sheets:
        try:
            sheets[root] = load_sheet(root)
        except SourceError as error:
            raise SheetError(str(error)) from None
    sheet: Sheet = sheets[root]
    return sheet


def _results(config: pytest.Config, sheet: Sheet, unit: Panel | Sample) -> dict[str, RowResult]:
    state = config.stash[_STATE]
    key = (sheet.root, unit.id)
    if key not in state["records"]:
        if state["runner"] is None:
            state["runner"] = Runner()
        options = _options(config)
        state["records"][key] = check(sheet, options, runner=state["runner"], units=[unit])
    record: Record = state["records"][key]
    return {r.id: r for r in record.results}
