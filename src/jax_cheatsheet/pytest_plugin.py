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
from jax_cheatsheet.model import Panel, Row, Sample, Sheet
from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.parse.sheet import SAMPLES_DIR, SHEET_FILE
from jax_cheatsheet.record import Record, RowResult
from jax_cheatsheet.report import failure_text

_STATE = pytest.StashKey[dict[str, Any]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """``cheatsheet_timeout`` (seconds per row) and ``--update-sheet``."""
    parser.addini("cheatsheet_timeout", "seconds per sheet row", default=str(DEFAULT_TIMEOUT))
    parser.getgroup("jax-cheatsheet").addoption(
        "--update-sheet",
        action="store_true",
        help="rewrite documented outputs that failed or are empty ('->' alone) from what ran",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Per-session state: parsed sheets, records per unit and the shared runner."""
    config.stash[_STATE] = {"sheets": {}, "records": {}, "runner": None}


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop the worker."""
    runner = config.stash.get(_STATE, {}).get("runner")
    if runner is not None:
        runner.close()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """With ``--update-sheet``: write what the checked rows printed into their sources."""
    if not session.config.getoption("update_sheet", False):
        return
    from jax_cheatsheet.update import apply, diff, plan, write

    state = session.config.stash[_STATE]
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    for root, sheet in state["sheets"].items():
        records = [r for (where, _), r in state["records"].items() if where == root]
        if not records:
            continue
        joined = Record(records[0].environment, sheet.title, sum((r.results for r in records), ()))
        try:
            changed = apply(plan(sheet, joined))
        except SourceError as error:
            if reporter:
                reporter.write_line(f"--update-sheet: {error}", red=True)
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
            continue
        write(changed)
        if reporter and changed:
            reporter.write(diff(changed))
            reporter.write_line(f"--update-sheet: updated {len(changed)} file(s) of {root}")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Collect panel files and samples of any sheet folder."""
    if file_path.suffix == ".md" and (file_path.parent / SHEET_FILE).is_file():
        return UnitFile.from_parent(parent, path=file_path)
    if (
        file_path.suffix == ".py"
        and file_path.parent.name == SAMPLES_DIR
        and (file_path.parent.parent / SHEET_FILE).is_file()
    ):
        return UnitFile.from_parent(parent, path=file_path)
    return None


class UnitFile(pytest.File):
    """A panel or sample file: one item per runnable row."""

    def collect(self) -> Iterator[RowItem]:
        sheet = _sheet(self.config, self.path)
        unit = next(
            (u for u in sheet.units if u.location.path.resolve() == self.path.resolve()), None
        )
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


class SheetError(Exception):
    """A sheet whose sources do not parse (the message names file and line)."""


class RowFailed(Exception):
    """A row whose documented output did not hold (or that did not run)."""


def _sheet(config: pytest.Config, path: Path) -> Sheet:
    root = path.parent if path.suffix == ".md" else path.parent.parent
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
            state["runner"] = Runner(timeout=float(config.getini("cheatsheet_timeout")))
        state["records"][key] = check(sheet, CheckOptions(), runner=state["runner"], units=[unit])
    record: Record = state["records"][key]
    return {r.id: r for r in record.results}
